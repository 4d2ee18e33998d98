"""Pages for planning and running a procurement: the list, planning one for an activity, its overview (route,
steps, timetable, notices), the project initiation document, the conflicts assessment, the evaluation set-up,
publishing and cancelling."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.views.generic import FormView, TemplateView

from commissioning.core.exceptions import ConflictError
from commissioning.core.forms import ReasonForm
from commissioning.core.selectors import history_for
from commissioning.core.table_cache import tables_read
from commissioning.core.views import (
    ArchiveViewMixin,
    FormPageMixin,
    ListPageMixin,
    PermissionMixin,
    RememberedResultsMixin,
    form_errors_from,
)
from commissioning.cycle.gates import GateRefused
from commissioning.procurement.bidding.selectors import bids_received
from commissioning.procurement.models import (
    Milestone,
    Notice,
    Procurement,
    ProcurementKind,
    ProcurementStatus,
    ProcurementStep,
    Question,
    Risk,
    TeamMember,
)
from commissioning.procurement.routes import money
from commissioning.procurement.tenders import forms, selectors, services
from commissioning.procurement.tenders.weights import weight_problems

CSV_COLUMNS = [
    ("Reference", lambda p: p.reference),
    ("Title", lambda p: p.title),
    ("Kind", lambda p: p.get_kind_display()),
    ("Commissioning activity", lambda p: p.activity.title),
    ("Regime", lambda p: p.get_regime_display()),
    ("Procedure", lambda p: p.get_procedure_display()),
    ("Estimated value (£)", lambda p: p.estimated_value),
    ("Includes VAT", lambda p: "yes" if p.includes_vat else "no"),
    ("Duration (months)", lambda p: p.duration_months),
    ("Contract start", lambda p: p.contract_start.isoformat()),
    ("Status", lambda p: p.get_status_display()),
    ("Closing", lambda p: p.tender_deadline.isoformat() if p.tender_deadline else ""),
    ("Bids received", lambda p: p.bid_count),
    ("Lead", lambda p: p.lead.get_full_name() or p.lead.username),
]


class ProcurementMixin:
    """A procurement from the URL, and the permission to change it."""

    change_permission = "procurement.change_procurement"

    def get_procurement(self) -> Procurement:
        if not hasattr(self, "_procurement"):
            self._procurement = get_object_or_404(Procurement, pk=self.kwargs["pk"])
            if not self.request.user.has_perm(self.change_permission, self._procurement):
                raise PermissionDenied
        return self._procurement

    def get_back_url(self):
        return self.get_procurement().get_absolute_url()

    def done(self, message: str, anchor: str = ""):
        messages.success(self.request, message)
        return redirect(self.get_procurement().get_absolute_url() + anchor)


class ProcurementListView(PermissionMixin, RememberedResultsMixin, ListPageMixin, TemplateView):
    permission = "procurement.view_procurements"
    template_name = "procurement/tenders/list.html"
    results_template = "procurement/tenders/_list_results.html"
    csv_filename = "procurements"
    csv_columns = CSV_COLUMNS

    def filters(self):
        params = self.request.GET
        return {
            "search": params.get("q", "").strip(),
            "status": params.get("status", ""),
            "kind": params.get("kind", ""),
            "regime": params.get("regime", ""),
            "include_archived": params.get("archived") == "yes",
            "ordering": params.get("sort", "newest"),
        }

    def get(self, request, *args, **kwargs):
        self.queryset = selectors.procurement_list(**self.filters())
        if self.wants_csv():
            return self.csv_response(self.queryset)
        return super().get(request, *args, **kwargs)

    def results_context(self) -> dict:
        return {**self.paginate(self.queryset), "filters": self.filters()}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            self.querystrings(),
            results=self.remembered_results(),
            filters=self.filters(),
            statuses=ProcurementStatus.choices,
            kinds=ProcurementKind.choices,
            regimes=Procurement._meta.get_field("regime").choices,
            sort_options=[
                ("newest", "Newest first"),
                ("closing", "Closing soonest"),
                ("start", "Contract start"),
                ("value", "Highest value"),
                ("reference", "Reference"),
            ],
            can_add=self.request.user.has_perm("procurement.add_procurement"),
        )
        return context


class ProcurementCreateView(PermissionMixin, FormPageMixin, FormView):
    permission = "procurement.add_procurement"
    form_class = forms.ProcurementForm
    page_title = "Plan a procurement or grant round"
    submit_label = "Plan it"
    lede = (
        "The route, the procurement steps, the timetable and the notices follow from what you enter. The "
        "commissioning activity's gate must be open: an agreed budget, an equality impact assessment and a "
        "service specification."
    )

    def get_back_url(self):
        return reverse("procurement:list")

    def get_initial(self):
        initial = {"includes_vat": "false", "buyer_type": "sub_central", "voluntary_standstill": True}
        if self.request.GET.get("activity", "").isdigit():
            initial["activity"] = int(self.request.GET["activity"])
        return initial

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "activities": selectors.activities_for_procurement()}

    def form_valid(self, form):
        data = dict(form.cleaned_data)
        activity = data.pop("activity")
        data.pop("version", None)
        try:
            procurement = services.procurement_create(actor=self.request.user, activity=activity, data=data)
        except GateRefused as refused:
            for item in refused.unmet:
                form.add_error("activity", f"The activity's gate is closed: {item.message}")
            return self.form_invalid(form)
        except ValidationError as exc:
            form_errors_from(exc, form)
            return self.form_invalid(form)
        messages.success(
            self.request, f"{procurement.reference} is planned: {procurement.get_regime_display()}."
        )
        return redirect(procurement.get_absolute_url())


class ProcurementDetailView(PermissionMixin, RememberedResultsMixin, TemplateView):
    """The procurement's page: its header from the procurement as read, the rest kept rendered in the table cache
    for the person and the day until anything it shows is written."""

    permission = "procurement.view_procurements"
    template_name = "procurement/tenders/detail.html"
    results_template = "procurement/tenders/_detail_results.html"
    results_by_day = True  # overdue milestones, conflicts of interest due for review

    def get_context_data(self, **kwargs):
        try:
            self.procurement, self.results_also_read = tables_read(
                lambda: selectors.procurement_detail(self.kwargs["pk"])
            )
        except Procurement.DoesNotExist as exc:
            raise Http404 from exc
        return super().get_context_data(
            procurement=self.procurement, section="overview", results=self.remembered_results(), **kwargs
        )

    def results_context(self) -> dict:
        procurement = self.procurement
        planning = procurement.status == "planning"
        return {
            "procurement": procurement,
            "can_change": self.request.user.has_perm("procurement.change_procurement", procurement),
            "value": money(procurement.estimated_value),
            "gate": selectors.gate_messages(procurement.activity) if planning else [],
            "overdue": selectors.overdue_milestones(procurement),
            "conflicts_due": selectors.conflicts_review_due(procurement),
            "setup_problems": weight_problems(procurement) if planning else [],
            "bids_received": bids_received(procurement),
        }


class ProcurementHistoryView(PermissionMixin, TemplateView):
    permission = "procurement.view_procurements"
    template_name = "procurement/tenders/history.html"

    def get_context_data(self, **kwargs):
        procurement = get_object_or_404(Procurement, pk=self.kwargs["pk"])
        return super().get_context_data(
            procurement=procurement, section="history", history=history_for(procurement), **kwargs
        )


class ProcurementChangeView(ProcurementMixin, PermissionMixin, FormPageMixin, FormView):
    form_class = forms.ProcurementChangeForm
    page_title = "Change the plan"

    def get_initial(self):
        p = self.get_procurement()
        return {
            "title": p.title,
            "description": p.description,
            "category": p.category,
            "buyer_type": p.buyer_type,
            "estimated_value": p.estimated_value,
            "includes_vat": "true" if p.includes_vat else "false",
            "duration_months": p.duration_months,
            "contract_start": p.contract_start,
            "procedure": p.procedure,
            "voluntary_sector_affected": p.voluntary_sector_affected,
            "voluntary_standstill": p.voluntary_standstill,
            "grant_type": p.grant_type,
            "eligibility": p.eligibility,
            "invited": list(p.invited.all()),
            "version": p.version,
        }

    def form_valid(self, form):
        data = dict(form.cleaned_data)
        version = data.pop("version", None)
        if not data.get("procedure"):
            data.pop("procedure")
        try:
            services.procurement_update(
                actor=self.request.user,
                procurement=self.get_procurement(),
                data=data,
                expected_version=version,
            )
        except ConflictError as exc:
            form.add_error(None, str(exc))
            return self.form_invalid(form)
        except ValidationError as exc:
            form_errors_from(exc, form)
            return self.form_invalid(form)
        return self.done("The plan is saved; the route and timetable follow it.")


class ServiceFormView(ProcurementMixin, PermissionMixin, FormPageMixin, FormView):
    """A form whose valid input goes to one service call; domain errors return to the form."""

    success_message = "Saved."
    anchor = ""

    def call(self, data):
        raise NotImplementedError

    def form_valid(self, form):
        result = self.run_service(form, lambda: self.call(dict(form.cleaned_data)) or True)
        if result is None:
            return self.form_invalid(form)
        return self.done(self.success_message, self.anchor)


class StepChangeView(ServiceFormView):
    form_class = forms.StepForm
    anchor = "#steps"
    success_message = "The step is updated."

    def get_step(self):
        return get_object_or_404(ProcurementStep, pk=self.kwargs["step"], procurement=self.get_procurement())

    @property
    def page_title(self):
        return f"Step {self.get_step().number}: {self.get_step().title}"

    def get_initial(self):
        step = self.get_step()
        return {"status": step.status, "done_on": step.done_on, "notes": step.notes}

    def call(self, data):
        return services.step_update(actor=self.request.user, step=self.get_step(), **data)


class MilestoneChangeView(ServiceFormView):
    form_class = forms.MilestoneForm
    anchor = "#timetable"
    success_message = "The timetable is updated."

    def get_milestone(self):
        return get_object_or_404(Milestone, pk=self.kwargs["milestone"], procurement=self.get_procurement())

    @property
    def page_title(self):
        milestone = self.get_milestone()
        return f"{milestone.name} (due {milestone.due:%-d %B %Y})"

    def get_initial(self):
        return {"done_on": self.get_milestone().done_on}

    def call(self, data):
        return services.milestone_done(actor=self.request.user, milestone=self.get_milestone(), **data)


class NoticeChangeView(ServiceFormView):
    form_class = forms.NoticeForm
    anchor = "#notices"
    success_message = "The notice is recorded."

    def get_notice(self):
        return get_object_or_404(Notice, pk=self.kwargs["notice"], procurement=self.get_procurement())

    @property
    def page_title(self):
        return self.get_notice().name

    def get_initial(self):
        notice = self.get_notice()
        return {"published_on": notice.published_on, "reference": notice.reference}

    def call(self, data):
        return services.notice_record(actor=self.request.user, notice=self.get_notice(), **data)


class ProjectView(PermissionMixin, TemplateView):
    """The project initiation document: objectives, team, timescales, implementation plan and risks."""

    permission = "procurement.view_procurements"
    template_name = "procurement/tenders/project.html"

    def get_context_data(self, **kwargs):
        procurement = get_object_or_404(
            Procurement.objects.select_related("activity", "lead"), pk=self.kwargs["pk"]
        )
        return super().get_context_data(
            procurement=procurement,
            section="project",
            team=procurement.team.active(),
            risks=sorted(procurement.risks.active(), key=lambda risk: -risk.rating),
            milestones=procurement.milestones.all(),
            can_change=self.request.user.has_perm("procurement.change_procurement", procurement),
            **kwargs,
        )


class ProjectChangeView(ServiceFormView):
    form_class = forms.ProjectForm
    page_title = "Objectives and implementation plan"
    success_message = "The project initiation document is saved."

    def get_initial(self):
        p = self.get_procurement()
        return {
            "objectives": p.objectives,
            "implementation_plan": p.implementation_plan,
            "version": p.version,
        }

    def get_back_url(self):
        return reverse("procurement:project", args=[self.get_procurement().pk])

    def call(self, data):
        version = data.pop("version", None)
        return services.procurement_update(
            actor=self.request.user, procurement=self.get_procurement(), data=data, expected_version=version
        )

    def done(self, message, anchor=""):
        messages.success(self.request, message)
        return redirect("procurement:project", self.get_procurement().pk)


class TeamMemberAddView(ProjectChangeView):
    form_class = forms.TeamMemberForm
    page_title = "Add a member of the project team"
    success_message = "The team member is added."

    def get_initial(self):
        return {}

    def call(self, data):
        return services.team_member_add(
            actor=self.request.user, procurement=self.get_procurement(), data=data
        )


class TeamMemberArchiveView(ProcurementMixin, PermissionMixin, ArchiveViewMixin, FormView):
    noun = "team member"
    lede = "They leave the project team. Nothing is deleted: the record stays in the history."

    def get_record(self):
        return get_object_or_404(TeamMember, pk=self.kwargs["member"], procurement=self.get_procurement())

    def get_back_url(self):
        return reverse("procurement:project", args=[self.get_procurement().pk])

    def archive_record(self, record, reason):
        return services.team_member_archive(actor=self.request.user, member=record, reason=reason)

    def form_valid(self, form):
        record = self.run_service(
            form, lambda: self.archive_record(self.get_record(), form.cleaned_data["reason"])
        )
        if record is None:
            return self.form_invalid(form)
        messages.success(self.request, f"{record} has left the project team.")
        return redirect("procurement:project", self.get_procurement().pk)


class RiskSaveView(ProjectChangeView):
    form_class = forms.RiskForm
    success_message = "The risk is saved."

    def get_risk(self):
        if "risk" not in self.kwargs:
            return None
        return get_object_or_404(Risk, pk=self.kwargs["risk"], procurement=self.get_procurement())

    @property
    def page_title(self):
        return "Change the risk" if self.get_risk() else "Add a risk"

    def get_initial(self):
        risk = self.get_risk()
        if risk is None:
            return {}
        return {
            name: getattr(risk, name)
            for name in ("description", "likelihood", "impact", "mitigation", "owner", "status")
        }

    def call(self, data):
        return services.risk_save(
            actor=self.request.user, procurement=self.get_procurement(), data=data, risk=self.get_risk()
        )


class ConflictsView(PermissionMixin, TemplateView):
    permission = "procurement.view_procurements"
    template_name = "procurement/tenders/conflicts.html"

    def get_context_data(self, **kwargs):
        procurement = get_object_or_404(Procurement, pk=self.kwargs["pk"])
        return super().get_context_data(
            procurement=procurement,
            section="conflicts",
            assessments=procurement.conflict_assessments.select_related("assessed_by"),
            review_due=selectors.conflicts_review_due(procurement),
            panel=procurement.panel.select_related("user").prefetch_related("declarations"),
            can_change=self.request.user.has_perm("procurement.change_procurement", procurement),
            **kwargs,
        )


class ConflictAssessmentAddView(ServiceFormView):
    form_class = forms.ConflictAssessmentForm
    page_title = "Record the conflicts assessment"
    lede = (
        "The Procurement Act 2023 (section 83) asks for a conflicts assessment before the tender notice is "
        "published, kept under review until the contract ends."
    )
    success_message = "The conflicts assessment is recorded."

    def get_back_url(self):
        return reverse("procurement:conflicts", args=[self.get_procurement().pk])

    def call(self, data):
        return services.conflict_assessment_record(
            actor=self.request.user, procurement=self.get_procurement(), data=data
        )

    def done(self, message, anchor=""):
        messages.success(self.request, message)
        return redirect("procurement:conflicts", self.get_procurement().pk)


class QuestionsView(PermissionMixin, TemplateView):
    """The evaluation set-up: the weights, the scale, the price formula and the questions."""

    permission = "procurement.view_procurements"
    template_name = "procurement/tenders/questions.html"

    def get_context_data(self, **kwargs):
        procurement = get_object_or_404(Procurement, pk=self.kwargs["pk"])
        questions = list(procurement.questions.active())
        return super().get_context_data(
            procurement=procurement,
            section="questions",
            selection=[q for q in questions if q.stage == "selection"],
            award=[q for q in questions if q.stage == "award"],
            problems=weight_problems(procurement, questions),
            can_change=self.request.user.has_perm("procurement.change_procurement", procurement)
            and procurement.status == ProcurementStatus.PLANNING,
            **kwargs,
        )


class QuestionsChildView(ServiceFormView):
    def get_back_url(self):
        return reverse("procurement:questions", args=[self.get_procurement().pk])

    def done(self, message, anchor=""):
        messages.success(self.request, message)
        return redirect("procurement:questions", self.get_procurement().pk)


class WeightsChangeView(QuestionsChildView):
    form_class = forms.WeightsForm
    page_title = "Weights, price formula and scoring scale"
    success_message = "The weights and scale are saved."

    def get_initial(self):
        p = self.get_procurement()
        return {
            "price_weight": p.price_weight,
            "quality_weight": p.quality_weight,
            "social_value_weight": p.social_value_weight,
            "price_formula": p.price_formula,
            "scoring_scale": forms.scale_text(p.scoring_scale),
            "version": p.version,
        }

    def call(self, data):
        version = data.pop("version", None)
        return services.evaluation_setup_update(
            actor=self.request.user, procurement=self.get_procurement(), data=data, expected_version=version
        )


class QuestionSaveView(QuestionsChildView):
    form_class = forms.QuestionForm
    success_message = "The question is saved."

    def get_question(self):
        if "question" not in self.kwargs:
            return None
        return get_object_or_404(
            Question.objects.active(), pk=self.kwargs["question"], procurement=self.get_procurement()
        )

    @property
    def page_title(self):
        question = self.get_question()
        return f"Change question {question.number}" if question else "Add a question"

    def get_initial(self):
        question = self.get_question()
        if question is None:
            return {"position": self.get_procurement().questions.active().count() + 1}
        fields = (
            "stage",
            "criterion",
            "number",
            "text",
            "guidance",
            "weight",
            "added_value",
            "word_limit",
            "position",
        )
        return {name: getattr(question, name) for name in fields}

    def call(self, data):
        return services.question_save(
            actor=self.request.user,
            procurement=self.get_procurement(),
            data=data,
            question=self.get_question(),
        )


class QuestionArchiveView(ProcurementMixin, PermissionMixin, ArchiveViewMixin, FormView):
    noun = "question"
    lede = "The question is removed from the tender documents. Nothing is deleted: it stays in the history."

    def get_record(self):
        return get_object_or_404(
            Question.objects.active(), pk=self.kwargs["question"], procurement=self.get_procurement()
        )

    def get_back_url(self):
        return reverse("procurement:questions", args=[self.get_procurement().pk])

    def archive_record(self, record, reason):
        return services.question_archive(actor=self.request.user, question=record, reason=reason)

    def form_valid(self, form):
        record = self.run_service(
            form, lambda: self.archive_record(self.get_record(), form.cleaned_data["reason"])
        )
        if record is None:
            return self.form_invalid(form)
        messages.success(self.request, f"Question {record.number} is removed.")
        return redirect("procurement:questions", self.get_procurement().pk)


class PublishView(ServiceFormView):
    form_class = forms.PublishForm
    page_title = "Publish the opportunity"
    submit_label = "Publish"
    success_message = "The opportunity is published: providers can see it and bid until the closing date."

    def get_context_data(self, **kwargs):
        procurement = self.get_procurement()
        close = procurement.milestones.filter(key="tenders_close").first()
        self.lede = (
            "Once published, bidders see the questions, weights and scale, which can no longer change."
            + (f" The timetable has bids closing on {close.due:%-d %B %Y}." if close else "")
        )
        return super().get_context_data(**kwargs)

    def call(self, data):
        return services.procurement_publish(
            actor=self.request.user,
            procurement=self.get_procurement(),
            tender_deadline=data.get("tender_deadline"),
            clarification_deadline=data.get("clarification_deadline"),
        )

    def form_valid(self, form):
        if "tender_deadline" not in form.cleaned_data:
            return self.form_invalid(form)
        return super().form_valid(form)


class CancelView(ServiceFormView):
    form_class = ReasonForm
    page_title = "Are you sure you want to cancel this procurement?"
    submit_label = "Cancel the procurement"
    destructive = True
    lede = "Bidders can no longer bid. Nothing is deleted: the procurement and its history are kept."
    success_message = "The procurement is cancelled."

    def call(self, data):
        return services.procurement_cancel(
            actor=self.request.user, procurement=self.get_procurement(), reason=data["reason"]
        )
