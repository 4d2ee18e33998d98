from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.views import View
from django.views.generic import FormView, TemplateView

from commissioning.core.downloads import stored_file_download
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
from commissioning.cycle.models import CommissioningActivity
from commissioning.funding import forms, selectors, services
from commissioning.funding.models import (
    Allocation,
    Arrangement,
    Commitment,
    Contribution,
    DevelopmentPlan,
    FundingStream,
    MarketAction,
    PooledBudget,
    ServiceFunding,
    TrainingItem,
    year_label,
)
from commissioning.funding.services import money
from commissioning.organisations.models import Sector

VIEW = "funding.view_funding"
CHANGE = (VIEW, "funding.change_funding")
CHANGE_PLANS = (VIEW, "funding.change_plans")


def _int(value: str) -> int | None:
    return int(value) if value and value.isdigit() else None


class FundingHomeView(PermissionMixin, TemplateView):
    permission = VIEW
    template_name = "funding/home.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(section="home", **selectors.home_summary(self.request.user), **kwargs)


# Funding streams ---------------------------------------------------------------------------------------------

STREAM_COLUMNS = [
    ("Name", lambda s: s.name),
    ("Partner", lambda s: s.partner.name),
    ("Source", lambda s: s.source),
    ("Financial year", lambda s: s.year_label),
    ("Amount", lambda s: s.amount),
    ("Ring-fenced", lambda s: "Yes" if s.ring_fenced else "No"),
    ("Restrictions", lambda s: s.restrictions),
    ("Start date", lambda s: s.start_date.isoformat()),
    ("End date", lambda s: s.end_date.isoformat()),
    (
        "Services funded",
        lambda s: "; ".join(f"{link.service.reference} {link.annual_amount}" for link in s.active_links),
    ),
    ("Archived", lambda s: "Yes" if s.is_archived else "No"),
]


class StreamListView(PermissionMixin, ListPageMixin, TemplateView):
    permission = VIEW
    template_name = "funding/stream_list.html"
    csv_filename = "funding-streams"
    csv_columns = STREAM_COLUMNS

    def filters(self):
        params = self.request.GET
        return {
            "search": params.get("q", "").strip(),
            "partner_id": _int(params.get("partner", "")),
            "year": _int(params.get("year", "")),
            "ring_fenced": params.get("ring_fenced", ""),
            "include_archived": params.get("archived") == "yes",
            "ordering": params.get("sort", "year"),
        }

    def get(self, request, *args, **kwargs):
        self.queryset = selectors.stream_list(user=request.user, **self.filters())
        if self.wants_csv():
            return self.csv_response(self.queryset)
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(self.paginate(self.queryset))
        context.update(
            section="streams",
            filters=self.filters(),
            partners=forms.partners(),
            years=[(y, year_label(y)) for y in selectors.stream_years()],
            can_change=self.request.user.has_perm("funding.change_funding"),
            sort_options=[
                ("year", "Newest year first"),
                ("name", "Name A to Z"),
                ("partner", "Partner"),
                ("amount", "Largest amount first"),
                ("ends", "Ending soonest"),
            ],
        )
        return context


class StreamMixin(PermissionMixin):
    permission = VIEW

    def get_stream(self) -> FundingStream:
        if not hasattr(self, "_stream"):
            try:
                self._stream = selectors.stream_detail(self.kwargs["pk"])
            except FundingStream.DoesNotExist as exc:
                raise Http404("No such funding stream") from exc
        return self._stream

    def get_back_url(self):
        return self.get_stream().get_absolute_url()

    def tabs(self, current):
        pk = self.get_stream().pk
        return record_tabs(
            details_url=reverse("funding:stream", args=[pk]),
            history_url=reverse("funding:stream-history", args=[pk]),
            current=current,
        )


class StreamDetailView(StreamMixin, TemplateView):
    template_name = "funding/stream_detail.html"

    def get_context_data(self, **kwargs):
        stream = self.get_stream()
        linked = sum((link.annual_amount for link in stream.active_links), 0)
        return super().get_context_data(
            stream=stream,
            section="streams",
            warnings=selectors.stream_warnings(stream),
            linked_total=money(linked),
            unlinked_total=money(stream.amount - linked),
            can_change=self.request.user.has_perm("funding.change_funding"),
            record_tabs=self.tabs("details"),
            **kwargs,
        )


