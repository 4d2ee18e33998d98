"""Reads for an indicator's groups: the breakdown categories of an area side by side over time, and the gap
between a chosen group and a comparator (England's same group, everyone, the rest, or another group) with
whether it is narrowing. Two queries whatever the number of periods and groups."""

from __future__ import annotations

from dataclasses import dataclass

from commissioning.needs import statistics
from commissioning.needs.benchmark.figures import (
    BenchmarkError,
    Figure,
    figure_from,
    parse_breakdown,
    unit_kind,
)
from commissioning.needs.benchmark.selectors import StoredValue, england, stored_values
from commissioning.needs.models import Area, Indicator, IndicatorValue

ENGLAND = "england"
EVERYONE = "all"
REST = "rest"


@dataclass
class CategoryColumn:
    category: str  # "" for everyone
    label: str
    figures: list[Figure]  # one per period of the table
    trend: statistics.Trend


@dataclass
class BreakdownTable:
    name: str
    periods: list[str]
    columns: list[CategoryColumn]


@dataclass
class GapRow:
    period: str
    group: Figure
    comparator: Figure
    gap: float | None
    lower: float | None
    upper: float | None


@dataclass
class Gap:
    group_label: str
    comparator_label: str
    rows: list[GapRow]
    result: statistics.GapTrend

    @property
    def status_words(self) -> str:
        return {
            statistics.NARROWING: "The gap is narrowing",
            statistics.WIDENING: "The gap is widening",
            statistics.NO_CHANGE: "No significant change in the gap",
        }.get(self.result.status, f"Not assessed. {self.result.reason}".strip())


@dataclass
class Groups:
    indicator: Indicator
    area: Area
    tables: list[BreakdownTable]
    gap: Gap | None


class _Values:
    def __init__(self, indicator: Indicator, rows: list[StoredValue], area: Area, england_area: Area | None):
        self.indicator = indicator
        self.kind, self.multiplier = unit_kind(indicator.unit)
        self.area = area
        self.england = england_area
        self.rows = {(row.area_id, row.breakdown, row.category, row.period): row for row in rows}
        sorts = {}
        for row in rows:
            sorts.setdefault(row.period, row.period_sort)
        self.periods = sorted(sorts, key=lambda period: (sorts[period], period))
        self.sorts = sorts
        self.categories: dict[str, list[str]] = {}
        for row in rows:
            if row.area_id == area.pk and row.breakdown:
                names = self.categories.setdefault(row.breakdown, [])
                if row.category not in names:
                    names.append(row.category)

    def figure(self, area: Area | None, breakdown: str, category: str, period: str) -> Figure:
        if area is None:
            return Figure(area=self.area, period=period, note="There is no England figure.")
        row = self.rows.get((area.pk, breakdown, category, period))
        return figure_from(row, area=area, period=period, kind=self.kind, multiplier=self.multiplier)

    def series(self, figures: list[Figure]) -> list[statistics.SeriesPoint]:
        return [figure.series_point(self.sorts[figure.period]) for figure in figures]

    def trend(self, figures: list[Figure]) -> statistics.Trend:
        return statistics.trend(
            self.series(figures),
            polarity=self.indicator.polarity,
            kind=self.kind or "",
            multiplier=self.multiplier,
        )

    def rest(self, breakdown: str, category: str, period: str) -> Figure:
        """Everyone except the group, from the counts: (all − group numerators) / (all − group denominators)."""
        everyone = self.rows.get((self.area.pk, "", "", period))
        group = self.rows.get((self.area.pk, breakdown, category, period))
        figure = Figure(area=self.area, period=period)
        if self.kind not in (statistics.PROPORTION, statistics.RATE) or not (
            _has_counts(everyone) and _has_counts(group)
        ):
            figure.note = "The rest cannot be worked out: it needs the numerators and denominators of everyone and the group."
            return figure
        numerator = everyone.numerator - group.numerator
        denominator = everyone.denominator - group.denominator
        if denominator <= 0 or numerator < 0:
            figure.note = "The rest cannot be worked out: the group's counts are not smaller than everyone's."
            return figure
        figure.value = numerator / denominator * self.multiplier
        figure.numerator, figure.denominator = numerator, denominator
        interval = statistics.confidence_interval(
            kind=self.kind,
            value=figure.value,
            numerator=numerator,
            denominator=denominator,
            multiplier=self.multiplier,
        )
        if interval is not None:
            figure.lower, figure.upper = interval.lower, interval.upper
            figure.interval_source, figure.interval_method = "computed", interval.method
        return figure


