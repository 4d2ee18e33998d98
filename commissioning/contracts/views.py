import base64
from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal
from urllib.parse import urlencode

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import prefetch_related_objects
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.views import View
from django.views.generic import FormView, TemplateView

from commissioning.contracts import selectors, services
from commissioning.contracts.forms import (
    AgreementForm,
    ExtensionForm,
    ImportForm,
    PaymentForm,
    ScheduleForm,
    TerminationForm,
    VariationForm,
)
from commissioning.contracts.importing import (
    COLUMNS,
    ContractsFileError,
    contracts_import,
    plan_import,
    template_csv,
)
from commissioning.contracts.models import (
    Agreement,
    AgreementStatus,
    AgreementType,
    Payment,
    PaymentBasis,
    add_months,
)
from commissioning.core.reports import excel
from commissioning.core.selectors import history_for
from commissioning.core.table_cache import tables_read
from commissioning.core.views import (
    ArchiveViewMixin,
    FormPageMixin,
    ListPageMixin,
    PermissionMixin,
    RememberedResultsMixin,
    RestoreViewMixin,
    record_tabs,
)

SESSION_KEY = "contracts_import"


def today():
    return timezone.localdate()


EXPORT_COLUMNS = [
    ("Reference", lambda a: a.reference),
    ("Title", lambda a: a.title),
    ("Type", lambda a: a.get_agreement_type_display()),
    ("Status", lambda a: a.get_status_display()),
    ("Provider", lambda a: a.provider.name),
    ("Commissioning partner", lambda a: a.commissioner.name),
    ("Annual value", lambda a: a.annual_value),
    ("Whole-life value", lambda a: a.whole_life_value),
    ("Start date", lambda a: a.starts_on.isoformat()),
    ("End date", lambda a: a.ends_on.isoformat()),
    ("Latest end date", lambda a: a.latest_end_on.isoformat() if a.latest_end_on else ""),
    ("Extension options", lambda a: a.extension_options),
    ("Notice months", lambda a: a.notice_months),
    ("Notice deadline", lambda a: a.notice_deadline.isoformat()),
    ("Simplified terms", lambda a: "Yes" if a.simplified_terms else "No"),
    ("Payment basis", lambda a: a.get_payment_basis_display()),
    ("Monitoring officer", lambda a: a.monitoring_officer.get_full_name() if a.monitoring_officer else ""),
    ("Archived", lambda a: "Yes" if a.is_archived else "No"),
]


def _int(value) -> int | None:
    return int(value) if str(value or "").isdigit() else None


class AgreementListView(PermissionMixin, RememberedResultsMixin, ListPageMixin, TemplateView):
    permission = "contracts.view_agreements"
    template_name = "contracts/agreement_list.html"
    results_template = "contracts/_agreement_list_results.html"
    results_by_day = True  # agreements coming to an end
    csv_filename = "contracts-register"
    csv_columns = EXPORT_COLUMNS

    def filters(self):
        params = self.request.GET
        return {
            "search": params.get("q", "").strip(),
            "agreement_type": params.get("type", ""),
            "status": params.get("status", ""),
            "provider_id": _int(params.get("provider")),
            "monitoring_officer_id": _int(params.get("officer")),
            "expiring_within": _int(params.get("expiring")),
            "include_archived": params.get("archived") == "yes",
            "ordering": params.get("sort", "reference"),
        }

    def get(self, request, *args, **kwargs):
        self.queryset = selectors.agreement_list(user=request.user, today=today(), **self.filters())
        if self.wants_csv():
            return self.csv_streaming_response(self.queryset.iterator(chunk_size=500))
        if request.GET.get("format") == "xlsx":
            workbook = excel.new_workbook(title="Contracts register")
            sheet = excel.add_sheet(
                workbook,
                "Agreements",
                [heading for heading, _ in EXPORT_COLUMNS],
                ([getter(a) for _, getter in EXPORT_COLUMNS] for a in self.queryset),
            )
            for letter in ("G", "H"):
                for cell in sheet[letter][1:]:
                    cell.number_format = "£#,##0.00"
            return excel.xlsx_response(workbook, filename="contracts-register")
        return super().get(request, *args, **kwargs)

    def results_context(self) -> dict:
        context = self.paginate(self.queryset)
        now = today()
        for agreement in context["object_list"]:
            agreement.expiring = agreement.is_expiring(now)
        return context

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(self.querystrings(), results=self.remembered_results())
        context["xlsx_url"] = context["csv_url"].replace("format=csv", "format=xlsx")
        partnership = self.request.user.has_perm("contracts.view_compliance")
        filters = self.filters()
        context.update(
            filters=filters,
            types=AgreementType.choices,
            statuses=AgreementStatus.choices,
            provider_options=selectors.register_provider_options(filters["provider_id"])
            if partnership
            else "",
            officer_options=selectors.register_officer_options(filters["monitoring_officer_id"])
            if partnership
            else "",
            expiring_choices=[(3, "3 months"), (6, "6 months"), (12, "12 months")],
            sort_options=selectors.SORT_OPTIONS,
            partnership=partnership,
            can_change=self.request.user.has_perm("contracts.change_agreements"),
        )
        return context