class StreamHistoryView(StreamMixin, TemplateView):
    template_name = "funding/record_history.html"

    def get_context_data(self, **kwargs):
        stream = self.get_stream()
        return super().get_context_data(
            record=stream,
            caption=f"{stream.partner.name} · {stream.year_label}",
            section="streams",
            history=history_for(stream),
            record_tabs=self.tabs("history"),
            **kwargs,
        )


class StreamCreateView(PermissionMixin, FormPageMixin, FormView):
    permission = CHANGE
    form_class = forms.StreamForm
    page_title = "Add a funding stream"
    submit_label = "Add funding stream"

    def get_back_url(self):
        return reverse("funding:streams")

    def form_valid(self, form):
        data = {k: v for k, v in form.cleaned_data.items() if k != "version"}
        stream = self.run_service(form, lambda: services.stream_create(actor=self.request.user, data=data))
        if stream is None:
            return self.form_invalid(form)
        messages.success(self.request, f"{stream} has been added.")
        return redirect(stream.get_absolute_url())


class StreamUpdateView(StreamMixin, FormPageMixin, FormView):
    permission = CHANGE
    form_class = forms.StreamForm
    submit_label = "Save changes"

    @property
    def page_title(self):
        return f"Change {self.get_stream()}"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": FundingStream.objects.get(pk=self.get_stream().pk)}

    def form_valid(self, form):
        data = {k: v for k, v in form.cleaned_data.items() if k != "version"}
        stream = self.run_service(
            form,
            lambda: services.stream_update(
                actor=self.request.user,
                stream=self.get_stream(),
                data=data,
                expected_version=form.cleaned_data.get("version"),
            ),
        )
        if stream is None:
            return self.form_invalid(form)
        messages.success(self.request, "Your changes have been saved.")
        return redirect(stream.get_absolute_url())


class StreamArchiveView(StreamMixin, ArchiveViewMixin, FormView):
    permission = CHANGE
    noun = "funding stream"

    def get_record(self):
        return self.get_stream()

    def archive_record(self, stream, reason):
        return services.stream_archive(actor=self.request.user, stream=stream, reason=reason)


class StreamRestoreView(StreamMixin, RestoreViewMixin, FormView):
    permission = CHANGE
    noun = "funding stream"

    def get_record(self):
        return self.get_stream()

    def restore_record(self, stream):
        return services.stream_restore(actor=self.request.user, stream=stream)


class ServiceFundingAddView(StreamMixin, FormPageMixin, FormView):
    permission = CHANGE
    form_class = forms.ServiceFundingForm
    submit_label = "Link service"

    @property
    def page_title(self):
        return f"Link a service to {self.get_stream()}"

    def form_valid(self, form):
        link = self.run_service(
            form,
            lambda: services.service_funding_add(
                actor=self.request.user,
                stream=self.get_stream(),
                service=form.cleaned_data["service"],
                annual_amount=form.cleaned_data["annual_amount"],
            ),
        )
        if link is None:
            return self.form_invalid(form)
        messages.success(self.request, f"{link.service} is now funded by {link.stream}.")
        return redirect(self.get_stream().get_absolute_url())


class ChildRemoveView(PermissionMixin, FormPageMixin, FormView):
    """Remove (archive, with a reason) a line of a record: a contribution, an allocation, a commitment, a
    service link, a training item or an action."""

    permission = CHANGE
    form_class = ReasonForm
    destructive = True
    model = None
    noun = ""

    def get_object(self):
        if not hasattr(self, "_object"):
            try:
                self._object = self.model.objects.active().get(pk=self.kwargs["pk"])
            except self.model.DoesNotExist as exc:
                raise Http404 from exc
        return self._object

    @property
    def page_title(self):
        return f"Remove {self.noun} {self.get_object()}?"

    @property
    def submit_label(self):
        return f"Remove {self.noun}"

    lede = "It is kept in the record's history with your reason, and left out of every figure."

    def get_back_url(self):
        return self.get_object().get_absolute_url()

    def form_valid(self, form):
        record = self.run_service(form, lambda: self.remove(self.get_object(), form.cleaned_data["reason"]))
        if record is None:
            return self.form_invalid(form)
        messages.success(self.request, f"The {self.noun} has been removed.")
        return redirect(self.get_back_url())


