"""Reads for funding: lists with their filters, and the figures and warnings of a pooled or aligned budget.

The figures of a budget, for each financial year it covers:
  pooled      = the sum of the partners' contributions for the year
  allocated   = the sum of the year's allocations (to activities and services)
  committed   = the sum of the commitments against the year's allocations
  unallocated = pooled − allocated (negative when the year is over-allocated)
  uncommitted = allocated − committed (the allocations' variance: money allocated but not yet committed)
Archived (removed) contributions, allocations and commitments are left out."""

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db.models import Prefetch, Q, QuerySet, Sum
from django.utils import timezone

from commissioning.core.table_cache import remember
from commissioning.funding.models import (
    ENDING_SOON_MONTHS,
    Allocation,
    Arrangement,
    Commitment,
    Contribution,
    DevelopmentPlan,
    FundingStream,
    MarketAction,
    PooledBudget,
    ServiceFunding,
    TrainingItem,
    add_months,
    financial_year_of,
    year_label,
)
from commissioning.funding.services import money
from commissioning.organisations import roles

STREAM_ORDERINGS = {
    "year": ("-financial_year", "partner__name", "name"),
    "name": ("name", "-financial_year"),
    "partner": ("partner__name", "-financial_year", "name"),
    "amount": ("-amount", "name"),
    "ends": ("end_date", "name"),
}
BUDGET_ORDERINGS = {"name": ("name",), "-name": ("-name",), "updated": ("-updated_at",)}
MISSING_RULE = (
    "Every partner that contributes to the budget in any year it covers should have a contribution recorded "
    "for every year it covers; record £0 for a year a partner puts nothing in."
)

# Warning kinds, for the API and for tests.
OVER_ALLOCATED = "over_allocated"
UNSIGNED = "agreement_unsigned"
MISSING_CONTRIBUTION = "contribution_missing"
OVER_COMMITTED = "over_committed"
ENDING_SOON = "ending_soon"


def can_view(user) -> bool:
    return user.has_perm("funding.view_funding")


# Funding streams ---------------------------------------------------------------------------------------------


def stream_list(
    *,
    user,
    search: str = "",
    partner_id: int | None = None,
    year: int | None = None,
    ring_fenced: str = "",
    include_archived: bool = False,
    ordering: str = "year",
) -> QuerySet[FundingStream]:
    if not can_view(user):
        return FundingStream.objects.none()
    queryset = FundingStream.objects.all()
    if not include_archived:
        queryset = queryset.active()
    if search:
        queryset = queryset.filter(
            Q(name__icontains=search)
            | Q(source__icontains=search)
            | Q(partner__name__icontains=search)
            | Q(restrictions__icontains=search)
        )
    if partner_id:
        queryset = queryset.filter(partner_id=partner_id)
    if year:
        queryset = queryset.filter(financial_year=year)
    if ring_fenced in ("yes", "no"):
        queryset = queryset.filter(ring_fenced=ring_fenced == "yes")
    links = ServiceFunding.objects.active().select_related("service").order_by("service__name")
    return (
        queryset.select_related("partner")
        .prefetch_related(Prefetch("service_links", queryset=links, to_attr="active_links"))
        .order_by(*STREAM_ORDERINGS.get(ordering, STREAM_ORDERINGS["year"]), "pk")
    )


def stream_detail(pk: int) -> FundingStream:
    links = (
        ServiceFunding.objects.active()
        .select_related("service", "service__provider")
        .order_by("service__name")
    )
    return (
        FundingStream.objects.select_related("partner", "archived_by")
        .prefetch_related(Prefetch("service_links", queryset=links, to_attr="active_links"))
        .get(pk=pk)
    )


def stream_years() -> list[int]:
    return sorted(set(FundingStream.objects.values_list("financial_year", flat=True)), reverse=True)