class AgreementMixin(PermissionMixin):
    permission = "contracts.view_agreements"

    def read_agreement(self) -> Agreement:
        """The agreement, if the person may see it (Agreement.DoesNotExist otherwise)."""
        return selectors.agreement_detail(user=self.request.user, pk=self.kwargs["pk"])

    def get_agreement(self) -> Agreement:
        if not hasattr(self, "_agreement"):
            try:
                self._agreement = self.read_agreement()
            except Agreement.DoesNotExist as exc:
                raise Http404("No such agreement") from exc
        return self._agreement

    def get_back_url(self):
        return reverse("contracts:detail", args=[self.get_agreement().pk])

    def tabs(self, current: str) -> list[dict]:
        pk = self.get_agreement().pk
        return record_tabs(
            details_url=reverse("contracts:detail", args=[pk]),
            history_url=reverse("contracts:history", args=[pk]),
            current=current,
        )


class AgreementDetailView(AgreementMixin, RememberedResultsMixin, TemplateView):
    """The agreement's page: its header from the agreement read for the permission check, the rest kept rendered
    in the table cache for the person and the day until the agreement or anything shown with it is written."""

    template_name = "contracts/agreement_detail.html"
    results_template = "contracts/_agreement_detail_results.html"
    results_by_day = True  # coming to an end, late payments

    def read_agreement(self) -> Agreement:
        agreement, self.results_also_read = tables_read(
            lambda: selectors.agreement_record(user=self.request.user, pk=self.kwargs["pk"])
        )
        return agreement

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            agreement=self.get_agreement(),
            results=self.remembered_results(),
            record_tabs=self.tabs("details"),
        )

    def results_context(self) -> dict:
        agreement = self.get_agreement()
        prefetch_related_objects([agreement], *selectors.AGREEMENT_DETAIL_PREFETCHES)
        now = today()
        payments = list(agreement.payments.all())
        for payment in payments:
            payment.late = payment.is_late(now)
        user = self.request.user
        return dict(
            agreement=agreement,
            today=now,
            expiring=agreement.is_expiring(now),
            schedule=getattr(agreement, "payment_schedule", None),
            payments=payments,
            late_count=sum(1 for p in payments if p.late),
            can_change=user.has_perm("contracts.change_agreements") and not agreement.is_archived,
            can_archive=user.has_perm("contracts.change_agreements"),
            can_pay=user.has_perm("contracts.record_payments") and not agreement.is_archived,
            is_open=agreement.status in (AgreementStatus.DRAFT, AgreementStatus.LIVE),
        )


class AgreementHistoryView(AgreementMixin, TemplateView):
    template_name = "contracts/agreement_history.html"

    def read_agreement(self) -> Agreement:
        """Without its payments, extensions and variations, which its history does not show."""
        return selectors.agreement_record(user=self.request.user, pk=self.kwargs["pk"])

    def get_context_data(self, **kwargs):
        agreement = self.get_agreement()
        return super().get_context_data(
            agreement=agreement, history=history_for(agreement), record_tabs=self.tabs("history"), **kwargs
        )


def award_initial(award) -> dict:
    """What an agreement made from a procurement award starts with."""
    procurement = award.procurement
    whole_life = award.amount or award.bid.price or procurement.estimated_value
    starts = award.contract_entered_on or procurement.contract_start
    months = max(procurement.duration_months, 1)
    ends = add_months(starts, months) - timedelta(days=1)
    return {
        "title": procurement.title,
        "description": procurement.description,
        "agreement_type": AgreementType.GRANT_FUNDING
        if procurement.is_grant_round
        else AgreementType.CONTRACT,
        "provider": award.bid.bidder_id,
        "activity": procurement.activity_id,
        "whole_life_value": whole_life,
        "annual_value": (whole_life * 12 / months).quantize(Decimal("0.01")) if months >= 12 else whole_life,
        "starts_on": starts,
        "ends_on": ends,
        "status": AgreementStatus.DRAFT,
        "payment_basis": PaymentBasis.FIXED_PRICE,
        "notice_months": 3,
    }