class ServiceFundingRemoveView(ChildRemoveView):
    model = ServiceFunding
    noun = "service link"

    def remove(self, link, reason):
        return services.service_funding_archive(actor=self.request.user, link=link, reason=reason)


# Pooled and aligned budgets ----------------------------------------------------------------------------------

BUDGET_COLUMNS = [
    ("Name", lambda b: b.name),
    ("Arrangement", lambda b: b.get_arrangement_display()),
    ("Host partner", lambda b: b.host.name),
    ("Budget holder", lambda b: b.holder_label),
    ("Years", lambda b: b.years_label),
    ("Agreement signed on", lambda b: b.agreement_signed_on.isoformat() if b.agreement_signed_on else ""),
    ("Pooled", lambda b: b.figures.pooled),
    ("Allocated", lambda b: b.figures.allocated),
    ("Committed", lambda b: b.figures.committed),
    ("Unallocated", lambda b: b.figures.unallocated),
    ("Warnings", lambda b: " | ".join(w["message"] for w in b.figures.warnings)),
    ("Archived", lambda b: "Yes" if b.is_archived else "No"),
]


class BudgetListView(PermissionMixin, ListPageMixin, TemplateView):
    permission = VIEW
    template_name = "funding/budget_list.html"
    csv_filename = "pooled-and-aligned-budgets"
    csv_columns = BUDGET_COLUMNS

    def filters(self):
        params = self.request.GET
        return {
            "search": params.get("q", "").strip(),
            "arrangement": params.get("arrangement", ""),
            "partner_id": _int(params.get("partner", "")),
            "warnings_only": params.get("warnings") == "yes",
            "include_archived": params.get("archived") == "yes",
            "ordering": params.get("sort", "name"),
        }

    def get(self, request, *args, **kwargs):
        self.budgets = selectors.budget_list(user=request.user, **self.filters())
        if self.wants_csv():
            return self.csv_response(self.budgets)
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(self.paginate(self.budgets))
        context.update(
            section="budgets",
            filters=self.filters(),
            arrangements=Arrangement.choices,
            partners=forms.partners(),
            can_change=self.request.user.has_perm("funding.change_funding"),
            sort_options=[("name", "Name A to Z"), ("-name", "Name Z to A"), ("updated", "Recently changed")],
        )
        return context


class BudgetMixin(PermissionMixin):
    permission = VIEW

    def get_budget(self) -> PooledBudget:
        if not hasattr(self, "_budget"):
            try:
                self._budget = selectors.budget_detail(self.kwargs["pk"])
            except PooledBudget.DoesNotExist as exc:
                raise Http404("No such budget") from exc
        return self._budget

    def get_back_url(self):
        return self.get_budget().get_absolute_url()

    def tabs(self, current):
        pk = self.get_budget().pk
        return record_tabs(
            details_url=reverse("funding:budget", args=[pk]),
            history_url=reverse("funding:budget-history", args=[pk]),
            current=current,
        )


class BudgetDetailView(BudgetMixin, TemplateView):
    template_name = "funding/budget_detail.html"

    def get_context_data(self, **kwargs):
        budget = self.get_budget()
        return super().get_context_data(
            budget=budget,
            figures=budget.figures,
            section="budgets",
            can_change=self.request.user.has_perm("funding.change_funding") and not budget.is_archived,
            can_restore=self.request.user.has_perm("funding.change_funding"),
            record_tabs=self.tabs("details"),
            **kwargs,
        )


class BudgetHistoryView(BudgetMixin, TemplateView):
    template_name = "funding/record_history.html"

    def get_context_data(self, **kwargs):
        budget = self.get_budget()
        return super().get_context_data(
            record=budget,
            caption=budget.get_arrangement_display(),
            section="budgets",
            history=history_for(budget),
            record_tabs=self.tabs("history"),
            **kwargs,
        )


