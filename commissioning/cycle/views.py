from django.contrib import messages
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.views.generic import FormView, TemplateView, View

from commissioning.core.downloads import stored_file_download
from commissioning.core.forms import ReasonForm
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
    require,
)
from commissioning.cycle import gates, selectors, services
from commissioning.cycle.forms import ActivityForm, EvidenceForm, StepDueDateForm, StepStatusForm
from commissioning.cycle.models import (
    ActivityStatus,
    ActivityStep,
    Answer,
    CommissioningActivity,
    GateTransition,
    ServiceArea,
    StepEvidence,
)
from commissioning.cycle.timetable import current_cycle_year
from commissioning.frameworks.models import FrameworkItem

STAFFORDSHIRE = "staffordshire-self-assessment"


class ActivityListView(PermissionMixin, RememberedResultsMixin, ListPageMixin, TemplateView):
    permission = "cycle.view_activity_list"
    template_name = "cycle/activity_list.html"
    results_template = "cycle/_activity_list_results.html"
    results_by_day = True  # overdue steps
    csv_filename = "commissioning-activities"
    csv_columns = [
        ("Title", lambda a: a.title),
        ("Type", lambda a: a.get_kind_display()),
        ("Service area", lambda a: a.get_service_area_display()),
        ("Cycle year", lambda a: a.cycle_year_label),
        ("Status", lambda a: a.get_status_display()),
        ("Lead commissioner", lambda a: str(a.lead_commissioner)),
        ("Lead organisation", lambda a: str(a.lead_organisation)),
        ("Level", lambda a: a.get_level_display()),
        ("Tiers", lambda a: ", ".join(a.tier_labels)),
        ("Integration approach", lambda a: a.get_integration_approach_display()),
        ("Steps finished", lambda a: a.steps_finished),
        ("Steps overdue", lambda a: a.steps_overdue),
        ("Archived", lambda a: "Yes" if a.is_archived else "No"),
    ]

    def filters(self):
        params = self.request.GET
        year = params.get("year", "")
        return {
            "search": params.get("q", "").strip(),
            "service_area": params.get("area", ""),
            "status": params.get("status", ""),
            "cycle_year": int(year) if year.isdigit() else None,
            "mine": params.get("mine") == "yes",
            "include_archived": params.get("archived") == "yes",
            "ordering": params.get("sort", "year"),
        }

    def get(self, request, *args, **kwargs):
        self.queryset = selectors.activity_list(
            user=request.user, today=timezone.localdate(), **self.filters()
        )
        if self.wants_csv():
            return self.csv_response(self.queryset)
        return super().get(request, *args, **kwargs)

    def results_context(self) -> dict:
        return {**self.paginate(self.queryset), "filters": self.filters()}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        this_year = current_cycle_year(timezone.localdate())
        context.update(
            self.querystrings(),
            results=self.remembered_results(),
            filters=self.filters(),
            areas=ServiceArea.choices,
            statuses=ActivityStatus.choices,
            years=[(y, f"{y}/{str(y + 1)[-2:]}") for y in range(this_year + 1, this_year - 5, -1)],
            can_create=self.request.user.has_perm("cycle.create_activity"),
            programme=selectors.programme_overview(user=self.request.user, today=timezone.localdate()),
        )
        return context


class ActivityMixin(PermissionMixin):
    permission = "cycle.view_activity_list"
    change = False

    def get_activity(self) -> CommissioningActivity:
        if not hasattr(self, "_activity"):
            try:
                activity = selectors.activity_detail(self.kwargs["pk"])
            except CommissioningActivity.DoesNotExist as exc:
                raise Http404("No such activity") from exc
            require(self.request.user, "cycle.view_activity", activity)
            if self.change:
                require(self.request.user, "cycle.change_activity", activity)
            self._activity = activity
        return self._activity

    def tabs(self, current):
        pk = self.get_activity().pk
        return record_tabs(
            details_url=reverse("cycle:detail", args=[pk]),
            history_url=reverse("cycle:history", args=[pk]),
            current=current,
        )

    def get_back_url(self):
        return self.get_activity().get_absolute_url()