def streams_for_service(service) -> list[ServiceFunding]:
    """The funding streams paying for a service, for the service's page (the services app never imports this
    app: the funding template tag calls this)."""
    return list(
        ServiceFunding.objects.active()
        .filter(service=service, stream__archived_at__isnull=True)
        .select_related("stream", "stream__partner")
        .order_by("-stream__financial_year", "stream__name")
    )


def stream_warnings(stream: FundingStream, today: date | None = None) -> list[dict]:
    today = today or timezone.localdate()
    if stream.is_archived or not stream.ends_within(today):
        return []
    return [
        {
            "kind": ENDING_SOON,
            "message": f"{stream.name} ends on {stream.end_date:%-d %B %Y}, within 6 months. Plan what happens "
            "to the services it pays for.",
        }
    ]


# Pooled and aligned budgets ----------------------------------------------------------------------------------


@dataclass
class YearFigures:
    year: int
    pooled: Decimal = Decimal(0)
    allocated: Decimal = Decimal(0)
    committed: Decimal = Decimal(0)
    contributions: list = field(default_factory=list)
    allocations: list = field(default_factory=list)
    overrides: list = field(default_factory=list)

    @property
    def label(self) -> str:
        return year_label(self.year)

    @property
    def unallocated(self) -> Decimal:
        return self.pooled - self.allocated

    @property
    def uncommitted(self) -> Decimal:
        return self.allocated - self.committed

    @property
    def over_allocated(self) -> bool:
        return self.allocated > self.pooled


@dataclass
class BudgetFigures:
    years: list[YearFigures]
    warnings: list[dict]

    @property
    def pooled(self) -> Decimal:
        return sum((y.pooled for y in self.years), Decimal(0))

    @property
    def allocated(self) -> Decimal:
        return sum((y.allocated for y in self.years), Decimal(0))

    @property
    def committed(self) -> Decimal:
        return sum((y.committed for y in self.years), Decimal(0))

    @property
    def unallocated(self) -> Decimal:
        return self.pooled - self.allocated

    @property
    def uncommitted(self) -> Decimal:
        return self.allocated - self.committed


# An allocation's own columns and, of what it is allocated to, only what names and links it (see
# Allocation.target): the activities, services and agreements are wide rows.
ALLOCATION_COLUMNS = (
    *(field.name for field in Allocation._meta.concrete_fields),
    "activity__title",
    "service__name",
    "service__reference",
    "agreement__reference",
    "agreement__title",
    "override_by__username",
    "override_by__first_name",
    "override_by__last_name",
)


def _budget_queryset():
    contributions = (
        Contribution.objects.active().select_related("partner").order_by("financial_year", "partner__name")
    )
    commitments = Commitment.objects.active().order_by("committed_on", "pk")
    allocations = (
        Allocation.objects.active()
        .select_related("activity", "service", "agreement", "override_by")
        .only(*ALLOCATION_COLUMNS)
        .prefetch_related(Prefetch("commitments", queryset=commitments, to_attr="active_commitments"))
        .order_by("financial_year", "created_at", "pk")
    )
    return PooledBudget.objects.select_related("host", "holder_user", "archived_by").prefetch_related(
        Prefetch("contributions", queryset=contributions, to_attr="active_contributions"),
        Prefetch("allocations", queryset=allocations, to_attr="active_allocations"),
    )


def budget_list(
    *,
    user,
    search: str = "",
    arrangement: str = "",
    partner_id: int | None = None,
    warnings_only: bool = False,
    include_archived: bool = False,
    ordering: str = "name",
) -> list[PooledBudget]:
    """Budgets with their figures and warnings (`budget.figures`), in a fixed number of queries."""
    if not can_view(user):
        return []
    queryset = _budget_queryset()
    if not include_archived:
        queryset = queryset.active()
    if search:
        queryset = queryset.filter(Q(name__icontains=search) | Q(purpose__icontains=search))
    if arrangement:
        queryset = queryset.filter(arrangement=arrangement)
    if partner_id:
        queryset = queryset.filter(
            Q(host_id=partner_id)
            | Q(contributions__partner_id=partner_id, contributions__archived_at__isnull=True)
        ).distinct()
    budgets = list(queryset.order_by(*BUDGET_ORDERINGS.get(ordering, BUDGET_ORDERINGS["name"]), "pk"))
    for budget in budgets:
        budget.figures = budget_figures(budget)
    if warnings_only:
        budgets = [b for b in budgets if b.figures.warnings]
    return budgets


