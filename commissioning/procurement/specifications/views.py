from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.text import slugify
from django.views import View
from django.views.generic import FormView, TemplateView

from commissioning.core.reports.pdf import pdf_response
from commissioning.core.selectors import history_for
from commissioning.core.views import (
    ArchiveViewMixin,
    FormPageMixin,
    ListPageMixin,
    PermissionMixin,
    RestoreViewMixin,
    form_errors_from,
)
from commissioning.cycle.models import CommissioningActivity
from commissioning.procurement.specifications import diff, export, selectors, services
from commissioning.procurement.specifications.forms import (
    ApproveForm,
    KpiFormSet,
    PrefillForm,
    SectionsForm,
    StartForm,
    kpi_rows,
)
from commissioning.procurement.specifications.models import (
    Specification,
    SpecificationStatus,
    SpecificationVersion,
)

VIEW = "specifications.view_specifications"
CHANGE = (VIEW, "specifications.change_specifications")

EXPORT_COLUMNS = [
    ("Title", lambda s: s.title),
    ("Commissioning activity", lambda s: s.activity.title),
    ("Cycle year", lambda s: s.activity.cycle_year_label),
    ("Status", lambda s: s.get_status_display()),
    ("Latest version", lambda s: s.current_number),
    ("Approved version", lambda s: s.approved_number or ""),
    ("Last changed", lambda s: s.updated_at.date().isoformat()),
    ("Archived", lambda s: "Yes" if s.is_archived else "No"),
]


class SpecificationListView(PermissionMixin, ListPageMixin, TemplateView):
    permission = VIEW
    template_name = "specifications/specification_list.html"
    csv_filename = "service-specifications"
    csv_columns = EXPORT_COLUMNS

    def filters(self):
        params = self.request.GET
        activity = params.get("activity", "")
        return {
            "search": params.get("q", "").strip(),
            "status": params.get("status", "")
            if params.get("status", "") in SpecificationStatus.values
            else "",
            "activity_id": int(activity) if activity.isdigit() else None,
            "include_archived": params.get("archived") == "yes",
            "ordering": params.get("sort", "updated"),
        }

    def get(self, request, *args, **kwargs):
        self.queryset = selectors.specification_list(user=request.user, **self.filters())
        if self.wants_csv():
            return self.csv_response(self.queryset)
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(self.paginate(self.queryset))
        filters = self.filters()
        activity = None
        if filters["activity_id"]:
            activity = CommissioningActivity.objects.filter(pk=filters["activity_id"]).first()
        context.update(
            filters=filters,
            activity=activity,
            statuses=SpecificationStatus.choices,
            can_change=self.request.user.has_perm("specifications.change_specifications"),
            sort_options=[
                ("updated", "Recently changed"),
                ("title", "Title A to Z"),
                ("activity", "Commissioning activity"),
                ("status", "Status"),
            ],
        )
        return context


class StartView(PermissionMixin, FormPageMixin, FormView):
    permission = CHANGE
    form_class = StartForm
    page_title = "Start a service specification"
    submit_label = "Start the specification"
    lede = (
        "The specification has one section for each heading of the Wolverhampton service specification template "
        "in the framework library. Every time you save, a new version is kept."
    )

    def get_back_url(self):
        return reverse("specifications:list")

    def dispatch(self, request, *args, **kwargs):
        self.template_missing = ""
        try:
            selectors.template_items()
        except selectors.TemplateNotLoaded as exc:
            self.template_missing = str(exc)
        return super().dispatch(request, *args, **kwargs)

    def get_template_names(self):
        if self.template_missing:
            return ["specifications/template_missing.html"]
        return super().get_template_names()

    def get_context_data(self, **kwargs):
        return super().get_context_data(template_missing=self.template_missing, **kwargs)

    def get_initial(self):
        activity = self.request.GET.get("activity", "")
        initial = {}
        if activity.isdigit():
            found = CommissioningActivity.objects.active().filter(pk=int(activity)).first()
            if found is not None:
                initial = {"activity": found, "title": f"Service specification: {found.title}"}
        return initial

    def post(self, request, *args, **kwargs):
        if self.template_missing:
            return self.get(request, *args, **kwargs)
        return super().post(request, *args, **kwargs)

    def form_valid(self, form):
        specification = self.run_service(
            form,
            lambda: services.specification_start(
                actor=self.request.user,
                activity=form.cleaned_data["activity"],
                title=form.cleaned_data["title"],
            ),
        )
        if specification is None:
            return self.form_invalid(form)
        messages.success(self.request, f"{specification} has been started from the template as version 1.")
        return redirect("specifications:edit", pk=specification.pk)