class ActivityDetailView(ActivityMixin, RememberedResultsMixin, TemplateView):
    """The activity's page: its header from the activity read for the permission check, the cycle and records
    below it kept rendered in the table cache for the person and the day until anything they show is written."""

    template_name = "cycle/activity_detail.html"
    results_template = "cycle/_activity_detail_results.html"
    results_by_day = True  # overdue steps

    def get_activity(self) -> CommissioningActivity:
        if not hasattr(self, "_activity"):
            _, self.results_also_read = tables_read(super().get_activity)
        return super().get_activity()

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            activity=self.get_activity(), results=self.remembered_results(), record_tabs=self.tabs("details")
        )

    def results_context(self) -> dict:
        activity = self.get_activity()
        steps = selectors.activity_steps(activity)
        return {
            "activity": activity,
            "cycle": selectors.cycle_view(steps, timezone.localdate()),
            "finished": sum(1 for s in steps if s.is_finished),
            "self_assessment": selectors.self_assessment_progress(activity),
            "records": selectors.activity_records(activity),
            "can_change": self.request.user.has_perm("cycle.change_activity", activity),
        }


class ActivityHistoryView(ActivityMixin, TemplateView):
    template_name = "cycle/activity_history.html"

    def get_context_data(self, **kwargs):
        activity = self.get_activity()
        return super().get_context_data(
            activity=activity, history=history_for(activity), record_tabs=self.tabs("history"), **kwargs
        )


def _activity_data(form) -> tuple[dict, list, list]:
    data = {k: v for k, v in form.cleaned_data.items() if k not in ("version", "partners", "outcomes")}
    return data, list(form.cleaned_data.get("partners") or []), list(form.cleaned_data.get("outcomes") or [])


class ActivityCreateView(PermissionMixin, FormPageMixin, FormView):
    permission = "cycle.create_activity"
    form_class = ActivityForm
    page_title = "Start a commissioning activity"
    submit_label = "Start activity"

    def get_back_url(self):
        return reverse("cycle:list")

    def get_initial(self):
        return {
            "cycle_year": current_cycle_year(timezone.localdate()),
            "lead_commissioner": self.request.user.pk,
        }

    def form_valid(self, form):
        data, partners, outcomes = _activity_data(form)
        activity = self.run_service(
            form,
            lambda: services.activity_create(
                actor=self.request.user, data=data, partners=partners, outcomes=outcomes
            ),
        )
        if activity is None:
            return self.form_invalid(form)
        messages.success(
            self.request, f"{activity} has been started. Its nine steps are due by the annual timetable."
        )
        return redirect(activity.get_absolute_url())


class ActivityUpdateView(ActivityMixin, FormPageMixin, FormView):
    form_class = ActivityForm
    change = True
    submit_label = "Save changes"

    @property
    def page_title(self):
        return f"Change {self.get_activity()}"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": self.get_activity()}

    def form_valid(self, form):
        data, partners, outcomes = _activity_data(form)
        activity = self.run_service(
            form,
            lambda: services.activity_update(
                actor=self.request.user,
                activity=self.get_activity(),
                data=data,
                partners=partners,
                outcomes=outcomes,
                expected_version=form.cleaned_data.get("version"),
            ),
        )
        if activity is None:
            return self.form_invalid(form)
        messages.success(self.request, "Your changes have been saved.")
        return redirect(activity.get_absolute_url())


class ActivityArchiveView(ActivityMixin, ArchiveViewMixin, FormView):
    change = True
    noun = "activity"
    lede = "Archived activities are hidden from the programme. Nothing is deleted, and you can restore it."

    def get_record(self):
        return self.get_activity()

    def archive_record(self, activity, reason):
        return services.activity_archive(actor=self.request.user, activity=activity, reason=reason)


class ActivityRestoreView(ActivityMixin, RestoreViewMixin, FormView):
    change = True
    noun = "activity"

    def get_record(self):
        return self.get_activity()

    def restore_record(self, activity):
        return services.activity_restore(actor=self.request.user, activity=activity)


