"""Charts of the benchmark pages, drawn on the server as SVG (Altair builds the Vega-Lite spec, vl-convert
renders it). Each chart describes itself in words (its SVG `<title>`), the data table beside it stays the
accessible equivalent, and a chart that cannot be drawn never breaks the page: it is left out with a sentence
pointing to the table.

Rendering takes a noticeable fraction of a second, so the SVG is cached under the SHA-256 of the spec: any
change in the figures, labels or styling changes the key."""

from __future__ import annotations

import hashlib
import json
import logging
import re
from dataclasses import dataclass

import altair as alt
import vl_convert
from django.conf import settings
from django.core.cache import cache
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from commissioning.needs.benchmark.display import gap_unit_words, with_unit

logger = logging.getLogger(__name__)

BLUE = "#1d70b8"
RED = "#d4351c"
GREY = "#505a5f"
GREEN = "#00703c"
TEXT = "#0b0c0c"
FONT = "Liberation Sans, Arial"
WIDTH, HEIGHT = 640, 320
CACHE_TIMEOUT = 60 * 60 * 24  # a day
CACHE_PREFIX = "needs-chart-svg:"
VEGA_LITE_VERSION = ".".join(alt.SCHEMA_VERSION.split(".")[:2])  # "v6.4"
FAILED = "The chart could not be drawn; the table below has the figures."

NEIGHBOURS_AVERAGE = "Statistical neighbours' average"
NEIGHBOUR = "Statistical neighbour"


@dataclass
class Chart:
    """A drawn chart: its name (trend, neighbours or gap), the words that describe it, the SVG ("" when it
    could not be drawn) and where to download it."""

    name: str
    description: str
    svg: SafeString | str = ""
    download_url: str = ""

    @property
    def failed(self) -> bool:
        return not self.svg

    @property
    def failed_text(self) -> str:
        return FAILED


def render_svg(spec: dict) -> str:
    """Vega-Lite to SVG. Inline data only: the renderer may not fetch anything."""
    return vl_convert.vegalite_to_svg(spec, vl_version=VEGA_LITE_VERSION, allowed_base_urls=[])


def _digest(value) -> str:
    text = json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def spec_key(spec: dict) -> str:
    return CACHE_PREFIX + _digest(spec)


def cached_svg(spec: dict) -> str:
    """The rendered SVG of a spec, from the cache when the same spec was drawn in the last day."""
    key = spec_key(spec)
    svg = cache.get(key)
    if svg is None:
        svg = render_svg(spec)
        cache.set(key, svg, CACHE_TIMEOUT)
    return svg


_XML_PROLOGUE = re.compile(r"^\s*(<\?xml[^>]*\?>\s*)?(<!DOCTYPE[^>]*>\s*)?", re.IGNORECASE)
_SVG_OPEN = re.compile(r"<svg\b[^>]*>", re.IGNORECASE)
_ARIA = re.compile(r'\s(role|aria-[a-z]+)="[^"]*"')
_ID = re.compile(r'\sid="([^"]+)"')


def accessible(svg: str, name: str, description: str) -> str:
    """The SVG ready to sit inline in a page: no XML prologue, ids made unique to this chart, and one image
    labelled by a <title> that says what the chart shows (the renderer's own roles for each mark are removed:
    the table beside the chart is the way through the figures)."""
    svg = _ARIA.sub("", _XML_PROLOGUE.sub("", svg, count=1))
    prefix = f"chart-{name}-"
    for identifier in set(_ID.findall(svg)):
        quoted = re.escape(identifier)
        svg = re.sub(rf'(\sid="){quoted}"', rf'\g<1>{prefix}{identifier}"', svg)
        svg = re.sub(rf"url\(#{quoted}\)", f"url(#{prefix}{identifier})", svg)
        svg = re.sub(rf'href="#{quoted}"', f'href="#{prefix}{identifier}"', svg)
    opening = _SVG_OPEN.search(svg)
    if opening is None:
        raise ValueError("The renderer did not return an SVG image.")
    tag = opening.group(0)
    self_closing = tag.endswith("/>")
    root = tag.removesuffix("/>").removesuffix(">").rstrip()
    title_id = f"{prefix}title"
    root = f'{root} role="img" aria-labelledby="{title_id}">'
    title = f'<title id="{title_id}">{escape(description)}</title>'
    rest = "</svg>" if self_closing else svg[opening.end() :]
    return f"{svg[: opening.start()]}{root}{title}{rest}"


