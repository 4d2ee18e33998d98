"""Reads for benchmarking an indicator: the figures of an area, England, its region and its statistical
neighbours for a period, and their time series with the trend. A handful of queries whatever the number of
areas and periods."""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from commissioning.core.table_cache import remember
from commissioning.needs import statistics
from commissioning.needs.benchmark.figures import (
    BenchmarkError,
    Figure,
    figure_from,
    significance_words,
    unit_kind,
)
from commissioning.needs.models import (
    Area,
    AreaType,
    Indicator,
    IndicatorValue,
    NeedsSettings,
    Neighbour,
)

ENGLAND_CODE = "E92000001"


def indicator_by_code(code: str) -> Indicator:
    indicator = Indicator.objects.filter(code=code).first()
    if indicator is None:
        raise BenchmarkError(f"There is no indicator with the code {code}.", field="indicator")
    return indicator


def area_by_code(code: str) -> Area:
    area = Area.objects.select_related("parent__parent").filter(code=(code or "").strip().upper()).first()
    if area is None:
        raise BenchmarkError(f"There is no area with the ONS code {code}.", field="area")
    return area


def home_area() -> Area | None:
    settings = NeedsSettings.objects.select_related("home_area__parent__parent").first()
    return settings.home_area if settings else None


def region_of(area: Area) -> Area | None:
    """The region above the area: its parent for an authority, its authority's parent for a locality."""
    ancestor = area.parent
    while ancestor is not None:
        if ancestor.area_type == AreaType.REGION:
            return ancestor
        ancestor = ancestor.parent
    return None


def periods_of(indicator: Indicator, *, breakdown: str = "", category: str = "") -> list[tuple[int, str]]:
    """The periods with values of the indicator (for this breakdown category), oldest first, each with its
    first year."""
    return list(
        IndicatorValue.objects.filter(indicator=indicator, breakdown=breakdown, category=category)
        .values_list("period_sort", "period")
        .distinct()
        .order_by("period_sort", "period")
    )


def periods_of_any_breakdown(indicator: Indicator) -> list[tuple[int, str]]:
    """The periods with any value of the indicator, oldest first."""
    return list(
        IndicatorValue.objects.filter(indicator=indicator)
        .values_list("period_sort", "period")
        .distinct()
        .order_by("period_sort", "period")
    )


def breakdowns_of(indicator: Indicator) -> list[tuple[str, str]]:
    """The breakdown categories the indicator has values for, everyone ("", "") first."""
    rows = (
        IndicatorValue.objects.filter(indicator=indicator)
        .values_list("breakdown", "category")
        .distinct()
        .order_by("breakdown", "category")
    )
    return list(rows)


def minimum_neighbours(set_size: int) -> int:
    """A neighbour average needs values for at least half the set (5 of the usual 10)."""
    return max(1, math.ceil(set_size / 2))


@dataclass
class TableRow:
    figure: Figure
    closeness: int | None  # 1 = the closest neighbour; None for the area itself
    is_selected: bool
    is_home: bool


@dataclass
class SeriesRow:
    period: str
    period_sort: int
    area: Figure
    england: Figure | None
    region: Figure | None
    neighbour_average: float | None
    neighbour_count: int


@dataclass
class NeighbourAverage:
    value: float | None
    count: int
    set_size: int
    note: str = ""


@dataclass
class Benchmark:
    indicator: Indicator
    area: Area
    period: str
    breakdown: str
    category: str
    periods: list[str]
    figure: Figure
    england: Figure | None
    region: Figure | None
    neighbour_average: NeighbourAverage
    neighbour_rank: int | None
    ranked_count: int
    quartile: int | None
    quartile_of: int
    quartile_note: str
    table: list[TableRow]
    series: list[SeriesRow]
    trend: statistics.Trend
    england_trend: statistics.Trend | None
    neighbour_trend: statistics.Trend
    kind: str | None
    notes: list[str] = field(default_factory=list)

    @property
    def significance(self) -> str:
        return self.figure.significance

    @property
    def neighbour_count(self) -> int:
        return self.neighbour_average.count

    @property
    def significance_text(self) -> str:
        return significance_words(self.figure, self.england)