class AgreementCreateView(PermissionMixin, FormPageMixin, FormView):
    permission = ("contracts.view_agreements", "contracts.change_agreements")
    form_class = AgreementForm
    page_title = "Add an agreement"
    submit_label = "Add agreement"

    def get_back_url(self):
        return reverse("contracts:list")

    def links(self) -> dict:
        return {}

    def form_valid(self, form):
        agreement = self.run_service(
            form,
            lambda: services.agreement_create(
                actor=self.request.user,
                data={**form.agreement_data(), **self.links()},
                funding_streams=form.cleaned_data.get("funding_streams") or (),
            ),
        )
        if agreement is None:
            return self.form_invalid(form)
        messages.success(self.request, f"{agreement} has been added to the register.")
        return redirect("contracts:detail", pk=agreement.pk)


class AgreementFromAwardView(AgreementCreateView):
    """Create the agreement that puts a procurement award into effect, with what the award already says."""

    page_title = "Create the agreement"
    submit_label = "Create the agreement"

    def get_award(self):
        from commissioning.procurement.models import AwardDecision

        if not hasattr(self, "_award"):
            try:
                self._award = AwardDecision.objects.select_related("procurement", "bid", "bid__bidder").get(
                    pk=self.kwargs["award_pk"]
                )
            except AwardDecision.DoesNotExist as exc:
                raise Http404("No such award") from exc
        return self._award

    def get(self, request, *args, **kwargs):
        award = self.get_award()
        existing = Agreement.objects.filter(award=award).first()
        if existing is not None:
            messages.info(request, f"The agreement for this award is {existing}.")
            return redirect("contracts:detail", pk=existing.pk)
        return super().get(request, *args, **kwargs)

    @property
    def lede(self):
        award = self.get_award()
        return f"From the award of {award.procurement.reference} {award.procurement.title} to {award.bid.bidder}."

    def get_back_url(self):
        return reverse("contracts:list")

    def get_initial(self):
        return award_initial(self.get_award())

    def links(self) -> dict:
        award = self.get_award()
        return {"procurement": award.procurement, "award": award}


class AgreementUpdateView(AgreementMixin, FormPageMixin, FormView):
    permission = ("contracts.view_agreements", "contracts.change_agreements")
    form_class = AgreementForm
    submit_label = "Save changes"

    @property
    def page_title(self):
        return f"Change {self.get_agreement()}"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": Agreement.objects.get(pk=self.get_agreement().pk)}

    def form_valid(self, form):
        agreement = self.run_service(
            form,
            lambda: services.agreement_update(
                actor=self.request.user,
                agreement=self.get_agreement(),
                data=form.agreement_data(),
                expected_version=form.cleaned_data.get("version"),
                funding_streams=list(form.cleaned_data.get("funding_streams") or ()),
            ),
        )
        if agreement is None:
            return self.form_invalid(form)
        messages.success(self.request, "Your changes have been saved.")
        return redirect("contracts:detail", pk=agreement.pk)


class AgreementArchiveView(AgreementMixin, ArchiveViewMixin, FormView):
    permission = ("contracts.view_agreements", "contracts.change_agreements")
    noun = "agreement"
    lede = "Archived agreements are left out of the register, the alerts and the payments figures. Nothing is deleted, and you can restore it."

    def get_record(self):
        return self.get_agreement()

    def archive_record(self, agreement, reason):
        return services.agreement_archive(actor=self.request.user, agreement=agreement, reason=reason)


class AgreementRestoreView(AgreementMixin, RestoreViewMixin, FormView):
    permission = ("contracts.view_agreements", "contracts.change_agreements")
    noun = "agreement"

    def get_record(self):
        return self.get_agreement()

    def restore_record(self, agreement):
        return services.agreement_restore(actor=self.request.user, agreement=agreement)


# Payments -------------------------------------------------------------------------------------------------------