def inputs_key(name: str, inputs) -> str:
    """The cache key of a chart drawn from `inputs`: everything its builder reads, with the chart library's
    version (a new version may draw the same figures differently)."""
    return f"{CACHE_PREFIX}{name}:" + _digest([name, alt.__version__, inputs])


def draw(name: str, description: str, build, inputs) -> Chart:
    """The chart's SVG, from the cache when the same figures were drawn in the last day; otherwise its spec is
    built and rendered. `inputs` must hold everything `build` reads: building a spec (the chart library copies
    and checks it at every step) took half of a benchmark page's time, so a cached chart is found without it.
    Any failure is logged and gives a chart without SVG, so the page shows the table with a sentence instead."""
    try:
        key = inputs_key(name, inputs)
        svg = cache.get(key)
        if svg is None:
            svg = cached_svg(build().to_dict(validate=settings.CHART_SPECS_VALIDATED))
            cache.set(key, svg, CACHE_TIMEOUT)
        svg = accessible(svg, name, description)
    except Exception:
        logger.exception("The %s chart could not be drawn.", name)
        return Chart(name, description)
    # The markup is the renderer's (which escapes the text it draws) and the title is escaped above.
    markup = mark_safe(svg)  # nosec B308, B703 # SVG from vl-convert, which escapes the text it draws; the title is escaped in accessible() and chart names are constants
    return Chart(name, description, markup)


def _finish(chart):
    return (
        chart.properties(width=WIDTH, height=HEIGHT)
        .configure(font=FONT, background="white", aria=False)
        .configure_axis(labelColor=TEXT, titleColor=TEXT, labelFontSize=12, titleFontSize=13)
        .configure_legend(
            labelColor=TEXT, labelFontSize=13, labelLimit=0, orient="bottom", title=None, symbolSize=120
        )
        .configure_view(stroke=None)
    )


def _period_axis(periods: list[str]) -> alt.X:
    return alt.X(
        "period:O",
        sort=periods,
        scale=alt.Scale(domain=periods),
        title="Period",
        axis=alt.Axis(labelAngle=0 if len(periods) <= 8 else -45),
    )


def _error_bars(rows: list[dict], colour: str, **encoding):
    return (
        alt.Chart(alt.Data(values=rows))
        .mark_errorbar(ticks={"size": 14}, color=colour, thickness=1.5)
        .encode(**encoding)
    )


# The trend chart ---------------------------------------------------------------------------------------