class BudgetFormMixin(FormPageMixin):
    form_class = forms.BudgetForm

    def get_context_data(self, **kwargs):
        return super().get_context_data(multipart=True, **kwargs)

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        if self.request.method == "POST":
            kwargs["files"] = self.request.FILES
        return kwargs


class BudgetCreateView(PermissionMixin, BudgetFormMixin, FormView):
    permission = CHANGE
    page_title = "Set up a pooled or aligned budget"
    submit_label = "Set up budget"
    template_name = "funding/form_page.html"

    def get_back_url(self):
        return reverse("funding:budgets")

    def form_valid(self, form):
        budget = self.run_service(
            form,
            lambda: services.budget_create(
                actor=self.request.user,
                data=form.budget_data(),
                agreement_file=form.cleaned_data.get("agreement_file"),
            ),
        )
        if budget is None:
            return self.form_invalid(form)
        messages.success(self.request, f"{budget} has been set up. Now record the partners' contributions.")
        return redirect(budget.get_absolute_url())


class BudgetUpdateView(BudgetMixin, BudgetFormMixin, FormView):
    permission = CHANGE
    submit_label = "Save changes"
    template_name = "funding/form_page.html"

    @property
    def page_title(self):
        return f"Change {self.get_budget()}"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": PooledBudget.objects.get(pk=self.get_budget().pk)}

    def form_valid(self, form):
        budget = self.run_service(
            form,
            lambda: services.budget_update(
                actor=self.request.user,
                budget=self.get_budget(),
                data=form.budget_data(),
                expected_version=form.cleaned_data.get("version"),
                agreement_file=form.cleaned_data.get("agreement_file"),
            ),
        )
        if budget is None:
            return self.form_invalid(form)
        messages.success(self.request, "Your changes have been saved.")
        return redirect(budget.get_absolute_url())


class BudgetArchiveView(BudgetMixin, ArchiveViewMixin, FormView):
    permission = CHANGE
    noun = "budget"

    def get_record(self):
        return self.get_budget()

    def archive_record(self, budget, reason):
        return services.budget_archive(actor=self.request.user, budget=budget, reason=reason)


class BudgetRestoreView(BudgetMixin, RestoreViewMixin, FormView):
    permission = CHANGE
    noun = "budget"

    def get_record(self):
        return self.get_budget()

    def restore_record(self, budget):
        return services.budget_restore(actor=self.request.user, budget=budget)


class AgreementDownloadView(BudgetMixin, View):
    def get(self, request, *args, **kwargs):
        budget = self.get_budget()
        return stored_file_download(
            budget.agreement_file,
            filename=budget.agreement_file_name,
            content_type=budget.agreement_content_type,
            missing="No agreement uploaded",
        )


class BudgetChildAddView(BudgetMixin, FormPageMixin, FormView):
    """Add a contribution or an allocation to a budget."""

    permission = CHANGE

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "budget": self.get_budget()}


class ContributionAddView(BudgetChildAddView):
    form_class = forms.ContributionForm
    submit_label = "Add contribution"

    @property
    def page_title(self):
        return f"Add a contribution to {self.get_budget()}"

    def form_valid(self, form):
        contribution = self.run_service(
            form,
            lambda: services.contribution_add(
                actor=self.request.user, budget=self.get_budget(), data=form.cleaned_data
            ),
        )
        if contribution is None:
            return self.form_invalid(form)
        messages.success(
            self.request,
            f"{contribution.partner}'s contribution of {money(contribution.amount)} for "
            f"{year_label(contribution.financial_year)} has been recorded.",
        )
        return redirect(self.get_back_url())


class AllocationAddView(BudgetChildAddView):
    form_class = forms.AllocationForm
    submit_label = "Allocate"
    template_name = "funding/allocation_form.html"

    @property
    def page_title(self):
        return f"Allocate money from {self.get_budget()}"

    def get_context_data(self, **kwargs):
        return super().get_context_data(budget=self.get_budget(), figures=self.get_budget().figures, **kwargs)

    def form_valid(self, form):
        allocation = self.run_service(
            form,
            lambda: services.allocation_add(
                actor=self.request.user,
                budget=self.get_budget(),
                data=form.allocation_data(),
                override=form.cleaned_data.get("override", False),
                override_reason=form.cleaned_data.get("override_reason", ""),
            ),
        )
        if allocation is None:
            return self.form_invalid(form)
        text = f"{money(allocation.amount)} allocated to {allocation.target} for {year_label(allocation.financial_year)}."
        if allocation.overridden:
            text += " The override and its reason are recorded."
        messages.success(self.request, text)
        return redirect(self.get_back_url())


