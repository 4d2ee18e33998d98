"""Reads of the contracts register, filtered to what the person asking may see: the register, expiry and notice
alerts, late payments and the payments compliance figures."""

import calendar
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.contrib.auth import get_user_model
from django.db.models import (
    BigIntegerField,
    Case,
    Count,
    Exists,
    F,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Sum,
    Value,
    When,
    prefetch_related_objects,
)
from django.db.models.functions import Cast, Round

from commissioning.contracts.models import (
    INVOICE_DAYS,
    Agreement,
    AgreementStatus,
    DayOfMonth,
    ExtensionDecision,
    MonthNumber,
    Payment,
    add_months,
)
from commissioning.core.options import remembered_options
from commissioning.core.table_cache import remember
from commissioning.organisations import roles
from commissioning.organisations.models import Organisation

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


EVERY_AGREEMENT = "all"


def agreement_scope(user) -> str | tuple[int, ...]:
    """Which agreements `user` may see: every one (any partnership role), those of their own provider
    organisations, or none (an empty tuple). Also the part of a cached figure's key that says whose view it is."""
    if user.has_perm("contracts.view_compliance"):  # any partnership role
        return EVERY_AGREEMENT
    if user.has_perm("contracts.view_agreements"):
        return tuple(sorted(roles.organisation_ids_of(user)))
    return ()