def trend_chart(result) -> Chart | None:
    """The area's figure per period (line with points, 95% intervals as error bars) against England and the
    statistical neighbours' average. None when the area has no figure in any period."""
    unit, unit_label = result.indicator.unit, result.indicator.get_unit_display()
    area = result.area.name
    periods = [row.period for row in result.series]
    points, bars = [], []
    for row in result.series:
        if row.area.value is not None:
            points.append({"period": row.period, "series": area, "value": row.area.value})
        if row.area.has_interval:
            bars.append({"period": row.period, "lower": row.area.lower, "upper": row.area.upper})
    if not points:
        return None
    shown = [area]
    england_lines = [
        {"period": row.period, "series": "England", "value": row.england.value}
        for row in result.series
        if row.england is not None and row.england.value is not None and row.england.area != result.area
    ]
    if england_lines:
        shown.append("England")
    average_lines = [
        {"period": row.period, "series": NEIGHBOURS_AVERAGE, "value": row.neighbour_average}
        for row in result.series
        if row.neighbour_average is not None
    ]
    if average_lines:
        shown.append(NEIGHBOURS_AVERAGE)
    colours = {area: BLUE, "England": GREY, NEIGHBOURS_AVERAGE: GREEN}
    dashes = {area: [1, 0], "England": [6, 4], NEIGHBOURS_AVERAGE: [2, 3]}
    description = _trend_words(result, unit, periods, shown, bars)

    def build():
        x = _period_axis(periods)
        lines = (
            alt.Chart(alt.Data(values=points + england_lines + average_lines))
            .mark_line(point=alt.OverlayMarkDef(size=60, filled=True), strokeWidth=3)
            .encode(
                x=x,
                y=alt.Y("value:Q", title=unit_label, scale=alt.Scale(zero=False)),
                color=alt.Color(
                    "series:N",
                    sort=shown,
                    scale=alt.Scale(domain=shown, range=[colours[s] for s in shown]),
                    legend=alt.Legend(symbolType="stroke", symbolStrokeWidth=3, symbolSize=500),
                ),
                strokeDash=alt.StrokeDash(
                    "series:N", sort=shown, scale=alt.Scale(domain=shown, range=[dashes[s] for s in shown])
                ),
            )
        )
        if not bars:
            return _finish(lines)
        intervals = _error_bars(bars, BLUE, x=x, y=alt.Y("lower:Q", title=unit_label), y2="upper:Q")
        return _finish(alt.layer(intervals, lines))

    inputs = [periods, points, england_lines, average_lines, bars, unit_label, shown]
    return draw("trend", description, build, inputs)


def _trend_words(result, unit, periods, shown, bars) -> str:
    area = result.area.name
    compared = [
        s.replace(NEIGHBOURS_AVERAGE, "the statistical neighbours' average") for s in shown if s != area
    ]
    words = (
        f"Line chart of {result.indicator.title} for {area}, {periods[0]} to {periods[-1]}"
        + (", with 95% confidence intervals as error bars" if bars else "")
        + (f", compared with {' and '.join(compared)}" if compared else "")
        + "."
    )
    latest = next((row for row in reversed(result.series) if row.area.value is not None), None)
    words += f" In {latest.period} {area} was {with_unit(latest.area.value, unit)}"
    if "England" in compared and latest.england is not None and latest.england.value is not None:
        words += f" and England {with_unit(latest.england.value, unit)}"
    return words + f". Trend: {result.trend.label.lower()}. The table below has the figures."


# The neighbours chart ----------------------------------------------------------------------------------


def neighbours_chart(result) -> Chart | None:
    """The area and its statistical neighbours for the period as bars, best first, the area highlighted,
    England as a line and 95% intervals as error bars. None when there are no neighbours or no figures."""
    unit, unit_label = result.indicator.unit, result.indicator.get_unit_display()
    area = result.area.name
    rows = [
        {
            "name": row.figure.area.name,
            "group": area if row.is_selected else NEIGHBOUR,
            "value": row.figure.value,
            "lower": row.figure.lower if row.figure.has_interval else None,
            "upper": row.figure.upper if row.figure.has_interval else None,
        }
        for row in result.table
        if row.figure.value is not None
    ]
    if len(result.table) < 2 or not rows:
        return None
    order = [row["name"] for row in rows]
    groups = [area, NEIGHBOUR] if any(row["group"] == area for row in rows) else [NEIGHBOUR]
    england = result.england.value if result.england is not None else None
    description = _neighbours_words(result, unit, rows, england)
    label = f"England {with_unit(england, unit)}" if england is not None else None

    def build():
        bold = f"datum.value === {json.dumps(area)} ? 'bold' : 'normal'"
        y = alt.Y(
            "name:N", sort=order, title=None, axis=alt.Axis(labelLimit=200, labelFontWeight=alt.expr(bold))
        )
        bars = (
            alt.Chart(alt.Data(values=rows))
            .mark_bar(height={"band": 0.7})
            .encode(
                y=y,
                x=alt.X("value:Q", title=unit_label),
                color=alt.Color(
                    "group:N", sort=groups, scale=alt.Scale(domain=groups, range=[BLUE, GREY][-len(groups) :])
                ),
            )
        )
        layers = [bars]
        intervals = [row for row in rows if row["lower"] is not None]
        if intervals:
            layers.append(
                _error_bars(intervals, TEXT, y=y, x=alt.X("lower:Q", title=unit_label), x2="upper:Q")
            )
        if england is not None:
            line = alt.Chart(alt.Data(values=[{"england": england, "label": label}]))
            layers.append(line.mark_rule(color=RED, strokeWidth=2, strokeDash=[6, 4]).encode(x="england:Q"))
            layers.append(
                line.mark_text(color=RED, align="center", baseline="bottom", y=-4, fontWeight="bold").encode(
                    x="england:Q", text="label:N"
                )
            )
        return _finish(alt.layer(*layers))

    return draw("neighbours", description, build, [rows, order, groups, area, england, label, unit_label])


