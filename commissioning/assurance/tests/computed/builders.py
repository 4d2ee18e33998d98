"""Small datasets for the computed checks, built in the test with the answer known."""

import datetime as dt
from decimal import Decimal

from django.core.files.base import ContentFile
from django.utils import timezone

from commissioning.assurance.computed.base import Scope
from commissioning.contracts.models import Payment, PaymentSchedule
from commissioning.cycle.models import (
    ActivityBudget,
    ActivityKind,
    ActivityReview,
    EqualityImpactAssessment,
    EqualityStatus,
    Strategy,
    StrategyStatus,
)
from commissioning.cycle.tests.factories import ActivityFactory
from commissioning.monitoring.models import (
    FeedbackRecord,
    Meeting,
    MonitoringPlan,
    ProviderReturn,
    ReturnPeriod,
    Visit,
)
from commissioning.monitoring.tests.factories import AgreementFactory, KpiFactory
from commissioning.needs.models import NeedsAnalysis
from commissioning.needs.tests.factories import AreaFactory
from commissioning.organisations.tests.factories import OrganisationFactory, UserFactory
from commissioning.procurement.models import Bid, Procedure, Procurement, ProcurementStatus

# The audit period: the 2025/26 financial year, before "today" when the tests run (the dates are fixed).
START, END = dt.date(2025, 4, 1), dt.date(2026, 3, 31)
SCOPE = Scope("early_help", START, END)
ALL_AREAS = Scope("", START, END)


def aware(day: dt.date, hour: int = 12) -> dt.datetime:
    return timezone.make_aware(dt.datetime(day.year, day.month, day.day, hour, 0))


def activity(*, area="early_help", kind=ActivityKind.SERVICE_REDESIGN, year=2025, **fields):
    return ActivityFactory(service_area=area, kind=kind, cycle_year=year, **fields)


def strategy_activity(**fields):
    return activity(kind=ActivityKind.STRATEGY, **fields)


def eia(activity, *, status=EqualityStatus.FINAL, consulted=True, **fields):
    values = {
        "activity": activity,
        "lead": UserFactory(),
        "scope": "Who the activity affects.",
        "status": status,
        "consultation_start": dt.date(2025, 6, 1) if consulted else None,
        "consultation_end": dt.date(2025, 7, 1) if consulted else None,
    }
    return EqualityImpactAssessment.objects.create(**(values | fields))


def budget(activity, **fields):
    values = {
        "activity": activity,
        "amount": Decimal("300000"),
        "period": "2025/26",
        "agreed_by": "Commissioning board",
        "agreed_on": dt.date(2025, 5, 1),
        "recorded_by": UserFactory(),
    }
    return ActivityBudget.objects.create(**(values | fields))


_slugs = iter(range(1, 10_000))


def strategy(activity, *, approved=True, published=True, **fields):
    values = {
        "activity": activity,
        "title": f"Strategy for {activity.title}",
        "slug": f"strategy-{next(_slugs)}",
        "summary": "What the strategy is for.",
        "status": StrategyStatus.APPROVED if approved else StrategyStatus.DRAFT,
        "approved_by_body": "Children's partnership board" if approved else "",
        "approved_on": dt.date(2025, 9, 1) if approved else None,
        "published_at": aware(dt.date(2025, 9, 10)) if published else None,
    }
    return Strategy.objects.create(**(values | fields))


def needs_analysis(activity, *, final=True):
    return NeedsAnalysis.objects.create(
        title=f"Needs of {activity.title}",
        topic="Early help",
        activity=activity,
        area=AreaFactory(),
        status="final" if final else "draft",
        author=UserFactory(),
    )


def review(activity, *, next_review_on=dt.date(2026, 12, 1)):
    return ActivityReview.objects.create(
        activity=activity,
        reviewed_on=dt.date(2026, 1, 15),
        method="Survey of families and staff.",
        findings="Working well.",
        recommendation="continue",
        next_review_on=next_review_on,
        reviewed_by=UserFactory(),
    )


def agreement(*, area="early_help", signed=True, **fields):
    values = {
        "activity": activity(area=area),
        "starts_on": dt.date(2025, 4, 1),
        "ends_on": dt.date(2028, 3, 31),
        "signed_on": dt.date(2025, 3, 1) if signed else None,
    }
    made = AgreementFactory(**(values | fields))
    if signed:
        made.document.save("signed.pdf", ContentFile(b"%PDF-1.7 signed"), save=True)
    return made


def schedule(agreement):
    return PaymentSchedule.objects.create(
        agreement=agreement,
        basis="quarterly_advance",
        amount=Decimal("30000"),
        first_due_on=dt.date(2025, 4, 1),
    )


def payment(agreement, *, due_on, invoice_on=None, paid_on=None, disputed=False):
    return Payment.objects.create(
        agreement=agreement,
        due_on=due_on,
        amount=Decimal("30000"),
        invoice_received_on=invoice_on,
        paid_on=paid_on,
        disputed=disputed,
    )


def plan(agreement, frequency="quarterly"):
    return MonitoringPlan.objects.create(
        agreement=agreement, frequency=frequency, first_period_starts_on=agreement.starts_on
    )


def period(agreement, *, starts_on, ends_on, due_on):
    return ReturnPeriod.objects.create(
        agreement=agreement, starts_on=starts_on, ends_on=ends_on, due_on=due_on
    )


def provider_return(period, *, submitted_on, status="submitted"):
    return ProviderReturn.objects.create(
        period=period,
        status=status,
        submitted_by=UserFactory(),
        submitted_at=aware(submitted_on),
        narrative="What we did.",
        service_users=40,
    )


def meeting(agreement, *, held_on, minutes_sent_on=None):
    return Meeting.objects.create(
        agreement=agreement,
        held_on=held_on,
        attendees="Commissioner\nProvider",
        minutes_sent_on=minutes_sent_on,
    )


def visit(agreement, *, visited_on):
    return Visit.objects.create(
        agreement=agreement, visited_on=visited_on, visited_by="Officer", observations="Fine."
    )


def feedback(agreement, *, gathered_on, independent=True):
    return FeedbackRecord.objects.create(
        agreement=agreement,
        gathered_on=gathered_on,
        independent=independent,
        method="Survey",
        summary="Positive.",
    )


def kpi(agreement):
    return KpiFactory(agreement=agreement)


_references = iter(range(1, 10_000))


def procurement(
    *, area="early_help", status=ProcurementStatus.AWARDED, published=dt.date(2025, 6, 2), **fields
):
    values = {
        "reference": f"CYP-2025-{next(_references):03d}",
        "title": "Family support service",
        "activity": activity(area=area),
        "lead": UserFactory(),
        "category": "light_touch_services",
        "estimated_value": Decimal("900000"),
        "duration_months": 36,
        "regime": "light_touch",
        "procedure": Procedure.OPEN,
        "contract_start": dt.date(2026, 7, 1),
        "status": status,
        "published_at": aware(published) if published else None,
        "tender_deadline": aware(published + dt.timedelta(days=30)) if published else None,
    }
    return Procurement.objects.create(**(values | fields))


def bid(procurement):
    return Bid.objects.create(
        procurement=procurement,
        bidder=OrganisationFactory(),
        submitted_by=UserFactory(),
        submitted_at=procurement.tender_deadline - dt.timedelta(days=1),
        price=Decimal("850000"),
        receipt="0" * 64,
    )
