"""Figures in words and numbers for the benchmark pages and their CSV downloads."""

from __future__ import annotations

from commissioning.needs import statistics
from commissioning.needs.benchmark.figures import Figure
from commissioning.needs.models import Unit

TAG_CLASSES = {
    statistics.BETTER: "govuk-tag--green",
    statistics.WORSE: "govuk-tag--red",
    statistics.SIMILAR: "govuk-tag--yellow",
    statistics.HIGHER: "govuk-tag--blue",
    statistics.LOWER: "govuk-tag--blue",
    statistics.NOT_COMPARED: "govuk-tag--grey",
}
SIGNIFICANCE_LABELS = {
    statistics.BETTER: "Better",
    statistics.WORSE: "Worse",
    statistics.SIMILAR: "Similar",
    statistics.HIGHER: "Higher",
    statistics.LOWER: "Lower",
    statistics.NOT_COMPARED: "Not compared",
}
_SUFFIX = {
    Unit.PERCENTAGE: "%",
    Unit.RATE_PER_1000: " per 1,000",
    Unit.RATE_PER_10000: " per 10,000",
    Unit.RATE_PER_100000: " per 100,000",
}


def number(value: float | None, unit: str) -> str:
    """A figure as people read it: one decimal place, with thousands separators; whole counts."""
    if value is None:
        return ""
    if unit == Unit.COUNT and float(value).is_integer():
        return f"{value:,.0f}"
    return f"{value:,.1f}"


def with_unit(value: float | None, unit: str) -> str:
    if value is None:
        return ""
    return f"{number(value, unit)}{_SUFFIX.get(unit, '')}"


def interval(figure: Figure | None, unit: str) -> str:
    if figure is None or not figure.has_interval:
        return ""
    percent = "%" if unit == Unit.PERCENTAGE else ""
    return f"{number(figure.lower, unit)}{percent} to {number(figure.upper, unit)}{percent}"


def interval_source(figure: Figure, unit: str) -> str:
    """How the interval was obtained, in words."""
    if not figure.has_interval:
        return ""
    if figure.interval_source == "published":
        return "as published"
    if figure.numerator is not None and figure.denominator:
        return (
            f"{figure.interval_method}, from {number(figure.numerator, Unit.COUNT)} out of "
            f"{number(figure.denominator, Unit.COUNT)}"
        )
    return f"{figure.interval_method}, from the count"


def value_or_reason(figure: Figure | None, unit: str) -> str:
    if figure is None:
        return "No figure"
    if figure.value is None:
        return f"Suppressed ({figure.suppression})" if figure.suppression else "No figure"
    return with_unit(figure.value, unit)


def ordinal(rank: int | None) -> str:
    if rank is None:
        return ""
    suffix = "th" if 10 <= rank % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(rank % 10, "th")
    return f"{rank}{suffix}"


def slope_words(trend: statistics.Trend, unit: str) -> str:
    """The trend's method and size, e.g. "2.5 a year (95% confidence interval 1.5 to 3.5), chi-squared test
    for trend over 2019 to 2023, 5 periods"."""
    if trend.slope is None:
        return trend.reason
    unit_words = "percentage points" if unit == Unit.PERCENTAGE else _SUFFIX.get(unit, "").strip()
    size = f"{trend.slope.slope:+,.2f}{' ' + unit_words if unit_words else ''} a year"
    limits = f"{trend.slope.lower:,.2f} to {trend.slope.upper:,.2f}"
    return (
        f"{size} (95% confidence interval {limits}; {p_value(trend.slope.p_value)}), "
        f"{trend.slope.method.lower()} over the last {trend.points} periods with a figure"
    )


def csv_number(value: float | None) -> str:
    return "" if value is None else str(round(value, 4))


def p_value(value: float) -> str:
    return "p < 0.001" if value < 0.001 else f"p = {value:.3f}"


# Rows for the pages' tables and the CSV files -----------------------------------------------------------


def figure_cells(figure, unit) -> dict:
    return {
        "value": value_or_reason(figure, unit),
        "interval": interval(figure, unit),
        "interval_source": interval_source(figure, unit) if figure else "",
        "significance": figure.significance if figure else "not_compared",
        "significance_label": SIGNIFICANCE_LABELS[figure.significance] if figure else "Not compared",
        "tag_class": TAG_CLASSES[figure.significance] if figure else "govuk-tag--grey",
        "note": figure.note if figure else "No figure was published for this period.",
        "suppression": figure.suppression if figure else "",
        "csv_value": csv_number(figure.value) if figure else "",
        "csv_lower": csv_number(figure.lower) if figure else "",
        "csv_upper": csv_number(figure.upper) if figure else "",
    }


def table_row(row, unit) -> dict:
    figure = row.figure
    return {
        "rank": figure.rank or "",
        "code": figure.area.code,
        "name": figure.area.name,
        "closeness": row.closeness or "",
        "is_selected": row.is_selected,
        "is_home": row.is_home,
        "comparator": False,
        **figure_cells(figure, unit),
    }


