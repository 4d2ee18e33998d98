"""Writes for gate rules. Rules are switched off rather than deleted, so their history stays."""

from django.core.exceptions import ValidationError
from django.db import transaction

from commissioning.core.audit import acting_as
from commissioning.core.models import TimelineEvent
from commissioning.core.services import timeline_record
from commissioning.cycle.models import ActivityKind, GateCondition, GateRule, GateTransition

RULE_FIELDS = ["transition", "step_number", "condition", "activity_kinds", "enabled", "source"]


def _check(rule: GateRule) -> None:
    errors = {}
    if rule.transition == GateTransition.COMPLETE_STEP and rule.step_number is None:
        errors["step_number"] = "Choose the step the rule applies to."
    if rule.transition != GateTransition.COMPLETE_STEP:
        rule.step_number = None
    unknown = [kind for kind in rule.activity_kinds if kind not in ActivityKind.values]
    if unknown:
        errors["activity_kinds"] = "Choose kinds of activity from the list."
    if rule.condition not in GateCondition.values:
        errors["condition"] = "Choose a condition from the list."
    duplicate = GateRule.objects.filter(
        transition=rule.transition, step_number=rule.step_number, condition=rule.condition
    ).exclude(pk=rule.pk)
    if not errors and duplicate.exists():
        errors["condition"] = (
            "There is already a rule with this condition for this transition; change that one."
        )
    if errors:
        raise ValidationError(errors)
    rule.full_clean(validate_constraints=False)


@transaction.atomic
def gate_rule_create(*, actor, data: dict) -> GateRule:
    rule = GateRule(**{name: data[name] for name in RULE_FIELDS if name in data})
    _check(rule)
    with acting_as(actor):
        rule.save()
    timeline_record(
        instance=rule, actor=actor, verb=TimelineEvent.Verb.CREATED, summary=f"Rule added: {rule}"
    )
    return rule


@transaction.atomic
def gate_rule_update(*, actor, rule: GateRule, data: dict) -> GateRule:
    """Change whether a rule is on, which kinds of activity it applies to and its source."""
    rule = GateRule.objects.select_for_update().get(pk=rule.pk)
    for name in ("activity_kinds", "enabled", "source"):
        if name in data:
            setattr(rule, name, data[name])
    _check(rule)
    with acting_as(actor):
        rule.save()
    return rule