class _Context:
    """What every figure of one benchmark needs: the indicator's unit and the stored rows by area and period."""

    def __init__(self, indicator: Indicator, rows: list[StoredValue]):
        self.indicator = indicator
        self.kind, self.multiplier = unit_kind(indicator.unit)
        self.rows = {(row.area_id, row.period): row for row in rows}

    def figure(self, area: Area, period: str) -> Figure:
        row = self.rows.get((area.pk, period))
        return figure_from(row, area=area, period=period, kind=self.kind, multiplier=self.multiplier)

    def compare(self, figure: Figure, england: Figure | None) -> Figure:
        figure.significance = statistics.compare_with_benchmark(
            lower=figure.lower,
            upper=figure.upper,
            benchmark=england.value if england else None,
            polarity=self.indicator.polarity,
        )
        return figure


def _neighbour_average(figures: list[Figure], set_size: int) -> NeighbourAverage:
    values = [figure.value for figure in figures if figure.value is not None]
    if set_size == 0:
        return NeighbourAverage(None, 0, 0, "The area has no statistical neighbours.")
    needed = minimum_neighbours(set_size)
    if len(values) < needed:
        return NeighbourAverage(
            None,
            len(values),
            set_size,
            f"Only {len(values)} of {set_size} neighbours have a figure; an average needs at least {needed}.",
        )
    return NeighbourAverage(sum(values) / len(values), len(values), set_size)


VALUE_FIELDS = (
    "area_id",
    "period",
    "period_sort",
    "breakdown",
    "category",
    "value",
    "numerator",
    "denominator",
    "lower_ci",
    "upper_ci",
    "suppression",
)


@dataclass(slots=True)
class StoredValue:
    """The stored figure's fields the benchmark reads (lighter than a model instance)."""

    area_id: int
    period: str
    period_sort: int
    breakdown: str
    category: str
    value: float | None
    numerator: float | None
    denominator: float | None
    lower_ci: float | None
    upper_ci: float | None
    suppression: str


def stored_values(queryset) -> list[StoredValue]:
    return [StoredValue(*row) for row in queryset.values_list(*VALUE_FIELDS)]


def england() -> Area | None:
    return Area.objects.filter(code=ENGLAND_CODE).first()


def _load(
    indicator, area, neighbours, region, breakdown, category
) -> tuple[list[IndicatorValue], Area | None]:
    """The values of the area, its neighbours, its region and England in every period (the areas are known,
    so only the figures are read)."""
    england_area = england()
    area_ids = {area.pk, *(neighbour.area_id for neighbour in neighbours)}
    for other in (region, england_area):
        if other is not None:
            area_ids.add(other.pk)
    rows = stored_values(
        IndicatorValue.objects.filter(
            indicator=indicator, breakdown=breakdown, category=category, area_id__in=area_ids
        )
    )
    return rows, england_area


def _authority_values(indicator, period, breakdown, category) -> list[float]:
    return list(
        IndicatorValue.objects.filter(
            indicator=indicator,
            breakdown=breakdown,
            category=category,
            period=period,
            value__isnull=False,
            area__area_type=AreaType.LOCAL_AUTHORITY,
            area__end_date__isnull=True,
        ).values_list("value", flat=True)
    )


def _resolve_period(indicator: Indicator, periods: list[str], period: str | None, breakdown: str) -> str:
    if not periods:
        scope = "for this breakdown" if breakdown else "yet"
        raise BenchmarkError(
            f"{indicator.title} has no values {scope}.", field="breakdown" if breakdown else "indicator"
        )
    if not period:
        return periods[-1]
    if period not in periods:
        raise BenchmarkError(
            f"{indicator.title} has no values for {period}. Periods with values: {', '.join(periods)}.",
            field="period",
        )
    return period


def benchmark(
    *,
    indicator: Indicator,
    area: Area,
    period: str | None = None,
    breakdown: str = "",
    category: str = "",
    home: Area | None = None,
) -> Benchmark:
    """The benchmark of an indicator for an area and period (the latest when not given), for everyone or
    one breakdown category. Raises BenchmarkError when the indicator has no values for that period.

    It depends on those choices only, not on the person, so it is kept in the table cache until a figure, area,
    neighbour set or the indicator is written."""
    key = (
        f"needs.benchmark|{indicator.pk}|{area.pk}|{period}|{breakdown}|{category}|{home.pk if home else ''}"
    )
    return remember(
        key,
        lambda: _benchmark(
            indicator=indicator, area=area, period=period, breakdown=breakdown, category=category, home=home
        ),
    )


