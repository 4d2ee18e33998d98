from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.views.generic import FormView, TemplateView

from commissioning.core.selectors import history_for
from commissioning.core.table_cache import tables_read
from commissioning.core.views import (
    ArchiveViewMixin,
    FormPageMixin,
    ListPageMixin,
    PermissionMixin,
    RememberedResultsMixin,
    RestoreViewMixin,
    form_errors_from,
    record_tabs,
)
from commissioning.needs.files import FileImportError
from commissioning.needs.indicators import selectors, services
from commissioning.needs.indicators.forms import OWN_MAPPING, ImportUploadForm, IndicatorForm
from commissioning.needs.indicators.mappings import shipped_mapping
from commissioning.needs.models import Area, ImportBatch, Indicator, Polarity, StagedImport, Unit

WITH_VALUES = [("yes", "With figures"), ("no", "Without figures")]
SORTS = [("title", "Title"), ("code", "Code"), ("values", "Most figures"), ("updated", "Recently changed")]


def _split(form) -> tuple[dict, list]:
    data = {k: v for k, v in form.cleaned_data.items() if k not in ("version", "outcomes")}
    return data, list(form.cleaned_data.get("outcomes") or [])


class IndicatorListView(PermissionMixin, RememberedResultsMixin, ListPageMixin, TemplateView):
    permission = "needs.view_indicators"
    template_name = "needs/indicators/list.html"
    results_template = "needs/indicators/_list_results.html"
    paginate_by = 50
    csv_filename = "indicators"
    csv_columns = [
        ("Code", lambda i: i.code),
        ("Title", lambda i: i.title),
        ("Definition", lambda i: i.definition),
        ("Unit", lambda i: i.get_unit_display()),
        ("Polarity", lambda i: i.get_polarity_display()),
        ("National indicator", lambda i: i.national_indicator.ref if i.national_indicator else ""),
        ("Outcomes", lambda i: "; ".join(o.title for o in i.outcomes.all())),
        ("Source", lambda i: i.source),
        ("Frequency", lambda i: i.get_frequency_display()),
        ("Figures held", lambda i: i.value_count),
        ("Archived", lambda i: "Yes" if i.is_archived else ""),
    ]

    def filters(self) -> dict:
        params = self.request.GET
        return {
            "search": params.get("q", "").strip(),
            "unit": params.get("unit", "") if params.get("unit") in Unit.values else "",
            "polarity": params.get("polarity", "") if params.get("polarity") in Polarity.values else "",
            "outcome": params.get("outcome", ""),
            "with_values": params.get("figures", "") if params.get("figures") in ("yes", "no") else "",
            "include_archived": params.get("archived") == "yes",
            "ordering": params.get("sort", "title") if params.get("sort") in selectors.ORDERINGS else "title",
        }

    def get(self, request, *args, **kwargs):
        self.queryset = selectors.indicator_list(**self.filters())
        if self.wants_csv():
            return self.csv_response(selectors.with_value_counts(self.queryset))
        return super().get(request, *args, **kwargs)

    def results_context(self) -> dict:
        context = self.paginate(self.queryset)
        page = context["page_obj"]
        page.object_list = context["object_list"] = selectors.with_value_counts(page.object_list)
        return {
            **context,
            "filtered": any(
                self.filters()[k] for k in ("search", "unit", "polarity", "outcome", "with_values")
            ),
            "can_manage": self.request.user.has_perm("needs.manage_indicators"),
        }

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        filters = self.filters()
        context.update(
            self.querystrings(),
            results=self.remembered_results(),
            filters=filters,
            units=Unit.choices,
            polarities=Polarity.choices,
            outcomes=selectors.outcome_choices(),
            with_values_choices=WITH_VALUES,
            sorts=SORTS,
            can_manage=self.request.user.has_perm("needs.manage_indicators"),
        )
        return context


class IndicatorMixin(PermissionMixin):
    permission = "needs.view_indicators"

    def get_indicator(self) -> Indicator:
        if not hasattr(self, "_indicator"):
            try:
                self._indicator = selectors.indicator_by_code(self.kwargs["code"])
            except Indicator.DoesNotExist as exc:
                raise Http404("No such indicator") from exc
        return self._indicator

    def get_record(self):
        return self.get_indicator()

    def get_back_url(self) -> str:
        return self.get_indicator().get_absolute_url()

    def tabs(self, current: str) -> list[dict]:
        code = self.get_indicator().code
        return record_tabs(
            details_url=reverse("needs:indicator-detail", args=[code]),
            history_url=reverse("needs:indicator-history", args=[code]),
            current=current,
        )


