import base64

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.views import View
from django.views.generic import FormView, TemplateView

from commissioning.core.reports import excel
from commissioning.core.selectors import history_for
from commissioning.core.views import (
    ArchiveViewMixin,
    FormPageMixin,
    ListPageMixin,
    PermissionMixin,
    RememberedResultsMixin,
    RestoreViewMixin,
    record_tabs,
)
from commissioning.cycle.models import Level, ServiceArea, Tier
from commissioning.organisations.models import Sector
from commissioning.services import selectors, services
from commissioning.services.analysis.figures import money
from commissioning.services.forms import ImportForm, ServiceForm
from commissioning.services.importing.importers import plan_import, services_import
from commissioning.services.importing.readers import COLUMNS, ServiceFileError, template_csv
from commissioning.services.models import SecuredBy, Service, ServiceStatus, TargetGroup

SESSION_KEY = "services_import"
TARGET_GROUP_LABELS = dict(TargetGroup.choices)
SECTOR_LABELS = dict(Sector.choices)
SERVICE_AREA_LABELS = dict(ServiceArea.choices)
TIER_LABELS = dict(Tier.choices)
LEVEL_LABELS = dict(Level.choices)
SECURED_BY_LABELS = dict(SecuredBy.choices)
STATUS_LABELS = dict(ServiceStatus.choices)

# One column list for the CSV and Excel downloads of the register, of the rows of selectors.export_rows(). Choices are looked up in dictionaries made once:
# the same labels as get_FOO_display(), without its cost on every cell of thousands of rows.
EXPORT_COLUMNS = [
    ("Reference", lambda s: s.reference),
    ("Name", lambda s: s.name),
    ("Description", lambda s: s.description),
    ("Provider", lambda s: s.provider.name),
    ("Provider sector", lambda s: SECTOR_LABELS.get(s.provider.sector, s.provider.sector)),
    ("Commissioning partner", lambda s: s.commissioner.name if s.commissioner else ""),
    ("Service area", lambda s: SERVICE_AREA_LABELS.get(s.service_area, s.service_area)),
    ("Tier", lambda s: TIER_LABELS.get(s.tier, s.tier)),
    ("Level", lambda s: LEVEL_LABELS.get(s.level, s.level)),
    (
        "Localities",
        lambda s: "Whole area" if s.covers_whole_area else "; ".join(s.locality_names),
    ),
    (
        "Target groups",
        lambda s: "; ".join(TARGET_GROUP_LABELS[c] for c in s.target_groups if c in TARGET_GROUP_LABELS),
    ),
    ("Age from", lambda s: s.age_from),
    ("Age to", lambda s: s.age_to),
    ("Outcomes", lambda s: "; ".join(s.outcome_refs)),
    ("Priorities", lambda s: "; ".join(s.priority_titles)),
    ("Capacity", lambda s: s.capacity),
    ("Current use", lambda s: s.current_use),
    ("Unit", lambda s: s.capacity_unit),
    ("Annual cost", lambda s: s.annual_cost),
    ("Secured by", lambda s: SECURED_BY_LABELS.get(s.secured_by, s.secured_by)),
    ("Status", lambda s: STATUS_LABELS.get(s.status, s.status)),
    ("Only one provider could deliver", lambda s: "Yes" if s.single_provider_only else "No"),
    ("Archived", lambda s: "Yes" if s.is_archived else "No"),
]


class ServiceListView(PermissionMixin, RememberedResultsMixin, ListPageMixin, TemplateView):
    permission = "services.view_services"
    template_name = "services/service_list.html"
    results_template = "services/_service_list_results.html"
    csv_filename = "services"
    csv_columns = EXPORT_COLUMNS

    def filters(self):
        params = self.request.GET
        return {
            "search": params.get("q", "").strip(),
            "status": params.get("status", ""),
            "tier": params.get("tier", ""),
            "sector": params.get("sector", ""),
            "service_area": params.get("area", ""),
            "target_group": params.get("group", ""),
            "locality": params.get("locality", ""),
            "include_archived": params.get("archived") == "yes",
            "ordering": params.get("sort", "name"),
        }

    def get(self, request, *args, **kwargs):
        self.queryset = selectors.service_list(user=request.user, **self.filters())
        if self.wants_csv():
            return self.csv_streaming_response(selectors.export_rows(self.queryset))
        if request.GET.get("format") == "xlsx":
            workbook = excel.new_workbook(title="Service register")
            sheet = excel.add_sheet(
                workbook,
                "Services",
                [heading for heading, _ in EXPORT_COLUMNS],
                (
                    [getter(service) for _, getter in EXPORT_COLUMNS]
                    for service in selectors.export_rows(self.queryset)
                ),
            )
            for cell in sheet["S"][1:]:
                cell.number_format = "£#,##0.00"
            return excel.xlsx_response(workbook, filename="services")
        return super().get(request, *args, **kwargs)

    def results_context(self) -> dict:
        return self.paginate(self.queryset)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(self.querystrings())
        context["xlsx_url"] = context["csv_url"].replace("format=csv", "format=xlsx")
        context.update(
            results=self.remembered_results(),
            filters=self.filters(),
            statuses=ServiceStatus.choices,
            tiers=Tier.choices,
            sectors=Sector.choices,
            service_areas=ServiceArea.choices,
            target_groups=TargetGroup.choices,
            localities=selectors.localities(),
            whole_area=selectors.WHOLE_AREA,
            can_change=self.request.user.has_perm("services.change_services"),
            sort_options=[
                ("name", "Name A to Z"),
                ("-name", "Name Z to A"),
                ("reference", "Reference"),
                ("provider", "Provider"),
                ("cost", "Highest cost first"),
                ("updated", "Recently changed"),
            ],
        )
        return context


