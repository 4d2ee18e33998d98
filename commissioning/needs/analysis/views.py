from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.views.generic import FormView, TemplateView, View

from commissioning.core.forms import ReasonForm
from commissioning.core.selectors import history_for
from commissioning.core.views import (
    ArchiveViewMixin,
    FormPageMixin,
    ListPageMixin,
    PermissionMixin,
    RestoreViewMixin,
    record_tabs,
)
from commissioning.needs.analysis import selectors, services
from commissioning.needs.analysis.forms import AnalysisForm, PriorityForm
from commissioning.needs.models import AnalysisStatus, EvidenceSource, NeedsAnalysis, NeedsSettings, Priority


def _split(form):
    data = {k: v for k, v in form.cleaned_data.items() if k not in ("version", "indicators", "outcomes")}
    return (
        data,
        list(form.cleaned_data.get("indicators") or []),
        list(form.cleaned_data.get("outcomes") or []),
    )


class AnalysisListView(PermissionMixin, ListPageMixin, TemplateView):
    permission = "needs.view_analyses"
    template_name = "needs/analysis/list.html"
    csv_filename = "needs-analyses"
    csv_columns = [
        ("Title", lambda a: a.title),
        ("Topic", lambda a: a.topic),
        ("Area", lambda a: str(a.area)),
        ("Activity", lambda a: str(a.activity or "")),
        ("Status", lambda a: a.get_status_display()),
        ("Priorities", lambda a: a.priority_count),
        ("Updated", lambda a: a.updated_at.date().isoformat()),
    ]

    def filters(self):
        params = self.request.GET
        return {
            "search": params.get("q", "").strip(),
            "status": params.get("status", "") if params.get("status") in AnalysisStatus.values else "",
            "include_archived": params.get("archived") == "yes",
        }

    def get(self, request, *args, **kwargs):
        self.queryset = selectors.analysis_list(user=request.user, **self.filters())
        if self.wants_csv():
            return self.csv_response(self.queryset)
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(self.paginate(self.queryset))
        context.update(
            filters=self.filters(),
            statuses=AnalysisStatus.choices,
            can_create=self.request.user.has_perm("needs.change_analyses"),
        )
        return context


class AnalysisMixin(PermissionMixin):
    permission = "needs.view_analyses"
    change = False

    def get_analysis(self) -> NeedsAnalysis:
        if not hasattr(self, "_analysis"):
            self._analysis = get_object_or_404(
                NeedsAnalysis.objects.select_related("activity", "area", "author", "forecast_indicator"),
                pk=self.kwargs["pk"],
            )
        return self._analysis

    def dispatch(self, request, *args, **kwargs):
        if (
            self.change
            and request.user.is_authenticated
            and not request.user.has_perm("needs.change_analyses")
        ):
            from django.core.exceptions import PermissionDenied

            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def tabs(self, current):
        pk = self.get_analysis().pk
        return record_tabs(
            current=current,
            details_url=reverse("needs:analysis", args=[pk]),
            history_url=reverse("needs:analysis-history", args=[pk]),
        )

    def get_back_url(self):
        return reverse("needs:analysis", args=[self.get_analysis().pk])


class AnalysisDetailView(AnalysisMixin, TemplateView):
    template_name = "needs/analysis/detail.html"

    def get_context_data(self, **kwargs):
        analysis = self.get_analysis()
        can_change = self.request.user.has_perm("needs.change_analyses") and not analysis.is_archived
        return super().get_context_data(
            analysis=analysis,
            sources=[(label, code in analysis.sources) for code, label in EvidenceSource.choices],
            indicators=analysis.indicators.order_by("title"),
            priorities=selectors.priorities_of(analysis),
            projection=selectors.projection(
                analysis.forecast_indicator, analysis.area, analysis.forecast_years
            ),
            missing=services.finalise_problems(analysis) if analysis.status == AnalysisStatus.DRAFT else [],
            can_change=can_change,
            editable=can_change and analysis.status == AnalysisStatus.DRAFT,
            record_tabs=self.tabs("details"),
            **kwargs,
        )


