"""Pages for joint commissioning maturity: the assessments, recording one on the matrix, one assessment beside
the matrix's words, history, archive, and a subject's assessments compared over time."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.views.generic import FormView, TemplateView

from commissioning.assurance.maturity import selectors, services
from commissioning.assurance.maturity.charts import maturity_chart
from commissioning.assurance.maturity.forms import AssessmentForm
from commissioning.assurance.maturity.models import Dimension, MaturityAssessment
from commissioning.core.selectors import history_for
from commissioning.core.views import (
    ArchiveViewMixin,
    FormPageMixin,
    ListPageMixin,
    PermissionMixin,
    RestoreViewMixin,
    record_tabs,
)

VIEW = "maturity.view_maturity"
CHANGE = (VIEW, "maturity.change_maturity")


def _approach(assessment, dimension: str) -> str:
    rating = selectors.ratings_by_dimension(assessment).get(dimension)
    return rating.get_approach_display() if rating else ""


CSV_COLUMNS = [
    ("Subject", lambda a: a.subject_label),
    ("Date", lambda a: a.assessed_on.isoformat()),
    ("Assessor", lambda a: a.assessor.get_full_name() or a.assessor.get_username()),
    *[(label, lambda a, d=value: _approach(a, d)) for value, label in Dimension.choices],
    ("Summary", lambda a: a.summary),
    ("Archived", lambda a: "Yes" if a.is_archived else "No"),
]


class HomeView(PermissionMixin, ListPageMixin, TemplateView):
    permission = VIEW
    template_name = "maturity/home.html"
    csv_columns = CSV_COLUMNS
    csv_filename = "joint-commissioning-maturity"

    def filters(self):
        params = self.request.GET
        sort = params.get("sort", "newest")
        return {
            "subject": params.get("subject", "")[:40],
            "search": params.get("q", "").strip()[:200],
            "include_archived": params.get("archived") == "1",
            "ordering": sort if sort in ("newest", "oldest", "subject") else "newest",
        }

    def get(self, request, *args, **kwargs):
        self.queryset = selectors.assessment_list(**self.filters())
        if self.wants_csv():
            return self.csv_response(self.queryset)
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(self.paginate(self.queryset))
        filters = self.filters()
        rows = []
        for assessment in context["object_list"]:
            by_dimension = selectors.ratings_by_dimension(assessment)
            rows.append(
                {"assessment": assessment, "ratings": [by_dimension.get(d) for d, _ in self.dimensions]}
            )
        context.update(
            rows=rows,
            dimensions=self.dimensions,
            filters=filters,
            filtered=bool(filters["subject"] or filters["search"] or filters["include_archived"]),
            subject_options=selectors.subject_options(),
            can_change=self.request.user.has_perm("maturity.change_maturity"),
            matrix=selectors.matrix(),
            approaches=selectors.approach_descriptions(),
        )
        return context

    dimensions = Dimension.choices


class AssessmentMixin(PermissionMixin):
    permission = VIEW
    noun = "assessment"

    def get_assessment(self) -> MaturityAssessment:
        if not hasattr(self, "_assessment"):
            try:
                self._assessment = selectors.assessment_detail(self.kwargs["pk"])
            except MaturityAssessment.DoesNotExist as exc:
                raise Http404("No such assessment") from exc
        return self._assessment

    def get_record(self):
        return self.get_assessment()

    def get_back_url(self):
        return self.get_assessment().get_absolute_url()

    def tabs(self, current):
        pk = self.get_assessment().pk
        return record_tabs(
            details_url=reverse("maturity:assessment", args=[pk]),
            history_url=reverse("maturity:history", args=[pk]),
            current=current,
            details_label="Assessment",
        )


class AssessmentView(AssessmentMixin, TemplateView):
    template_name = "maturity/assessment.html"

    def get_context_data(self, **kwargs):
        assessment = self.get_assessment()
        ratings = selectors.ratings_by_dimension(assessment)
        rows = [{"row": row, "rating": ratings.get(row.dimension)} for row in selectors.matrix()]
        return super().get_context_data(
            assessment=assessment,
            rows=rows,
            can_change=self.request.user.has_perm("maturity.change_maturity"),
            record_tabs=self.tabs("details"),
            **kwargs,
        )


class HistoryView(AssessmentMixin, TemplateView):
    template_name = "maturity/history.html"

    def get_context_data(self, **kwargs):
        assessment = self.get_assessment()
        return super().get_context_data(
            assessment=assessment, history=history_for(assessment), record_tabs=self.tabs("history"), **kwargs
        )


class AssessmentAddView(PermissionMixin, FormPageMixin, FormView):
    permission = CHANGE
    form_class = AssessmentForm
    page_title = "Record a maturity assessment"
    lede = "For each component of the joint commissioning matrix, choose the approach reached and give the evidence."
    submit_label = "Save the assessment"

    def get_back_url(self):
        return reverse("maturity:home")

    def get_initial(self):
        return {"assessor": self.request.user.pk, "subject_kind": "partnership"}

    def form_valid(self, form):
        data = form.cleaned_data
        assessment = self.run_service(
            form,
            lambda: services.assessment_create(
                actor=self.request.user,
                subject_kind=data["subject_kind"],
                activity=data.get("activity"),
                assessed_on=data["assessed_on"],
                assessor=data["assessor"],
                summary=data["summary"],
                ratings=form.ratings(),
            ),
        )
        if assessment is None:
            return self.form_invalid(form)
        messages.success(self.request, "The assessment has been saved.")
        return redirect(assessment.get_absolute_url())


class AssessmentEditView(AssessmentMixin, FormPageMixin, FormView):
    permission = CHANGE
    form_class = AssessmentForm
    submit_label = "Save the changes"

    @property
    def page_title(self):
        return f"Change the assessment: {self.get_assessment()}"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "editing": True}

    def get_initial(self):
        return AssessmentForm.initial_for(self.get_assessment())

    def form_valid(self, form):
        data = form.cleaned_data
        assessment = self.run_service(
            form,
            lambda: services.assessment_update(
                actor=self.request.user,
                assessment=self.get_assessment(),
                expected_version=data.get("version"),
                assessed_on=data["assessed_on"],
                assessor=data["assessor"],
                summary=data["summary"],
                ratings=form.ratings(),
            ),
        )
        if assessment is None:
            return self.form_invalid(form)
        messages.success(self.request, "The assessment has been changed.")
        return redirect(assessment.get_absolute_url())


class AssessmentArchiveView(AssessmentMixin, ArchiveViewMixin, FormView):
    permission = CHANGE

    def archive_record(self, record, reason):
        return services.assessment_archive(actor=self.request.user, assessment=record, reason=reason)


class AssessmentRestoreView(AssessmentMixin, RestoreViewMixin, FormView):
    permission = CHANGE

    def restore_record(self, record):
        return services.assessment_restore(actor=self.request.user, assessment=record)


class CompareView(PermissionMixin, TemplateView):
    permission = VIEW
    template_name = "maturity/compare.html"

    def get_context_data(self, **kwargs):
        options = selectors.subject_options()
        subject = self.request.GET.get("subject", "partnership")
        if subject not in dict(options):
            subject = "partnership"
        assessments, rows = selectors.comparison(subject)
        return super().get_context_data(
            subject=subject,
            subject_label=dict(options)[subject],
            subject_options=options,
            assessments=assessments,
            rows=rows,
            chart=maturity_chart(assessments, rows),
            **kwargs,
        )
