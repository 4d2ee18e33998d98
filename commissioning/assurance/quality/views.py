"""Pages for provider quality checks: the register across providers, a provider's checks (the portal page for
provider users), submitting evidence, verifying or rejecting it, history, and the requirements."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views import View
from django.views.generic import FormView, TemplateView

from commissioning.assurance.quality import selectors, services
from commissioning.assurance.quality.forms import (
    CheckSubmitForm,
    EnrolForm,
    RejectForm,
    RequirementForm,
    VerifyForm,
)
from commissioning.assurance.quality.models import CheckStatus, ProviderCheck, Requirement
from commissioning.core.downloads import stored_file_download
from commissioning.core.reports.excel import add_sheet, new_workbook, xlsx_response
from commissioning.core.reports.pdf import pdf_response, render_pdf
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
from commissioning.organisations.models import Organisation

REGISTER = "quality.view_register"


def _person(user) -> str:
    return (user.get_full_name() or user.get_username()) if user else ""


REGISTER_COLUMNS = [
    ("Provider", lambda r: r.provider.name),
    ("Requirement", lambda r: r.requirement.title),
    ("Gateshead standard", lambda r: f"{r.requirement.standard_ref} {r.requirement.standard_title}"),
    ("Status", lambda r: r.status_label),
    ("Policy adopted", lambda r: r.check.adopted_on.isoformat() if r.check and r.check.adopted_on else ""),
    (
        "Last reviewed",
        lambda r: r.check.last_reviewed_on.isoformat() if r.check and r.check.last_reviewed_on else "",
    ),
    ("Next review or expiry", lambda r: r.expires_on.isoformat() if r.expires_on else ""),
    ("Submitted by", lambda r: _person(r.check.submitted_by) if r.check else ""),
    ("Verified or rejected by", lambda r: _person(r.check.verified_by) if r.check else ""),
    ("Reason rejected", lambda r: r.check.rejection_reason if r.check else ""),
]


def _int(value) -> int | None:
    try:
        number = int(value)
    except (TypeError, ValueError):
        return None
    return number if number >= 0 else None


class RegisterView(PermissionMixin, RememberedResultsMixin, ListPageMixin, TemplateView):
    """The home page: the register for partnership staff; provider users go to their own checks."""

    template_name = "quality/register.html"
    results_template = "quality/_register_results.html"
    results_by_day = True  # a check past its expiry date is shown as expired
    csv_columns = REGISTER_COLUMNS
    csv_filename = "provider-quality-checks"
    paginate_by = 50

    def dispatch(self, request, *args, **kwargs):
        user = request.user
        if user.is_authenticated and not user.has_perm(REGISTER):
            if user.has_perm("quality.use_portal"):
                return redirect("quality:mine")
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def filters(self):
        params = self.request.GET
        status = params.get("status", "")
        sort = params.get("sort", "provider")
        return {
            "status": status if status in CheckStatus.values else "",
            "provider_id": _int(params.get("provider")),
            "requirement_id": _int(params.get("requirement")),
            "expiring_within": _int(params.get("within")),
            "search": params.get("q", "").strip()[:200],
            "ordering": sort if sort in selectors.SORTS else "provider",
        }

    def get(self, request, *args, **kwargs):
        self.today = timezone.localdate()
        self.rows = selectors.register_rows(today=self.today, **self.filters())
        if self.wants_csv():
            return self.csv_response(self.rows)
        if request.GET.get("format") == "xlsx":
            workbook = new_workbook(title="Provider quality checks")
            add_sheet(
                workbook,
                "Quality checks",
                [heading for heading, _ in REGISTER_COLUMNS],
                [[getter(row) for _, getter in REGISTER_COLUMNS] for row in self.rows],
            )
            return xlsx_response(workbook, filename=f"provider-quality-checks-{self.today.isoformat()}")
        return super().get(request, *args, **kwargs)

    def results_context(self) -> dict:
        filters = self.filters()
        context = self.paginate(self.rows)
        return {
            **context,
            "rows": context["object_list"],
            "filtered": any(value for key, value in filters.items() if key != "ordering"),
            "can_add_providers": self.request.user.has_perm("quality.add_providers"),
        }

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        filters = self.filters()
        user = self.request.user
        context.update(
            results=self.remembered_results(),
            filters=filters,
            counts=selectors.register_status_counts(today=self.today),
            status_options=CheckStatus.choices,
            provider_options=selectors.provider_options(filters["provider_id"]),
            requirements=selectors.requirement_list(),
            sort_options=[
                ("provider", "Provider"),
                ("requirement", "Requirement"),
                ("expiry", "Next review or expiry"),
                ("status", "Status"),
            ],
            can_add_providers=user.has_perm("quality.add_providers"),
            can_manage_requirements=user.has_perm("quality.manage_requirements"),
        )
        return context


class MineView(PermissionMixin, View):
    """A provider user's entry point: their organisation's checks."""

    permission = "quality.use_portal"

    def get(self, request, *args, **kwargs):
        providers = list(selectors.providers_visible_to(request.user))
        if len(providers) == 1:
            return redirect("quality:provider", providers[0].pk)
        return render(request, "quality/mine.html", {"providers": providers})


class ProviderMixin(PermissionMixin):
    def get_provider(self) -> Organisation:
        if not hasattr(self, "_provider"):
            provider = get_object_or_404(Organisation.objects.active(), pk=self.kwargs["org_pk"])
            if not self.request.user.has_perm("quality.view_provider", provider):
                raise Http404("No such provider")
            self._provider = provider
        return self._provider


class ProviderView(ProviderMixin, TemplateView):
    template_name = "quality/provider.html"

    def get_context_data(self, **kwargs):
        provider = self.get_provider()
        user = self.request.user
        today = timezone.localdate()
        rows = selectors.provider_rows(provider=provider, today=today)
        staff = user.has_perm(REGISTER)
        return super().get_context_data(
            provider=provider,
            rows=rows,
            counts=selectors.status_counts(rows),
            today=today,
            can_submit=user.has_perm("quality.submit_check", provider),
            staff=staff,
            agreements=selectors.live_agreements_of(provider) if staff else [],
            enrolment=selectors.enrolment_for(provider) if staff else None,
            **kwargs,
        )


class ProviderPdfView(ProviderMixin, View):
    """A provider's checks as a tagged PDF, for the contract file or a board."""

    def get(self, request, *args, **kwargs):
        provider = self.get_provider()
        today = timezone.localdate()
        rows = selectors.provider_rows(provider=provider, today=today)
        title = f"Quality checks: {provider.name}"
        content = render_pdf(
            "quality/pdf/provider.html",
            {"provider": provider, "rows": rows, "counts": selectors.status_counts(rows)},
            title=title,
        )
        return pdf_response(content, filename=f"quality-checks-{provider.name}-{today.isoformat()}")