class IndicatorDetailView(IndicatorMixin, RememberedResultsMixin, TemplateView):
    """The indicator's page: its title from the indicator as read, the rest (its details, the figures held, recent
    changes and imports) kept rendered in the table cache for the person until anything it shows is written."""

    template_name = "needs/indicators/detail.html"
    results_template = "needs/indicators/_detail_results.html"

    def get_indicator(self) -> Indicator:
        if not hasattr(self, "_indicator"):
            _, self.results_also_read = tables_read(super().get_indicator)
        return super().get_indicator()

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            indicator=self.get_indicator(),
            results=self.remembered_results(),
            record_tabs=self.tabs("details"),
        )

    def results_context(self) -> dict:
        indicator = self.get_indicator()
        return {
            "indicator": indicator,
            "outcomes": indicator.outcomes.order_by("sort_key"),
            "summary": selectors.value_summary(indicator),
            "changes": selectors.recent_changes(indicator),
            "batches": selectors.batches_for(indicator),
            "can_manage": self.request.user.has_perm("needs.manage_indicators"),
        }


class IndicatorHistoryView(IndicatorMixin, TemplateView):
    template_name = "needs/indicators/history.html"

    def get_context_data(self, **kwargs):
        indicator = self.get_indicator()
        return super().get_context_data(
            indicator=indicator, history=history_for(indicator), record_tabs=self.tabs("history"), **kwargs
        )


class IndicatorCreateView(PermissionMixin, FormPageMixin, FormView):
    permission = "needs.manage_indicators"
    form_class = IndicatorForm
    page_title = "Add an indicator to the catalogue"
    submit_label = "Add indicator"

    def get_back_url(self):
        return reverse("needs:indicators")

    def form_valid(self, form):
        data, outcomes = _split(form)
        indicator = self.run_service(
            form, lambda: services.indicator_create(actor=self.request.user, data=data, outcomes=outcomes)
        )
        if indicator is None:
            return self.form_invalid(form)
        messages.success(self.request, f"{indicator} has been added to the catalogue.")
        return redirect(indicator.get_absolute_url())


class IndicatorUpdateView(IndicatorMixin, FormPageMixin, FormView):
    permission = ("needs.view_indicators", "needs.manage_indicators")
    form_class = IndicatorForm
    submit_label = "Save changes"

    @property
    def page_title(self):
        return f"Change {self.get_indicator()}"

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["instance"] = self.get_indicator()
        kwargs.setdefault("initial", {})["version"] = self.get_indicator().version
        return kwargs

    def form_valid(self, form):
        data, outcomes = _split(form)
        indicator = self.run_service(
            form,
            lambda: services.indicator_update(
                actor=self.request.user,
                indicator=self.get_indicator(),
                data=data,
                outcomes=outcomes,
                expected_version=form.cleaned_data.get("version"),
            ),
        )
        if indicator is None:
            return self.form_invalid(form)
        messages.success(self.request, "Your changes have been saved.")
        return redirect(indicator.get_absolute_url())


class IndicatorArchiveView(IndicatorMixin, ArchiveViewMixin, FormView):
    permission = ("needs.view_indicators", "needs.manage_indicators")
    noun = "indicator"
    lede = (
        "Archived indicators are hidden from the catalogue and the benchmark lists. Their figures are kept."
    )

    def archive_record(self, record, reason):
        return services.indicator_archive(actor=self.request.user, indicator=record, reason=reason)


class IndicatorRestoreView(IndicatorMixin, RestoreViewMixin, FormView):
    permission = ("needs.view_indicators", "needs.manage_indicators")
    noun = "indicator"

    def restore_record(self, record):
        return services.indicator_restore(actor=self.request.user, indicator=record)


# Imports ---------------------------------------------------------------------------------------------------


class ImportListView(PermissionMixin, ListPageMixin, TemplateView):
    permission = "needs.view_indicators"
    template_name = "needs/indicators/import_list.html"
    csv_filename = "indicator-imports"
    csv_columns = [
        ("Imported", lambda b: b.created_at.isoformat(timespec="minutes")),
        ("File", lambda b: b.file_name),
        ("Format", lambda b: b.get_file_format_display()),
        ("By", lambda b: b.imported_by.get_full_name() if b.imported_by else "Command line"),
        ("Rows read", lambda b: b.rows_read),
        ("New", lambda b: b.created_count),
        ("Changed", lambda b: b.updated_count),
        ("Unchanged", lambda b: b.unchanged_count),
        ("Suppressed", lambda b: b.suppressed_count),
        ("Left out", lambda b: b.skipped_count),
        ("Indicators", lambda b: "; ".join(b.indicator_codes)),
        ("SHA-256", lambda b: b.sha256),
    ]

    def get(self, request, *args, **kwargs):
        self.search = request.GET.get("q", "").strip()
        self.queryset = selectors.batch_list(search=self.search)
        if self.wants_csv():
            return self.csv_response(self.queryset)
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(self.paginate(self.queryset))
        context.update(search=self.search, can_manage=self.request.user.has_perm("needs.manage_indicators"))
        return context