def agreements_visible_to(user) -> QuerySet[Agreement]:
    """Every agreement for partnership roles; a provider user's own organisation's agreements only."""
    scope = agreement_scope(user)
    if scope == EVERY_AGREEMENT:
        return Agreement.objects.all()
    return Agreement.objects.filter(provider_id__in=scope) if scope else Agreement.objects.none()


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
        # The providers whose names match are found first, so that every condition is on the agreement's own
        # columns: on PostgreSQL each is then read from an index (ADR 0006) rather than tested on every row.
        providers = Organisation.objects.filter(name__icontains=search).values_list("pk", flat=True)
        queryset = queryset.filter(
            Q(title__icontains=search)
            | Q(reference__icontains=search)
            | Q(description__icontains=search)
            | Q(provider_id__in=list(providers))
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


def register_provider_choices() -> list[tuple[int, str]]:
    """(pk, name) of every organisation that holds an agreement, by name: the register's provider filter. Kept in
    the table cache: at 1,500 providers reading them is a fifth of the register's time."""
    return remember("contracts.register_provider_choices", _register_provider_choices)


def _register_provider_choices() -> list[tuple[int, str]]:
    holds = Agreement.objects.filter(provider=OuterRef("pk"))
    return list(Organisation.objects.filter(Exists(holds)).order_by("name").values_list("pk", "name"))


def register_provider_options(selected: int | None) -> str:
    """The provider filter's options, rendered, kept in the table cache by the provider chosen."""
    return remembered_options("contracts.providers", register_provider_choices, selected)


def register_officer_options(selected: int | None) -> str:
    """The monitoring officer filter's options, rendered, kept in the table cache by the officer chosen."""
    return remembered_options("contracts.officers", register_officer_choices, selected)


def register_officer_choices() -> list[tuple[int, str]]:
    """(pk, full name or username) of every monitoring officer of an agreement: the register's officer filter."""
    return remember("contracts.register_officer_choices", _register_officer_choices)


def _register_officer_choices() -> list[tuple[int, str]]:
    """Read as values with EXISTS, not as people with DISTINCT over every agreement (8.8 → 1.4 ms at 5,000)."""
    monitors = Agreement.objects.filter(monitoring_officer=OuterRef("pk"))
    rows = (
        get_user_model()
        .objects.filter(Exists(monitors))
        .order_by("first_name", "last_name", "username")
        .values_list("pk", "first_name", "last_name", "username")
    )
    return [(pk, f"{first} {last}".strip() or username) for pk, first, last, username in rows]


AGREEMENT_DETAIL_PREFETCHES = (
    "funding_streams",
    Prefetch("payments", queryset=Payment.objects.active().order_by("due_on", "pk")),
    Prefetch("extension_decisions", queryset=ExtensionDecision.objects.select_related("decided_by")),
    "variations",
)


def agreement_record(*, user, pk: int) -> Agreement:
    """One agreement the user may see, with what its page header and summary show; Agreement.DoesNotExist
    otherwise (so a provider gets a 404 for others). Its payments, extensions and variations are
    `AGREEMENT_DETAIL_PREFETCHES`."""
    return (
        _with_links(agreements_visible_to(user))
        .select_related("activity", "procurement", "award", "service", "archived_by", "payment_schedule")
        .get(pk=pk)
    )


def agreement_detail(*, user, pk: int) -> Agreement:
    """`agreement_record` with its payments, extensions and variations."""
    agreement = agreement_record(user=user, pk=pk)
    prefetch_related_objects([agreement], *AGREEMENT_DETAIL_PREFETCHES)
    return agreement


def payments_visible_to(user) -> QuerySet[Payment]:
    """The live payments of the agreements `agreements_visible_to` gives, that are not archived either."""
    payments = Payment.objects.active().filter(agreement__archived_at__isnull=True)
    if user.has_perm("contracts.view_compliance"):  # every agreement: no need to ask which
        return payments
    return payments.filter(agreement__in=agreements_visible_to(user))


# Alerts ---------------------------------------------------------------------------------------------------------

ALERTS_SHOWN = 10  # rows of each alert group on the alerts page; the rest on the group's own pages


def _month_number(day: date) -> int:
    """A date's year times twelve plus its month, as `MonthNumber` works it out in SQL."""
    return day.year * 12 + day.month


def _ends_within_notice_plus(today: date, months: int) -> Q:
    """`ends_on <= add_months(today, notice_months + months)`, day for day as `add_months`: the end date's month
    less the notice months is before today's month plus `months`, or is that month with the end date's day on or
    before today's (a shorter month only lowers the limit to its last day, which every end date in it is on or
    before)."""
    limit = _month_number(today) + months
    return Q(ends_month_less_notice__lt=limit) | Q(ends_month_less_notice=limit, ends_day__lte=today.day)


def _notice_deadline_by(horizon: date) -> Q:
    """`notice_deadline <= horizon`, the notice deadline being `add_months(ends_on, -notice_months)`: its month is
    before the horizon's, or is the horizon's month with the end date's day on or before the horizon's (or the
    horizon is the month's last day, which every deadline in that month is on or before)."""
    same_month = Q(ends_month_less_notice=_month_number(horizon))
    if horizon.day != calendar.monthrange(horizon.year, horizon.month)[1]:
        same_month &= Q(ends_day__lte=horizon.day)
    return Q(ends_month_less_notice__lt=_month_number(horizon)) | same_month


def _live_agreements(user) -> QuerySet[Agreement]:
    return (
        agreements_visible_to(user)
        .active()
        .filter(status=AgreementStatus.LIVE)
        .alias(
            ends_month_less_notice=MonthNumber(F("ends_on")) - F("notice_months"),
            ends_day=DayOfMonth(F("ends_on")),
        )
    )


def _alert_filters(today: date) -> dict[str, Q]:
    """Each group of live agreements needing attention, as a condition on the live agreements."""
    running = Q(ends_on__gte=today)
    decided = ExtensionDecision.objects.filter(agreement=OuterRef("pk"), previous_end_on=OuterRef("ends_on"))
    return {
        "ending": running & Q(ends_on__lte=add_months(today, ENDING_WITHIN_MONTHS)),
        "extension_due": running
        & Q(latest_end_on__gt=F("ends_on"))
        & ~Exists(decided)
        & _ends_within_notice_plus(today, ENDING_WITHIN_MONTHS),
        "notice": running & _notice_deadline_by(add_months(today, NOTICE_LOOKAHEAD_MONTHS)),
        "past_end": Q(ends_on__lt=today),
    }


AGREEMENT_ALERTS = ("ending", "extension_due", "notice", "past_end")
ALERT_GROUPS = (*AGREEMENT_ALERTS, "late_payments")


# What an alert row shows, and no more: the rows are read a page at a time, and narrow rows read fast.
ALERT_AGREEMENT_FIELDS = (
    "reference",
    "title",
    "status",
    "ends_on",
    "latest_end_on",
    "notice_months",
    "provider__name",
    "monitoring_officer__username",
    "monitoring_officer__first_name",
    "monitoring_officer__last_name",
)
LATE_PAYMENT_FIELDS = (
    "due_on",
    "amount",
    "invoice_received_on",
    "disputed",
    "paid_on",
    "agreement__reference",
    "agreement__provider__name",
)


def _alert_rows(live: QuerySet[Agreement], condition: Q) -> QuerySet[Agreement]:
    return (
        live.filter(condition)
        .select_related("provider", "monitoring_officer")
        .only(*ALERT_AGREEMENT_FIELDS)
        .order_by("ends_on", "reference", "pk")
    )


def alert_group(*, user, today: date, group: str) -> QuerySet:
    """Every row of one alert group, in the order the alerts page shows them: agreements by end date, earliest
    first, late payments most recently due first. KeyError for a group that does not exist."""
    if group == "late_payments":
        return late_payments(user=user, today=today).only(*LATE_PAYMENT_FIELDS)
    return _alert_rows(_live_agreements(user), _alert_filters(today)[group])


@dataclass
class AlertGroup:
    count: int
    rows: list = field(default_factory=list)

    @property
    def more(self) -> bool:
        """Whether there are rows beyond those shown."""
        return self.count > len(self.rows)


@dataclass
class Alerts:
    ending: AlertGroup
    extension_due: AlertGroup
    notice: AlertGroup
    past_end: AlertGroup
    late_payments: AlertGroup

    @property
    def count(self) -> int:
        return sum(getattr(self, group).count for group in ALERT_GROUPS)


def alerts(*, user, today: date, shown: int = ALERTS_SHOWN) -> Alerts:
    """What needs attention: agreements ending within six months; extension decisions not yet made for
    agreements with an option left; notice deadlines (end date less the notice period: the Compact's three months'
    notice to reduce or withdraw funding) in the next three months or passed; live agreements past their end; and
    late payments. Each group counted in full by the database, with its first `shown` rows; the same number of
    queries however many agreements and payments there are, and kept in the table cache for the day until an
    agreement or payment changes."""
    return remember(
        f"contracts.alerts|{agreement_scope(user)}|{today.isoformat()}|{shown}",
        lambda: _alerts(user=user, today=today, shown=shown),
    )


def _alerts(*, user, today: date, shown: int) -> Alerts:
    filters, live = _alert_filters(today), _live_agreements(user)
    counts = live.aggregate(**{group: Count("pk", filter=filters[group]) for group in AGREEMENT_ALERTS})
    late = late_payments(user=user, today=today)
    counts["late_payments"] = late.count()
    rows = {group: _alert_rows(live, filters[group]) for group in AGREEMENT_ALERTS}
    rows["late_payments"] = late.only(*LATE_PAYMENT_FIELDS)
    return Alerts(
        **{
            group: AlertGroup(count=counts[group], rows=list(rows[group][:shown]) if counts[group] else [])
            for group in ALERT_GROUPS
        }
    )


def late_payments(*, user, today: date) -> QuerySet[Payment]:
    """Unpaid payments past the date they must be paid by, and payments made late, most recently due first (chosen
    by the database with `PaymentQuerySet.late`, the rules of `Payment.is_late`)."""
    return (
        payments_visible_to(user)
        .late(today)
        .select_related("agreement", "agreement__provider")
        .order_by("-due_on", "-pk")
    )


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
    payments: QuerySet[Payment]  # the invoices counted, earliest paid first; read a page at a time

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
    in 31 to 60 days and in more than 60 days. The figures are counted and summed by the database in one query, a
    row for each category, kept in the table cache until a payment or agreement changes; the invoices themselves
    are left as a query, to be read a page at a time."""
    starts_on, ends_on = period_bounds(period)
    queryset = payments_visible_to(user).filter(
        disputed=False,
        invoice_received_on__isnull=False,
        paid_on__gte=starts_on,
        paid_on__lte=ends_on,
    )
    if commissioner_id:
        queryset = queryset.filter(agreement__commissioner_id=commissioner_id)
    counts, invoices, pennies, days = remember(
        f"contracts.payments_compliance|{agreement_scope(user)}|{period}|{commissioner_id}",
        lambda: _compliance_sums(queryset),
    )
    average = (
        (Decimal(days) / Decimal(invoices)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
        if invoices
        else None
    )
    return Compliance(
        period=period,
        starts_on=starts_on,
        ends_on=ends_on,
        invoices=invoices,
        amount_paid=Decimal(pennies).scaleb(-2) if invoices else Decimal("0"),
        average_days=average,
        within_30=counts["within_30"],
        days_31_to_60=counts["days_31_to_60"],
        over_60=counts["over_60"],
        payments=queryset.select_related("agreement", "agreement__provider").order_by("paid_on", "pk"),
    )


def _compliance_sums(queryset: QuerySet[Payment]) -> tuple[dict[str, int], int, int, int]:
    """Invoices in each category, and in all: their number, pennies paid and days taken."""
    # One row for each category the page shows: its invoices, pennies paid (whole pennies, so the sum is exact
    # whatever the database does with decimals) and days taken.
    category = Case(
        When(days_taken__lte=INVOICE_DAYS, then=Value("within_30")),
        When(days_taken__lte=60, then=Value("days_31_to_60")),
        default=Value("over_60"),
    )
    counts = dict.fromkeys(("within_30", "days_31_to_60", "over_60"), 0)
    invoices = pennies = days = 0
    for row in (
        queryset.with_days_to_pay()
        .annotate(category=category)
        .order_by()
        .values("category")
        .annotate(
            invoices=Count("*"),
            pennies=Sum(Cast(Round(F("amount") * 100), BigIntegerField())),
            days=Sum("days_taken"),
        )
    ):
        counts[row["category"]] = row["invoices"]
        invoices, pennies, days = invoices + row["invoices"], pennies + row["pennies"], days + row["days"]
    return counts, invoices, pennies, days