def _benchmark(
    *,
    indicator: Indicator,
    area: Area,
    period: str | None,
    breakdown: str,
    category: str,
    home: Area | None,
) -> Benchmark:
    dated_periods = periods_of(indicator, breakdown=breakdown, category=category)
    periods = [label for _, label in dated_periods]
    period = _resolve_period(indicator, periods, period, breakdown)
    neighbours = list(
        Neighbour.objects.filter(neighbour_set__area=area).select_related("area").order_by("rank")
    )
    region = region_of(area)
    rows, england_area = _load(indicator, area, neighbours, region, breakdown, category)
    context = _Context(indicator, rows)

    england = context.figure(england_area, period) if england_area else None
    figure = context.compare(context.figure(area, period), england)
    region_figure = context.compare(context.figure(region, period), england) if region else None
    neighbour_figures = [context.compare(context.figure(n.area, period), england) for n in neighbours]

    ranks = statistics.rank({f.area.pk: f.value for f in [figure, *neighbour_figures]}, indicator.polarity)
    for item in [figure, *neighbour_figures]:
        item.rank = ranks[item.area.pk]
    table = _table(figure, neighbours, neighbour_figures, home)

    quartile, quartile_of, quartile_note = _quartile(indicator, area, figure, period, breakdown, category)
    series = _series(context, dated_periods, area, england_area, region, neighbours)
    kind, multiplier = context.kind, context.multiplier
    return Benchmark(
        indicator=indicator,
        area=area,
        period=period,
        breakdown=breakdown,
        category=category,
        periods=periods,
        figure=figure,
        england=england,
        region=region_figure,
        neighbour_average=_neighbour_average(neighbour_figures, len(neighbours)),
        neighbour_rank=figure.rank,
        ranked_count=sum(1 for rank in ranks.values() if rank is not None),
        quartile=quartile,
        quartile_of=quartile_of,
        quartile_note=quartile_note,
        table=table,
        series=series,
        trend=_trend([(row.period_sort, row.area) for row in series], indicator, kind, multiplier),
        england_trend=_trend([(r.period_sort, r.england) for r in series], indicator, kind, multiplier)
        if england_area
        else None,
        neighbour_trend=_trend(
            [(r.period_sort, _plain(r.area.area, r.neighbour_average)) for r in series],
            indicator,
            kind,
            multiplier,
        ),
        kind=kind,
    )


def _plain(area: Area, value: float | None) -> Figure:
    return Figure(area=area, period="", value=value)


def _trend(points, indicator, kind, multiplier) -> statistics.Trend:
    return statistics.trend(
        [figure.series_point(x) for x, figure in points],
        polarity=indicator.polarity,
        kind=kind or "",
        multiplier=multiplier,
    )


def _table(figure, neighbours, neighbour_figures, home) -> list[TableRow]:
    home_pk = home.pk if home else None
    rows = [TableRow(figure, None, True, figure.area.pk == home_pk)]
    rows += [
        TableRow(item, neighbour.rank, False, item.area.pk == home_pk)
        for neighbour, item in zip(neighbours, neighbour_figures, strict=True)
    ]
    # Best first by rank; areas without a figure last, closest first.
    return sorted(rows, key=lambda row: (row.figure.rank is None, row.figure.rank or 0, row.closeness or 0))


def _quartile(indicator, area, figure, period, breakdown, category) -> tuple[int | None, int, str]:
    if area.area_type != AreaType.LOCAL_AUTHORITY:
        return None, 0, "Quartiles are worked out among local authorities only."
    values = _authority_values(indicator, period, breakdown, category)
    if figure.value is None:
        return None, len(values), "No quartile: the area has no figure for this period."
    return statistics.quartile(figure.value, values, indicator.polarity), len(values), ""


def _series(context, periods, area, england_area, region, neighbours) -> list[SeriesRow]:
    series = []
    for period_sort, period in periods:
        neighbour_figures = [context.figure(neighbour.area, period) for neighbour in neighbours]
        average = _neighbour_average(neighbour_figures, len(neighbours))
        england = context.figure(england_area, period) if england_area else None
        series.append(
            SeriesRow(
                period=period,
                period_sort=period_sort,
                area=context.compare(context.figure(area, period), england),
                england=england,
                region=context.figure(region, period) if region else None,
                neighbour_average=average.value,
                neighbour_count=average.count,
            )
        )
    return series
