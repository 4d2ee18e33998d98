"""Computed evidence from equality impact assessments and agreed budgets: Islington 3.8 and 5.1."""

from django.db.models import Prefetch

from commissioning.assurance.computed.base import ComputedEvidence, Scope, computed_check
from commissioning.assurance.computed.common import (
    ISLINGTON,
    evidence,
    line,
    procurements,
    strategy_activities,
)
from commissioning.cycle.models import ActivityBudget, EqualityImpactAssessment, EqualityStatus


def _assessment(activity) -> EqualityImpactAssessment | None:
    try:
        assessment = activity.equality_assessment
    except EqualityImpactAssessment.DoesNotExist:
        return None
    return None if assessment.is_archived else assessment


def _final_reason(assessment: EqualityImpactAssessment | None) -> tuple[bool, str]:
    if assessment is None:
        return False, "No equality impact assessment"
    if assessment.status != EqualityStatus.FINAL:
        return (
            False,
            f"The equality impact assessment is {assessment.get_status_display().lower()}, not final",
        )
    return True, "Equality impact assessment final"


@computed_check(
    code="eia-strategies",
    framework=ISLINGTON,
    refs=("3.8",),
    title="Equality impact assessment completed for each strategy",
)
def eia_strategies(scope: Scope) -> ComputedEvidence:
    lines = []
    for activity in strategy_activities(scope).select_related("equality_assessment").order_by("title", "pk"):
        assessment = _assessment(activity)
        passes, reason = _final_reason(assessment)
        if passes and assessment.consultation_end is None:
            passes, reason = False, "Final, but no consultation is recorded on it"
        elif passes:
            reason = f"Final after consultation ending {assessment.consultation_end:%-d %B %Y}"
            if assessment.amendments:
                reason += ", amended in its light"
        record = assessment or activity
        lines.append(line(record, f"{activity.title} ({activity.cycle_year_label})", passes, reason))
    return evidence(
        code="eia-strategies",
        rule=(
            "Every strategy (a commissioning activity of the kind 'strategy') of the service area in a cycle year "
            "the period touches has a final equality impact assessment that went out to consultation (a "
            "consultation end date is recorded)."
        ),
        scope=scope,
        lines=lines,
        noun="strategies",
        passing_text="have a final equality impact assessment that was consulted on",
        empty_text="No strategy is recorded for this service area in the period",
    )


@computed_check(
    code="eia-budget-procurements",
    framework=ISLINGTON,
    refs=("5.1",),
    title="Budget agreed and equality impact assessment completed for each procurement",
)
def eia_procurements(scope: Scope) -> ComputedEvidence:
    queryset = (
        procurements(scope)
        .select_related("activity__equality_assessment")
        .prefetch_related(
            Prefetch("activity__budgets", queryset=ActivityBudget.objects.active(), to_attr="agreed_budgets")
        )
    )
    lines = []
    for procurement in queryset:
        passes, reason = _final_reason(_assessment(procurement.activity))
        budgets = procurement.activity.agreed_budgets
        if not budgets:
            passes, reason = False, f"{reason}; no budget agreed"
        else:
            budget = budgets[0]
            reason = f"{reason}; £{budget.amount:,.2f} agreed by {budget.agreed_by} on {budget.agreed_on:%-d %B %Y}"
        lines.append(line(procurement, str(procurement), passes, reason))
    return evidence(
        code="eia-budget-procurements",
        rule=(
            "Every procurement of the service area published in the period (or whose contract starts in it) has an "
            "agreed budget and a final equality impact assessment on its commissioning activity. Whether the "
            "procurement rules were followed throughout is for the auditor."
        ),
        scope=scope,
        lines=lines,
        noun="procurements",
        passing_text="have an agreed budget and a final equality impact assessment",
        empty_text="No procurement is recorded for this service area in the period",
    )
