from django.shortcuts import get_object_or_404
from django.views.generic import TemplateView

from commissioning.core.table_cache import remember, tables_read
from commissioning.core.views import PermissionMixin, RememberedResultsMixin
from commissioning.needs.benchmark import charts, display, selectors
from commissioning.needs.benchmark.downloads import csv_download, svg_download
from commissioning.needs.benchmark.figures import BenchmarkError, parse_breakdown, polarity_words
from commissioning.needs.models import Area, AreaType, Indicator

FILTER_FIELDS = ("area", "period", "breakdown")
AREA_GROUPS = [
    (AreaType.COUNTRY, "Country"),
    (AreaType.REGION, "Regions"),
    (AreaType.LOCAL_AUTHORITY, "Local authorities"),
    (AreaType.LOCALITY, "Localities and wards"),
]


def area_choices(indicator: Indicator) -> list[tuple[str, list[tuple[str, str]]]]:
    """The areas with a figure for the indicator, grouped by type (one query), kept in the table cache until a
    figure or an area is written."""
    return remember(f"needs.benchmark_area_choices|{indicator.pk}", lambda: _area_choices(indicator))


def _area_choices(indicator: Indicator) -> list[tuple[str, list[tuple[str, str]]]]:
    areas = (
        Area.objects.filter(indicator_values__indicator=indicator)
        .distinct()
        .order_by("name")
        .values_list("area_type", "code", "name")
    )
    groups = {area_type: [] for area_type, _ in AREA_GROUPS}
    for area_type, code, name in areas:
        groups.setdefault(area_type, []).append((code, name))
    return [(label, groups[area_type]) for area_type, label in AREA_GROUPS if groups[area_type]]


def chosen_area(params, home: Area | None, errors: dict) -> Area | None:
    """The area asked for, else the home area; an error under "area" when there is neither."""
    if params.get("area", "").strip():
        try:
            return selectors.area_by_code(params["area"])
        except BenchmarkError as error:
            errors["area"] = error.message
            return None
    if home is None:
        errors["area"] = "Choose an area: no home area is set in the needs assessment settings."
    return home