class ContributionMixin(PermissionMixin):
    permission = CHANGE

    def get_contribution(self) -> Contribution:
        if not hasattr(self, "_contribution"):
            try:
                self._contribution = (
                    Contribution.objects.active()
                    .select_related("budget", "partner")
                    .get(pk=self.kwargs["pk"])
                )
            except Contribution.DoesNotExist as exc:
                raise Http404 from exc
        return self._contribution

    def get_back_url(self):
        return self.get_contribution().budget.get_absolute_url()


class ContributionChangeView(ContributionMixin, FormPageMixin, FormView):
    form_class = forms.ContributionChangeForm
    submit_label = "Save changes"

    @property
    def page_title(self):
        contribution = self.get_contribution()
        return f"Change {contribution.partner}'s contribution for {year_label(contribution.financial_year)}"

    def get_initial(self):
        contribution = self.get_contribution()
        return {"amount": contribution.amount, "notes": contribution.notes, "version": contribution.version}

    def form_valid(self, form):
        contribution = self.run_service(
            form,
            lambda: services.contribution_update(
                actor=self.request.user,
                contribution=self.get_contribution(),
                amount=form.cleaned_data["amount"],
                notes=form.cleaned_data.get("notes", ""),
                expected_version=form.cleaned_data.get("version"),
            ),
        )
        if contribution is None:
            return self.form_invalid(form)
        messages.success(self.request, "The contribution has been changed.")
        return redirect(self.get_back_url())


class ContributionRemoveView(ChildRemoveView):
    model = Contribution
    noun = "contribution"

    def remove(self, contribution, reason):
        return services.contribution_archive(
            actor=self.request.user, contribution=contribution, reason=reason
        )


class AllocationRemoveView(ChildRemoveView):
    model = Allocation
    noun = "allocation"

    def remove(self, allocation, reason):
        return services.allocation_archive(actor=self.request.user, allocation=allocation, reason=reason)


class CommitmentAddView(PermissionMixin, FormPageMixin, FormView):
    permission = CHANGE
    form_class = forms.CommitmentForm
    submit_label = "Add commitment"

    def get_allocation(self) -> Allocation:
        if not hasattr(self, "_allocation"):
            try:
                self._allocation = (
                    Allocation.objects.active()
                    .select_related("budget", "activity", "service")
                    .get(pk=self.kwargs["pk"])
                )
            except Allocation.DoesNotExist as exc:
                raise Http404 from exc
        return self._allocation

    @property
    def page_title(self):
        return f"Commit money against the allocation to {self.get_allocation().target}"

    def get_back_url(self):
        return self.get_allocation().budget.get_absolute_url()

    def form_valid(self, form):
        commitment = self.run_service(
            form,
            lambda: services.commitment_add(
                actor=self.request.user, allocation=self.get_allocation(), data=form.cleaned_data
            ),
        )
        if commitment is None:
            return self.form_invalid(form)
        messages.success(self.request, f"{money(commitment.amount)} committed: {commitment.description}.")
        return redirect(self.get_back_url())


class CommitmentRemoveView(ChildRemoveView):
    model = Commitment
    noun = "commitment"

    def remove(self, commitment, reason):
        return services.commitment_archive(actor=self.request.user, commitment=commitment, reason=reason)


# Workforce and market development plans -------------------------------------------------------------------