class ScheduleView(AgreementMixin, FormPageMixin, FormView):
    permission = ("contracts.view_agreements", "contracts.change_agreements")
    form_class = ScheduleForm
    submit_label = "Save the schedule"
    lede = (
        "The instalments due from the first due date to the end date are listed on the agreement. Setting a new "
        "schedule replaces the instalments not yet invoiced or paid."
    )

    @property
    def page_title(self):
        return f"Payment schedule for {self.get_agreement().reference}"

    def get_initial(self):
        schedule = getattr(self.get_agreement(), "payment_schedule", None)
        if schedule is None:
            return {"first_due_on": self.get_agreement().starts_on}
        return {"basis": schedule.basis, "amount": schedule.amount, "first_due_on": schedule.first_due_on}

    def form_valid(self, form):
        schedule = self.run_service(
            form,
            lambda: services.schedule_set(
                actor=self.request.user, agreement=self.get_agreement(), **form.cleaned_data
            ),
        )
        if schedule is None:
            return self.form_invalid(form)
        messages.success(self.request, "The payment schedule has been saved.")
        return redirect(self.get_back_url())


class PaymentCreateView(AgreementMixin, FormPageMixin, FormView):
    permission = ("contracts.view_agreements", "contracts.record_payments")
    form_class = PaymentForm
    submit_label = "Record payment"
    lede = "Undisputed invoices must be paid within 30 days of receipt."

    @property
    def page_title(self):
        return f"Record a payment for {self.get_agreement().reference}"

    def form_valid(self, form):
        payment = self.run_service(
            form,
            lambda: services.payment_record(
                actor=self.request.user, agreement=self.get_agreement(), data=form.payment_data()
            ),
        )
        if payment is None:
            return self.form_invalid(form)
        messages.success(self.request, f"Payment recorded: {payment}.")
        return redirect(self.get_back_url())


class PaymentUpdateView(AgreementMixin, FormPageMixin, FormView):
    permission = ("contracts.view_agreements", "contracts.record_payments")
    form_class = PaymentForm
    submit_label = "Save payment"
    lede = "Undisputed invoices must be paid within 30 days of receipt."

    def get_payment(self) -> Payment:
        try:
            return Payment.objects.active().get(pk=self.kwargs["payment_pk"], agreement=self.get_agreement())
        except Payment.DoesNotExist as exc:
            raise Http404("No such payment") from exc

    @property
    def page_title(self):
        return f"Invoice and payment: {self.get_payment()}"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": self.get_payment()}

    def form_valid(self, form):
        payment = self.run_service(
            form,
            lambda: services.payment_update(
                actor=self.request.user,
                payment=self.get_payment(),
                data=form.payment_data(),
                expected_version=form.cleaned_data.get("version"),
            ),
        )
        if payment is None:
            return self.form_invalid(form)
        messages.success(self.request, f"Payment saved: {payment}.")
        return redirect(self.get_back_url())


# Expiry, extension, variation, termination ----------------------------------------------------------------------


class ExtensionView(AgreementMixin, FormPageMixin, FormView):
    permission = ("contracts.view_agreements", "contracts.change_agreements")
    form_class = ExtensionForm
    submit_label = "Record the decision"

    @property
    def page_title(self):
        return f"Extension decision for {self.get_agreement().reference}"

    @property
    def lede(self):
        agreement = self.get_agreement()
        latest = f"{agreement.latest_end_on:%-d %B %Y}" if agreement.latest_end_on else "not recorded"
        return (
            f"It ends on {agreement.ends_on:%-d %B %Y}. The latest end date with every extension is {latest}. "
            f"{agreement.extension_options}"
        ).strip()

    def get_initial(self):
        return {"decided_on": today()}

    def form_valid(self, form):
        decision = self.run_service(
            form,
            lambda: services.extension_decide(
                actor=self.request.user, agreement=self.get_agreement(), **form.cleaned_data
            ),
        )
        if decision is None:
            return self.form_invalid(form)
        messages.success(self.request, "The extension decision has been recorded.")
        return redirect(self.get_back_url())


class VariationView(AgreementMixin, FormPageMixin, FormView):
    permission = ("contracts.view_agreements", "contracts.change_agreements")
    form_class = VariationForm
    submit_label = "Record the variation"

    @property
    def page_title(self):
        return f"Record a variation to {self.get_agreement().reference}"

    def form_valid(self, form):
        variation = self.run_service(
            form,
            lambda: services.variation_record(
                actor=self.request.user, agreement=self.get_agreement(), data=form.cleaned_data
            ),
        )
        if variation is None:
            return self.form_invalid(form)
        messages.success(self.request, "The variation has been recorded.")
        return redirect(self.get_back_url())