class BenchmarkView(PermissionMixin, RememberedResultsMixin, TemplateView):
    """An indicator for an area and period against England, the region and the statistical neighbours,
    with the time series, each as a chart beside its table; each table also as CSV (?format=csv&table=neighbours
    or table=series) and each chart as SVG (?format=svg&chart=neighbours or chart=trend)."""

    permission = "needs.view_indicators"
    template_name = "needs/benchmark/benchmark.html"
    # The figures, charts and tables are kept rendered in the table cache for the indicator and the choices: they
    # are drawn from the benchmark, whose tables (read before, with the indicator) are theirs too.
    results_template = "needs/benchmark/_benchmark_results.html"

    def get(self, request, *args, **kwargs):
        def read() -> dict:
            self.indicator = get_object_or_404(Indicator, code=kwargs["code"])
            return self.resolve()

        state, self.results_also_read = tables_read(read)
        self.state = state
        result = state["result"]
        if result is not None and request.GET.get("format") == "csv":
            if request.GET.get("table") == "series":
                return self.series_csv(result)
            return self.neighbours_csv(result)
        if result is not None and request.GET.get("format") == "svg":
            chart_name = request.GET.get("chart", "")
            builder = {"trend": charts.trend_chart, "neighbours": charts.neighbours_chart}.get(chart_name)
            return svg_download(builder(result) if builder else None, self._filename(result, chart_name))
        context = self.get_context_data(**state)
        return self.render_to_response(context, status=400 if state["errors"] else 200)

    def resolve(self) -> dict:
        params = self.request.GET
        errors, empty = {}, ""
        home = selectors.home_area()
        breakdown = category = ""
        try:
            breakdown, category = parse_breakdown(params.get("breakdown"))
        except BenchmarkError as error:
            errors["breakdown"] = error.message
        area = chosen_area(params, home, errors)
        result = None
        if not errors:
            try:
                result = selectors.benchmark(
                    indicator=self.indicator,
                    area=area,
                    period=params.get("period", "").strip() or None,
                    breakdown=breakdown,
                    category=category,
                    home=home,
                )
            except BenchmarkError as error:
                if error.field == "indicator":
                    empty = error.message
                else:
                    errors[error.field] = error.message
        return {
            "result": result,
            "errors": errors,
            "empty": empty,
            "home": home,
            "selected": {
                "area": params.get("area", "").strip().upper() or (area.code if area else ""),
                "period": result.period if result else params.get("period", ""),
                "breakdown": f"{breakdown}:{category}" if breakdown else "",
            },
            "breakdown_label": f"{breakdown}: {category}" if breakdown else "",
        }

    def get_context_data(self, **kwargs):
        result = kwargs.get("result")
        breakdowns = selectors.breakdowns_of(self.indicator)
        breakdown = kwargs["selected"]["breakdown"]
        name, _, category = breakdown.partition(":")
        periods = (
            result.periods
            if result
            else [p for _, p in selectors.periods_of(self.indicator, breakdown=name, category=category)]
        )
        context = super().get_context_data(
            indicator=self.indicator,
            unit_label=self.indicator.get_unit_display(),
            polarity_label=polarity_words(self.indicator.polarity),
            area_groups=area_choices(self.indicator),
            periods=list(reversed(periods)),
            breakdowns=[(f"{b}:{c}", f"{b}: {c}") for b, c in breakdowns if b],
            error_list=[
                (field, kwargs["errors"][field]) for field in FILTER_FIELDS if field in kwargs["errors"]
            ],
            **kwargs,
        )
        context["results"] = self.remembered_results()
        return context

    def results_context(self) -> dict:
        result = self.state["result"]
        context = {
            "result": result,
            "indicator": self.indicator,
            "unit_label": self.indicator.get_unit_display(),
        }
        if result is not None:
            context.update(self.result_context(result, self.indicator.unit))
        return context

    def result_context(self, result, unit) -> dict:
        query = self.request.GET.copy()
        for key in ("format", "table", "chart"):
            query.pop(key, None)
        query.update({"area": result.area.code, "period": result.period})
        encoded = query.urlencode()
        trend_chart = charts.trend_chart(result)
        neighbours_chart = charts.neighbours_chart(result)
        for chart in (trend_chart, neighbours_chart):
            if chart is not None:
                chart.download_url = f"?{encoded}&format=svg&chart={chart.name}"
        return {
            "trend_chart": trend_chart,
            "neighbours_chart": neighbours_chart,
            "headline": display.headline(result, unit),
            "table_rows": [display.table_row(row, unit) for row in result.table],
            "comparator_rows": display.comparator_rows(result, unit),
            "series_rows": [display.series_row(row, unit) for row in result.series],
            "trends": display.trend_rows(result, unit),
            "neighbours_csv_url": f"?{encoded}&format=csv&table=neighbours",
            "series_csv_url": f"?{encoded}&format=csv&table=series",
            "display_value": display.with_unit(result.figure.value, unit),
        }

    def _filename(self, result, table: str) -> str:
        parts = [
            self.indicator.code,
            result.area.code,
            result.period,
            result.breakdown,
            result.category,
            table,
        ]
        return "-".join(part for part in parts if part)

    def neighbours_csv(self, result):
        filename = self._filename(result, "neighbours")
        columns = [
            ("Rank (1 = best)", lambda row: row["rank"]),
            ("Area code", lambda row: row["code"]),
            ("Area", lambda row: row["name"]),
            ("Statistical neighbour (1 = closest)", lambda row: row["closeness"]),
            ("Value", lambda row: row["csv_value"]),
            ("Lower 95% limit", lambda row: row["csv_lower"]),
            ("Upper 95% limit", lambda row: row["csv_upper"]),
            ("Interval", lambda row: row["interval_source"]),
            ("Compared with England", lambda row: row["significance_label"]),
            ("Suppression", lambda row: row["suppression"]),
            ("Note", lambda row: row["note"]),
        ]
        rows = [display.table_row(row, self.indicator.unit) for row in result.table]
        return csv_download(filename, columns, rows + display.comparator_rows(result, self.indicator.unit))

    def series_csv(self, result):
        filename = self._filename(result, "time-series")
        columns = [
            ("Period", lambda row: row["period"]),
            (result.area.name, lambda row: row["csv_value"]),
            ("Lower 95% limit", lambda row: row["csv_lower"]),
            ("Upper 95% limit", lambda row: row["csv_upper"]),
            ("Compared with England", lambda row: row["significance_label"]),
            ("England", lambda row: row["csv_england"]),
            ("Region", lambda row: row["csv_region"]),
            ("Statistical neighbours' average", lambda row: row["csv_neighbour_average"]),
            ("Neighbours with a figure", lambda row: row["neighbour_count"]),
            ("Note", lambda row: row["note"]),
        ]
        return csv_download(
            filename, columns, [display.series_row(row, self.indicator.unit) for row in result.series]
        )
