"""Pages of meetings: agendas, attendance, minutes and board packs."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.views import View
from django.views.generic import FormView, TemplateView

from commissioning.core.reports.pdf import pdf_response
from commissioning.core.views import (
    ArchiveViewMixin,
    FormPageMixin,
    ListPageMixin,
    PermissionMixin,
    RestoreViewMixin,
)
from commissioning.governance import pack, selectors, services
from commissioning.governance.forms import (
    AgendaItemForm,
    ApproveMinutesForm,
    AttendanceForm,
    MeetingForm,
    MinutesForm,
)
from commissioning.governance.models import Body, Meeting
from commissioning.governance.views.bodies import BodyMixin
from commissioning.governance.views.common import (
    MANAGE,
    VIEW,
    HistoryView,
    _get,
    _int,
    _tabs,
)

# Meetings -------------------------------------------------------------------------------------------------


class MeetingListView(PermissionMixin, ListPageMixin, TemplateView):
    permission = VIEW
    template_name = "governance/meeting_list.html"

    def get_context_data(self, **kwargs):
        params = self.request.GET
        filters = {
            "body_id": _int(params.get("body")),
            "when": params.get("when", ""),
            "include_archived": params.get("archived") == "yes",
        }
        qs = selectors.meeting_list(today=timezone.localdate(), **filters)
        if not filters["when"]:
            qs = qs.order_by("-held_on")
        context = super().get_context_data(**kwargs)
        context.update(self.paginate(qs))
        context.update(filters=filters, bodies=Body.objects.active().order_by("name"))
        return context


class MeetingMixin(PermissionMixin):
    permission = VIEW

    def get_meeting(self) -> Meeting:
        if not hasattr(self, "_meeting"):
            self._meeting = _get(selectors.meeting_detail, self.kwargs["pk"])
        return self._meeting


class MeetingCreateView(BodyMixin, FormPageMixin, FormView):
    permission = MANAGE
    form_class = MeetingForm
    submit_label = "Arrange meeting"

    @property
    def page_title(self):
        return f"Arrange a meeting of the {self.get_body()}"

    def get_back_url(self):
        return self.get_body().get_absolute_url()

    def form_valid(self, form):
        data = {k: v for k, v in form.cleaned_data.items() if k != "version"}
        meeting = self.run_service(
            form, lambda: services.meeting_create(actor=self.request.user, body=self.get_body(), data=data)
        )
        if meeting is None:
            return self.form_invalid(form)
        messages.success(self.request, f"The meeting of {meeting.held_on:%-d %B %Y} has been arranged.")
        return redirect(meeting.get_absolute_url())


class MeetingDetailView(MeetingMixin, TemplateView):
    template_name = "governance/meeting_detail.html"

    def get_context_data(self, **kwargs):
        meeting = self.get_meeting()
        items = selectors.agenda_of(meeting)
        return super().get_context_data(
            meeting=meeting,
            items=items,
            attendance=selectors.attendance_of(meeting),
            decisions=selectors.decisions_of_meeting(meeting),
            progress=selectors.progress_report(meeting),
            parts=pack.part_titles(items),
            approvable=selectors.later_meetings(meeting).exists(),
            can_manage=self.request.user.has_perm("governance.manage_governance"),
            can_decide=self.request.user.has_perm("governance.record_decision_for", meeting.body),
            record_tabs=_tabs(meeting, "details"),
            **kwargs,
        )


class MeetingHistoryView(HistoryView):
    selector = staticmethod(selectors.meeting_detail)


class MeetingUpdateView(MeetingMixin, FormPageMixin, FormView):
    permission = MANAGE
    form_class = MeetingForm
    submit_label = "Save changes"
    page_title = "Change the meeting"

    def get_back_url(self):
        return self.get_meeting().get_absolute_url()

    def get_initial(self):
        m = self.get_meeting()
        return {"held_on": m.held_on, "location": m.location, "version": m.version}

    def form_valid(self, form):
        data = {k: v for k, v in form.cleaned_data.items() if k != "version"}
        meeting = self.run_service(
            form,
            lambda: services.meeting_update(
                actor=self.request.user,
                meeting=self.get_meeting(),
                data=data,
                expected_version=form.cleaned_data["version"],
            ),
        )
        if meeting is None:
            return self.form_invalid(form)
        messages.success(self.request, "The meeting has been changed.")
        return redirect(meeting.get_absolute_url())


class MeetingArchiveView(MeetingMixin, ArchiveViewMixin, FormView):
    permission = MANAGE
    noun = "meeting"

    def get_record(self):
        return self.get_meeting()

    def archive_record(self, meeting, reason):
        return services.meeting_archive(actor=self.request.user, meeting=meeting, reason=reason)


class MeetingRestoreView(MeetingMixin, RestoreViewMixin, FormView):
    permission = MANAGE
    noun = "meeting"

    def get_record(self):
        return self.get_meeting()

    def restore_record(self, meeting):
        return services.meeting_restore(actor=self.request.user, meeting=meeting)


class AgendaItemView(MeetingMixin, FormPageMixin, FormView):
    """Add an agenda item, or change one (with item_pk)."""

    permission = MANAGE
    form_class = AgendaItemForm

    def get_item(self):
        if "item_pk" not in self.kwargs:
            return None
        return get_object_or_404(self.get_meeting().agenda_items, pk=self.kwargs["item_pk"])

    @property
    def page_title(self):
        return "Change an agenda item" if self.get_item() else "Add an agenda item"

    @property
    def submit_label(self):
        return "Save changes" if self.get_item() else "Add item"

    def get_back_url(self):
        return self.get_meeting().get_absolute_url()

    def get_initial(self):
        item = self.get_item()
        if item is None:
            return {"purpose": "information", "kind": "other"}
        return {
            "order": item.order,
            "title": item.title,
            "presenter": item.presenter,
            "purpose": item.purpose,
            "kind": item.kind,
            "summary": item.summary,
            "record": selectors.record_key(item),
            "version": item.version,
        }

    def form_valid(self, form):
        data = {k: v for k, v in form.cleaned_data.items() if k not in {"version", "record"}}
        item = self.get_item()

        def call():
            record = services.record_from_key(form.cleaned_data["record"])
            if item is None:
                return services.agenda_item_add(
                    actor=self.request.user, meeting=self.get_meeting(), data=data, record=record
                )
            return services.agenda_item_update(
                actor=self.request.user,
                item=item,
                data=data,
                record=record,
                expected_version=form.cleaned_data["version"],
            )

        saved = self.run_service(form, call)
        if saved is None:
            return self.form_invalid(form)
        messages.success(self.request, f"Agenda item {saved.order} has been saved.")
        return redirect(self.get_back_url())


class AttendanceView(MeetingMixin, FormPageMixin, FormView):
    permission = MANAGE
    form_class = AttendanceForm
    page_title = "Record attendance"
    submit_label = "Save attendance"

    def get_back_url(self):
        return self.get_meeting().get_absolute_url()

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "rows": selectors.attendance_of(self.get_meeting())}

    def form_valid(self, form):
        done = self.run_service(
            form,
            lambda: (
                services.attendance_record(
                    actor=self.request.user, meeting=self.get_meeting(), statuses=form.statuses()
                )
                or True
            ),
        )
        if done is None:
            return self.form_invalid(form)
        messages.success(self.request, "Attendance has been recorded.")
        return redirect(self.get_back_url())


class MinutesView(MeetingMixin, FormPageMixin, FormView):
    permission = MANAGE
    form_class = MinutesForm
    page_title = "Record the minutes"
    submit_label = "Save minutes"

    def get_back_url(self):
        return self.get_meeting().get_absolute_url()

    def get_initial(self):
        m = self.get_meeting()
        return {"minutes": m.minutes, "version": m.version}

    def get_template_names(self):
        return ["governance/upload_form_page.html"]

    def form_valid(self, form):
        meeting = self.run_service(
            form,
            lambda: services.minutes_record(
                actor=self.request.user,
                meeting=self.get_meeting(),
                minutes=form.cleaned_data["minutes"],
                minutes_file=form.cleaned_data["minutes_file"],
                expected_version=form.cleaned_data["version"],
            ),
        )
        if meeting is None:
            return self.form_invalid(form)
        messages.success(self.request, "The minutes have been saved.")
        return redirect(self.get_back_url())


class ApproveMinutesView(MeetingMixin, FormPageMixin, FormView):
    permission = MANAGE
    form_class = ApproveMinutesForm
    page_title = "Approve the minutes as a true record"
    submit_label = "Approve minutes"

    def get_back_url(self):
        return self.get_meeting().get_absolute_url()

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "meetings": selectors.later_meetings(self.get_meeting())}

    def form_valid(self, form):
        meeting = self.run_service(
            form,
            lambda: services.minutes_approve(
                actor=self.request.user,
                meeting=self.get_meeting(),
                approved_at=form.cleaned_data["approved_at"],
            ),
        )
        if meeting is None:
            return self.form_invalid(form)
        messages.success(self.request, "The minutes have been approved.")
        return redirect(self.get_back_url())


class PackView(MeetingMixin, View):
    """The whole board pack as one PDF, or one part of it (`part`)."""

    def get(self, request, *args, **kwargs):
        meeting = self.get_meeting()
        part = kwargs.get("part")
        if part is None:
            return pdf_response(pack.render_pack(meeting), filename=pack.pack_title(meeting))
        rendered = pack.render_part(meeting, part)
        if rendered is None:
            raise Http404
        content, title = rendered
        return pdf_response(content, filename=title)
