"""Reads for the gap and overlap analysis: the running services against priorities or outcomes, and
localities against tiers."""

from decimal import Decimal

from django.core.paginator import Paginator
from django.db.models import (
    Count,
    DecimalField,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    Subquery,
    Sum,
    Window,
)
from django.db.models.functions import RowNumber

from commissioning.core.table_cache import remember
from commissioning.cycle.models import CommissioningActivity, Tier
from commissioning.cycle.rules import LEADING_ROLES
from commissioning.needs.models import AreaType, NeedsAnalysis
from commissioning.organisations import roles
from commissioning.services.analysis.figures import (
    NAMES_PER_CELL,
    CoverageSummary,
    LocalityMatrix,
    LocalityRow,
    LocalitySummaryCell,
    RowFigures,
    coverage_matrix,
    locality_matrix,
    split_spend,
)
from commissioning.services.models import Service
from commissioning.services.selectors import ecm_outcomes, localities, open_priorities

BY_PRIORITY, BY_OUTCOME = "priority", "outcome"
BY_CHOICES = [(BY_PRIORITY, "Priorities of the needs analyses"), (BY_OUTCOME, "Every Child Matters outcomes")]


def running_services() -> list[Service]:
    return list(
        Service.objects.running()
        .select_related("provider")
        .prefetch_related("priorities", "outcomes", "localities")
        .order_by("name", "reference")
    )


def analyses_with_priorities():
    return (
        NeedsAnalysis.objects.active()
        .filter(priorities__archived_at__isnull=True)
        .distinct()
        .order_by("title")
    )


def gap_analysis(*, by: str = BY_PRIORITY, analysis_id: int | None = None) -> dict:
    """The coverage matrix (by priority or by outcome) and the localities × tiers matrix."""
    services = running_services()
    if by == BY_OUTCOME:
        rows = [(item.pk, item.heading, item.ref) for item in ecm_outcomes()]
        links = {service.pk: {item.pk for item in service.outcomes.all()} for service in services}
        things = "outcomes"
    else:
        by = BY_PRIORITY
        priorities = open_priorities()
        if analysis_id:
            priorities = priorities.filter(analysis_id=analysis_id)
        rows = [(p.pk, p.title, p.analysis.title) for p in priorities]
        links = {service.pk: {p.pk for p in service.priorities.all()} for service in services}
        things = "priorities"
    area_links = {service.pk: {area.pk for area in service.localities.all()} for service in services}
    return {
        "by": by,
        "things": things,
        "matrix": coverage_matrix(services=services, rows=rows, links=links),
        "localities": locality_matrix(services=services, localities=localities(), locality_links=area_links),
    }


# The page: the same figures as gap_analysis(), worked out in the database --------------------------------------

MATRIX_PAGE_SIZE = 25
MONEY = DecimalField(max_digits=20, decimal_places=2)


def _link_table(by: str):
    """The table linking services to the matrix's rows, and the name of its column pointing at a row."""
    if by == BY_OUTCOME:
        return Service.outcomes.through, "frameworkitem_id"
    return Service.priorities.through, "priority_id"


def _rows_and_links(by: str, analysis_id: int | None):
    """The matrix rows as (key, label, detail), the link table, and the name of its column pointing at a row."""
    if by == BY_OUTCOME:
        rows = [(item.pk, item.heading, item.ref) for item in ecm_outcomes()]
    else:
        priorities = open_priorities()
        if analysis_id:
            priorities = priorities.filter(analysis_id=analysis_id)
        rows = [(p.pk, p.title, p.analysis.title) for p in priorities]
    return rows, *_link_table(by)


def _shared_out(groups, key_fields: tuple[str, ...]) -> dict:
    """{key: (services, costs not recorded, spend)}, the spend being the sum of each group's cost divided by how
    many ways its services split their cost: a group holds the services of one key that split it the same way."""
    counts: dict = {}
    shares: dict = {}
    for group in groups:
        key = tuple(group[name] for name in key_fields)
        key = key if len(key) > 1 else key[0]
        count = counts.setdefault(key, [0, 0])
        count[0] += group["services"]
        count[1] += group["not_recorded"]
        if group["cost"] is not None:
            shares.setdefault(key, []).append((group["cost"], group["ways"]))
    return {
        key: (services, not_recorded, split_spend(shares[key]) if key in shares else Decimal(0))
        for key, (services, not_recorded) in counts.items()
    }


def _row_figures(key, label, detail, count, not_recorded, spend) -> RowFigures:
    return RowFigures(
        key=key, label=label, detail=detail, count=count, spend=spend, cost_not_recorded=not_recorded
    )


