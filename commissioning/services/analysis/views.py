import csv

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.views.generic import FormView

from commissioning.core.table_cache import remember
from commissioning.core.views import PermissionMixin, _csv_safe, form_errors_from
from commissioning.services.analysis import selectors
from commissioning.services.analysis.figures import LOCALITY_RULE, SPLIT_RULE, findings_text
from commissioning.services.analysis.services import findings_save_as_evidence
from commissioning.services.forms import FindingsEvidenceForm


class GapAnalysisView(PermissionMixin, FormView):
    """The matrices, with a form to save the findings as evidence on an activity's steps 4 and 5."""

    permission = "services.view_services"
    template_name = "services/gap_analysis.html"
    form_class = FindingsEvidenceForm

    def params(self) -> dict:
        source = self.request.POST if self.request.method == "POST" else self.request.GET
        analysis = source.get("analysis", "")
        return {
            "by": selectors.BY_OUTCOME if source.get("by") == selectors.BY_OUTCOME else selectors.BY_PRIORITY,
            "analysis_id": int(analysis) if analysis.isdigit() else None,
        }

    def result(self) -> dict:
        """The page's figures, from the database, with one page of the services × rows matrix."""
        if not hasattr(self, "_result"):
            self._result = selectors.gap_summary(**self.params(), page=self.request.GET.get("page"))
        return self._result

    def activities(self):
        if not hasattr(self, "_activities"):
            self._activities = selectors.activities_for_evidence(self.request.user)
        return self._activities

    def get(self, request, *args, **kwargs):
        if request.GET.get("format") == "csv":
            return self.csv_response()
        return super().get(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "activities": self.activities()}

    def get_initial(self):
        label = (
            "priorities" if self.params()["by"] == selectors.BY_PRIORITY else "Every Child Matters outcomes"
        )
        return {
            "title": f"Gap and overlap analysis of services against {label}, {timezone.localdate():%d %B %Y}",
            "steps": [4, 5],
        }

    def form_valid(self, form):
        result = self.result()
        activity = form.cleaned_data["activity"]
        if not self.request.user.has_perm("cycle.change_activity", activity):
            form.add_error("activity", "You cannot add evidence to that activity")
            return self.form_invalid(form)
        text = findings_text(result["matrix"], things=result["things"], localities=result["localities"])
        try:
            findings_save_as_evidence(
                actor=self.request.user,
                activity=activity,
                steps=form.cleaned_data["steps"],
                title=form.cleaned_data["title"],
                text=text,
            )
        except ValidationError as exc:
            form_errors_from(exc, form)
            return self.form_invalid(form)
        steps = " and ".join(f"step {n}" for n in sorted(form.cleaned_data["steps"]))
        messages.success(self.request, f"The findings have been saved as evidence on {steps} of {activity}.")
        return redirect(reverse("cycle:step", args=[activity.pk, min(form.cleaned_data["steps"])]))

    def get_context_data(self, **kwargs):
        params = self.params()
        return super().get_context_data(
            figures=self.figures(),
            by=params["by"],
            analysis_id=params["analysis_id"],
            can_save=bool(self.activities()),
            **kwargs,
        )

    def figures(self) -> str:
        """The figures, matrices and findings, rendered. They depend on the choices and the page only, not on the
        person, so the HTML is kept in the table cache until a table it was read from is written."""
        params = self.params()
        page = self.request.GET.get("page", "")
        page = page if page.isdigit() else ""
        return remember(
            f"services.gap_figures_html|{params['by']}|{params['analysis_id']}|{page}",
            lambda: render_to_string("services/_gap_figures.html", self.figures_context()),
        )

    def figures_context(self) -> dict:
        result = self.result()
        params = self.params()
        return {
            **result,
            "by_choices": selectors.BY_CHOICES,
            "analyses": selectors.analyses_with_priorities(),
            "analysis_id": params["analysis_id"],
            "split_rule": SPLIT_RULE.format(things=result["things"]),
            "locality_rule": LOCALITY_RULE,
            "findings": findings_text(
                result["matrix"], things=result["things"], localities=result["localities"]
            ),
            "csv_url": f"?by={result['by']}&analysis={params['analysis_id'] or ''}&format=csv",
            "querystring_without_page": f"by={result['by']}&analysis={params['analysis_id'] or ''}&",
        }

    def csv_response(self):
        result = selectors.gap_analysis(**self.params())  # the whole matrix
        matrix = result["matrix"]
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="gap-analysis-by-{result["by"]}.csv"'
        response.write("\ufeff")
        writer = csv.writer(response)
        heading = "Priority" if result["by"] == selectors.BY_PRIORITY else "Outcome"
        writer.writerow(
            [heading, "Detail", *(s.reference for s in matrix.columns), "Services", "Finding", "Spend (£)"]
        )
        for line in matrix.table():
            row = line["row"]
            writer.writerow(
                [
                    _csv_safe(row.label),
                    _csv_safe(row.detail),
                    *("Yes" if addressed else "" for _, addressed in line["cells"]),
                    row.count,
                    row.finding_label,
                    f"{row.spend:.2f}",
                ]
            )
        writer.writerow([])
        writer.writerow(["Locality", *(label for _, label in result["localities"].tiers), "Spend (£)"])
        for row in result["localities"].rows:
            writer.writerow(
                [
                    _csv_safe(row.label),
                    *("; ".join(_csv_safe(s.reference) for s in cell.services) for cell in row.cells),
                    f"{row.spend:.2f}",
                ]
            )
        return response