class StepMixin(ActivityMixin):
    def get_step(self) -> ActivityStep:
        if not hasattr(self, "_step"):
            self._step = get_object_or_404(
                ActivityStep.objects.select_related("guidance__framework", "guidance__parent__framework"),
                activity=self.get_activity(),
                number=self.kwargs["number"],
            )
        return self._step


class StepView(StepMixin, TemplateView):
    """A step of an activity: its guidance and self-assessment questions from the library, status and due date."""

    template_name = "cycle/step_detail.html"

    def get_context_data(self, **kwargs):
        step = self.get_step()
        activity = self.get_activity()
        can_change = (
            self.request.user.has_perm("cycle.change_activity", activity) and not activity.is_archived
        )
        questions = FrameworkItem.objects.filter(
            framework__slug=STAFFORDSHIRE, parent__ref=str(step.number), kind="question"
        ).order_by("sort_key")
        return super().get_context_data(
            activity=activity,
            step=step,
            questions=questions,
            can_change=can_change,
            status_form=kwargs.pop("status_form", None)
            or StepStatusForm(
                step=step,
                initial={
                    "status": step.status,
                    "reason": step.not_applicable_reason,
                    "version": step.version,
                },
            ),
            gate_results=gates.evaluate(activity, GateTransition.COMPLETE_STEP, step.number),
            evidence=step.evidence.active().select_related("added_by"),
            evidence_form=kwargs.pop("evidence_form", None) or EvidenceForm(),
            date_form=kwargs.pop("date_form", None)
            or StepDueDateForm(initial={"due_date": step.due_date, "version": step.version}),
            **kwargs,
        )


class StepFormView(StepMixin, FormView):
    """A form posted from the step page: on error the step page is shown again with the form's errors."""

    change = True
    template_name = "cycle/step_detail.html"
    http_method_names = ["post"]
    form_context_name = ""

    def save(self, form) -> str:
        """Call the service and return the success message; a ValidationError goes back onto the form."""
        raise ImproperlyConfigured(f"{type(self).__name__} must define save()")

    def post(self, request, *args, **kwargs):
        # Whose activity it is comes before what was posted: someone who may not change it is refused, whatever
        # they sent.
        self.get_step()
        return super().post(request, *args, **kwargs)

    def form_valid(self, form):
        try:
            message = self.save(form)
        except ValidationError as exc:
            form_errors_from(exc, form)
            return self.form_invalid(form)
        messages.success(self.request, message)
        return redirect("cycle:step", pk=self.get_activity().pk, number=self.get_step().number)

    def form_invalid(self, form):
        view = StepView(request=self.request, kwargs=self.kwargs)
        return view.render_to_response(view.get_context_data(**{self.form_context_name: form}))


class StepStatusView(StepFormView):
    form_class = StepStatusForm
    form_context_name = "status_form"

    def get_form_kwargs(self):
        return super().get_form_kwargs() | {"step": self.get_step()}

    def save(self, form) -> str:
        step = services.step_set_status(
            actor=self.request.user,
            step=self.get_step(),
            status=form.cleaned_data["status"],
            reason=form.cleaned_data["reason"],
            expected_version=form.cleaned_data.get("version"),
        )
        return f"Step {step.number} is now {step.get_status_display().lower()}."


class StepDueDateView(StepFormView):
    form_class = StepDueDateForm
    form_context_name = "date_form"

    def save(self, form) -> str:
        step = services.step_set_due_date(
            actor=self.request.user,
            step=self.get_step(),
            due_date=form.cleaned_data["due_date"],
            expected_version=form.cleaned_data.get("version"),
        )
        return f"Step {step.number} is now due on {step.due_date:%-d %B %Y}."


class EvidenceAddView(StepFormView):
    form_class = EvidenceForm
    form_context_name = "evidence_form"

    def save(self, form) -> str:
        data = form.cleaned_data
        evidence = services.evidence_add(
            actor=self.request.user,
            step=self.get_step(),
            kind=data["kind"],
            title=data["title"],
            text=data["text"],
            url=data["url"],
            record_path=data["record_path"],
            upload=data.get("file"),
            document_type=data["document_type"],
        )
        return f"Evidence added: {evidence.title}."


