"""Reads of the contracts register, filtered to what the person asking may see: the register, expiry and notice
alerts, late payments and the payments compliance figures."""

from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import F, Prefetch, Q, QuerySet

from commissioning.contracts.models import (
    INVOICE_DAYS,
    Agreement,
    AgreementStatus,
    ExtensionDecision,
    Payment,
    add_months,
)
from commissioning.organisations import roles

AGREEMENT_ORDERINGS = {
    "reference": ("reference",),
    "title": ("title", "reference"),
    "provider": ("provider__name", "reference"),
    "ends": ("ends_on", "reference"),
    "-ends": ("-ends_on", "reference"),
    "value": (F("whole_life_value").desc(), "reference"),
    "updated": ("-updated_at",),
}
SORT_OPTIONS = [
    ("reference", "Reference"),
    ("title", "Title A to Z"),
    ("provider", "Provider"),
    ("ends", "Ending soonest"),
    ("-ends", "Ending latest"),
    ("value", "Highest whole-life value first"),
    ("updated", "Recently changed"),
]
ENDING_WITHIN_MONTHS = 6
NOTICE_LOOKAHEAD_MONTHS = 3


def agreements_visible_to(user) -> QuerySet[Agreement]:
    """Every agreement for partnership roles; a provider user's own organisation's agreements only."""
    if user.has_perm("contracts.view_compliance"):  # any partnership role
        return Agreement.objects.all()
    if user.has_perm("contracts.view_agreements"):
        return Agreement.objects.filter(provider_id__in=roles.organisation_ids_of(user))
    return Agreement.objects.none()


def _with_links(queryset: QuerySet[Agreement]) -> QuerySet[Agreement]:
    return queryset.select_related("provider", "commissioner", "monitoring_officer")


def agreement_list(
    *,
    user,
    today: date,
    search: str = "",
    agreement_type: str = "",
    status: str = "",
    provider_id: int | None = None,
    monitoring_officer_id: int | None = None,
    expiring_within: int | None = None,
    include_archived: bool = False,
    ordering: str = "reference",
) -> QuerySet[Agreement]:
    queryset = agreements_visible_to(user)
    if not include_archived:
        queryset = queryset.active()
    if search:
        queryset = queryset.filter(
            Q(title__icontains=search)
            | Q(reference__icontains=search)
            | Q(description__icontains=search)
            | Q(provider__name__icontains=search)
        )
    if agreement_type:
        queryset = queryset.filter(agreement_type=agreement_type)
    if status:
        queryset = queryset.filter(status=status)
    if provider_id:
        queryset = queryset.filter(provider_id=provider_id)
    if monitoring_officer_id:
        queryset = queryset.filter(monitoring_officer_id=monitoring_officer_id)
    if expiring_within is not None:
        queryset = queryset.filter(ends_on__gte=today, ends_on__lte=add_months(today, expiring_within))
    order = AGREEMENT_ORDERINGS.get(ordering, AGREEMENT_ORDERINGS["reference"])
    return _with_links(queryset).order_by(*order, "pk")


def agreement_detail(*, user, pk: int) -> Agreement:
    """One agreement the user may see; Agreement.DoesNotExist otherwise (so a provider gets a 404 for others)."""
    return (
        _with_links(agreements_visible_to(user))
        .select_related("activity", "procurement", "award", "service", "archived_by", "payment_schedule")
        .prefetch_related(
            "funding_streams",
            Prefetch("payments", queryset=Payment.objects.active().order_by("due_on", "pk")),
            Prefetch("extension_decisions", queryset=ExtensionDecision.objects.select_related("decided_by")),
            "variations",
        )
        .get(pk=pk)
    )


def payments_visible_to(user) -> QuerySet[Payment]:
    return Payment.objects.active().filter(
        agreement__in=agreements_visible_to(user), agreement__archived_at__isnull=True
    )


# Alerts ---------------------------------------------------------------------------------------------------------


@dataclass
class Alerts:
    ending: list[Agreement] = field(default_factory=list)
    extension_due: list[Agreement] = field(default_factory=list)
    notice: list[Agreement] = field(default_factory=list)
    past_end: list[Agreement] = field(default_factory=list)
    late_payments: list[Payment] = field(default_factory=list)

    @property
    def count(self) -> int:
        return sum(
            len(group)
            for group in (self.ending, self.extension_due, self.notice, self.past_end, self.late_payments)
        )