class CheckSubmitView(ProviderMixin, FormPageMixin, FormView):
    form_class = CheckSubmitForm
    template_name = "quality/submit.html"
    submit_label = "Send for verification"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            if not request.user.has_perm("quality.submit_check", self.get_provider()):
                raise PermissionDenied
            self.requirement = get_object_or_404(Requirement.objects.active(), pk=self.kwargs["req_pk"])
            self.existing = (
                ProviderCheck.objects.active()
                .filter(provider=self.get_provider(), requirement=self.requirement)
                .first()
            )
        return super().dispatch(request, *args, **kwargs)

    @property
    def page_title(self):
        return self.requirement.title

    def get_back_url(self):
        return reverse("quality:provider", args=[self.get_provider().pk])

    def get_initial(self):
        check = self.existing
        if check is None:
            return {}
        return {
            "version": check.version,
            "evidence_text": check.evidence_text,
            "adopted_on": check.adopted_on,
            "last_reviewed_on": check.last_reviewed_on,
            "expires_on": check.expires_on,
        }

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            requirement=self.requirement, check=self.existing, provider=self.get_provider(), **kwargs
        )

    def form_valid(self, form):
        data = form.cleaned_data
        check = self.run_service(
            form,
            lambda: services.check_submit(
                actor=self.request.user,
                provider=self.get_provider(),
                requirement=self.requirement,
                evidence_text=data["evidence_text"],
                adopted_on=data["adopted_on"],
                last_reviewed_on=data["last_reviewed_on"],
                expires_on=data["expires_on"],
                upload=data.get("file"),
                expected_version=data.get("version") if self.existing else None,
            ),
        )
        if check is None:
            return self.form_invalid(form)
        messages.success(
            self.request, f"Your evidence for “{self.requirement.title}” has been sent for verification."
        )
        return redirect("quality:provider", self.get_provider().pk)