class SpecificationMixin(PermissionMixin):
    permission = VIEW

    def get_specification(self) -> Specification:
        if not hasattr(self, "_specification"):
            try:
                self._specification = selectors.specification_detail(self.kwargs["pk"])
            except Specification.DoesNotExist as exc:
                raise Http404("No such specification") from exc
        return self._specification

    def get_record(self):
        return self.get_specification()

    def get_back_url(self):
        return self.get_specification().get_absolute_url()

    def get_version(self, number=None):
        try:
            return selectors.version_of(self.get_specification(), number)
        except SpecificationVersion.DoesNotExist as exc:
            raise Http404("No such version") from exc

    def tabs(self, current: str) -> list[dict]:
        pk = self.get_specification().pk
        return [
            {"label": label, "url": reverse(name, args=[pk]), "current": current == key}
            for key, label, name in (
                ("details", "Specification", "specifications:detail"),
                ("versions", "Versions", "specifications:versions"),
                ("history", "History", "specifications:history"),
            )
        ]

    def page_context(self, current: str, **kwargs):
        specification = self.get_specification()
        user = self.request.user
        return {
            "specification": specification,
            "record_tabs": self.tabs(current),
            "can_change": user.has_perm("specifications.change_specifications")
            and not specification.is_archived,
            "can_archive": user.has_perm("specifications.change_specifications"),
            **kwargs,
        }


class SpecificationDetailView(SpecificationMixin, TemplateView):
    template_name = "specifications/specification_detail.html"

    def get_context_data(self, **kwargs):
        version = self.get_version()
        return super().get_context_data(
            **self.page_context(
                "details",
                version=version,
                missing=services.missing_sections(version) if not version.is_approved else [],
                status_words=export.status_words(version),
            ),
            **kwargs,
        )


class VersionDetailView(SpecificationMixin, TemplateView):
    template_name = "specifications/version_detail.html"

    def get_context_data(self, **kwargs):
        version = self.get_version(self.kwargs["number"])
        return super().get_context_data(
            **self.page_context("versions", version=version, status_words=export.status_words(version)),
            **kwargs,
        )


class VersionListView(SpecificationMixin, TemplateView):
    template_name = "specifications/version_list.html"

    def get_context_data(self, **kwargs):
        versions = selectors.versions_of(self.get_specification())
        return super().get_context_data(**self.page_context("versions", versions=versions), **kwargs)


class CompareView(SpecificationMixin, TemplateView):
    template_name = "specifications/compare.html"

    def get_context_data(self, **kwargs):
        specification = self.get_specification()
        params = self.request.GET
        numbers = list(range(1, specification.current_number + 1))
        error = ""
        old_number = params.get("from", "")
        new_number = params.get("to", "")
        sections, kpis, old, new = [], None, None, None
        if not (old_number.isdigit() and new_number.isdigit()):
            error = "Choose two versions to compare."
        elif int(old_number) not in numbers or int(new_number) not in numbers:
            error = f"Choose versions between 1 and {specification.current_number}."
        elif old_number == new_number:
            error = "Choose two different versions to compare."
        else:
            old = self.get_version(int(old_number))
            new = self.get_version(int(new_number))
            sections, kpis = diff.compare(old, new)
        return super().get_context_data(
            **self.page_context(
                "versions",
                numbers=numbers,
                chosen_from=old_number,
                chosen_to=new_number,
                error=error,
                old=old,
                new=new,
                sections=sections,
                kpis=kpis,
                changed_count=sum(1 for s in sections if s.changed),
            ),
            **kwargs,
        )


class HistoryView(SpecificationMixin, TemplateView):
    template_name = "specifications/specification_history.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            **self.page_context("history", history=history_for(self.get_specification())), **kwargs
        )