def alerts(*, user, today: date) -> Alerts:
    """What needs attention: agreements ending within six months; extension decisions not yet made for
    agreements with an option left; notice deadlines (end date less the notice period: the Compact's three months'
    notice to reduce or withdraw funding) in the next three months or passed; live agreements past their end; and
    late payments."""
    live = list(
        _with_links(agreements_visible_to(user).active())
        .filter(status=AgreementStatus.LIVE)
        .prefetch_related("extension_decisions")
        .order_by("ends_on", "reference")
    )
    result = Alerts()
    horizon = add_months(today, ENDING_WITHIN_MONTHS)
    notice_horizon = add_months(today, NOTICE_LOOKAHEAD_MONTHS)
    for agreement in live:
        if agreement.ends_on < today:
            result.past_end.append(agreement)
            continue
        if agreement.ends_on <= horizon:
            result.ending.append(agreement)
        decided = {d.previous_end_on for d in agreement.extension_decisions.all()}
        if (
            agreement.latest_end_on
            and agreement.latest_end_on > agreement.ends_on
            and agreement.ends_on not in decided
            and agreement.ends_on <= add_months(today, agreement.notice_months + ENDING_WITHIN_MONTHS)
        ):
            result.extension_due.append(agreement)
        if agreement.notice_deadline <= notice_horizon:
            result.notice.append(agreement)
    result.late_payments = late_payments(user=user, today=today)
    return result


def late_payments(*, user, today: date) -> list[Payment]:
    """Unpaid payments past the date they must be paid by, and payments made late, newest first."""
    candidates = (
        payments_visible_to(user)
        .filter(disputed=False)
        .filter(
            Q(paid_on__isnull=True, due_on__lt=today)
            | Q(paid_on__isnull=True, invoice_received_on__isnull=False)
            | Q(paid_on__isnull=False, invoice_received_on__isnull=False)
        )
        .select_related("agreement", "agreement__provider")
        .order_by("-due_on", "pk")
    )
    return [payment for payment in candidates if payment.is_late(today)]


# Payments compliance -------------------------------------------------------------------------------------------


class PeriodError(ValueError):
    pass


def period_bounds(period: str) -> tuple[date, date]:
    """A reporting period by the month it ends: "2026-09" is 1 April to 30 September 2026, "2026-03" is
    1 October 2025 to 31 March 2026."""
    try:
        year_text, month_text = period.split("-")
        year, month = int(year_text), int(month_text)
    except (AttributeError, ValueError) as exc:
        raise PeriodError("Give the period as the year and month it ends, like 2026-09 or 2026-03.") from exc
    if month == 3:
        return date(year - 1, 10, 1), date(year, 3, 31)
    if month == 9:
        return date(year, 4, 1), date(year, 9, 30)
    raise PeriodError("Reporting periods end on 31 March or 30 September: give a month of 03 or 09.")


def period_label(period: str) -> str:
    start, end = period_bounds(period)
    return f"{start:%-d %B %Y} to {end:%-d %B %Y}"


def latest_periods(today: date, count: int = 6) -> list[str]:
    """The current reporting period and the ones before it, newest first."""
    if today.month >= 10:
        current = f"{today.year + 1}-03"
    elif today.month >= 4:
        current = f"{today.year}-09"
    else:
        current = f"{today.year}-03"
    periods = [current]
    while len(periods) < count:
        year, month = (int(part) for part in periods[-1].split("-"))
        periods.append(f"{year}-03" if month == 9 else f"{year - 1}-09")
    return periods


def _percent(part: int, whole: int) -> Decimal | None:
    if not whole:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


@dataclass
class Compliance:
    period: str
    starts_on: date
    ends_on: date
    invoices: int
    amount_paid: Decimal
    average_days: Decimal | None
    within_30: int
    days_31_to_60: int
    over_60: int
    payments: list[Payment]

    @property
    def within_30_percent(self):
        return _percent(self.within_30, self.invoices)

    @property
    def days_31_to_60_percent(self):
        return _percent(self.days_31_to_60, self.invoices)

    @property
    def over_60_percent(self):
        return _percent(self.over_60, self.invoices)


def payments_compliance(*, user, period: str, commissioner_id: int | None = None) -> Compliance:
    """The payments compliance figures (Procurement Act 2023 s.69) for one six-month period: the undisputed
    invoices paid in the period, the average days from receipt to payment, and how many were paid within 30 days,
    in 31 to 60 days and in more than 60 days."""
    starts_on, ends_on = period_bounds(period)
    queryset = (
        payments_visible_to(user)
        .filter(
            disputed=False,
            invoice_received_on__isnull=False,
            paid_on__gte=starts_on,
            paid_on__lte=ends_on,
        )
        .select_related("agreement", "agreement__provider", "agreement__commissioner")
        .order_by("paid_on", "pk")
    )
    if commissioner_id:
        queryset = queryset.filter(agreement__commissioner_id=commissioner_id)
    payments = list(queryset)
    days = [payment.days_to_pay for payment in payments]
    average = (
        (Decimal(sum(days)) / Decimal(len(days))).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
        if days
        else None
    )
    return Compliance(
        period=period,
        starts_on=starts_on,
        ends_on=ends_on,
        invoices=len(payments),
        amount_paid=sum((p.amount for p in payments), Decimal("0")),
        average_days=average,
        within_30=sum(1 for d in days if d <= INVOICE_DAYS),
        days_31_to_60=sum(1 for d in days if INVOICE_DAYS < d <= 60),
        over_60=sum(1 for d in days if d > 60),
        payments=payments,
    )