def _neighbours_words(result, unit, rows, england) -> str:
    name = result.area.name
    shown = sum(1 for row in rows if row["group"] == NEIGHBOUR)
    words = (
        f"Bar chart of {result.indicator.title} in {result.period} for {name} and {shown} of its"
        f" {len(result.table) - 1} statistical neighbours (those with a figure), best first"
    )
    words += f", with England as a red line at {with_unit(england, unit)}." if england is not None else "."
    if result.figure.value is None:
        words += f" {name} has no figure for {result.period}."
    else:
        words += f" {name} is {with_unit(result.figure.value, unit)}"
        if result.figure.rank is not None:
            words += f", ranked {result.figure.rank} of {result.ranked_count}"
        words += "."
    return words + " The table below has the figures."


# The gap chart -----------------------------------------------------------------------------------------


def gap_chart(result) -> Chart | None:
    """The gap between the chosen group and the comparator per period, with its 95% interval and a line at
    zero (no gap). None when no group is chosen or no period has both figures."""
    gap = result.gap
    if gap is None:
        return None
    periods = [row.period for row in gap.rows]
    points = [{"period": row.period, "gap": row.gap} for row in gap.rows if row.gap is not None]
    if not points:
        return None
    bars = [
        {"period": row.period, "lower": row.lower, "upper": row.upper}
        for row in gap.rows
        if row.gap is not None and row.lower is not None and row.upper is not None
    ]
    unit_words = gap_unit_words(result.indicator.unit)
    title = f"Gap ({unit_words})" if unit_words else "Gap"
    description = (
        f"Line chart of the gap between {gap.group_label} and {gap.comparator_label} in {result.area.name}"
        f" for {result.indicator.title}, {periods[0]} to {periods[-1]}"
        + (", with 95% confidence intervals as error bars" if bars else "")
        + f", and a line at zero where there is no gap. {gap.status_words}. The table below has the figures."
    )

    def build():
        x = _period_axis(periods)
        zero = (
            alt.Chart(alt.Data(values=[{"zero": 0}]))
            .mark_rule(color=GREY, strokeWidth=1.5)
            .encode(y="zero:Q")
        )
        line = (
            alt.Chart(alt.Data(values=points))
            .mark_line(point=alt.OverlayMarkDef(size=60, filled=True, color=BLUE), color=BLUE, strokeWidth=3)
            .encode(x=x, y=alt.Y("gap:Q", title=title))
        )
        layers = [zero, line]
        if bars:
            layers.insert(1, _error_bars(bars, BLUE, x=x, y=alt.Y("lower:Q", title=title), y2="upper:Q"))
        return _finish(alt.layer(*layers))

    return draw("gap", description, build, [periods, points, bars, title])
