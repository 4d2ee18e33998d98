"""Demo: monitoring of the demo agreements that the contracts demo made, if any. KPIs and a quarterly plan on
each, a few quarters of returns from the demo providers (one queried, one with a red KPI), a meeting whose
minutes went out late, an improvement plan and an annual review. Does nothing when there are no live
agreements, and nothing again for an agreement that already has a monitoring plan."""

from datetime import date, timedelta
from decimal import Decimal

from django.utils import timezone

from commissioning.contracts.models import Agreement, AgreementStatus
from commissioning.monitoring import services
from commissioning.monitoring.models import ImprovementPlan, MonitoringPlan

KPIS = [
    {
        "name": "Families supported in the period",
        "kind": "output",
        "unit": "families",
        "target": Decimal("60"),
        "polarity": "higher",
        "tolerance": Decimal("10"),
    },
    {
        "name": "Families whose needs were met when support ended",
        "kind": "outcome",
        "unit": "per cent",
        "target": Decimal("80"),
        "polarity": "higher",
        "tolerance": Decimal("5"),
    },
    {
        "name": "Days from referral to first contact",
        "kind": "output",
        "unit": "days",
        "target": Decimal("10"),
        "polarity": "lower",
        "tolerance": Decimal("20"),
    },
]
# Actuals per quarter, oldest first: the third quarter misses the outcome measure badly (red).
ACTUALS = [("64", "82", "9"), ("58", "79", "11"), ("61", "68", "9"), ("66", "84", "8")]


def _provider_user(agreement, users):
    from commissioning.monitoring.rules import provider_ids_of

    for user in users.values():
        if agreement.provider_id in provider_ids_of(user):
            return user
    return None


def load(context) -> None:
    users = context.records.get("users", {})
    officer = users.get("monitoring") or context.actor
    agreements = list(
        Agreement.objects.active()
        .filter(status=AgreementStatus.LIVE)
        .select_related("provider")
        .order_by("reference")
    )
    if not agreements or officer is None:
        return
    today = timezone.localdate()
    for index, agreement in enumerate(agreements[:4]):
        if MonitoringPlan.objects.filter(agreement=agreement).exists():
            continue
        kpis = list(agreement.kpis.active())
        if not kpis:
            kpis = [services.kpi_create(actor=officer, agreement=agreement, data=dict(item)) for item in KPIS]
        services.plan_save(
            actor=officer,
            agreement=agreement,
            data={"frequency": "quarterly", "first_period_starts_on": agreement.starts_on, "due_days": 28},
        )
        supplier = _provider_user(agreement, users)
        if supplier is not None:
            _returns(agreement, kpis, supplier, officer, today, query_last=index == 0)
        if index == 0:
            _meeting_improvement_and_review(agreement, officer, today)


def _returns(agreement, kpis, supplier, officer, today, *, query_last: bool) -> None:
    ended = list(agreement.return_periods.filter(ends_on__lt=today).order_by("starts_on"))[-4:]
    for number, period in enumerate(ended):
        figures = ACTUALS[number % len(ACTUALS)]
        data = {
            "actuals": {kpi.pk: figures[i % len(figures)] for i, kpi in enumerate(kpis)},
            "narrative": "Referrals rose after the schools' autumn term began; two volunteers joined the team.",
            "service_users": "72",
            "characteristics": {
                "age": {"Under 5": "20", "5 to 10": "30", "11 to 15": "22"},
                "gender": {"Female": "38", "Male": "33", "Another gender or not known": "1"},
                "disability": {"Disabled": "9", "Not disabled": "60", "Not known": "3"},
            },
            "feedback_summary": "Parents value the evening sessions; some asked for more weekend cover.",
            "complaints": "1" if number == 2 else "0",
            "safeguarding_incidents": "0",
        }
        provider_return = services.return_submit(actor=supplier, period=period, data=data, today=today)
        last = number == len(ended) - 1
        if last and query_last:
            services.return_query(
                actor=officer,
                provider_return=provider_return,
                query="The families supported figure is higher than the referrals you reported; please check it.",
            )
        elif not last:
            services.return_accept(actor=officer, provider_return=provider_return)


def _meeting_improvement_and_review(agreement, officer, today) -> None:
    held = max(agreement.starts_on, today - timedelta(days=60))
    sent = min(held + timedelta(days=30), today)
    services.meeting_save(
        actor=officer,
        agreement=agreement,
        data={
            "held_on": held,
            "attendees": "Demo Monitoring Officer (council)\nService manager (provider)",
            "minutes": "Reviewed the quarter's return. The outcome measure dipped; the provider will explain why.",
            "minutes_sent_on": sent if sent >= held else None,
        },
    )
    if ImprovementPlan.objects.filter(agreement=agreement).exists():
        return
    services.improvement_plan_save(
        actor=officer,
        agreement=agreement,
        data={
            "issues": "Fewer families had their needs met when support ended than the target of 80%.",
            "actions": "Review closing assessments with the team\nAdd a follow-up call four weeks after closure",
            "deadline": today + timedelta(days=90),
            "status": "open",
        },
    )
    review_day = date(today.year, 2, 15) if date(today.year, 2, 15) <= today else date(today.year - 1, 2, 15)
    if review_day >= agreement.starts_on:
        services.annual_review_create(
            actor=officer,
            agreement=agreement,
            data={
                "reviewed_on": review_day,
                "findings": "Demand is steady and families rate the service well; the outcome measure needs work.",
                "recommendation": "continue",
            },
        )