def _has_counts(row: StoredValue | None) -> bool:
    return row is not None and row.numerator is not None and row.denominator is not None


def _load(indicator: Indicator, area: Area, england: Area | None) -> list[StoredValue]:
    area_ids = [area.pk] if england is None else [area.pk, england.pk]
    return stored_values(IndicatorValue.objects.filter(indicator=indicator, area_id__in=area_ids))


def _tables(values: _Values) -> list[BreakdownTable]:
    tables = []
    for name in sorted(values.categories):
        columns = []
        for category in ["", *values.categories[name]]:
            figures = [
                values.figure(values.area, name if category else "", category, p) for p in values.periods
            ]
            columns.append(CategoryColumn(category, category or "Everyone", figures, values.trend(figures)))
        tables.append(BreakdownTable(name, values.periods, columns))
    return tables


def comparator_label(comparator: str, breakdown: str, category: str) -> str:
    if comparator == ENGLAND:
        return f"England, {category}"
    if comparator == EVERYONE:
        return "Everyone"
    if comparator == REST:
        return f"Everyone except {category}"
    return comparator.partition(":")[2]


def _comparator_figures(values: _Values, comparator: str, breakdown: str, category: str) -> list[Figure]:
    if comparator == ENGLAND:
        return [values.figure(values.england, breakdown, category, p) for p in values.periods]
    if comparator == EVERYONE:
        return [values.figure(values.area, "", "", p) for p in values.periods]
    if comparator == REST:
        return [values.rest(breakdown, category, p) for p in values.periods]
    other_breakdown, _, other_category = comparator.partition(":")
    if other_category not in values.categories.get(other_breakdown, []):
        raise BenchmarkError(f"{values.area.name} has no figures for {comparator}.", field="comparator")
    return [values.figure(values.area, other_breakdown, other_category, p) for p in values.periods]


def _gap(values: _Values, group: str, comparator: str) -> Gap:
    breakdown, category = parse_breakdown(group, field="group")
    if not breakdown or category not in values.categories.get(breakdown, []):
        raise BenchmarkError(f"{values.area.name} has no figures for the group {group}.", field="group")
    figures = [values.figure(values.area, breakdown, category, p) for p in values.periods]
    others = _comparator_figures(values, comparator, breakdown, category)
    result = statistics.gap_over_time(values.series(figures), values.series(others))
    by_x = {point.x: point for point in result.points}
    rows = []
    for figure, other in zip(figures, others, strict=True):
        point = by_x.get(values.sorts[figure.period])
        rows.append(
            GapRow(
                figure.period,
                figure,
                other,
                point.gap if point else None,
                point.lower if point else None,
                point.upper if point else None,
            )
        )
    return Gap(category, comparator_label(comparator, breakdown, category), rows, result)


def groups(*, indicator: Indicator, area: Area, group: str = "", comparator: str = ENGLAND) -> Groups:
    """The area's breakdowns side by side over every period, and, when a group (NAME:CATEGORY) is chosen,
    its gap with the comparator over time."""
    england_area = england()
    values = _Values(indicator, _load(indicator, area, england_area), area, england_area)
    if not values.categories:
        raise BenchmarkError(f"{area.name} has no figures by group for {indicator.title}.", field="area")
    gap = _gap(values, group, comparator or ENGLAND) if group else None
    return Groups(indicator, area, _tables(values), gap)