class CheckMixin(PermissionMixin):
    def get_check(self) -> ProviderCheck:
        if not hasattr(self, "_check"):
            try:
                self._check = selectors.check_detail(user=self.request.user, pk=self.kwargs["pk"])
            except ProviderCheck.DoesNotExist as exc:
                raise Http404("No such check") from exc
        return self._check

    def get_record(self):
        return self.get_check()

    def get_back_url(self):
        return self.get_check().get_absolute_url()

    def tabs(self, current):
        pk = self.get_check().pk
        return record_tabs(
            details_url=reverse("quality:check", args=[pk]),
            history_url=reverse("quality:check-history", args=[pk]),
            current=current,
            details_label="Check",
        )


class CheckView(CheckMixin, TemplateView):
    template_name = "quality/check.html"

    def get_context_data(self, **kwargs):
        check = self.get_check()
        user = self.request.user
        return super().get_context_data(
            check=check,
            status=check.effective_status(timezone.localdate()),
            can_verify=user.has_perm("quality.verify_checks"),
            can_submit=user.has_perm("quality.submit_check", check.provider),
            verify_form=VerifyForm(initial={"version": check.version}),
            record_tabs=self.tabs("details"),
            **kwargs,
        )


class CheckHistoryView(CheckMixin, TemplateView):
    template_name = "quality/history.html"

    def get_context_data(self, **kwargs):
        check = self.get_check()
        return super().get_context_data(
            check=check, history=history_for(check), record_tabs=self.tabs("history"), **kwargs
        )


class CheckFileView(CheckMixin, View):
    def get(self, request, *args, **kwargs):
        check = self.get_check()
        return stored_file_download(check.file, filename=check.file_name, content_type=check.content_type)


class CheckVerifyView(CheckMixin, FormPageMixin, FormView):
    permission = "quality.verify_checks"
    form_class = VerifyForm
    submit_label = "Verify the evidence"

    @property
    def page_title(self):
        return f"Verify “{self.get_check()}”?"

    lede = "Verify only when you have seen the evidence and it meets the requirement."

    def get_initial(self):
        return {"version": self.get_check().version}

    def form_valid(self, form):
        check = self.run_service(
            form,
            lambda: services.check_verify(
                actor=self.request.user, check=self.get_check(), expected_version=form.cleaned_data["version"]
            ),
        )
        if check is None:
            return self.form_invalid(form)
        messages.success(self.request, "The evidence has been verified.")
        return redirect(check.get_absolute_url())


class CheckRejectView(CheckMixin, FormPageMixin, FormView):
    permission = "quality.verify_checks"
    form_class = RejectForm
    submit_label = "Reject the evidence"
    destructive = True

    @property
    def page_title(self):
        return f"Reject “{self.get_check()}”"

    def get_initial(self):
        return {"version": self.get_check().version}

    def form_valid(self, form):
        check = self.run_service(
            form,
            lambda: services.check_reject(
                actor=self.request.user,
                check=self.get_check(),
                reason=form.cleaned_data["reason"],
                expected_version=form.cleaned_data["version"],
            ),
        )
        if check is None:
            return self.form_invalid(form)
        messages.success(self.request, "The evidence has been rejected and the provider can see why.")
        return redirect(check.get_absolute_url())


