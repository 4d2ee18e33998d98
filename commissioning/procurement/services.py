"""Changes to the procurement rules: thresholds and the council's local rules. Administrators only (the views
check); every change is audited."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q

from commissioning.core.audit import acting_as
from commissioning.core.services import apply_changes, record_archive, record_restore, version_check
from commissioning.procurement.models import LocalRule, Threshold

THRESHOLD_FIELDS = ["contract_type", "buyer_type", "amount", "effective_from", "effective_to", "source"]
LOCAL_RULE_FIELDS = [
    "kind",
    "method",
    "guide_ref",
    "value_basis",
    "minimum",
    "maximum",
    "guide_amount",
    "most_applicable_when",
    "exceptions",
    "resulting_agreement",
    "key_guiding_document",
    "position",
    "source",
    "effective_from",
    "effective_to",
]


def _check_threshold(threshold: Threshold) -> None:
    if threshold.effective_to and threshold.effective_to < threshold.effective_from:
        raise ValidationError({"effective_to": "The last day must be on or after the first day"})
    threshold.full_clean()
    overlapping = (
        Threshold.objects.active()
        .filter(contract_type=threshold.contract_type, buyer_type=threshold.buyer_type)
        .exclude(pk=threshold.pk)
        .filter(Q(effective_to__isnull=True) | Q(effective_to__gte=threshold.effective_from))
    )
    if threshold.effective_to:
        overlapping = overlapping.filter(effective_from__lte=threshold.effective_to)
    clash = overlapping.order_by("effective_from").first()
    if clash:
        until = f" to {clash.effective_to:%-d %B %Y}" if clash.effective_to else " with no end date"
        raise ValidationError(
            {
                "effective_from": f"These dates overlap the threshold of {clash.amount:,.2f} in force from "
                f"{clash.effective_from:%-d %B %Y}{until}. Give that one a last day first."
            }
        )


@transaction.atomic
def threshold_create(*, actor, data: dict) -> Threshold:
    threshold = Threshold(**{name: data.get(name) for name in THRESHOLD_FIELDS if name in data})
    _check_threshold(threshold)
    with acting_as(actor):
        threshold.save()
    return threshold


@transaction.atomic
def threshold_update(*, actor, threshold: Threshold, data: dict, expected_version) -> Threshold:
    threshold = Threshold.objects.select_for_update().get(pk=threshold.pk)
    version_check(instance=threshold, expected_version=expected_version)
    if apply_changes(instance=threshold, data=data, fields=THRESHOLD_FIELDS):
        _check_threshold(threshold)
        threshold.version += 1
        with acting_as(actor):
            threshold.save()
    return threshold


@transaction.atomic
def threshold_archive(*, actor, threshold: Threshold, reason: str) -> Threshold:
    if not reason.strip():
        raise ValidationError({"reason": "Enter why you are archiving this threshold"})
    threshold = Threshold.objects.select_for_update().get(pk=threshold.pk)
    with acting_as(actor):
        record_archive(instance=threshold, actor=actor, reason=reason.strip())
    return threshold


@transaction.atomic
def threshold_restore(*, actor, threshold: Threshold) -> Threshold:
    threshold = Threshold.objects.select_for_update().get(pk=threshold.pk)
    _check_threshold(threshold)
    with acting_as(actor):
        record_restore(instance=threshold, actor=actor)
    return threshold


def _check_local_rule(rule: LocalRule) -> None:
    if rule.maximum is not None and rule.maximum <= rule.minimum:
        raise ValidationError({"maximum": "The upper limit must be more than the lower limit, or left empty"})
    if rule.effective_from and rule.effective_to and rule.effective_to < rule.effective_from:
        raise ValidationError({"effective_to": "The last day must be on or after the first day"})
    rule.full_clean()


@transaction.atomic
def local_rule_create(*, actor, data: dict) -> LocalRule:
    rule = LocalRule(**{name: data[name] for name in LOCAL_RULE_FIELDS if name in data})
    _check_local_rule(rule)
    with acting_as(actor):
        rule.save()
    return rule


@transaction.atomic
def local_rule_update(*, actor, rule: LocalRule, data: dict, expected_version) -> LocalRule:
    rule = LocalRule.objects.select_for_update().get(pk=rule.pk)
    version_check(instance=rule, expected_version=expected_version)
    if apply_changes(instance=rule, data=data, fields=LOCAL_RULE_FIELDS):
        _check_local_rule(rule)
        rule.version += 1
        with acting_as(actor):
            rule.save()
    return rule


@transaction.atomic
def local_rule_archive(*, actor, rule: LocalRule, reason: str) -> LocalRule:
    if not reason.strip():
        raise ValidationError({"reason": "Enter why you are archiving this rule"})
    rule = LocalRule.objects.select_for_update().get(pk=rule.pk)
    with acting_as(actor):
        record_archive(instance=rule, actor=actor, reason=reason.strip())
    return rule


@transaction.atomic
def local_rule_restore(*, actor, rule: LocalRule) -> LocalRule:
    rule = LocalRule.objects.select_for_update().get(pk=rule.pk)
    with acting_as(actor):
        record_restore(instance=rule, actor=actor)
    return rule