def budget_detail(pk: int) -> PooledBudget:
    budget = _budget_queryset().get(pk=pk)
    budget.figures = budget_figures(budget)
    return budget


def budget_figures(budget: PooledBudget) -> BudgetFigures:
    """Every figure and warning of a budget, per year, from its prefetched contributions, allocations and
    commitments (see the module's docstring for what each figure is)."""
    contributions = getattr(budget, "active_contributions", None)
    if contributions is None:
        budget = _budget_queryset().get(pk=budget.pk)
        contributions = budget.active_contributions
    years = {year: YearFigures(year=year) for year in budget.years}
    for contribution in contributions:
        figures = years.setdefault(contribution.financial_year, YearFigures(year=contribution.financial_year))
        figures.pooled += contribution.amount
        figures.contributions.append(contribution)
    over_committed = []
    for allocation in budget.active_allocations:
        figures = years.setdefault(allocation.financial_year, YearFigures(year=allocation.financial_year))
        allocation.committed = sum((c.amount for c in allocation.active_commitments), Decimal(0))
        allocation.uncommitted = allocation.amount - allocation.committed
        figures.allocated += allocation.amount
        figures.committed += allocation.committed
        figures.allocations.append(allocation)
        if allocation.overridden:
            figures.overrides.append(allocation)
        if allocation.committed > allocation.amount:
            over_committed.append(allocation)
    ordered = [years[year] for year in sorted(years)]
    return BudgetFigures(years=ordered, warnings=_warnings(budget, ordered, over_committed))


def _warnings(budget: PooledBudget, years: list[YearFigures], over_committed: list) -> list[dict]:
    return (
        _over_allocation_warnings(years)
        + _agreement_warnings(budget)
        + _missing_contribution_warnings(budget, years)
        + _over_commitment_warnings(over_committed)
    )


def _over_allocation_warnings(years: list[YearFigures]) -> list[dict]:
    warnings = []
    for figures in years:
        if not figures.over_allocated:
            continue
        message = (
            f"{figures.label}: {money(figures.allocated)} is allocated, "
            f"{money(figures.allocated - figures.pooled)} more than the {money(figures.pooled)} pooled."
        )
        for allocation in figures.overrides:
            who = allocation.override_by
            name = (who.get_full_name() or who.get_username()) if who else "System"
            message += (
                f" Override for {allocation.target} by {name} on "
                f"{timezone.localtime(allocation.override_at):%-d %B %Y}: {allocation.override_reason}"
            )
        warnings.append({"kind": OVER_ALLOCATED, "year": figures.year, "message": message})
    return warnings


def _agreement_warnings(budget: PooledBudget) -> list[dict]:
    missing = []
    if budget.agreement_signed_on is None:
        missing.append("no date of signing is recorded")
    if not budget.agreement_file:
        missing.append("no signed copy is uploaded")
    if not missing:
        return []
    agreement = "section 75 agreement" if budget.arrangement == Arrangement.POOLED else "agreement"
    message = f"The {agreement} is not shown as signed: " + " and ".join(missing) + "."
    return [{"kind": UNSIGNED, "year": None, "message": message}]


def _missing_contribution_warnings(budget: PooledBudget, years: list[YearFigures]) -> list[dict]:
    contributors = {}
    for figures in years:
        for contribution in figures.contributions:
            contributors.setdefault(contribution.partner_id, contribution.partner)
    ordered = sorted(contributors.items(), key=lambda item: item[1].name)
    warnings = []
    for figures in years:
        if not budget.first_year <= figures.year <= budget.last_year:
            continue
        present = {c.partner_id for c in figures.contributions}
        warnings.extend(
            {
                "kind": MISSING_CONTRIBUTION,
                "year": figures.year,
                "message": f"{partner.name} has no contribution recorded for {figures.label}. {MISSING_RULE}",
            }
            for partner_id, partner in ordered
            if partner_id not in present
        )
    return warnings