class EditView(SpecificationMixin, TemplateView):
    """Every heading of the template with its guidance beside it, the performance measures, and a change note.
    Saving writes a new version."""

    permission = CHANGE
    template_name = "specifications/edit.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and self.get_specification().is_archived:
            messages.error(request, "Restore this specification before changing it.")
            return redirect(self.get_specification().get_absolute_url())
        return super().dispatch(request, *args, **kwargs)

    def forms(self, data=None):
        version = self.get_version()
        form = SectionsForm(
            data, sections=version.sections.all(), initial={"version": self.get_specification().version}
        )
        initial = [
            {
                "indicator": k.indicator,
                "measure": k.measure,
                "target": k.target,
                "frequency": k.frequency,
                "source": k.source,
            }
            for k in version.kpis.all()
        ]
        formset = KpiFormSet(data, initial=initial, prefix="kpis")
        return version, form, formset

    def render_forms(self, version, form, formset, **extra):
        guidance = selectors.template_guidance()
        return self.render_to_response(
            self.get_context_data(
                **self.page_context(
                    "details", version=version, form=form, formset=formset, guidance=guidance
                ),
                **extra,
            )
        )

    def get(self, request, *args, **kwargs):
        return self.render_forms(*self.forms())

    def post(self, request, *args, **kwargs):
        version, form, formset = self.forms(request.POST)
        if form.is_valid() and formset.is_valid():
            try:
                saved = services.specification_save(
                    actor=request.user,
                    specification=self.get_specification(),
                    sections=form.section_texts(),
                    kpis=kpi_rows(formset),
                    change_note=form.cleaned_data["change_note"],
                    expected_version=form.cleaned_data.get("version"),
                )
            except ValidationError as exc:
                form_errors_from(exc, form)
            else:
                if saved is None:
                    messages.info(request, "Nothing had changed, so no new version was saved.")
                else:
                    messages.success(request, f"Version {saved.number} has been saved as a draft.")
                return redirect("specifications:detail", pk=self.get_specification().pk)
        return self.render_forms(version, form, formset)


class PrefillView(SpecificationMixin, FormView):
    permission = CHANGE
    template_name = "specifications/prefill.html"
    form_class = PrefillForm

    def get_initial(self):
        return {"version": self.get_specification().version}

    def get_context_data(self, **kwargs):
        version = self.get_version()
        outcomes = next((s for s in version.sections.all() if s.ref == "H7"), None)
        return super().get_context_data(
            **self.page_context(
                "details",
                version=version,
                suggestions=selectors.activity_suggestions(self.get_specification().activity),
                has_content=bool((outcomes and outcomes.text.strip()) or version.kpis.all()),
            ),
            **kwargs,
        )

    def form_valid(self, form):
        try:
            saved = services.specification_prefill(
                actor=self.request.user,
                specification=self.get_specification(),
                mode=form.cleaned_data.get("mode") or "",
                expected_version=form.cleaned_data.get("version"),
            )
        except ValidationError as exc:
            form_errors_from(exc, form)
            return self.form_invalid(form)
        if saved is None:
            messages.info(self.request, "The specification already had these outcomes and measures.")
        else:
            messages.success(
                self.request,
                f"Version {saved.number} has the activity's outcomes and performance measures. "
                "Set the targets, then save.",
            )
        return redirect("specifications:edit", pk=self.get_specification().pk)


class ApproveView(SpecificationMixin, FormPageMixin, FormView):
    permission = CHANGE
    form_class = ApproveForm
    submit_label = "Record the approval"

    @property
    def page_title(self):
        return f"Record the approval of version {self.get_specification().current_number}"

    @property
    def lede(self):
        return (
            "Once approved, this version cannot be changed: changing the specification afterwards starts a new "
            "draft version, and the approved one is kept."
        )

    def get_initial(self):
        return {"version": self.get_specification().version}

    def form_valid(self, form):
        version = self.run_service(
            form,
            lambda: services.specification_approve(
                actor=self.request.user,
                specification=self.get_specification(),
                data=form.cleaned_data,
                expected_version=form.cleaned_data.get("version"),
            ),
        )
        if version is None:
            return self.form_invalid(form)
        messages.success(self.request, f"Version {version.number} has been approved.")
        return redirect("specifications:detail", pk=self.get_specification().pk)


class _DownloadView(SpecificationMixin, View):
    def version(self):
        number = self.kwargs.get("number")
        return self.get_version(int(number) if number is not None else None)

    def filename(self, version) -> str:
        return slugify(f"{version.specification.title} version {version.number}") or "specification"


class PdfView(_DownloadView):
    def get(self, request, *args, **kwargs):
        version = self.version()
        return pdf_response(export.specification_pdf(version), filename=self.filename(version))


class DocxView(_DownloadView):
    def get(self, request, *args, **kwargs):
        version = self.version()
        response = HttpResponse(export.specification_docx(version), content_type=export.DOCX_CONTENT_TYPE)
        response["Content-Disposition"] = f'attachment; filename="{self.filename(version)}.docx"'
        return response


class ArchiveView(SpecificationMixin, ArchiveViewMixin, FormView):
    permission = CHANGE
    noun = "specification"
    lede = (
        "Archived specifications are left out of the list and no longer open the procurement gate. Nothing is "
        "deleted, and you can restore it."
    )

    def archive_record(self, specification, reason):
        return services.specification_archive(
            actor=self.request.user, specification=specification, reason=reason
        )


class RestoreView(SpecificationMixin, RestoreViewMixin, FormView):
    permission = CHANGE
    noun = "specification"

    def restore_record(self, specification):
        return services.specification_restore(actor=self.request.user, specification=specification)