class AnalysisHistoryView(AnalysisMixin, TemplateView):
    template_name = "needs/analysis/history.html"

    def get_context_data(self, **kwargs):
        analysis = self.get_analysis()
        return super().get_context_data(
            analysis=analysis, history=history_for(analysis), record_tabs=self.tabs("history"), **kwargs
        )


class AnalysisCreateView(PermissionMixin, FormPageMixin, FormView):
    permission = "needs.change_analyses"
    form_class = AnalysisForm
    page_title = "Start a needs analysis"
    submit_label = "Start needs analysis"

    def get_back_url(self):
        return reverse("needs:analyses")

    def get_initial(self):
        settings = NeedsSettings.objects.first()
        initial = {"area": settings.home_area_id if settings else None, "forecast_years": 3}
        if self.request.GET.get("activity", "").isdigit():
            initial["activity"] = int(self.request.GET["activity"])
        return initial

    def form_valid(self, form):
        data, indicators, _ = _split(form)
        analysis = self.run_service(
            form, lambda: services.analysis_create(actor=self.request.user, data=data, indicators=indicators)
        )
        if analysis is None:
            return self.form_invalid(form)
        messages.success(self.request, f"Needs analysis started: {analysis.title}.")
        return redirect(analysis.get_absolute_url())


class AnalysisUpdateView(AnalysisMixin, FormPageMixin, FormView):
    change = True
    form_class = AnalysisForm
    submit_label = "Save changes"

    @property
    def page_title(self):
        return f"Change {self.get_analysis()}"

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["instance"] = self.get_analysis()
        kwargs.setdefault("initial", {})["version"] = self.get_analysis().version
        return kwargs

    def form_valid(self, form):
        data, indicators, _ = _split(form)
        analysis = self.run_service(
            form,
            lambda: services.analysis_update(
                actor=self.request.user,
                analysis=self.get_analysis(),
                data=data,
                indicators=indicators,
                expected_version=form.cleaned_data.get("version"),
            ),
        )
        if analysis is None:
            return self.form_invalid(form)
        messages.success(self.request, "Your changes have been saved.")
        return redirect(analysis.get_absolute_url())


class AnalysisFinaliseView(AnalysisMixin, FormPageMixin, FormView):
    change = True
    form_class = ReasonForm
    submit_label = "Mark as final"
    lede = (
        "A final analysis cannot be changed unless it is reopened. If it informs a commissioning activity, it is "
        "added as evidence to steps 1, 2 and 3."
    )

    @property
    def page_title(self):
        return f"Mark {self.get_analysis()} as final?"

    def get_form(self, form_class=None):
        form = super().get_form(form_class)
        del form.fields["reason"]
        return form

    def form_valid(self, form):
        analysis = self.run_service(
            form,
            lambda: services.analysis_finalise(
                actor=self.request.user, analysis=self.get_analysis(), expected_version=None
            ),
        )
        if analysis is None:
            return self.form_invalid(form)
        messages.success(self.request, f"{analysis} is final.")
        return redirect(analysis.get_absolute_url())


class AnalysisReopenView(AnalysisMixin, FormPageMixin, FormView):
    change = True
    form_class = ReasonForm
    submit_label = "Reopen"

    @property
    def page_title(self):
        return f"Reopen {self.get_analysis()}?"

    def form_valid(self, form):
        analysis = self.run_service(
            form,
            lambda: services.analysis_reopen(
                actor=self.request.user, analysis=self.get_analysis(), reason=form.cleaned_data["reason"]
            ),
        )
        if analysis is None:
            return self.form_invalid(form)
        messages.success(self.request, f"{analysis} is a draft again.")
        return redirect(analysis.get_absolute_url())


