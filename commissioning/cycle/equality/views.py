from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.views.generic import FormView, TemplateView

from commissioning.core.selectors import history_for
from commissioning.core.views import ArchiveViewMixin, FormPageMixin, RestoreViewMixin, form_errors_from
from commissioning.cycle.equality import services, transitions
from commissioning.cycle.equality.forms import GROUP_SECTIONS, DetailsForm, ImpactsForm, StartForm, StatusForm
from commissioning.cycle.models import EqualityImpactAssessment, EqualityStatus
from commissioning.cycle.views import ActivityMixin


class AssessmentMixin(ActivityMixin):
    def get_assessment(self) -> EqualityImpactAssessment:
        if not hasattr(self, "_assessment"):
            assessment = (
                EqualityImpactAssessment.objects.select_related("lead", "finalised_by", "activity")
                .filter(activity=self.get_activity())
                .first()
            )
            if assessment is None:
                raise Http404("This activity has no equality impact assessment")
            self._assessment = assessment
        return self._assessment

    def get_back_url(self):
        return reverse("cycle:equality:detail", args=[self.get_activity().pk])


def _rows(assessment):
    impacts = {impact.group: impact for impact in assessment.impacts.all()}
    return [
        (title, [(group, impacts.get(group.value)) for group in groups]) for title, groups in GROUP_SECTIONS
    ]


class AssessmentDetailView(ActivityMixin, TemplateView):
    template_name = "cycle/equality/detail.html"

    def get_context_data(self, **kwargs):
        activity = self.get_activity()
        assessment = (
            EqualityImpactAssessment.objects.select_related("lead", "finalised_by")
            .filter(activity=activity)
            .first()
        )
        can_change = (
            self.request.user.has_perm("cycle.change_activity", activity) and not activity.is_archived
        )
        context = {"activity": activity, "assessment": assessment, "can_change": can_change}
        if assessment is not None:
            impacts = list(assessment.impacts.all())
            today = timezone.localdate()
            context.update(
                sections=_rows(assessment),
                next_steps=[
                    (EqualityStatus(target), transitions.unmet(assessment, target, impacts, today))
                    for target in transitions.ALLOWED[assessment.status]
                ],
                editable=can_change
                and assessment.status != EqualityStatus.FINAL
                and not assessment.is_archived,
            )
        return super().get_context_data(**context, **kwargs)


class AssessmentStartView(ActivityMixin, FormPageMixin, FormView):
    change = True
    form_class = StartForm
    page_title = "Start the equality impact assessment"
    submit_label = "Start assessment"
    lede = (
        "An equality impact assessment should be carried out for each commissioning strategy or service "
        "specification, proportional to the size of the service area and its impact."
    )

    def get_back_url(self):
        return self.get_activity().get_absolute_url()

    def get_initial(self):
        activity = self.get_activity()
        return {"scale": services.suggested_scale(activity), "lead": activity.lead_commissioner_id}

    def form_valid(self, form):
        assessment = self.run_service(
            form,
            lambda: services.assessment_start(
                actor=self.request.user, activity=self.get_activity(), data=form.cleaned_data
            ),
        )
        if assessment is None:
            return self.form_invalid(form)
        messages.success(self.request, "Equality impact assessment started.")
        return redirect(assessment.get_absolute_url())


class AssessmentUpdateView(AssessmentMixin, FormPageMixin, FormView):
    change = True
    form_class = DetailsForm
    page_title = "Change the equality impact assessment"

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["instance"] = self.get_assessment()
        kwargs.setdefault("initial", {})["version"] = kwargs["instance"].version
        return kwargs

    def form_valid(self, form):
        data = {k: v for k, v in form.cleaned_data.items() if k != "version"}
        assessment = self.run_service(
            form,
            lambda: services.assessment_update(
                actor=self.request.user,
                assessment=self.get_assessment(),
                data=data,
                expected_version=form.cleaned_data.get("version"),
            ),
        )
        if assessment is None:
            return self.form_invalid(form)
        messages.success(self.request, "Your changes have been saved.")
        return redirect(assessment.get_absolute_url())


class ImpactsView(AssessmentMixin, FormView):
    change = True
    form_class = ImpactsForm
    template_name = "cycle/equality/impacts.html"

    def get_initial(self):
        initial = {}
        for impact in self.get_assessment().impacts.all():
            for prefix in ImpactsForm.PREFIXES:
                initial[f"{prefix}_{impact.group}"] = getattr(impact, prefix)
        return initial

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            activity=self.get_activity(),
            assessment=self.get_assessment(),
            back_url=self.get_back_url(),
            **kwargs,
        )

    def form_valid(self, form):
        try:
            count = services.impacts_record(
                actor=self.request.user, assessment=self.get_assessment(), impacts=form.impacts()
            )
        except ValidationError as exc:
            form_errors_from(exc, form)
            return self.form_invalid(form)
        messages.success(self.request, f"Impacts saved for {count} group{'s' if count != 1 else ''}.")
        return redirect(self.get_back_url())


class StatusView(AssessmentMixin, FormPageMixin, FormView):
    change = True
    form_class = StatusForm
    submit_label = "Change status"

    @property
    def page_title(self):
        return f"Change the status: now {self.get_assessment().get_status_display().lower()}"

    def get_form_kwargs(self):
        choices = [(t, EqualityStatus(t).label) for t in transitions.ALLOWED[self.get_assessment().status]]
        return super().get_form_kwargs() | {"choices": choices}

    def get_initial(self):
        target = self.request.GET.get("to", "")
        return {"status": target} if target in transitions.ALLOWED[self.get_assessment().status] else {}

    def form_valid(self, form):
        assessment = self.run_service(
            form,
            lambda: services.assessment_move(
                actor=self.request.user,
                assessment=self.get_assessment(),
                status=form.cleaned_data["status"],
                reason=form.cleaned_data["reason"],
            ),
        )
        if assessment is None:
            return self.form_invalid(form)
        messages.success(self.request, f"The assessment is now {assessment.get_status_display().lower()}.")
        return redirect(self.get_back_url())


class AssessmentArchiveView(AssessmentMixin, ArchiveViewMixin, FormView):
    change = True
    noun = "assessment"

    def get_record(self):
        return self.get_assessment()

    def archive_record(self, record, reason):
        return services.assessment_archive(actor=self.request.user, assessment=record, reason=reason)


class AssessmentRestoreView(AssessmentMixin, RestoreViewMixin, FormView):
    change = True
    noun = "assessment"

    def get_record(self):
        return self.get_assessment()

    def restore_record(self, record):
        return services.assessment_restore(actor=self.request.user, assessment=record)


class AssessmentHistoryView(AssessmentMixin, TemplateView):
    template_name = "cycle/equality/history.html"

    def get_context_data(self, **kwargs):
        assessment = self.get_assessment()
        return super().get_context_data(
            activity=self.get_activity(), assessment=assessment, history=history_for(assessment), **kwargs
        )
