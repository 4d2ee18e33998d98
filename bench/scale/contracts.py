"""The contracts register and its monitoring: agreements with KPIs, payment schedules and payments; quarterly
return periods with the providers' returns, accepted or queried; meetings, visits, feedback, improvement plans,
annual reviews and KPI assessments."""

from datetime import timedelta
from decimal import Decimal

from dateutil.relativedelta import relativedelta

from bench.scale.base import Scale, words
from commissioning.contracts.models import Agreement, Kpi, Payment, PaymentSchedule
from commissioning.monitoring.models import (
    AnnualReview,
    FeedbackRecord,
    ImprovementPlan,
    KpiActual,
    KpiAssessment,
    Meeting,
    MonitoringPlan,
    ProviderReturn,
    ReturnPeriod,
    Visit,
)

AGREEMENTS_PER_COUNTY = 500
KPIS = [
    ("Families supported in the period", "output", "families", Decimal("60"), "higher"),
    ("Families whose needs were met when support ended", "outcome", "per cent", Decimal("80"), "higher"),
    ("Days from referral to first contact", "output", "days", Decimal("10"), "lower"),
]
TYPES = ["contract", "contract", "contract", "grant_funding", "spot_purchase", "internal_sla", "call_off"]


def agreements(scale: Scale) -> None:
    providers = scale.records["providers"]
    councils = scale.records["councils"]
    officers = scale.records["users"]["monitoring_officer"]
    services = scale.records["services"]
    activities = scale.records["activities"]
    awards = list(scale.records.get("awards", []))
    procurements = {p.pk: p for p in scale.records.get("procurements", [])}
    rng = scale.rng
    rows = []
    for index in range(scale.n(AGREEMENTS_PER_COUNTY)):
        award = awards[index] if index < len(awards) else None
        starts = scale.anchor - timedelta(days=rng.randrange(3 * 365 + 120, 5 * 365 + 120))
        starts = starts.replace(day=1)
        years = 5 + index % 3
        ends = starts + relativedelta(years=years, days=-1)
        status = "live" if ends >= scale.anchor else "ended"
        if index % 53 == 7:
            status = "terminated"
        annual = scale.money(200, 9000)
        service = services[index % len(services)]
        rows.append(
            Agreement(
                reference=f"CON-{starts.year}-{index + 1:05d}",
                title=service.name,
                description=words(rng),
                agreement_type=TYPES[index % len(TYPES)],
                provider=providers[index % len(providers)] if award is None else award.bid.bidder,
                commissioner=councils[index % len(councils)],
                activity=activities[index % len(activities)],
                procurement=procurements.get(award.procurement_id) if award else None,
                award=award,
                service=service,
                annual_value=annual,
                whole_life_value=annual * years,
                starts_on=starts,
                ends_on=ends,
                extension_options="Up to 2 years, in 12-month periods" if index % 2 else "",
                latest_end_on=ends + relativedelta(years=2) if index % 2 else None,
                status=status,
                signed_on=starts - timedelta(days=20),
                payment_basis="fixed_price" if index % 4 else "cost_and_volume",
                monitoring_officer=officers[index % len(officers)],
                notice_months=3,
                ended_reason="Terminated for poor performance after an improvement plan."
                if status == "terminated"
                else "",
                terminated_on=scale.anchor - timedelta(days=30) if status == "terminated" else None,
            )
        )
    saved = scale.bulk(Agreement, rows)
    scale.records["agreements"] = saved
    kpis = scale.bulk(
        Kpi,
        [
            Kpi(
                agreement=agreement,
                name=name,
                kind=kind,
                unit=unit,
                target=target,
                polarity=polarity,
                tolerance=Decimal("10"),
                position=position,
            )
            for agreement in saved
            for position, (name, kind, unit, target, polarity) in enumerate(KPIS)
        ],
    )
    scale.records["kpis"] = kpis
    scale.bulk(
        PaymentSchedule,
        [
            PaymentSchedule(
                agreement=agreement,
                basis="monthly_arrears",
                amount=(agreement.annual_value / 12).quantize(Decimal("0.01")),
                first_due_on=agreement.starts_on + relativedelta(months=1),
            )
            for agreement in saved
        ],
    )
    payments = []
    for index, agreement in enumerate(saved):
        for month in range(12, 0, -1):
            due = (scale.anchor - relativedelta(months=month)).replace(day=15)
            if due < agreement.starts_on or due > agreement.ends_on:
                continue
            received = due - timedelta(days=10)
            late = (index + month) % 17 == 0
            payments.append(
                Payment(
                    agreement=agreement,
                    due_on=due,
                    amount=(agreement.annual_value / 12).quantize(Decimal("0.01")),
                    invoice_reference=f"INV-{agreement.reference}-{month:02d}",
                    invoice_received_on=received,
                    paid_on=received + timedelta(days=45 if late else 20),
                    from_schedule=True,
                )
            )
    scale.bulk(Payment, payments)