class TerminateView(AgreementMixin, FormPageMixin, FormView):
    permission = ("contracts.view_agreements", "contracts.change_agreements")
    form_class = TerminationForm
    submit_label = "Terminate the agreement"
    destructive = True
    lede = "Record that the agreement has been brought to an end before its end date. This is kept in its history."

    @property
    def page_title(self):
        return f"Terminate {self.get_agreement()}"

    def form_valid(self, form):
        agreement = self.run_service(
            form,
            lambda: services.agreement_terminate(
                actor=self.request.user, agreement=self.get_agreement(), **form.cleaned_data
            ),
        )
        if agreement is None:
            return self.form_invalid(form)
        messages.success(self.request, f"{agreement} has been terminated.")
        return redirect(self.get_back_url())


@dataclass(frozen=True)
class AlertSection:
    """One group of the alerts page: its address, heading, the table's caption and what its rows are."""

    slug: str
    group: str  # the selectors' name for it
    heading: str
    caption: str
    rows_are: str  # "See all 12 …"
    payments: bool = False
    extension: bool = False


ALERT_SECTIONS = [
    AlertSection(
        "ending",
        "ending",
        "Ending within 6 months",
        "Agreements ending within 6 months",
        "agreements ending within 6 months",
    ),
    AlertSection(
        "extension",
        "extension_due",
        "Extension decisions due",
        "Extension decisions due",
        "agreements with an extension decision due",
        extension=True,
    ),
    AlertSection(
        "notice",
        "notice",
        "Notice deadlines in the next 3 months or passed",
        "Notice deadlines",
        "agreements with a notice deadline in the next 3 months or passed",
    ),
    AlertSection(
        "past-end",
        "past_end",
        "Live after their end date",
        "Live agreements past their end date",
        "live agreements past their end date",
    ),
    AlertSection(
        "late-payments",
        "late_payments",
        "Late payments",
        "Payments made or due after the date they had to be paid by",
        "late payments",
        payments=True,
    ),
]


class AlertsView(PermissionMixin, RememberedResultsMixin, TemplateView):
    """Every alert group counted in full, with its first rows (earliest end date first; late payments most recently
    due first) and a link to the whole group, a page at a time, when there are more."""

    permission = "contracts.view_compliance"
    template_name = "contracts/alerts.html"
    results_template = "contracts/_alerts_results.html"
    results_by_day = True

    def results_context(self) -> dict:
        now = today()
        alerts = selectors.alerts(user=self.request.user, today=now)
        return {
            "alerts": alerts,
            "sections": [(section, getattr(alerts, section.group)) for section in ALERT_SECTIONS],
            "today": now,
            "can_change": self.request.user.has_perm("contracts.change_agreements"),
        }

    def get_context_data(self, **kwargs):
        return super().get_context_data(results=self.remembered_results(), today=today(), **kwargs)


class AlertGroupView(PermissionMixin, ListPageMixin, TemplateView):
    """One alert group on its own, a page at a time."""

    permission = "contracts.view_compliance"
    template_name = "contracts/alert_group.html"

    def get_context_data(self, **kwargs):
        section = next((s for s in ALERT_SECTIONS if s.slug == self.kwargs["group"]), None)
        if section is None:
            raise Http404("There is no such group of alerts.")
        now = today()
        rows = selectors.alert_group(user=self.request.user, today=now, group=section.group)
        return super().get_context_data(section=section, today=now, **self.paginate(rows), **kwargs)


