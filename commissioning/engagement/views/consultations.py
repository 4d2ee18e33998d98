"""Consultations for partnership staff, with the Compact length warning."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.views.generic import FormView, TemplateView

from commissioning.core.selectors import history_for
from commissioning.core.views import (
    ArchiveViewMixin,
    FormPageMixin,
    ListPageMixin,
    PermissionMixin,
    RestoreViewMixin,
    record_tabs,
)
from commissioning.engagement import forms, selectors, services
from commissioning.engagement.models import Consultation
from commissioning.engagement.policy import SOURCE, consultation_length_warning, minimum_days

VIEW = "engagement.view_involvement"
CHANGE = (VIEW, "engagement.change_involvement")
POLICY = (VIEW, "engagement.manage_policy")


def _int(value: str) -> int | None:
    return int(value) if value and value.isdigit() else None


CONSULTATION_COLUMNS = [
    ("Title", lambda c: c.title),
    ("Commissioning activity", lambda c: c.activity.title if c.activity else ""),
    ("Runs it", lambda c: str(c.owner)),
    ("Audience", lambda c: c.audience),
    ("Voluntary sector asked", lambda c: "Yes" if c.includes_voluntary_sector else "No"),
    ("Open to young people", lambda c: "Yes" if c.open_to_young_people else "No"),
    ("Starts on", lambda c: c.starts_on.isoformat()),
    ("Ends on", lambda c: c.ends_on.isoformat()),
    ("Days", lambda c: c.length_days),
    ("Length warning", lambda c: c.length_warning),
    ("Responses", lambda c: c.response_count),
    ("What changed", lambda c: c.what_changed),
    ("Published on", lambda c: c.published_on.isoformat() if c.published_on else ""),
]


class ConsultationListView(PermissionMixin, ListPageMixin, TemplateView):
    permission = VIEW
    template_name = "engagement/consultation_list.html"
    csv_filename = "consultations"
    csv_columns = CONSULTATION_COLUMNS

    def filters(self):
        params = self.request.GET
        return {
            "search": params.get("q", "").strip(),
            "status": params.get("status", ""),
            "include_archived": params.get("archived") == "yes",
        }

    def get(self, request, *args, **kwargs):
        self.queryset = selectors.consultation_list(today=timezone.localdate(), **self.filters())
        if self.wants_csv():
            return self.csv_response(self.queryset)
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(self.paginate(self.queryset))
        today = timezone.localdate()
        for consultation in context["object_list"]:
            consultation.status_label = dict(selectors.STATUS_LABELS)[consultation.status_on(today)]
        context.update(
            section="consultations",
            filters=self.filters(),
            statuses=selectors.STATUS_LABELS,
            can_change=self.request.user.has_perm("engagement.change_involvement"),
        )
        return context


class ConsultationMixin(PermissionMixin):
    permission = VIEW

    def get_consultation(self) -> Consultation:
        if not hasattr(self, "_consultation"):
            try:
                self._consultation = selectors.consultation_detail(self.kwargs["pk"])
            except Consultation.DoesNotExist as exc:
                raise Http404("No such consultation") from exc
        return self._consultation

    def get_back_url(self):
        return self.get_consultation().get_absolute_url()

    def tabs(self, current):
        pk = self.get_consultation().pk
        return record_tabs(
            details_url=reverse("engagement:consultation", args=[pk]),
            history_url=reverse("engagement:consultation-history", args=[pk]),
            current=current,
        )


class ConsultationDetailView(ConsultationMixin, TemplateView):
    template_name = "engagement/consultation_detail.html"

    def get_context_data(self, **kwargs):
        consultation = self.get_consultation()
        today = timezone.localdate()
        return super().get_context_data(
            consultation=consultation,
            status_label=dict(selectors.STATUS_LABELS)[consultation.status_on(today)],
            responses=consultation.responses.all()[:50],
            section="consultations",
            policy_source=SOURCE,
            minimum_days=minimum_days(),
            can_change=self.request.user.has_perm("engagement.change_involvement"),
            record_tabs=self.tabs("details"),
            **kwargs,
        )


class ConsultationHistoryView(ConsultationMixin, TemplateView):
    template_name = "engagement/record_history.html"

    def get_context_data(self, **kwargs):
        consultation = self.get_consultation()
        return super().get_context_data(
            record=consultation,
            caption="Consultation",
            history=history_for(consultation),
            record_tabs=self.tabs("history"),
            **kwargs,
        )


class ConsultationFormMixin(FormPageMixin):
    form_class = forms.ConsultationForm
    template_name = "engagement/consultation_form.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(policy_source=SOURCE, minimum_days=minimum_days(), **kwargs)
        form = context.get("form")
        data = getattr(form, "cleaned_data", None) if form is not None and form.is_bound else None
        if data is None:
            data = {
                name: form.initial.get(name) for name in ("starts_on", "ends_on", "includes_voluntary_sector")
            }
        context["length_warning"] = consultation_length_warning(
            starts_on=data.get("starts_on"),
            ends_on=data.get("ends_on"),
            includes_voluntary_sector=bool(data.get("includes_voluntary_sector")),
        )
        return context

    def saved(self, consultation, message):
        messages.success(self.request, message)
        if consultation.length_warning:
            messages.warning(self.request, consultation.length_warning)
        return redirect(consultation.get_absolute_url())


class ConsultationCreateView(PermissionMixin, ConsultationFormMixin, FormView):
    permission = CHANGE
    page_title = "Add a consultation"
    submit_label = "Add consultation"

    def get_back_url(self):
        return reverse("engagement:consultations")

    def get_initial(self):
        initial = {"owner": self.request.user}
        activity = _int(self.request.GET.get("activity", ""))
        if activity:
            initial["activity"] = activity
        return initial

    def form_valid(self, form):
        consultation = self.run_service(
            form, lambda: services.consultation_create(actor=self.request.user, data=form.service_data())
        )
        if consultation is None:
            return self.form_invalid(form)
        return self.saved(consultation, f"{consultation} has been added.")


class ConsultationUpdateView(ConsultationMixin, ConsultationFormMixin, FormView):
    permission = CHANGE
    submit_label = "Save changes"

    @property
    def page_title(self):
        return f"Change {self.get_consultation()}"

    def get_initial(self):
        consultation = self.get_consultation()
        return {name: getattr(consultation, name) for name in [*services.CONSULTATION_FIELDS, "version"]}

    def form_valid(self, form):
        consultation = self.run_service(
            form,
            lambda: services.consultation_update(
                actor=self.request.user,
                consultation=self.get_consultation(),
                data=form.service_data(),
                expected_version=form.cleaned_data.get("version"),
            ),
        )
        if consultation is None:
            return self.form_invalid(form)
        return self.saved(consultation, "Your changes have been saved.")


class ConsultationArchiveView(ConsultationMixin, ArchiveViewMixin, FormView):
    permission = CHANGE
    noun = "consultation"

    def get_record(self):
        return self.get_consultation()

    def archive_record(self, consultation, reason):
        return services.consultation_archive(
            actor=self.request.user, consultation=consultation, reason=reason
        )


class ConsultationRestoreView(ConsultationMixin, RestoreViewMixin, FormView):
    permission = CHANGE
    noun = "consultation"

    def get_record(self):
        return self.get_consultation()

    def restore_record(self, consultation):
        return services.consultation_restore(actor=self.request.user, consultation=consultation)