def _over_commitment_warnings(over_committed: list) -> list[dict]:
    return [
        {
            "kind": OVER_COMMITTED,
            "year": allocation.financial_year,
            "message": f"{year_label(allocation.financial_year)}: {money(allocation.committed)} is committed "
            f"against the {money(allocation.amount)} allocated to {allocation.target}, "
            f"{money(allocation.committed - allocation.amount)} more.",
        }
        for allocation in over_committed
    ]


# Workforce and market development plans -------------------------------------------------------------------


def plan_list(
    *,
    user,
    search: str = "",
    activity_id: int | None = None,
    sector: str = "",
    include_archived: bool = False,
) -> QuerySet[DevelopmentPlan]:
    if not can_view(user):
        return DevelopmentPlan.objects.none()
    queryset = DevelopmentPlan.objects.all()
    if not include_archived:
        queryset = queryset.active()
    if search:
        queryset = queryset.filter(
            Q(title__icontains=search)
            | Q(skills_gaps__icontains=search)
            | Q(activity__title__icontains=search)
        )
    if activity_id:
        queryset = queryset.filter(activity_id=activity_id)
    if sector:
        queryset = queryset.filter(sectors__icontains=f'"{sector}"')
    return (
        queryset.select_related("activity")
        .prefetch_related(
            Prefetch("training", queryset=TrainingItem.objects.active(), to_attr="active_training"),
            Prefetch("actions", queryset=MarketAction.objects.active(), to_attr="active_actions"),
        )
        .order_by("activity__title", "title", "pk")
    )


def plan_detail(pk: int) -> DevelopmentPlan:
    plan = (
        DevelopmentPlan.objects.select_related("activity", "archived_by")
        .prefetch_related(
            Prefetch("training", queryset=TrainingItem.objects.active(), to_attr="active_training"),
            Prefetch("actions", queryset=MarketAction.objects.active(), to_attr="active_actions"),
        )
        .get(pk=pk)
    )
    plan.training_cost = sum((item.cost or Decimal(0) for item in plan.active_training), Decimal(0))
    return plan


def plans_for_activity(activity) -> list[DevelopmentPlan]:
    return list(DevelopmentPlan.objects.active().filter(activity=activity).order_by("title"))


def home_summary(user) -> dict:
    """The home page's figures; the streams are counted and those ending soon picked in the database, and the
    whole kept in the table cache for the day until a stream, budget or plan changes."""
    today = timezone.localdate()
    return remember(
        f"funding.home_summary|{roles.access_key(user)}|{today.isoformat()}",
        lambda: _home_summary(user, today),
    )


def _home_summary(user, today: date) -> dict:
    streams = stream_list(user=user)
    ending_soon = streams.filter(end_date__gte=today, end_date__lte=add_months(today, ENDING_SOON_MONTHS))
    budgets = budget_list(user=user)
    return {
        "stream_count": streams.count(),
        "stream_total": FundingStream.objects.active()
        .filter(financial_year=financial_year_of(today))
        .aggregate(total=Sum("amount"))["total"]
        or Decimal(0),
        "current_year_label": year_label(financial_year_of(today)),
        "ending_soon": list(
            ending_soon.select_related(None).prefetch_related(None).only("name", "financial_year", "end_date")
        ),
        "budget_count": len(budgets),
        "budgets_with_warnings": [
            BudgetWarned(name=b.name, url=b.get_absolute_url(), warnings=len(b.figures.warnings))
            for b in budgets
            if b.figures.warnings
        ],
        "plan_count": plan_list(user=user).count(),
    }


@dataclass(frozen=True)
class BudgetWarned:
    """A budget the home page lists for its warnings: what it shows, without the budget's figures."""

    name: str
    url: str
    warnings: int
