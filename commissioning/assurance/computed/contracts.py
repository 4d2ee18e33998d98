"""Computed evidence from the contracts register: Islington 4.6, 5.10, 5.11 and 8.1, Central Bedfordshire 10."""

from decimal import Decimal

from django.db.models import Count, Q

from commissioning.assurance.computed.base import ComputedEvidence, Scope, computed_check
from commissioning.assurance.computed.common import (
    CENTRAL_BEDFORDSHIRE,
    ISLINGTON,
    agreements,
    evidence,
    line,
)
from commissioning.contracts.models import SIMPLIFIED_TERMS_BELOW, AgreementType, PaymentSchedule
from commissioning.monitoring.models import MonitoringPlan

EXTERNAL = [choice for choice in AgreementType.values if choice != AgreementType.INTERNAL_SLA]


def _label(agreement) -> str:
    return f"{agreement.reference} {agreement.title} ({agreement.provider.name})"


@computed_check(
    code="simplified-terms",
    framework=ISLINGTON,
    refs=("4.6",),
    title="Simplified terms for contracts under £30,000",
)
def simplified_terms(scope: Scope) -> ComputedEvidence:
    lines = []
    for agreement in agreements(scope).filter(whole_life_value__lt=Decimal(SIMPLIFIED_TERMS_BELOW)):
        value = f"£{agreement.whole_life_value:,.2f} over its life"
        if agreement.simplified_terms:
            lines.append(line(agreement, _label(agreement), True, f"{value}; simplified terms"))
        else:
            lines.append(line(agreement, _label(agreement), False, f"{value}; full terms used"))
    return evidence(
        code="simplified-terms",
        rule=(
            f"Every agreement of the service area in force in the period with a whole-life value under "
            f"£{SIMPLIFIED_TERMS_BELOW:,} uses simplified terms and conditions. Whether procurement and monitoring "
            "were proportionate is for the auditor (see also the proportionate monitoring check)."
        ),
        scope=scope,
        lines=lines,
        noun="agreements under £30,000",
        passing_text="use simplified terms",
        empty_text="No agreement under £30,000 is in force for this service area in the period",
    )


@computed_check(
    code="payment-schedules",
    framework=ISLINGTON,
    refs=("5.10",),
    title="Payment schedules set out in agreements",
)
def payment_schedules(scope: Scope) -> ComputedEvidence:
    lines = []
    for agreement in agreements(scope).select_related("payment_schedule"):
        try:
            schedule = agreement.payment_schedule
        except PaymentSchedule.DoesNotExist:
            lines.append(line(agreement, _label(agreement), False, "No payment schedule"))
            continue
        reason = (
            f"{schedule.get_basis_display()}, £{schedule.amount:,.2f} from {schedule.first_due_on:%-d %B %Y}"
        )
        lines.append(line(agreement, _label(agreement), True, reason))
    return evidence(
        code="payment-schedules",
        rule="Every agreement of the service area in force in the period has its payment schedule set out.",
        scope=scope,
        lines=lines,
        noun="agreements",
        passing_text="have a payment schedule",
        empty_text="No agreement is in force for this service area in the period",
    )


@computed_check(
    code="signed-contracts",
    framework=ISLINGTON,
    refs=("5.11",),
    title="Signed contracts in place for all commissioned services",
)
def signed_contracts(scope: Scope) -> ComputedEvidence:
    lines = []
    for agreement in agreements(scope):
        if agreement.signed_on and agreement.document:
            passes, reason = True, f"Signed on {agreement.signed_on:%-d %B %Y}, signed copy held"
        elif agreement.signed_on:
            passes, reason = False, f"Signed on {agreement.signed_on:%-d %B %Y}, but no signed copy is held"
        else:
            passes, reason = False, "No signature date recorded"
        if passes and agreement.signed_on > agreement.starts_on:
            reason += f" (after the service started on {agreement.starts_on:%-d %B %Y})"
        lines.append(line(agreement, _label(agreement), passes, reason))
    return evidence(
        code="signed-contracts",
        rule=(
            "Every agreement of the service area in force in the period has a signature date and a signed copy "
            "held in the contracts register."
        ),
        scope=scope,
        lines=lines,
        noun="agreements",
        passing_text="are signed with a signed copy held",
        empty_text="No agreement is in force for this service area in the period",
    )


@computed_check(
    code="monitoring-officer",
    framework=ISLINGTON,
    refs=("8.1",),
    title="A monitoring officer for every external contract",
)
def monitoring_officer(scope: Scope) -> ComputedEvidence:
    lines = []
    for agreement in (
        agreements(scope).filter(agreement_type__in=EXTERNAL).select_related("monitoring_officer")
    ):
        officer = agreement.monitoring_officer
        if officer:
            reason = f"Monitoring officer: {officer.get_full_name() or officer.get_username()}"
        else:
            reason = "No monitoring officer allocated"
        lines.append(line(agreement, _label(agreement), officer is not None, reason))
    return evidence(
        code="monitoring-officer",
        rule=(
            "Every externally commissioned agreement (any type but an internal service level agreement) of the "
            "service area in force in the period has a monitoring officer allocated."
        ),
        scope=scope,
        lines=lines,
        noun="external agreements",
        passing_text="have a monitoring officer",
        empty_text="No external agreement is in force for this service area in the period",
    )


@computed_check(
    code="contract-procedures",
    framework=CENTRAL_BEDFORDSHIRE,
    refs=("10",),
    title="Contracts signed, with measures and a monitoring plan",
)
def contract_procedures(scope: Scope) -> ComputedEvidence:
    queryset = (
        agreements(scope)
        .select_related("monitoring_plan")
        .annotate(live_kpis=Count("kpis", filter=Q(kpis__archived_at__isnull=True)))
    )
    lines = []
    for agreement in queryset:
        missing = []
        if not (agreement.signed_on and agreement.document):
            missing.append("a signed copy")
        if not agreement.live_kpis:
            missing.append("measures (KPIs)")
        try:
            plan = agreement.monitoring_plan
        except MonitoringPlan.DoesNotExist:
            plan = None
            missing.append("a monitoring plan")
        if missing:
            reason = "Missing: " + ", ".join(missing)
        else:
            reason = f"Signed; {agreement.live_kpis} KPIs; monitored {plan.get_frequency_display().lower()}"
        lines.append(line(agreement, _label(agreement), not missing, reason))
    return evidence(
        code="contract-procedures",
        rule=(
            "Every agreement of the service area in force in the period is signed with a signed copy held, has "
            "measures (KPIs) and a monitoring plan."
        ),
        scope=scope,
        lines=lines,
        noun="agreements",
        passing_text="are signed with measures and a monitoring plan",
        empty_text="No agreement is in force for this service area in the period",
    )