def _linked(rows: list[tuple], links, column: str):
    """The links of running services to the matrix's rows."""
    keys = [key for key, _, _ in rows]
    return links.objects.filter(**{f"{column}__in": keys}, service__in=Service.objects.running().values("pk"))


def _coverage_summary(rows: list[tuple], links, column: str) -> CoverageSummary:
    keys = [key for key, _, _ in rows]
    running = Service.objects.running()
    linked = _linked(rows, links, column)
    ways = links.objects.filter(service_id=OuterRef("service_id"), **{f"{column}__in": keys})
    ways = ways.order_by().values("service_id").annotate(n=Count("*")).values("n")
    groups = (
        linked.annotate(ways=Subquery(ways, output_field=IntegerField()))
        .order_by()
        .values(column, "ways")
        .annotate(
            services=Count("*"),
            not_recorded=Count("pk", filter=Q(service__annual_cost__isnull=True)),
            cost=Sum("service__annual_cost", output_field=MONEY),
        )
    )
    figures = _shared_out(groups, (column,))
    totals = running.annotate(
        linked=Exists(links.objects.filter(service_id=OuterRef("pk"), **{f"{column}__in": keys}))
    ).aggregate(
        services=Count("pk"),
        spend=Sum("annual_cost", output_field=MONEY),
        not_recorded=Count("pk", filter=Q(annual_cost__isnull=True)),
        unlinked=Count("pk", filter=Q(linked=False)),
        unlinked_spend=Sum("annual_cost", filter=Q(linked=False), output_field=MONEY),
    )
    summary = CoverageSummary(
        rows=[
            _row_figures(key, label, detail, *figures.get(key, (0, 0, Decimal(0))))
            for key, label, detail in rows
        ],
        service_count=totals["services"],
        total_spend=totals["spend"] or Decimal(0),
        cost_not_recorded_count=totals["not_recorded"],
        unlinked_count=totals["unlinked"],
        unlinked_spend=totals["unlinked_spend"] or Decimal(0),
    )
    overlaps = {row.key: row for row in summary.overlaps}
    if overlaps:  # the findings name the services of each overlap
        names = linked.filter(**{f"{column}__in": list(overlaps)}).order_by(
            "service__name", "service__reference"
        )
        for key, name in names.values_list(column, "service__name"):
            overlaps[key].service_names.append(name)
    return summary


def _matrix_page(rows: list[tuple], linked, column: str, page_number) -> dict:
    """One page of the services × rows matrix: the services of the page and, for each, whether it addresses
    each row."""
    services = Service.objects.running().only("pk", "name", "reference").order_by("name", "reference")
    page = Paginator(services, MATRIX_PAGE_SIZE).get_page(page_number)
    addressed = set(linked.filter(service__in=[s.pk for s in page]).values_list("service_id", column))
    lines = [
        {"service": service, "cells": [(service.pk, key) in addressed for key, _, _ in rows]}
        for service in page
    ]
    return {"page_obj": page, "lines": lines}