class ImportDetailView(PermissionMixin, TemplateView):
    permission = "needs.view_indicators"
    template_name = "needs/indicators/import_detail.html"

    def get_context_data(self, **kwargs):
        batch = get_object_or_404(ImportBatch.objects.select_related("imported_by"), pk=self.kwargs["pk"])
        indicators = {i.code: i for i in Indicator.objects.filter(code__in=batch.indicator_codes)}
        return super().get_context_data(
            batch=batch,
            indicators=[indicators.get(code) or code for code in batch.indicator_codes],
            changes=selectors.batch_changes(batch),
            **kwargs,
        )


class ImportUploadView(PermissionMixin, FormView):
    """Upload a file; it is checked whole and, when valid, kept for a preview before anything is written."""

    permission = ("needs.view_indicators", "needs.manage_indicators")
    form_class = ImportUploadForm
    template_name = "needs/indicators/import_upload.html"

    def form_valid(self, form):
        upload = form.cleaned_data["file"]
        choice = form.cleaned_data.get("mapping") or ""
        mapping_text, mapping_name = "", ""
        if choice == OWN_MAPPING:
            mapping_file = form.cleaned_data["mapping_file"]
            mapping_text, mapping_name = self._read_mapping(mapping_file, form), mapping_file.name
            if mapping_text is None:
                return self.form_invalid(form)
        elif choice:
            shipped = shipped_mapping(choice)
            mapping_text, mapping_name = shipped.text, f"{shipped.name}.yaml"
        try:
            staged, _ = services.staged_import_create(
                actor=self.request.user,
                file_name=upload.name,
                content=upload.read(),
                mapping=mapping_text,
                mapping_name=mapping_name,
                accept_suppressed=form.cleaned_data["accept_suppressed"],
                skip_unknown_areas=form.cleaned_data["skip_unknown_areas"],
            )
        except FileImportError as error:
            return self.render_to_response(self.get_context_data(form=form, file_problems=error.problems))
        except ValidationError as error:
            form_errors_from(error, form)
            return self.form_invalid(form)
        return redirect("needs:import-preview", pk=staged.pk)

    @staticmethod
    def _read_mapping(mapping_file, form) -> str | None:
        try:
            return mapping_file.read().decode("utf-8-sig")
        except UnicodeDecodeError:
            form.add_error("mapping_file", "The mapping must be UTF-8 text")
            return None


class StagedImportMixin(PermissionMixin):
    permission = ("needs.view_indicators", "needs.manage_indicators")

    def get_staged(self) -> StagedImport:
        return get_object_or_404(StagedImport, pk=self.kwargs["pk"], uploaded_by=self.request.user)


class ImportPreviewView(StagedImportMixin, TemplateView):
    """What the import will do; confirming it (POST) writes everything, or nothing if the file no longer passes."""

    template_name = "needs/indicators/import_preview.html"

    def get(self, request, *args, **kwargs):
        staged = self.get_staged()
        try:
            plan = services.staged_import_plan(staged)
        except FileImportError as error:
            return self.render_to_response(self.get_context_data(staged=staged, file_problems=error.problems))
        return self.render_to_response(self.get_context_data(staged=staged, plan=plan))

    def post(self, request, *args, **kwargs):
        staged = self.get_staged()
        try:
            plan = services.staged_import_confirm(actor=request.user, staged=staged)
        except FileImportError as error:
            return self.render_to_response(self.get_context_data(staged=staged, file_problems=error.problems))
        messages.success(request, plan.summary())
        return redirect(plan.batch.get_absolute_url())

    def get_context_data(self, **kwargs):
        plan = kwargs.get("plan")
        if plan is not None:
            names = dict(
                Area.objects.filter(pk__in={r.area_id for r in plan.sample}).values_list("pk", "name")
            )
            kwargs["sample"] = [(row, names.get(row.area_id, "")) for row in plan.sample]
        return super().get_context_data(**kwargs)
