"""Pages for decommissioning a service under an activity: list, propose, details with warnings, change, status,
archive, restore and history."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.views.generic import FormView, TemplateView

from commissioning.core.selectors import history_for
from commissioning.core.views import FormPageMixin, ListPageMixin, record_tabs
from commissioning.cycle.decommissioning import compliance, policy, selectors, services, transitions
from commissioning.cycle.decommissioning.forms import DecommissioningForm, DecommissioningStatusForm
from commissioning.cycle.models import ActivityReview, Decommissioning, DecommissioningStatus
from commissioning.cycle.resources.views import ActivityPageMixin, RecordArchiveView, RecordRestoreView

SOURCES = [
    policy.GATESHEAD_PRINCIPLE,
    policy.DECOMMISSIONING_DEFINITION,
    policy.COMPACT_NOTICE,
    policy.STAFFORDSHIRE_CONSULTATION,
]
STATUS_TAGS = {
    DecommissioningStatus.PROPOSED: "govuk-tag--grey",
    DecommissioningStatus.AGREED: "govuk-tag--blue",
    DecommissioningStatus.NOTICE_GIVEN: "govuk-tag--orange",
    DecommissioningStatus.COMPLETED: "govuk-tag--green",
    DecommissioningStatus.WITHDRAWN: "govuk-tag--red",
}


def _form_data(form) -> dict:
    return {name: value for name, value in form.cleaned_data.items() if name != "version"}


def _tell_warnings(request, record: Decommissioning) -> None:
    """After a save: say how many warnings the record now has (they are listed on its page)."""
    found = compliance.warnings_for(record, timezone.localdate())
    if found:
        count = "1 warning" if len(found) == 1 else f"{len(found)} warnings"
        messages.warning(
            request,
            f"Check the {count} on this page. Warnings do not stop the decommissioning; each names the "
            "standard it comes from.",
        )


class DecommissioningListMixin(ActivityPageMixin):
    def get_back_url(self):
        return reverse("cycle:decommissioning:list", args=[self.get_activity().pk])


class DecommissioningMixin(DecommissioningListMixin):
    def get_record(self) -> Decommissioning:
        if not hasattr(self, "_record"):
            try:
                self._record = selectors.decommissioning_for(self.get_activity(), self.kwargs["record_pk"])
            except Decommissioning.DoesNotExist as exc:
                raise Http404("No such decommissioning") from exc
        return self._record

    def get_back_url(self):
        return self.get_record().get_absolute_url()

    def record_tabs(self, current: str) -> list[dict]:
        record = self.get_record()
        return record_tabs(
            details_url=record.get_absolute_url(),
            history_url=reverse("cycle:decommissioning:history", args=[record.activity_id, record.pk]),
            current=current,
        )


class DecommissioningListView(DecommissioningListMixin, ListPageMixin, TemplateView):
    template_name = "cycle/decommissioning/list.html"
    csv_columns = [
        ("Service", lambda r: r.service_name),
        ("Provider", lambda r: str(r.provider or "")),
        ("Status", lambda r: r.get_status_display()),
        ("Lead", lambda r: str(r.lead)),
        ("Children and families using it", lambda r: "" if r.people_affected is None else r.people_affected),
        ("Consultation starts", lambda r: r.consultation_start.isoformat() if r.consultation_start else ""),
        ("Consultation ends", lambda r: r.consultation_end.isoformat() if r.consultation_end else ""),
        ("Notice to the provider", lambda r: r.notice_date.isoformat() if r.notice_date else ""),
        ("Service ends", lambda r: r.end_date.isoformat() if r.end_date else ""),
        (
            "Warnings",
            lambda r: " | ".join(w.message for w in compliance.warnings_for(r, timezone.localdate())),
        ),
        ("Archived", lambda r: "Yes" if r.is_archived else "No"),
    ]

    @property
    def csv_filename(self):
        return f"decommissioning {self.get_activity().title}"

    def include_archived(self) -> bool:
        return self.request.GET.get("archived") == "yes"

    def get(self, request, *args, **kwargs):
        self.queryset = selectors.decommissioning_list(
            self.get_activity(), include_archived=self.include_archived()
        )
        if self.wants_csv():
            return self.csv_response(self.queryset)
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(self.paginate(self.queryset))
        today = timezone.localdate()
        context.update(
            rows=[
                {
                    "record": record,
                    "warnings": compliance.warnings_for(record, today),
                    "tag": STATUS_TAGS[record.status],
                }
                for record in context["object_list"]
            ],
            include_archived=self.include_archived(),
            can_change=self.can_change(),
            sources=SOURCES,
        )
        return context


class DecommissioningCreateView(DecommissioningListMixin, FormPageMixin, FormView):
    form_class = DecommissioningForm
    change = True
    page_title = "Propose decommissioning a service"
    submit_label = "Save proposal"
    lede = (
        "Decommissioning should rest on a clear rationale supported by evidence, stakeholder involvement and "
        "a managed transition. You can save a proposal now and add the rest before it is agreed."
    )

    def from_review(self) -> ActivityReview | None:
        pk = self.request.GET.get("review", "")
        if not pk.isdigit():
            return None
        return self.get_activity().reviews.active().filter(pk=int(pk)).first()

    def get_initial(self):
        initial = {"lead": self.request.user.pk}
        review = self.from_review()
        if review is not None:
            initial["rationale"] = (
                f"The review of {review.reviewed_on:%-d %B %Y} recommended decommissioning.\n\n{review.findings}"
            )
            initial["evidence"] = "\n\n".join(
                text for text in (f"Review method: {review.method}", review.outcomes_achieved) if text
            )
        return initial

    def form_valid(self, form):
        record = self.run_service(
            form,
            lambda: services.decommissioning_create(
                actor=self.request.user, activity=self.get_activity(), data=_form_data(form)
            ),
        )
        if record is None:
            return self.form_invalid(form)
        messages.success(self.request, f"The proposal to decommission {record.service_name} has been saved.")
        _tell_warnings(self.request, record)
        return redirect(record.get_absolute_url())


class DecommissioningDetailView(DecommissioningMixin, TemplateView):
    template_name = "cycle/decommissioning/detail.html"

    def get_context_data(self, **kwargs):
        record = self.get_record()
        activity = self.get_activity()
        today = timezone.localdate()
        next_steps = [
            {
                "status": DecommissioningStatus(status),
                "conditions": transitions.condition_results(record, status, today),
            }
            for status in transitions.next_statuses(record)
        ]
        consultation_days = (
            (record.consultation_end - record.consultation_start).days
            if record.consultation_start and record.consultation_end
            else None
        )
        return super().get_context_data(
            record=record,
            activity=activity,
            tag=STATUS_TAGS[record.status],
            warnings=compliance.warnings_for(record, today),
            next_steps=next_steps,
            consultation_days=consultation_days,
            equality=selectors.equality_assessment(activity),
            withdrawal_reason=selectors.withdrawal_reason(record),
            can_change=self.can_change(),
            record_tabs=self.record_tabs("details"),
            sources=SOURCES,
            **kwargs,
        )


class DecommissioningUpdateView(DecommissioningMixin, FormPageMixin, FormView):
    form_class = DecommissioningForm
    change = True
    submit_label = "Save changes"

    @property
    def page_title(self):
        return f"Change the decommissioning of {self.get_record().service_name}"

    def get_form_kwargs(self):
        record = self.get_record()
        return super().get_form_kwargs() | {"current_provider": record.provider, "current_lead": record.lead}

    def get_initial(self):
        record = self.get_record()
        initial = {name: getattr(record, name) for name in services.FIELDS}
        return initial | {"provider": record.provider_id, "lead": record.lead_id, "version": record.version}

    def form_valid(self, form):
        record = self.run_service(
            form,
            lambda: services.decommissioning_update(
                actor=self.request.user,
                decommissioning=self.get_record(),
                data=_form_data(form),
                expected_version=form.cleaned_data.get("version"),
            ),
        )
        if record is None:
            return self.form_invalid(form)
        messages.success(self.request, "Your changes have been saved.")
        _tell_warnings(self.request, record)
        return redirect(record.get_absolute_url())


class DecommissioningStatusView(DecommissioningMixin, FormPageMixin, FormView):
    form_class = DecommissioningStatusForm
    template_name = "cycle/decommissioning/status.html"
    change = True
    submit_label = "Save status"

    @property
    def page_title(self):
        return f"Change the status of the decommissioning of {self.get_record().service_name}"

    def get(self, request, *args, **kwargs):
        record = self.get_record()
        if not transitions.next_statuses(record):
            messages.info(
                request, f"A {record.get_status_display().lower()} decommissioning cannot change status."
            )
            return redirect(record.get_absolute_url())
        return super().get(request, *args, **kwargs)

    def get_form_kwargs(self):
        return super().get_form_kwargs() | {"offered": transitions.next_statuses(self.get_record())}

    def get_initial(self):
        return {"version": self.get_record().version}

    def get_context_data(self, **kwargs):
        record = self.get_record()
        today = timezone.localdate()
        return super().get_context_data(
            record=record,
            tag=STATUS_TAGS[record.status],
            next_steps=[
                {
                    "status": DecommissioningStatus(status),
                    "conditions": transitions.condition_results(record, status, today),
                }
                for status in transitions.next_statuses(record)
            ],
            **kwargs,
        )

    def form_valid(self, form):
        record = self.run_service(
            form,
            lambda: services.decommissioning_set_status(
                actor=self.request.user,
                decommissioning=self.get_record(),
                status=form.cleaned_data["status"],
                reason=form.cleaned_data["reason"],
                expected_version=form.cleaned_data.get("version"),
            ),
        )
        if record is None:
            return self.form_invalid(form)
        messages.success(
            self.request,
            f"The decommissioning of {record.service_name} is now {record.get_status_display().lower()}.",
        )
        _tell_warnings(self.request, record)
        return redirect(record.get_absolute_url())


class DecommissioningArchiveView(DecommissioningMixin, RecordArchiveView):
    change = True
    noun = "decommissioning"
    lede = "An archived decommissioning is hidden from the activity's list. Nothing is deleted, and you can restore it."

    def get_back_url(self):
        return self.get_record().get_absolute_url()

    def archive_record(self, record, reason):
        return services.decommissioning_archive(
            actor=self.request.user, decommissioning=record, reason=reason
        )


class DecommissioningRestoreView(DecommissioningMixin, RecordRestoreView):
    change = True
    noun = "decommissioning"

    def restore_record(self, record):
        return services.decommissioning_restore(actor=self.request.user, decommissioning=record)


class DecommissioningHistoryView(DecommissioningMixin, TemplateView):
    template_name = "cycle/decommissioning/history.html"

    def get_context_data(self, **kwargs):
        record = self.get_record()
        return super().get_context_data(
            record=record,
            tag=STATUS_TAGS[record.status],
            history=history_for(record),
            record_tabs=self.record_tabs("history"),
            **kwargs,
        )