def comparator_rows(result, unit) -> list[dict]:
    rows = []
    for figure, label in ((result.england, "England"), (result.region, "Region")):
        if figure is None:
            continue
        cells = figure_cells(figure, unit)
        if label == "England":
            cells.update(significance_label="", tag_class="", significance="")
        rows.append(
            {
                "rank": "",
                "code": figure.area.code,
                "name": figure.area.name if label == "England" else f"{figure.area.name} (region)",
                "closeness": "",
                "is_selected": False,
                "is_home": False,
                "comparator": True,
                **cells,
            }
        )
    return rows


def series_row(row, unit) -> dict:
    return {
        "period": row.period,
        **figure_cells(row.area, unit),
        "england": value_or_reason(row.england, unit) if row.england else "",
        "region": value_or_reason(row.region, unit) if row.region else "",
        "neighbour_average": with_unit(row.neighbour_average, unit) or "Not enough figures",
        "neighbour_count": row.neighbour_count,
        "csv_england": csv_number(row.england.value) if row.england else "",
        "csv_region": csv_number(row.region.value) if row.region else "",
        "csv_neighbour_average": csv_number(row.neighbour_average),
    }


def trend_rows(result, unit) -> list[dict]:
    rows = [(result.area.name, result.trend)]
    if result.england_trend is not None:
        rows.append(("England", result.england_trend))
    rows.append(("Statistical neighbours' average", result.neighbour_trend))
    return [{"name": name, "label": trend.label, "detail": slope_words(trend, unit)} for name, trend in rows]


def headline(result, unit) -> dict:
    figure = result.figure
    average = result.neighbour_average
    return {
        "value": value_or_reason(figure, unit),
        "interval": interval(figure, unit),
        "interval_source": interval_source(figure, unit),
        "note": figure.note,
        "england": value_or_reason(result.england, unit) if result.england else "No England figure",
        "region_name": result.region.area.name if result.region else "",
        "region": value_or_reason(result.region, unit) if result.region else "",
        "neighbour_average": with_unit(average.value, unit),
        "neighbour_note": average.note,
        "rank": ordinal(result.neighbour_rank),
        "quartile": result.quartile,
        "quartile_note": result.quartile_note,
        "significance_label": SIGNIFICANCE_LABELS[figure.significance],
        "tag_class": TAG_CLASSES[figure.significance],
        "trend_label": result.trend.label,
        "trend_detail": slope_words(result.trend, unit),
    }


def gap_unit_words(unit: str) -> str:
    return "percentage points" if unit == Unit.PERCENTAGE else _SUFFIX.get(unit, "").strip()


def signed(value: float | None) -> str:
    if value is None:
        return ""
    return f"{value:+,.1f}".replace("-", "−")


def breakdown_table(table, unit) -> dict:
    """A breakdown's categories side by side: a row per period, a cell per category, and their trends."""
    rows = []
    for index, period in enumerate(table.periods):
        cells = []
        for column in table.columns:
            figure = column.figures[index]
            cells.append(
                {
                    "value": value_or_reason(figure, unit),
                    "interval": interval(figure, unit),
                    "csv_value": csv_number(figure.value),
                    "csv_lower": csv_number(figure.lower),
                    "csv_upper": csv_number(figure.upper),
                }
            )
        rows.append({"period": period, "cells": cells})
    return {
        "name": table.name,
        "columns": [column.label for column in table.columns],
        "rows": rows,
        "trends": [
            {"label": column.label, "trend": column.trend.label, "detail": slope_words(column.trend, unit)}
            for column in table.columns
        ],
    }


def gap_slope_words(result, unit: str) -> str:
    if result.slope is None:
        return result.reason
    slope = result.slope
    unit_words = gap_unit_words(unit)
    return (
        f"The gap changes by {slope.slope:+,.2f}{' ' + unit_words if unit_words else ''} a year (95% confidence "
        f"interval {slope.lower:,.2f} to {slope.upper:,.2f}; {p_value(slope.p_value)}), "
        f"{slope.method.lower()} over the last {min(len(result.points), 5)} periods with both figures."
    )


def gap_context(gap, unit: str) -> dict:
    rows = []
    for row in gap.rows:
        note = (
            row.group.note
            if row.group.value is None
            else row.comparator.note
            if row.comparator.value is None
            else ""
        )
        rows.append(
            {
                "period": row.period,
                "group": value_or_reason(row.group, unit),
                "group_interval": interval(row.group, unit),
                "comparator": value_or_reason(row.comparator, unit)
                if row.comparator.value is not None
                else "No figure",
                "comparator_interval": interval(row.comparator, unit),
                "gap": signed(row.gap),
                "gap_interval": f"{signed(row.lower)} to {signed(row.upper)}"
                if row.lower is not None
                else "",
                "note": note,
                "csv_group": csv_number(row.group.value),
                "csv_comparator": csv_number(row.comparator.value),
                "csv_gap": csv_number(row.gap),
                "csv_lower": csv_number(row.lower),
                "csv_upper": csv_number(row.upper),
            }
        )
    return {
        "group_label": gap.group_label,
        "comparator_label": gap.comparator_label,
        "status": gap.result.status,
        "status_words": gap.status_words,
        "detail": gap_slope_words(gap.result, unit),
        "gap_unit": gap_unit_words(unit),
        "rows": rows,
    }