class EnrolView(PermissionMixin, FormPageMixin, FormView):
    permission = (REGISTER, "quality.add_providers")
    form_class = EnrolForm
    page_title = "Add a provider to the register"
    lede = "Providers with a live agreement are on the register already. Add any other provider to check."
    submit_label = "Add the provider"

    def get_back_url(self):
        return reverse("quality:home")

    def form_valid(self, form):
        enrolment = self.run_service(
            form,
            lambda: services.provider_enrol(
                actor=self.request.user,
                organisation=form.cleaned_data["organisation"],
                note=form.cleaned_data["note"],
            ),
        )
        if enrolment is None:
            return self.form_invalid(form)
        messages.success(self.request, f"{enrolment.organisation} has been added to the register.")
        return redirect(enrolment.get_absolute_url())


class RequirementListView(PermissionMixin, TemplateView):
    permission = REGISTER
    template_name = "quality/requirements.html"

    def get_context_data(self, **kwargs):
        show_archived = self.request.GET.get("archived") == "1"
        return super().get_context_data(
            requirements=selectors.requirement_list(include_archived=show_archived),
            show_archived=show_archived,
            can_manage=self.request.user.has_perm("quality.manage_requirements"),
            **kwargs,
        )


class RequirementMixin(PermissionMixin):
    permission = (REGISTER, "quality.manage_requirements")
    noun = "requirement"

    def get_record(self) -> Requirement:
        if not hasattr(self, "_requirement"):
            self._requirement = get_object_or_404(Requirement, pk=self.kwargs["pk"])
        return self._requirement

    def get_back_url(self):
        return reverse("quality:requirements")


class RequirementHistoryView(PermissionMixin, TemplateView):
    permission = REGISTER
    template_name = "quality/requirement_history.html"

    def get_context_data(self, **kwargs):
        requirement = get_object_or_404(Requirement, pk=self.kwargs["pk"])
        return super().get_context_data(requirement=requirement, history=history_for(requirement), **kwargs)


class RequirementAddView(PermissionMixin, FormPageMixin, FormView):
    permission = (REGISTER, "quality.manage_requirements")
    form_class = RequirementForm
    page_title = "Add a requirement"

    def get_back_url(self):
        return reverse("quality:requirements")

    def form_valid(self, form):
        data = form.cleaned_data
        record = self.run_service(
            form, lambda: services.requirement_create(actor=self.request.user, code=data["code"], data=data)
        )
        if record is None:
            return self.form_invalid(form)
        messages.success(self.request, f"“{record}” has been added.")
        return redirect("quality:requirements")


class RequirementEditView(RequirementMixin, FormPageMixin, FormView):
    form_class = RequirementForm

    @property
    def page_title(self):
        return f"Change “{self.get_record()}”"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": Requirement.objects.get(pk=self.get_record().pk)}

    def form_valid(self, form):
        data = form.cleaned_data
        record = self.run_service(
            form,
            lambda: services.requirement_update(
                actor=self.request.user,
                requirement=self.get_record(),
                data=data,
                expected_version=data.get("version"),
            ),
        )
        if record is None:
            return self.form_invalid(form)
        messages.success(self.request, f"“{record}” has been changed.")
        return redirect("quality:requirements")


class RequirementArchiveView(RequirementMixin, ArchiveViewMixin, FormView):
    lede = "Providers will no longer be asked for this evidence. Nothing is deleted, and you can restore it."

    def archive_record(self, record, reason):
        return services.requirement_archive(actor=self.request.user, requirement=record, reason=reason)


class RequirementRestoreView(RequirementMixin, RestoreViewMixin, FormView):
    def restore_record(self, record):
        return services.requirement_restore(actor=self.request.user, requirement=record)
