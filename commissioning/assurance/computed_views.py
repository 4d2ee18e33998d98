"""A page of all the evidence computed from the records for a service area and a period, without running an
audit, with a CSV export."""

import re
from datetime import date

from django.utils import timezone
from django.views.generic import TemplateView

from commissioning.assurance.computed import load_checks
from commissioning.assurance.computed.base import Outcome, Scope
from commissioning.assurance.computed.common import CENTRAL_BEDFORDSHIRE, ISLINGTON
from commissioning.core.views import ListPageMixin, PermissionMixin
from commissioning.cycle.models import ServiceArea
from commissioning.frameworks.models import Framework, FrameworkItem

FRAMEWORKS = (ISLINGTON, CENTRAL_BEDFORDSHIRE)
QUARTERS = {
    "": ("The whole year", (4, 1), (3, 31)),
    "1": ("Quarter 1: April to June", (4, 1), (6, 30)),
    "2": ("Quarter 2: July to September", (7, 1), (9, 30)),
    "3": ("Quarter 3: October to December", (10, 1), (12, 31)),
    "4": ("Quarter 4: January to March", (1, 1), (3, 31)),
}
FIRST_YEAR = 2015


def financial_year(day: date) -> int:
    return day.year if day.month >= 4 else day.year - 1


def period_of(year: int, quarter: str) -> tuple[date, date]:
    _label, (start_month, start_day), (end_month, end_day) = QUARTERS[quarter]
    start_year = year if start_month >= 4 else year + 1
    end_year = year if end_month >= 4 else year + 1
    return date(start_year, start_month, start_day), date(end_year, end_month, end_day)


def _ref_key(ref: str) -> tuple:
    return tuple(int(part) if part.isdigit() else part for part in re.split(r"[.\-]", ref))


def _rows(results):
    """One CSV row per record counted; a check with no records gets one row of its own."""
    for result in results:
        lines = result["evidence"].records or [None]
        for record in lines:
            yield result, record


class ComputedEvidenceView(ListPageMixin, PermissionMixin, TemplateView):
    permission = "assurance.view_assurance"
    template_name = "assurance/computed/evidence.html"
    csv_filename = "evidence-from-the-records"

    def get_filters(self) -> dict:
        today = timezone.localdate()
        current = financial_year(today)
        errors = {}
        area = self.request.GET.get("service_area", "")
        if area and area not in ServiceArea.values:
            errors["service_area"] = "Choose a service area from the list"
            area = ""
        raw_year = self.request.GET.get("year", "").strip()
        year = current
        if raw_year:
            if raw_year.isdigit() and FIRST_YEAR <= int(raw_year) <= current + 1:
                year = int(raw_year)
            else:
                errors["year"] = f"Choose a financial year between {FIRST_YEAR} and {current + 1}"
        quarter = self.request.GET.get("quarter", "")
        if quarter not in QUARTERS:
            errors["quarter"] = "Choose a quarter, or the whole year"
            quarter = ""
        framework = self.request.GET.get("framework", "")
        if framework and framework not in FRAMEWORKS:
            errors["framework"] = "Choose a standards framework from the list"
            framework = ""
        outcome = self.request.GET.get("outcome", "")
        if outcome and outcome not in Outcome.values:
            errors["outcome"] = "Choose a result from the list"
            outcome = ""
        start, end = period_of(year, quarter)
        return {
            "service_area": area,
            "year": year,
            "quarter": quarter,
            "framework": framework,
            "outcome": outcome,
            "scope": Scope(area, start, end),
            "errors": errors,
            "years": list(range(current + 1, FIRST_YEAR - 1, -1)),
        }

    def results(self, filters) -> list[dict]:
        checks = [
            check
            for check in load_checks().values()
            if check.framework in FRAMEWORKS
            and (not filters["framework"] or check.framework == filters["framework"])
        ]
        frameworks = {f.slug: f for f in Framework.objects.filter(slug__in=FRAMEWORKS)}
        items = {
            (item.framework.slug, item.ref): item
            for item in FrameworkItem.objects.filter(
                framework__slug__in=FRAMEWORKS, ref__in={ref for check in checks for ref in check.refs}
            ).select_related("framework")
        }
        results = []
        for check in checks:
            evidence = check.function(filters["scope"])
            if filters["outcome"] and evidence.outcome != filters["outcome"]:
                continue
            framework = frameworks.get(check.framework)
            criteria = [
                {
                    "ref": ref,
                    "text": items[(check.framework, ref)].text if (check.framework, ref) in items else "",
                }
                for ref in check.refs
            ]
            results.append(
                {
                    "check": check,
                    "evidence": evidence,
                    "framework_title": framework.title if framework else check.framework,
                    "criteria": criteria,
                    "refs": ", ".join(check.refs),
                }
            )
        order = {slug: index for index, slug in enumerate(FRAMEWORKS)}
        results.sort(
            key=lambda r: (order[r["check"].framework], _ref_key(r["check"].refs[0]), r["check"].code)
        )
        return results

    def get(self, request, *args, **kwargs):
        filters = self.get_filters()
        results = self.results(filters)
        if self.wants_csv():
            return self._csv(results)
        return self.render_to_response(self.get_context_data(filters=filters, results=results))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        filters, results = context["filters"], context["results"]
        params = self.request.GET.copy()
        params.pop("format", None)
        encoded = params.urlencode()
        counts = {value: 0 for value in Outcome.values}
        for result in results:
            counts[result["evidence"].outcome] += 1
        context.update(
            service_areas=ServiceArea.choices,
            quarters=[(value, label) for value, (label, _start, _end) in QUARTERS.items()],
            framework_options=[
                (ISLINGTON, "Islington Commissioning Standards"),
                (CENTRAL_BEDFORDSHIRE, "Central Bedfordshire Commissioning Standards"),
            ],
            outcome_options=Outcome.choices,
            period=filters["scope"].describe_period(),
            area_label=ServiceArea(filters["service_area"]).label
            if filters["service_area"]
            else "All service areas",
            csv_url=f"?{encoded}&format=csv" if encoded else "?format=csv",
            counts=[(Outcome(value).label, count, value) for value, count in counts.items()],
        )
        return context

    def _csv(self, results):
        absolute = self.request.build_absolute_uri
        self.csv_columns = [
            ("Standards framework", lambda row: row[0]["framework_title"]),
            ("Criteria", lambda row: row[0]["refs"]),
            ("Check", lambda row: row[0]["check"].title),
            ("Result", lambda row: row[0]["evidence"].outcome_label),
            ("Summary", lambda row: row[0]["evidence"].summary),
            ("Rule", lambda row: row[0]["evidence"].rule),
            ("Period", lambda row: row[0]["evidence"].period),
            ("Records counted", lambda row: row[0]["evidence"].counted),
            ("Records passing", lambda row: row[0]["evidence"].passing),
            ("Record", lambda row: row[1].label if row[1] else ""),
            ("Record address", lambda row: absolute(row[1].url) if row[1] and row[1].url else ""),
            ("Passes the rule", lambda row: ("Yes" if row[1].passes else "No") if row[1] else ""),
            ("Reason", lambda row: row[1].reason if row[1] else ""),
        ]
        return self.csv_response(_rows(results))