def _locality_summary() -> LocalityMatrix:
    tiers = list(Tier.choices)
    running = Service.objects.running()
    areas = localities()
    links = Service.localities.through
    in_localities = links.objects.filter(
        service__in=running.filter(covers_whole_area=False).values("pk"), area__area_type=AreaType.LOCALITY
    )
    ways = links.objects.filter(service_id=OuterRef("service_id"), area__area_type=AreaType.LOCALITY)
    ways = ways.order_by().values("service_id").annotate(n=Count("*")).values("n")
    groups = (
        in_localities.annotate(ways=Subquery(ways, output_field=IntegerField()), tier=F("service__tier"))
        .order_by()
        .values("area_id", "tier", "ways")
        .annotate(
            services=Count("*"),
            not_recorded=Count("pk", filter=Q(service__annual_cost__isnull=True)),
            cost=Sum("service__annual_cost", output_field=MONEY),
        )
    )
    by_cell = _shared_out(groups, ("area_id", "tier"))
    whole = {
        group["tier"]: group
        for group in running.filter(covers_whole_area=True)
        .order_by()
        .values("tier")
        .annotate(
            services=Count("pk"),
            not_recorded=Count("pk", filter=Q(annual_cost__isnull=True)),
            cost=Sum("annual_cost", output_field=MONEY),
        )
    }
    names: dict = {}
    first = in_localities.annotate(
        tier=F("service__tier"),
        position=Window(
            RowNumber(),
            partition_by=[F("area_id"), F("service__tier")],
            order_by=[F("service__name"), F("service__reference")],
        ),
    ).filter(position__lte=NAMES_PER_CELL)
    for area_id, tier, pk, name in first.order_by("service__name", "service__reference").values_list(
        "area_id", "tier", "service_id", "service__name"
    ):
        names.setdefault((area_id, tier), []).append((pk, name))
    first_whole = (
        running.filter(covers_whole_area=True)
        .annotate(
            position=Window(RowNumber(), partition_by=[F("tier")], order_by=[F("name"), F("reference")])
        )
        .filter(position__lte=NAMES_PER_CELL)
    )
    for tier, pk, name in first_whole.order_by("name", "reference").values_list("tier", "pk", "name"):
        names.setdefault(("whole", tier), []).append((pk, name))

    rows = []
    for area in areas:
        row = LocalityRow(key=area.pk, label=area.name, cells=[])
        for tier, _ in tiers:
            count, not_recorded, spend = by_cell.get((area.pk, tier), (0, 0, Decimal(0)))
            row.cells.append(
                LocalitySummaryCell(
                    tier=tier,
                    count=count,
                    services=names.get((area.pk, tier), []),
                    whole_area_count=whole[tier]["services"] if tier in whole else 0,
                )
            )
            row.spend += spend
            row.cost_not_recorded += not_recorded
        rows.append(row)
    whole_row = LocalityRow(key="whole", label="Whole area", cells=[], is_whole_area=True)
    for tier, _ in tiers:
        group = whole.get(tier, {"services": 0, "not_recorded": 0, "cost": None})
        whole_row.cells.append(
            LocalitySummaryCell(tier=tier, count=group["services"], services=names.get(("whole", tier), []))
        )
        whole_row.cost_not_recorded += group["not_recorded"]
        whole_row.spend += group["cost"] or 0
    return LocalityMatrix(tiers=tiers, rows=[*rows, whole_row])


def coverage_summary(*, by: str = BY_PRIORITY, analysis_id: int | None = None) -> CoverageSummary:
    """The figures per priority (or outcome) of gap_analysis(), from the database."""
    rows, links, column = _rows_and_links(by, analysis_id)
    return _coverage_summary(rows, links, column)


def gap_summary(*, by: str = BY_PRIORITY, analysis_id: int | None = None, page=1) -> dict:
    """The figures of gap_analysis() for the page, from the database, with one page of the services × rows
    matrix; the queries do not grow with the number of services. The figures over every service are kept in the
    table cache until a service, priority, outcome or locality changes."""
    by = BY_OUTCOME if by == BY_OUTCOME else BY_PRIORITY
    rows, summary, locality_summary = remember(
        f"services.gap_summary|{by}|{analysis_id}", lambda: _gap_figures(by, analysis_id)
    )
    links, column = _link_table(by)
    return {
        "by": by,
        "things": "outcomes" if by == BY_OUTCOME else "priorities",
        "matrix": summary,
        "matrix_page": _matrix_page(rows, _linked(rows, links, column), column, page),
        "localities": locality_summary,
    }


def _gap_figures(by: str, analysis_id: int | None) -> tuple[list[tuple], CoverageSummary, LocalityMatrix]:
    rows, links, column = _rows_and_links(by, analysis_id)
    return rows, _coverage_summary(rows, links, column), _locality_summary()


def activities_for_evidence(user) -> list[tuple[int, str]]:
    """Activities the person may add evidence to, for saving the findings on steps 4 and 5, as (id, label) choices.
    Only the activities of the organisations in which the person leads commissioning are checked, unless they are
    an administrator. Kept in the table cache for the person's access until an activity or its partners change:
    checking the rules for each of a large partnership's activities is most of the page."""
    return remember(
        f"services.activities_for_evidence|{roles.access_key(user)}", lambda: _evidence_choices(user)
    )


def _evidence_choices(user) -> list[tuple[int, str]]:
    activities = (
        CommissioningActivity.objects.active()
        .select_related("lead_organisation")
        .prefetch_related(Prefetch("partners"))
    )
    if not roles.is_administrator(user):
        leading = {org_id for org_id, role in roles.role_pairs(user) if role in LEADING_ROLES}
        involved = CommissioningActivity.partners.through.objects.filter(
            commissioningactivity_id=OuterRef("pk"), organisation_id__in=leading
        )
        activities = activities.filter(Q(lead_organisation_id__in=leading) | Exists(involved))
    return [
        (activity.pk, f"{activity.title} ({activity.cycle_year_label})")
        for activity in activities.order_by("-cycle_year", "title")
        if user.has_perm("cycle.change_activity", activity)
    ]
