from urllib.parse import urlencode

from django.shortcuts import get_object_or_404
from django.views.generic import TemplateView

from commissioning.core.views import PermissionMixin
from commissioning.needs.benchmark import charts, display, groups, selectors
from commissioning.needs.benchmark.downloads import csv_download, svg_download
from commissioning.needs.benchmark.figures import BenchmarkError, polarity_words
from commissioning.needs.benchmark.views import area_choices, chosen_area
from commissioning.needs.models import Indicator

FILTER_FIELDS = ("area", "group", "comparator")
COMPARATORS = [
    (groups.ENGLAND, "England, the same group"),
    (groups.EVERYONE, "Everyone in the area"),
    (groups.REST, "Everyone else in the area"),
]


class GroupsView(PermissionMixin, TemplateView):
    """An area's groups (breakdown categories) side by side over time, and the gap between a chosen group
    and a comparator with whether it is narrowing, drawn as a chart beside its table. Each table also as CSV,
    the gap chart as SVG (?format=svg&chart=gap)."""

    permission = "needs.view_indicators"
    template_name = "needs/benchmark/groups.html"

    def get(self, request, *args, **kwargs):
        self.indicator = get_object_or_404(Indicator, code=kwargs["code"])
        state = self.resolve()
        result = state["result"]
        if result is not None and request.GET.get("format") == "csv":
            table = request.GET.get("table", "")
            if table == "gap" and result.gap is not None:
                return self.gap_csv(result)
            chosen = next((t for t in result.tables if t.name == request.GET.get("name")), result.tables[0])
            return self.breakdown_csv(result, chosen)
        if result is not None and request.GET.get("format") == "svg":
            chart = charts.gap_chart(result) if request.GET.get("chart") == "gap" else None
            gap = result.gap
            label = f"gap-{gap.group_label}" if gap else "gap"
            return svg_download(chart, f"{self.indicator.code}-{result.area.code}-{label}")
        context = self.get_context_data(**state)
        return self.render_to_response(context, status=400 if state["errors"] else 200)

    def resolve(self) -> dict:
        params = self.request.GET
        errors, empty = {}, ""
        home = selectors.home_area()
        area = chosen_area(params, home, errors)
        group = params.get("group", "").strip()
        comparator = params.get("comparator", "").strip() or groups.ENGLAND
        if comparator not in (groups.ENGLAND, groups.EVERYONE, groups.REST) and ":" not in comparator:
            errors["comparator"] = "Choose what to compare the group with."
        result = None
        if not errors:
            try:
                result = groups.groups(
                    indicator=self.indicator, area=area, group=group, comparator=comparator
                )
            except BenchmarkError as error:
                if error.field in FILTER_FIELDS and error.field != "area":
                    errors[error.field] = error.message
                else:
                    empty = error.message
        return {
            "result": result,
            "errors": errors,
            "empty": empty,
            "home": home,
            "selected": {
                "area": params.get("area", "").strip().upper() or (area.code if area else ""),
                "group": group,
                "comparator": comparator,
            },
        }

    def get_context_data(self, **kwargs):
        breakdowns = [(f"{b}:{c}", f"{b}: {c}") for b, c in selectors.breakdowns_of(self.indicator) if b]
        result = kwargs["result"]
        context = super().get_context_data(
            indicator=self.indicator,
            unit_label=self.indicator.get_unit_display(),
            polarity_label=polarity_words(self.indicator.polarity),
            area_groups=area_choices(self.indicator),
            group_choices=breakdowns,
            comparator_choices=COMPARATORS
            + [(value, f"Another group: {label}") for value, label in breakdowns],
            error_list=[
                (field, kwargs["errors"][field]) for field in FILTER_FIELDS if field in kwargs["errors"]
            ],
            **kwargs,
        )
        if result is not None:
            context.update(self.result_context(result))
        return context

    def result_context(self, result) -> dict:
        unit = self.indicator.unit
        query = self.request.GET.copy()
        for key in ("format", "table", "name", "chart"):
            query.pop(key, None)
        query["area"] = result.area.code
        encoded = query.urlencode()
        tables = []
        for table in result.tables:
            tables.append(
                {
                    **display.breakdown_table(table, unit),
                    "csv_url": f"?{encoded}&{urlencode({'format': 'csv', 'name': table.name})}",
                }
            )
        context = {"tables": tables}
        if result.gap is not None:
            context["gap"] = display.gap_context(result.gap, unit)
            context["gap_csv_url"] = f"?{encoded}&format=csv&table=gap"
            context["gap_chart"] = charts.gap_chart(result)
            if context["gap_chart"] is not None:
                context["gap_chart"].download_url = f"?{encoded}&format=svg&chart=gap"
        return context

    def breakdown_csv(self, result, table):
        filename = f"{self.indicator.code}-{result.area.code}-{table.name}"
        columns = [("Period", lambda row: row["period"])]
        for index, column in enumerate(table.columns):
            columns += [
                (column.label, lambda row, i=index: row["cells"][i]["csv_value"]),
                (f"{column.label}: lower 95% limit", lambda row, i=index: row["cells"][i]["csv_lower"]),
                (f"{column.label}: upper 95% limit", lambda row, i=index: row["cells"][i]["csv_upper"]),
            ]
        return csv_download(filename, columns, display.breakdown_table(table, self.indicator.unit)["rows"])

    def gap_csv(self, result):
        gap = result.gap
        filename = f"{self.indicator.code}-{result.area.code}-gap-{gap.group_label}"
        columns = [
            ("Period", lambda row: row["period"]),
            (gap.group_label, lambda row: row["csv_group"]),
            (gap.comparator_label, lambda row: row["csv_comparator"]),
            ("Gap", lambda row: row["csv_gap"]),
            ("Gap: lower 95% limit", lambda row: row["csv_lower"]),
            ("Gap: upper 95% limit", lambda row: row["csv_upper"]),
            ("Note", lambda row: row["note"]),
        ]
        return csv_download(filename, columns, display.gap_context(gap, self.indicator.unit)["rows"])