class AnalysisArchiveView(AnalysisMixin, ArchiveViewMixin, FormView):
    change = True
    noun = "needs analysis"

    def get_record(self):
        return self.get_analysis()

    def archive_record(self, analysis, reason):
        return services.analysis_archive(actor=self.request.user, analysis=analysis, reason=reason)


class AnalysisRestoreView(AnalysisMixin, RestoreViewMixin, FormView):
    change = True
    noun = "needs analysis"

    def get_record(self):
        return self.get_analysis()

    def restore_record(self, analysis):
        return services.analysis_restore(actor=self.request.user, analysis=analysis)


class PriorityMixin(AnalysisMixin):
    def get_priority(self) -> Priority:
        return get_object_or_404(
            Priority.objects.active(), pk=self.kwargs["priority_pk"], analysis=self.get_analysis()
        )


class PriorityCreateView(AnalysisMixin, FormPageMixin, FormView):
    change = True
    form_class = PriorityForm
    page_title = "Add a priority"
    submit_label = "Add priority"

    def form_valid(self, form):
        data, indicators, outcomes = _split(form)
        priority = self.run_service(
            form,
            lambda: services.priority_create(
                actor=self.request.user,
                analysis=self.get_analysis(),
                data=data,
                outcomes=outcomes,
                indicators=indicators,
            ),
        )
        if priority is None:
            return self.form_invalid(form)
        messages.success(self.request, f"Priority added: {priority.title}.")
        return redirect(self.get_back_url())


class PriorityUpdateView(PriorityMixin, FormPageMixin, FormView):
    change = True
    form_class = PriorityForm
    submit_label = "Save priority"

    @property
    def page_title(self):
        return f"Change the priority: {self.get_priority()}"

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["instance"] = self.get_priority()
        kwargs.setdefault("initial", {})["version"] = kwargs["instance"].version
        return kwargs

    def form_valid(self, form):
        data, indicators, outcomes = _split(form)
        priority = self.run_service(
            form,
            lambda: services.priority_update(
                actor=self.request.user,
                priority=self.get_priority(),
                data=data,
                outcomes=outcomes,
                indicators=indicators,
                expected_version=form.cleaned_data.get("version"),
            ),
        )
        if priority is None:
            return self.form_invalid(form)
        messages.success(self.request, "The priority has been saved.")
        return redirect(self.get_back_url())


class PriorityRemoveView(PriorityMixin, FormPageMixin, FormView):
    change = True
    form_class = ReasonForm
    destructive = True
    submit_label = "Remove priority"
    lede = "The priority is archived, not deleted: it stays in the analysis's history."

    @property
    def page_title(self):
        return f"Remove the priority: {self.get_priority()}?"

    def form_valid(self, form):
        result = self.run_service(
            form,
            lambda: services.priority_archive(
                actor=self.request.user, priority=self.get_priority(), reason=form.cleaned_data["reason"]
            ),
        )
        if result is None:
            return self.form_invalid(form)
        messages.success(self.request, "The priority has been removed.")
        return redirect(self.get_back_url())


class PriorityMoveView(PriorityMixin, View):
    change = True
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        direction = request.POST.get("direction", "")
        try:
            services.priority_move(actor=request.user, priority=self.get_priority(), direction=direction)
        except ValidationError as exc:
            messages.error(request, exc.messages[0])
        return redirect(f"{self.get_back_url()}#priorities")


class ReportCardView(PriorityMixin, TemplateView):
    """The Results-Based Accountability "Turn the Curve" report card of a priority."""

    template_name = "needs/analysis/report_card.html"

    def get_context_data(self, **kwargs):
        analysis = self.get_analysis()
        priority = self.get_priority()
        if priority.analysis_id != analysis.pk:
            raise Http404
        return super().get_context_data(
            analysis=analysis,
            priority=priority,
            projection=selectors.projection(
                priority.baseline_indicator, analysis.area, analysis.forecast_years
            ),
            **kwargs,
        )