class PlanListView(PermissionMixin, ListPageMixin, TemplateView):
    permission = VIEW
    template_name = "funding/plan_list.html"
    csv_filename = "workforce-and-market-development-plans"
    csv_columns = [
        ("Title", lambda p: p.title),
        ("Commissioning activity", lambda p: p.activity.title),
        ("Sectors", lambda p: "; ".join(p.sector_labels)),
        ("Skills gaps", lambda p: p.skills_gaps),
        ("Training planned", lambda p: len(p.active_training)),
        ("Market development actions", lambda p: len(p.active_actions)),
        ("Archived", lambda p: "Yes" if p.is_archived else "No"),
    ]

    def filters(self):
        params = self.request.GET
        return {
            "search": params.get("q", "").strip(),
            "activity_id": _int(params.get("activity", "")),
            "sector": params.get("sector", ""),
            "include_archived": params.get("archived") == "yes",
        }

    def get(self, request, *args, **kwargs):
        self.queryset = selectors.plan_list(user=request.user, **self.filters())
        if self.wants_csv():
            return self.csv_response(self.queryset)
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(self.paginate(self.queryset))
        context.update(
            section="plans",
            filters=self.filters(),
            activities=CommissioningActivity.objects.active().order_by("-cycle_year", "title"),
            sectors=Sector.choices,
            can_change=self.request.user.has_perm("funding.change_plans"),
        )
        return context


class PlanMixin(PermissionMixin):
    permission = VIEW

    def get_plan(self) -> DevelopmentPlan:
        if not hasattr(self, "_plan"):
            try:
                self._plan = selectors.plan_detail(self.kwargs["pk"])
            except DevelopmentPlan.DoesNotExist as exc:
                raise Http404("No such plan") from exc
        return self._plan

    def get_back_url(self):
        return self.get_plan().get_absolute_url()

    def tabs(self, current):
        pk = self.get_plan().pk
        return record_tabs(
            details_url=reverse("funding:plan", args=[pk]),
            history_url=reverse("funding:plan-history", args=[pk]),
            current=current,
        )


class PlanDetailView(PlanMixin, TemplateView):
    template_name = "funding/plan_detail.html"

    def get_context_data(self, **kwargs):
        plan = self.get_plan()
        return super().get_context_data(
            plan=plan,
            section="plans",
            can_change=self.request.user.has_perm("funding.change_plans") and not plan.is_archived,
            can_restore=self.request.user.has_perm("funding.change_plans"),
            can_add_evidence=self.request.user.has_perm("cycle.change_activity", plan.activity),
            record_tabs=self.tabs("details"),
            **kwargs,
        )


class PlanHistoryView(PlanMixin, TemplateView):
    template_name = "funding/record_history.html"

    def get_context_data(self, **kwargs):
        plan = self.get_plan()
        return super().get_context_data(
            record=plan,
            caption=plan.activity.title,
            section="plans",
            history=history_for(plan),
            record_tabs=self.tabs("history"),
            **kwargs,
        )


class PlanCreateView(PermissionMixin, FormPageMixin, FormView):
    permission = CHANGE_PLANS
    form_class = forms.PlanForm
    page_title = "Add a workforce and market development plan"
    submit_label = "Add plan"

    def get_back_url(self):
        return reverse("funding:plans")

    def get_initial(self):
        activity = _int(self.request.GET.get("activity", ""))
        return {"activity": activity} if activity else {}

    def form_valid(self, form):
        plan = self.run_service(
            form, lambda: services.plan_create(actor=self.request.user, data=form.plan_data())
        )
        if plan is None:
            return self.form_invalid(form)
        messages.success(self.request, f"{plan} has been added. Now add the training and market actions.")
        return redirect(plan.get_absolute_url())


class PlanUpdateView(PlanMixin, FormPageMixin, FormView):
    permission = CHANGE_PLANS
    form_class = forms.PlanForm
    submit_label = "Save changes"

    @property
    def page_title(self):
        return f"Change {self.get_plan()}"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": DevelopmentPlan.objects.get(pk=self.get_plan().pk)}

    def form_valid(self, form):
        plan = self.run_service(
            form,
            lambda: services.plan_update(
                actor=self.request.user,
                plan=self.get_plan(),
                data=form.plan_data(),
                expected_version=form.cleaned_data.get("version"),
            ),
        )
        if plan is None:
            return self.form_invalid(form)
        messages.success(self.request, "Your changes have been saved.")
        return redirect(plan.get_absolute_url())


