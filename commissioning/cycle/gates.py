"""Gate rules: check every condition a transition needs and say, in plain words, each one that is not met.

The rules are data (GateRule); the conditions they can name are checks registered here. Other apps add checks
with `register` (for example a procurement's own specification) without changing the cycle."""

from collections.abc import Callable
from dataclasses import dataclass

from django.core.exceptions import ValidationError

from commissioning.cycle.models import (
    CommissioningActivity,
    DocumentType,
    EqualityStatus,
    GateCondition,
    GateRule,
    GateTransition,
    StepEvidence,
    StrategyStatus,
)


@dataclass(frozen=True)
class Unmet:
    condition: str
    message: str


class GateRefused(ValidationError):
    """A transition refused by its gate: carries every unmet condition, and nothing was changed."""

    def __init__(self, transition_label: str, unmet: list[Unmet]):
        self.unmet = unmet
        self.transition_label = transition_label
        super().__init__({"status": [item.message for item in unmet]})


Check = Callable[[CommissioningActivity, int | None], str | None]
CHECKS: dict[str, Check] = {}


def register(condition: str):
    def decorator(check: Check) -> Check:
        CHECKS[condition] = check
        return check

    return decorator


def _equality_assessment(activity):
    assessment = getattr(activity, "equality_assessment", None)
    if assessment is None or assessment.is_archived:
        return None
    return assessment


def _eia_at_least(activity, status: str, wanted: str) -> str | None:
    assessment = _equality_assessment(activity)
    if assessment is None:
        return f"Carry out an equality impact assessment: none is recorded (it needs to be {wanted})."
    if not assessment.is_at_least(status):
        return (
            f"The equality impact assessment is {assessment.get_status_display().lower()}; "
            f"it needs to be {wanted}."
        )
    return None


@register(GateCondition.BUDGET_AGREED)
def _budget_agreed(activity, step_number):
    if not activity.budgets.filter(archived_at__isnull=True).exists():
        return "Record the budget agreed for this activity: none is recorded."
    return None


@register(GateCondition.EIA_CONSULTED)
def _eia_consulted(activity, step_number):
    return _eia_at_least(activity, EqualityStatus.CONSULTED, "at least consulted on")


@register(GateCondition.EIA_FINAL)
def _eia_final(activity, step_number):
    return _eia_at_least(activity, EqualityStatus.FINAL, "final")


@register(GateCondition.SPECIFICATION)
def _specification(activity, step_number):
    found = StepEvidence.objects.active().filter(
        step__activity=activity, document_type=DocumentType.SERVICE_SPECIFICATION
    )
    if not found.exists():
        return 'Attach the service specification to a step, as evidence marked "Service specification".'
    return None


@register(GateCondition.REVIEW_RECORDED)
def _review_recorded(activity, step_number):
    if not activity.reviews.filter(archived_at__isnull=True).exists():
        return "Record a review of the activity: none is recorded."
    return None


@register(GateCondition.STRATEGY_APPROVED)
def _strategy_approved(activity, step_number):
    strategy = getattr(activity, "strategy", None)
    if strategy is None or strategy.is_archived:
        return "Draft the strategy and record its approval: there is no strategy."
    if strategy.status != StrategyStatus.APPROVED:
        return "Record the approval of the strategy: it is still a draft."
    return None


@register(GateCondition.STEP_EVIDENCE)
def _step_evidence(activity, step_number):
    if step_number is None:
        return None
    if not StepEvidence.objects.active().filter(step__activity=activity, step__number=step_number).exists():
        return f"Add evidence to step {step_number}: it has none."
    return None


@register(GateCondition.SELF_ASSESSMENT_ANSWERED)
def _self_assessment_answered(activity, step_number):
    from commissioning.cycle.services import step_questions

    if step_number is None:
        return None
    questions = set(step_questions(step_number).values_list("pk", flat=True))
    answered = set(activity.answers.filter(question__in=questions).values_list("question_id", flat=True))
    missing = len(questions - answered)
    if missing:
        plural = "question is" if missing == 1 else "questions are"
        return f"Answer the self-assessment for step {step_number}: {missing} {plural} unanswered."
    return None


@register(GateCondition.EARLIER_STEPS_FINISHED)
def _earlier_steps_finished(activity, step_number):
    if step_number is None or step_number == 1:
        return None
    open_steps = list(
        activity.steps.filter(number__lt=step_number)
        .exclude(status__in=["complete", "not_applicable"])
        .values_list("number", flat=True)
    )
    if open_steps:
        names = ", ".join(str(n) for n in open_steps[:-1])
        listed = f"{names} and {open_steps[-1]}" if names else str(open_steps[0])
        word = "steps" if len(open_steps) > 1 else "step"
        return f"Finish {word} {listed} first: complete, or not applicable with a reason."
    return None


def rules_for(
    activity: CommissioningActivity, transition: str, step_number: int | None = None
) -> list[GateRule]:
    rules = GateRule.objects.filter(transition=transition, enabled=True)
    rules = rules.filter(step_number=step_number) if transition == GateTransition.COMPLETE_STEP else rules
    return [rule for rule in rules if not rule.activity_kinds or activity.kind in rule.activity_kinds]


@dataclass(frozen=True)
class ConditionResult:
    rule: GateRule
    message: str | None

    @property
    def met(self) -> bool:
        return self.message is None


def evaluate(activity: CommissioningActivity, transition: str, step_number: int | None = None):
    """Every enabled rule for the transition, with the reason it is not met (None when it is)."""
    return [
        ConditionResult(rule=rule, message=CHECKS[rule.condition](activity, step_number))
        for rule in rules_for(activity, transition, step_number)
        if rule.condition in CHECKS
    ]


def unmet_conditions(activity: CommissioningActivity, transition: str, step_number: int | None = None):
    return [
        Unmet(condition=result.rule.condition, message=result.message)
        for result in evaluate(activity, transition, step_number)
        if not result.met
    ]


def check_gate(activity: CommissioningActivity, transition: str, step_number: int | None = None) -> None:
    """Raise GateRefused listing every unmet condition; return quietly when the gate is open."""
    unmet = unmet_conditions(activity, transition, step_number)
    if unmet:
        label = f"complete step {step_number}" if step_number else GateTransition(transition).label.lower()
        raise GateRefused(label, unmet)