class ServiceMixin(PermissionMixin):
    permission = "services.view_services"

    def get_service(self) -> Service:
        if not hasattr(self, "_service"):
            try:
                self._service = selectors.service_detail(self.kwargs["pk"])
            except Service.DoesNotExist as exc:
                raise Http404("No such service") from exc
        return self._service

    def get_back_url(self):
        return reverse("services:detail", args=[self.get_service().pk])

    def tabs(self, current: str) -> list[dict]:
        pk = self.get_service().pk
        return record_tabs(
            details_url=reverse("services:detail", args=[pk]),
            history_url=reverse("services:history", args=[pk]),
            current=current,
        )


class ServiceDetailView(ServiceMixin, TemplateView):
    template_name = "services/service_detail.html"

    def get_context_data(self, **kwargs):
        service = self.get_service()
        return super().get_context_data(
            service=service,
            annual_cost=money(service.annual_cost),
            can_change=self.request.user.has_perm("services.change_services"),
            record_tabs=self.tabs("details"),
            **kwargs,
        )


class ServiceHistoryView(ServiceMixin, TemplateView):
    template_name = "services/service_history.html"

    def get_context_data(self, **kwargs):
        service = self.get_service()
        return super().get_context_data(
            service=service, history=history_for(service), record_tabs=self.tabs("history"), **kwargs
        )


class ServiceCreateView(PermissionMixin, FormPageMixin, FormView):
    permission = ("services.view_services", "services.change_services")
    form_class = ServiceForm
    page_title = "Add a service"
    submit_label = "Add service"

    def get_back_url(self):
        return reverse("services:list")

    def form_valid(self, form):
        service = self.run_service(
            form,
            lambda: services.service_create(
                actor=self.request.user,
                data=form.service_data(),
                localities=form.cleaned_data.get("localities", []),
                outcomes=form.cleaned_data["outcomes"],
                priorities=form.cleaned_data["priorities"],
            ),
        )
        if service is None:
            return self.form_invalid(form)
        messages.success(self.request, f"{service} has been added to the register.")
        return redirect("services:detail", pk=service.pk)


class ServiceUpdateView(ServiceMixin, FormPageMixin, FormView):
    permission = ("services.view_services", "services.change_services")
    form_class = ServiceForm
    submit_label = "Save changes"

    @property
    def page_title(self):
        return f"Change {self.get_service()}"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": Service.objects.get(pk=self.get_service().pk)}

    def form_valid(self, form):
        service = self.run_service(
            form,
            lambda: services.service_update(
                actor=self.request.user,
                service=self.get_service(),
                data=form.service_data(),
                localities=form.cleaned_data.get("localities", []),
                outcomes=form.cleaned_data["outcomes"],
                priorities=form.cleaned_data["priorities"],
                expected_version=form.cleaned_data.get("version"),
            ),
        )
        if service is None:
            return self.form_invalid(form)
        messages.success(self.request, "Your changes have been saved.")
        return redirect("services:detail", pk=service.pk)


class ServiceArchiveView(ServiceMixin, ArchiveViewMixin, FormView):
    permission = ("services.view_services", "services.change_services")
    noun = "service"
    lede = (
        "Archived services are left out of the register, the gap analysis and the market analysis. "
        "Nothing is deleted, and you can restore it."
    )

    def get_record(self):
        return self.get_service()

    def archive_record(self, service, reason):
        return services.service_archive(actor=self.request.user, service=service, reason=reason)


class ServiceRestoreView(ServiceMixin, RestoreViewMixin, FormView):
    permission = ("services.view_services", "services.change_services")
    noun = "service"

    def get_record(self):
        return self.get_service()

    def restore_record(self, service):
        return services.service_restore(actor=self.request.user, service=service)


# Import ----------------------------------------------------------------------------------------------------


class ImportTemplateView(PermissionMixin, View):
    permission = "services.view_services"

    def get(self, request, *args, **kwargs):
        response = HttpResponse(template_csv(), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="service-register-template.csv"'
        return response


class ImportView(PermissionMixin, FormView):
    """Upload a file, see every problem or a preview of what will change, then confirm."""

    permission = ("services.view_services", "services.change_services")
    form_class = ImportForm
    template_name = "services/import.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(columns=COLUMNS, **kwargs)

    def form_valid(self, form):
        upload = form.cleaned_data["file"]
        content = upload.read()
        try:
            report = plan_import(content, file_name=upload.name)
        except ServiceFileError as exc:
            count = len(exc.problems)
            form.add_error(
                "file", f"The file has {count} problem{'s' if count != 1 else ''}. Nothing has been imported."
            )
            return self.render_to_response(self.get_context_data(form=form, problems=exc.problems))
        self.request.session[SESSION_KEY] = {
            "file_name": upload.name,
            "content": base64.b64encode(content).decode("ascii"),
        }
        return self.render_to_response(self.get_context_data(form=form, report=report, file_name=upload.name))


class ImportConfirmView(PermissionMixin, View):
    permission = ("services.view_services", "services.change_services")

    def post(self, request, *args, **kwargs):
        stored = request.session.get(SESSION_KEY)
        if not stored:
            messages.error(request, "Upload the file again: the checked file is no longer available.")
            return redirect("services:import")
        try:
            report = services_import(
                actor=request.user,
                content=base64.b64decode(stored["content"]),
                file_name=stored["file_name"],
            )
        except ServiceFileError:
            messages.error(request, "The register changed since the file was checked. Upload it again.")
            return redirect("services:import")
        del request.session[SESSION_KEY]
        messages.success(request, f"{stored['file_name']} imported. {report.summary()}")
        return redirect("services:list")