class PlanArchiveView(PlanMixin, ArchiveViewMixin, FormView):
    permission = CHANGE_PLANS
    noun = "plan"

    def get_record(self):
        return self.get_plan()

    def archive_record(self, plan, reason):
        return services.plan_archive(actor=self.request.user, plan=plan, reason=reason)


class PlanRestoreView(PlanMixin, RestoreViewMixin, FormView):
    permission = CHANGE_PLANS
    noun = "plan"

    def get_record(self):
        return self.get_plan()

    def restore_record(self, plan):
        return services.plan_restore(actor=self.request.user, plan=plan)


class TrainingAddView(PlanMixin, FormPageMixin, FormView):
    permission = CHANGE_PLANS
    form_class = forms.TrainingForm
    submit_label = "Add training"

    @property
    def page_title(self):
        return f"Add training to {self.get_plan()}"

    def form_valid(self, form):
        item = self.run_service(
            form,
            lambda: services.training_add(
                actor=self.request.user, plan=self.get_plan(), data=form.cleaned_data
            ),
        )
        if item is None:
            return self.form_invalid(form)
        messages.success(self.request, f"{item} has been added to the plan.")
        return redirect(self.get_back_url())


class ActionAddView(PlanMixin, FormPageMixin, FormView):
    permission = CHANGE_PLANS
    form_class = forms.ActionForm
    submit_label = "Add action"

    @property
    def page_title(self):
        return f"Add a market development action to {self.get_plan()}"

    def form_valid(self, form):
        data = {k: v for k, v in form.cleaned_data.items() if k != "version"}
        action = self.run_service(
            form, lambda: services.action_add(actor=self.request.user, plan=self.get_plan(), data=data)
        )
        if action is None:
            return self.form_invalid(form)
        messages.success(self.request, f"{action} has been added to the plan.")
        return redirect(self.get_back_url())


class ActionChangeView(PermissionMixin, FormPageMixin, FormView):
    permission = CHANGE_PLANS
    form_class = forms.ActionForm
    submit_label = "Save changes"

    def get_action(self) -> MarketAction:
        if not hasattr(self, "_action"):
            try:
                self._action = MarketAction.objects.active().select_related("plan").get(pk=self.kwargs["pk"])
            except MarketAction.DoesNotExist as exc:
                raise Http404 from exc
        return self._action

    @property
    def page_title(self):
        return f"Change {self.get_action()}"

    def get_back_url(self):
        return self.get_action().plan.get_absolute_url()

    def get_initial(self):
        action = self.get_action()
        return {f: getattr(action, f) for f in ("action", "owner", "due_on", "status", "version")}

    def form_valid(self, form):
        data = {k: v for k, v in form.cleaned_data.items() if k != "version"}
        action = self.run_service(
            form,
            lambda: services.action_update(
                actor=self.request.user,
                action=self.get_action(),
                data=data,
                expected_version=form.cleaned_data.get("version"),
            ),
        )
        if action is None:
            return self.form_invalid(form)
        messages.success(self.request, "Your changes have been saved.")
        return redirect(self.get_back_url())


class TrainingRemoveView(ChildRemoveView):
    permission = CHANGE_PLANS
    model = TrainingItem
    noun = "training"

    def remove(self, item, reason):
        return services.training_archive(actor=self.request.user, item=item, reason=reason)


class ActionRemoveView(ChildRemoveView):
    permission = CHANGE_PLANS
    model = MarketAction
    noun = "action"

    def remove(self, action, reason):
        return services.action_archive(actor=self.request.user, action=action, reason=reason)


class PlanEvidenceView(PlanMixin, View):
    """Link the plan from step 8 of its activity as evidence (POST only)."""

    permission = CHANGE_PLANS

    def post(self, request, *args, **kwargs):
        plan = self.get_plan()
        if not request.user.has_perm("cycle.change_activity", plan.activity):
            messages.error(request, "Only people who may change the activity can add evidence to its steps.")
            return redirect(plan.get_absolute_url())
        try:
            services.plan_save_as_evidence(actor=request.user, plan=plan, path=plan.get_absolute_url())
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
            return redirect(plan.get_absolute_url())
        messages.success(request, f"The plan is now evidence on step 8 of {plan.activity}.")
        return redirect(plan.get_absolute_url())