class ComplianceView(PermissionMixin, RememberedResultsMixin, TemplateView):
    permission = "contracts.view_compliance"
    template_name = "contracts/compliance.html"
    results_template = "contracts/_compliance_results.html"
    results_by_day = True  # the period shown unless one is chosen
    paginate_by = 25

    def get(self, request, *args, **kwargs):
        periods = selectors.latest_periods(today())
        self.period = request.GET.get("period") or periods[1]
        try:
            self.figures = selectors.payments_compliance(user=request.user, period=self.period)
        except selectors.PeriodError as exc:
            self.error = str(exc)
            self.figures = None
        else:
            self.error = ""
            if request.GET.get("format") == "csv":
                return self.csv(self.figures)
        return super().get(request, *args, **kwargs)

    def csv(self, figures):
        import csv

        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="payments-compliance-{figures.period}.csv"'
        response.write("\ufeff")
        writer = csv.writer(response)
        writer.writerow(["Period start", "Period end", "Measure", "Value"])
        rows = [
            ("Invoices paid", figures.invoices),
            ("Amount paid (£)", figures.amount_paid),
            ("Average days to pay", figures.average_days if figures.average_days is not None else ""),
            ("Paid within 30 days (%)", figures.within_30_percent if figures.invoices else ""),
            ("Paid in 31 to 60 days (%)", figures.days_31_to_60_percent if figures.invoices else ""),
            ("Paid in more than 60 days (%)", figures.over_60_percent if figures.invoices else ""),
        ]
        for measure, value in rows:
            writer.writerow([figures.starts_on.isoformat(), figures.ends_on.isoformat(), measure, value])
        writer.writerow([])
        writer.writerow(["Agreement", "Provider", "Invoice", "Received", "Paid", "Days", "Amount (£)"])
        for payment in figures.payments.iterator(chunk_size=2000):
            writer.writerow(
                [
                    payment.agreement.reference,
                    payment.agreement.provider.name,
                    payment.invoice_reference,
                    payment.invoice_received_on.isoformat(),
                    payment.paid_on.isoformat(),
                    payment.days_to_pay,
                    payment.amount,
                ]
            )
        return response

    def invoices_page(self) -> dict:
        """The invoices counted, a page at a time (the figures have already counted them)."""
        paginator = Paginator(self.figures.payments, self.paginate_by)
        paginator.count = self.figures.invoices
        page = paginator.get_page(self.request.GET.get("page"))
        return {
            "page_obj": page,
            "querystring_without_page": f"{urlencode({'period': self.figures.period})}&",
        }

    def results_context(self) -> dict:
        return {"figures": self.figures, **(self.invoices_page() if self.figures is not None else {})}

    def get_context_data(self, **kwargs):
        periods = [(p, selectors.period_label(p)) for p in selectors.latest_periods(today())]
        return super().get_context_data(
            results=self.remembered_results(),
            figures=self.figures,
            period=self.period,
            periods=periods,
            error=self.error,
            **kwargs,
        )


# Import ----------------------------------------------------------------------------------------------------------


class ImportTemplateView(PermissionMixin, View):
    permission = "contracts.view_agreements"

    def get(self, request, *args, **kwargs):
        response = HttpResponse(template_csv(), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="contracts-register-template.csv"'
        return response


class ImportView(PermissionMixin, FormView):
    """Upload a file, see every problem or a preview of the agreements it adds, then confirm."""

    permission = ("contracts.view_agreements", "contracts.change_agreements")
    form_class = ImportForm
    template_name = "contracts/import.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(columns=COLUMNS, **kwargs)

    def form_valid(self, form):
        upload = form.cleaned_data["file"]
        content = upload.read()
        try:
            plan = plan_import(content, file_name=upload.name)
        except ContractsFileError as exc:
            count = len(exc.problems)
            form.add_error(
                "file", f"The file has {count} problem{'s' if count != 1 else ''}. Nothing has been imported."
            )
            return self.render_to_response(self.get_context_data(form=form, problems=exc.problems))
        self.request.session[SESSION_KEY] = {
            "file_name": upload.name,
            "content": base64.b64encode(content).decode("ascii"),
        }
        return self.render_to_response(self.get_context_data(form=form, plan=plan, file_name=upload.name))


class ImportConfirmView(PermissionMixin, View):
    permission = ("contracts.view_agreements", "contracts.change_agreements")

    def post(self, request, *args, **kwargs):
        stored = request.session.get(SESSION_KEY)
        if not stored:
            messages.error(request, "Upload the file again: the checked file is no longer available.")
            return redirect("contracts:import")
        try:
            added = contracts_import(
                actor=request.user, content=base64.b64decode(stored["content"]), file_name=stored["file_name"]
            )
        except ContractsFileError:
            messages.error(request, "The register changed since the file was checked. Upload it again.")
            return redirect("contracts:import")
        del request.session[SESSION_KEY]
        messages.success(
            request,
            f"{stored['file_name']} imported: {len(added)} agreement{'s' if len(added) != 1 else ''} added.",
        )
        return redirect("contracts:list")
