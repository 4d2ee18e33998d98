"""Computed evidence from pooled and aligned budgets: Central Bedfordshire 9."""

from commissioning.assurance.computed.base import ComputedEvidence, Scope, computed_check
from commissioning.assurance.computed.common import CENTRAL_BEDFORDSHIRE, cycle_years, evidence, line
from commissioning.funding.models import PooledBudget


@computed_check(
    code="pooled-budget-agreements",
    framework=CENTRAL_BEDFORDSHIRE,
    refs=("9",),
    title="Pooled and aligned budgets under a signed agreement with a scheme of delegation",
)
def pooled_budget_agreements(scope: Scope) -> ComputedEvidence:
    first, last = cycle_years(scope)
    queryset = PooledBudget.objects.active().filter(first_year__lte=last, last_year__gte=first)
    if scope.service_area:
        queryset = queryset.filter(
            allocations__activity__service_area=scope.service_area, allocations__archived_at__isnull=True
        ).distinct()
    lines = []
    for budget in queryset.order_by("name", "pk"):
        missing = []
        if budget.agreement_signed_on is None:
            missing.append("no signature date")
        if not budget.agreement_file:
            missing.append("no signed agreement held")
        if not budget.scheme_of_delegation.strip():
            missing.append("no scheme of delegation")
        if missing:
            reason = "; ".join(missing)
            reason = reason[0].upper() + reason[1:]
        else:
            reason = (
                f"Agreement signed on {budget.agreement_signed_on:%-d %B %Y}; scheme of delegation recorded"
            )
        label = f"{budget.name} ({budget.get_arrangement_display().lower()})"
        lines.append(line(budget, label, not missing, reason))
    return evidence(
        code="pooled-budget-agreements",
        rule=(
            "Every pooled or aligned budget covering a financial year the period touches (with money allocated to "
            "an activity of the service area, when one is chosen) has a signed agreement held and a scheme of "
            "delegation. Risk-sharing terms inside the agreement are for the auditor."
        ),
        scope=scope,
        lines=lines,
        noun="pooled and aligned budgets",
        passing_text="have a signed agreement and a scheme of delegation",
        empty_text="No pooled or aligned budget covers this service area in the period",
    )