class EvidenceMixin(StepMixin):
    def get_evidence(self) -> StepEvidence:
        return get_object_or_404(
            StepEvidence.objects.active(), pk=self.kwargs["evidence_pk"], step=self.get_step()
        )


class EvidenceDownloadView(EvidenceMixin, View):
    """Files are served only to people who may see the activity, always as a download."""

    def get(self, request, *args, **kwargs):
        evidence = self.get_evidence()
        return stored_file_download(
            evidence.file,
            filename=evidence.file_name,
            content_type=evidence.content_type,
            missing="This evidence has no file",
        )


class EvidenceArchiveView(EvidenceMixin, FormPageMixin, FormView):
    form_class = ReasonForm
    change = True
    submit_label = "Remove evidence"
    destructive = True
    lede = "The evidence is archived, not deleted: it stays in the activity's history."

    @property
    def page_title(self):
        return f"Are you sure you want to remove “{self.get_evidence().title}”?"

    def get_back_url(self):
        return reverse("cycle:step", args=[self.get_activity().pk, self.get_step().number])

    def form_valid(self, form):
        result = self.run_service(
            form,
            lambda: services.evidence_archive(
                actor=self.request.user, evidence=self.get_evidence(), reason=form.cleaned_data["reason"]
            ),
        )
        if result is None:
            return self.form_invalid(form)
        messages.success(self.request, "The evidence has been removed.")
        return redirect(self.get_back_url())


class SelfAssessmentView(StepMixin, TemplateView):
    """Answer the Staffordshire self-assessment questions of one step, each Yes, No, Partly or Not applicable."""

    template_name = "cycle/self_assessment.html"

    def rows(self, posted=None, errors=None):
        step = self.get_step()
        activity = self.get_activity()
        saved = {a.question_id: a for a in activity.answers.filter(step_number=step.number)}
        last_year = (
            {a.question_id: a for a in activity.previous.answers.filter(step_number=step.number)}
            if activity.previous_id
            else {}
        )
        rows = []
        for index, question in enumerate(services.step_questions(step.number), start=1):
            answer = saved.get(question.pk)
            rows.append(
                {
                    "index": index,
                    "question": question,
                    "last_year": last_year.get(question.pk),
                    "answer": posted.get(f"answer_{question.ref}", "")
                    if posted
                    else (answer.answer if answer else ""),
                    "evidence": posted.get(f"evidence_{question.ref}", "")
                    if posted
                    else (answer.evidence if answer else ""),
                    "answer_error": (errors or {}).get(f"answer_{question.ref}"),
                    "evidence_error": (errors or {}).get(f"evidence_{question.ref}"),
                }
            )
        return rows

    def get_context_data(self, **kwargs):
        activity = self.get_activity()
        return super().get_context_data(
            activity=activity,
            step=self.get_step(),
            rows=kwargs.pop("rows", None) or self.rows(),
            choices=Answer.choices,
            can_change=self.request.user.has_perm("cycle.change_activity", activity)
            and not activity.is_archived,
            **kwargs,
        )

    def post(self, request, *args, **kwargs):
        require(request.user, "cycle.change_activity", self.get_activity())
        step = self.get_step()
        refs = [q.ref for q in services.step_questions(step.number)]
        answers = {
            ref: (request.POST.get(f"answer_{ref}", ""), request.POST.get(f"evidence_{ref}", ""))
            for ref in refs
        }
        try:
            count = services.self_assessment_save(
                actor=request.user, activity=self.get_activity(), step_number=step.number, answers=answers
            )
        except ValidationError as exc:
            errors = (
                {key: value[0] for key, value in exc.message_dict.items()}
                if hasattr(exc, "error_dict")
                else {}
            )
            general = [] if errors else exc.messages
            context = self.get_context_data(
                rows=self.rows(request.POST, errors), errors=errors, general_errors=general
            )
            return self.render_to_response(context)
        messages.success(request, f"{count} answer{'s' if count != 1 else ''} saved for step {step.number}.")
        return redirect("cycle:self-assessment", pk=self.get_activity().pk, number=step.number)