def monitoring(scale: Scale) -> None:
    agreements_ = scale.records["agreements"]
    kpis_by_agreement: dict[int, list] = {}
    for kpi in scale.records["kpis"]:
        kpis_by_agreement.setdefault(kpi.agreement_id, []).append(kpi)
    officers = scale.records["users"]["monitoring_officer"]
    suppliers = scale.records["users"]["provider_user"]
    scale.bulk(
        MonitoringPlan,
        [
            MonitoringPlan(
                agreement=a, frequency="quarterly", first_period_starts_on=a.starts_on, due_days=28
            )
            for a in agreements_
        ],
    )
    periods = []
    for a in agreements_:
        start = a.starts_on
        while start <= min(a.ends_on, scale.anchor + relativedelta(months=6)):
            ends = start + relativedelta(months=3, days=-1)
            periods.append(
                ReturnPeriod(agreement=a, starts_on=start, ends_on=ends, due_on=ends + timedelta(days=28))
            )
            start = ends + timedelta(days=1)
    periods = scale.bulk(ReturnPeriod, periods)
    returns = []
    for index, period in enumerate(periods):
        if period.due_on >= scale.anchor or index % 31 == 3:
            continue  # not due yet, or overdue
        officer = officers[index % len(officers)]
        queried = index % 23 == 0
        # Half the queried returns have been sent again and accepted: the queried one is kept, superseded.
        resubmitted = queried and index % 46 == 0
        submitted = scale.moment(0) - (scale.anchor - period.due_on) - timedelta(days=3)
        returns.append(
            ProviderReturn(
                period=period,
                status="superseded" if resubmitted else "queried" if queried else "accepted",
                submitted_by=suppliers[index % len(suppliers)],
                submitted_at=submitted,
                narrative=words(scale.rng, 2),
                service_users=40 + index % 60,
                complaints=1 if index % 4 == 0 else 0,
                query_text="Please explain the fall in families whose needs were met." if queried else "",
                reviewed_by=officer,
                reviewed_at=submitted + timedelta(days=5),
            )
        )
        if resubmitted:
            returns.append(
                ProviderReturn(
                    period=period,
                    status="accepted",
                    submitted_by=suppliers[index % len(suppliers)],
                    submitted_at=submitted + timedelta(days=12),
                    narrative=words(scale.rng, 2),
                    service_users=40 + index % 60,
                    complaints=0,
                    reviewed_by=officer,
                    reviewed_at=submitted + timedelta(days=15),
                )
            )
    returns = scale.bulk(ProviderReturn, returns)
    period_agreement = {p.pk: p.agreement_id for p in periods}
    actuals = []
    for index, provider_return in enumerate(returns):
        for position, kpi in enumerate(kpis_by_agreement[period_agreement[provider_return.period_id]]):
            value = kpi.target * Decimal(85 + (index * 7 + position * 11) % 30) / 100
            actuals.append(
                KpiActual(provider_return=provider_return, kpi=kpi, value=value.quantize(Decimal("0.1")))
            )
    scale.bulk(KpiActual, actuals)
    _visits_and_reviews(scale, agreements_, kpis_by_agreement, officers)


def _visits_and_reviews(scale: Scale, agreements_, kpis_by_agreement, officers) -> None:
    meetings, visits, feedback, plans, reviews, assessments = [], [], [], [], [], []
    for index, a in enumerate(agreements_):
        officer = officers[index % len(officers)]
        for year in range(2):
            held = scale.anchor - timedelta(days=90 + 365 * year + index % 60)
            if held >= a.starts_on:
                meetings.append(
                    Meeting(
                        agreement=a,
                        held_on=held,
                        attendees=f"{officer.get_full_name()}; the provider's service manager",
                        minutes=words(scale.rng, 3),
                        minutes_sent_on=held + timedelta(days=5 + index % 15),
                    )
                )
        if index % 2 == 0:
            visits.append(
                Visit(
                    agreement=a,
                    visited_on=scale.anchor - timedelta(days=30 + index % 200),
                    announced=index % 4 != 0,
                    visited_by=officer.get_full_name(),
                    observations=words(scale.rng),
                )
            )
        if index % 3 == 0:
            feedback.append(
                FeedbackRecord(
                    agreement=a,
                    gathered_on=scale.anchor - timedelta(days=60 + index % 100),
                    independent=index % 2 == 0,
                    method="Survey of families",
                    summary=words(scale.rng),
                )
            )
        if index % 17 == 0:
            plans.append(
                ImprovementPlan(
                    agreement=a,
                    issues="Outcomes below target for two quarters.",
                    actions="Weekly case reviews; a new referral pathway.",
                    deadline=scale.anchor + timedelta(days=60),
                    status="open" if index % 34 else "completed",
                )
            )
        if index % 5 == 0:
            reviews.append(
                AnnualReview(
                    agreement=a,
                    reviewed_on=scale.anchor - timedelta(days=100 + index % 200),
                    findings=words(scale.rng),
                    recommendation="continue",
                )
            )
        if index % 5 == 1 and a.annual_value >= 500000 / 4:
            kpi = kpis_by_agreement[a.pk][0]
            assessments.append(
                KpiAssessment(
                    agreement=a,
                    kpi=kpi,
                    assessed_on=scale.anchor - timedelta(days=40),
                    period_end=scale.anchor - timedelta(days=60),
                    rating=["good", "approaching", "requires_improvement"][index % 3],
                    rating_details="Rated against the contract's key performance indicator.",
                )
            )
    scale.bulk(Meeting, meetings)
    scale.bulk(Visit, visits)
    scale.bulk(FeedbackRecord, feedback)
    scale.bulk(ImprovementPlan, plans)
    scale.bulk(AnnualReview, reviews)
    scale.bulk(KpiAssessment, assessments)
