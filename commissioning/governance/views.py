"""Pages of boards and decisions: bodies and members, meetings with agendas, attendance, minutes and board
packs, decisions with the delegated authority rule, and the action plan."""

from django.contrib import messages
from django.core.exceptions import ObjectDoesNotExist
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.views import View
from django.views.generic import FormView, TemplateView

from commissioning.core.reports.pdf import pdf_response
from commissioning.core.selectors import history_for
from commissioning.core.views import (
    ArchiveViewMixin,
    FormPageMixin,
    ListPageMixin,
    PermissionMixin,
    RestoreViewMixin,
)
from commissioning.governance import pack, selectors, services
from commissioning.governance.forms import (
    ActionForm,
    AgendaItemForm,
    ApproveMinutesForm,
    AttendanceForm,
    BodyForm,
    DecisionForm,
    MeetingForm,
    MemberForm,
    MinutesForm,
    ProgressForm,
)
from commissioning.governance.models import ActionStatus, Body, BodyMember, Meeting

VIEW = "governance.view_governance"
MANAGE = (VIEW, "governance.manage_governance")


def _int(value) -> int | None:
    return int(value) if str(value or "").isdigit() else None


def _get(selector, pk):
    try:
        return selector(pk)
    except ObjectDoesNotExist as exc:
        raise Http404 from exc


def money(value) -> str:
    return "" if value is None else f"{value:.2f}"


DECISION_COLUMNS = [
    ("Reference", lambda d: d.reference),
    ("Date decided", lambda d: d.decided_on.isoformat()),
    ("Decided by", lambda d: d.body.name),
    ("Decision", lambda d: d.decision),
    ("Amount", lambda d: money(d.amount)),
    ("Within delegated authority", lambda d: "Yes" if d.within_authority else "No"),
    ("Delegated authority limit", lambda d: money(d.authority_limit)),
    ("Conditions", lambda d: d.conditions),
]

ACTION_COLUMNS = [
    ("Reference", lambda a: a.reference),
    ("Action", lambda a: a.title),
    ("Owned by", lambda a: a.owner_body.name),
    ("Lead", lambda a: a.owner.get_full_name() if a.owner else ""),
    ("Due", lambda a: a.due_on.isoformat()),
    ("Status", lambda a: a.get_status_display()),
    ("Latest update", lambda a: a.updates.all()[0].note if a.updates.all() else ""),
]


# Bodies ---------------------------------------------------------------------------------------------------


class BodyListView(PermissionMixin, TemplateView):
    permission = VIEW
    template_name = "governance/body_list.html"

    def get_context_data(self, **kwargs):
        params = self.request.GET
        search = params.get("q", "").strip()
        include_archived = params.get("archived") == "yes"
        bodies = list(selectors.body_list(search=search, include_archived=include_archived))
        return super().get_context_data(
            bodies=bodies,
            search=search,
            include_archived=include_archived,
            can_manage=self.request.user.has_perm("governance.manage_governance"),
            upcoming=selectors.meeting_list(when="upcoming", today=timezone.localdate())[:5],
            **kwargs,
        )


class BodyMixin(PermissionMixin):
    permission = VIEW

    def get_body(self) -> Body:
        if not hasattr(self, "_body"):
            self._body = _get(selectors.body_detail, self.kwargs["pk"])
        return self._body


class BodyDetailView(BodyMixin, TemplateView):
    template_name = "governance/body_detail.html"

    def get_context_data(self, **kwargs):
        body = self.get_body()
        return super().get_context_data(
            body=body,
            members=selectors.members_of(body),
            sub_bodies=body.sub_bodies.active().order_by("name"),
            meetings=selectors.meeting_list(body_id=body.pk, today=timezone.localdate()).order_by("-held_on")[
                :10
            ],
            authority_limit=services.authority_limit(body),
            can_manage=self.request.user.has_perm("governance.manage_governance"),
            record_tabs=_tabs(body, "details"),
            **kwargs,
        )


def _tabs(record, current):
    names = {"Body": "body", "Meeting": "meeting", "Decision": "decision", "Action": "action"}
    name = names[type(record).__name__]
    return [
        {
            "label": "Details",
            "url": reverse(f"governance:{name}-detail", args=[record.pk]),
            "current": current == "details",
        },
        {
            "label": "History",
            "url": reverse(f"governance:{name}-history", args=[record.pk]),
            "current": current == "history",
        },
    ]


class HistoryView(PermissionMixin, TemplateView):
    permission = VIEW
    template_name = "governance/history.html"
    selector = None

    def get_context_data(self, **kwargs):
        record = _get(type(self).selector, self.kwargs["pk"])
        return super().get_context_data(
            record=record, history=history_for(record), record_tabs=_tabs(record, "history"), **kwargs
        )


class BodyHistoryView(HistoryView):
    selector = staticmethod(selectors.body_detail)


class BodyCreateView(PermissionMixin, FormPageMixin, FormView):
    permission = MANAGE
    form_class = BodyForm
    template_name = "governance/upload_form_page.html"
    page_title = "Add a body"
    submit_label = "Add body"

    def get_back_url(self):
        return reverse("governance:home")

    def form_valid(self, form):
        body = self.run_service(
            form, lambda: services.body_create(actor=self.request.user, data=form.data_for_service())
        )
        if body is None:
            return self.form_invalid(form)
        messages.success(self.request, f"{body} has been added.")
        return redirect(body.get_absolute_url())


class BodyUpdateView(BodyMixin, FormPageMixin, FormView):
    permission = MANAGE
    form_class = BodyForm
    template_name = "governance/upload_form_page.html"
    submit_label = "Save changes"

    @property
    def page_title(self):
        return f"Change {self.get_body()}"

    def get_back_url(self):
        return self.get_body().get_absolute_url()

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "body": self.get_body()}

    def get_initial(self):
        body = self.get_body()
        return {
            "name": body.name,
            "body_type": body.body_type,
            "parent": body.parent_id,
            "role": body.role,
            "terms_of_reference": body.terms_of_reference,
            "clerk": body.clerk_id,
            "version": body.version,
        }

    def form_valid(self, form):
        body = self.run_service(
            form,
            lambda: services.body_update(
                actor=self.request.user,
                body=self.get_body(),
                data=form.data_for_service(),
                expected_version=form.cleaned_data["version"],
            ),
        )
        if body is None:
            return self.form_invalid(form)
        messages.success(self.request, f"{body} has been changed.")
        return redirect(body.get_absolute_url())


class BodyArchiveView(BodyMixin, ArchiveViewMixin, FormView):
    permission = MANAGE
    noun = "body"

    def get_record(self):
        return self.get_body()

    def archive_record(self, body, reason):
        return services.body_archive(actor=self.request.user, body=body, reason=reason)


class BodyRestoreView(BodyMixin, RestoreViewMixin, FormView):
    permission = MANAGE
    noun = "body"

    def get_record(self):
        return self.get_body()

    def restore_record(self, body):
        return services.body_restore(actor=self.request.user, body=body)


class MemberAddView(BodyMixin, FormPageMixin, FormView):
    permission = MANAGE
    form_class = MemberForm
    submit_label = "Add member"

    @property
    def page_title(self):
        return f"Add a member to the {self.get_body()}"

    def get_back_url(self):
        return self.get_body().get_absolute_url()

    def form_valid(self, form):
        data = {k: v for k, v in form.cleaned_data.items() if k != "version"}
        member = self.run_service(
            form, lambda: services.member_add(actor=self.request.user, body=self.get_body(), data=data)
        )
        if member is None:
            return self.form_invalid(form)
        messages.success(self.request, f"{member} has been added.")
        return redirect(self.get_back_url())


class MemberMixin(BodyMixin):
    def get_member(self) -> BodyMember:
        return get_object_or_404(BodyMember, pk=self.kwargs["member_pk"], body=self.get_body())


class MemberUpdateView(MemberMixin, FormPageMixin, FormView):
    permission = MANAGE
    form_class = MemberForm
    submit_label = "Save changes"
    page_title = "Change a member"

    def get_back_url(self):
        return self.get_body().get_absolute_url()

    def get_initial(self):
        m = self.get_member()
        return {
            "role_title": m.role_title,
            "organisation": m.organisation_id,
            "user": m.user_id,
            "position": m.position,
            "delegated_limit": m.delegated_limit,
            "authority_covers": m.authority_covers,
            "version": m.version,
        }

    def form_valid(self, form):
        data = {k: v for k, v in form.cleaned_data.items() if k != "version"}
        member = self.run_service(
            form,
            lambda: services.member_update(
                actor=self.request.user,
                member=self.get_member(),
                data=data,
                expected_version=form.cleaned_data["version"],
            ),
        )
        if member is None:
            return self.form_invalid(form)
        messages.success(self.request, f"{member} has been changed.")
        return redirect(self.get_back_url())


class MemberArchiveView(MemberMixin, ArchiveViewMixin, FormView):
    permission = MANAGE
    noun = "member"
    lede = "The member leaves the body. Their attendance and the decisions they took part in are kept."

    def get_record(self):
        return self.get_member()

    def get_back_url(self):
        return self.get_body().get_absolute_url()

    def form_valid(self, form):
        member = self.run_service(
            form,
            lambda: services.member_archive(
                actor=self.request.user, member=self.get_member(), reason=form.cleaned_data["reason"]
            ),
        )
        if member is None:
            return self.form_invalid(form)
        messages.success(self.request, f"{member} has left the {self.get_body()}.")
        return redirect(self.get_back_url())


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
        return super().get_context_data(
            meeting=meeting,
            items=selectors.agenda_of(meeting),
            attendance=selectors.attendance_of(meeting),
            decisions=selectors.decisions_of_meeting(meeting),
            progress=selectors.progress_report(meeting),
            parts=[(p.slug, p.title) for p in pack.pack_parts(meeting)],
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


# Decisions ------------------------------------------------------------------------------------------------


class DecisionListView(PermissionMixin, ListPageMixin, TemplateView):
    permission = VIEW
    template_name = "governance/decision_list.html"
    csv_filename = "decision-log"
    csv_columns = DECISION_COLUMNS

    def filters(self):
        params = self.request.GET
        return {
            "search": params.get("q", "").strip(),
            "body_id": _int(params.get("body")),
            "authority": params.get("authority", ""),
            "include_archived": params.get("archived") == "yes",
            "ordering": params.get("sort", "-decided_on"),
        }

    def get(self, request, *args, **kwargs):
        self.queryset = selectors.decision_list(**self.filters())
        if self.wants_csv():
            return self.csv_response(self.queryset)
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(self.paginate(self.queryset))
        context.update(
            filters=self.filters(),
            bodies=Body.objects.active().order_by("name"),
            can_record=self.request.user.has_perm("governance.record_decisions"),
        )
        return context


class DecisionCreateView(PermissionMixin, FormPageMixin, FormView):
    permission = (VIEW, "governance.record_decisions")
    form_class = DecisionForm
    page_title = "Record a decision"
    submit_label = "Record decision"
    lede = (
        "A decision for an amount above the highest delegated authority limit of the body's members is "
        "recorded only when you say who will ratify it, and is flagged in the decision log."
    )

    def get_back_url(self):
        return reverse("governance:decisions")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def get_initial(self):
        initial = {"published": True}
        meeting = _int(self.request.GET.get("meeting"))
        if meeting:
            found = Meeting.objects.filter(pk=meeting).first()
            if found:
                initial.update(meeting=found.pk, body=found.body_id, decided_on=found.held_on)
        return initial

    def form_valid(self, form):
        data = form.cleaned_data

        def call():
            record = services.record_from_key(data["record"])
            return services.decision_record(
                actor=self.request.user,
                body=data["body"],
                data={
                    k: data[k]
                    for k in (
                        "reference",
                        "meeting",
                        "decision",
                        "amount",
                        "conditions",
                        "decided_on",
                        "published",
                    )
                },
                record=record,
                acknowledge_above_authority=data["acknowledge_above_authority"],
            )

        decision = self.run_service(form, call)
        if decision is None:
            return self.form_invalid(form)
        if decision.within_authority:
            messages.success(self.request, f"Decision {decision} has been recorded.")
        else:
            messages.warning(
                self.request, f"Decision {decision} has been recorded above delegated authority."
            )
        return redirect(decision.get_absolute_url())


class DecisionMixin(PermissionMixin):
    permission = VIEW

    def get_decision(self):
        if not hasattr(self, "_decision"):
            self._decision = _get(selectors.decision_detail, self.kwargs["pk"])
        return self._decision


class DecisionDetailView(DecisionMixin, TemplateView):
    template_name = "governance/decision_detail.html"

    def get_context_data(self, **kwargs):
        decision = self.get_decision()
        return super().get_context_data(
            decision=decision,
            can_manage=self.request.user.has_perm("governance.manage_governance"),
            record_tabs=_tabs(decision, "details"),
            **kwargs,
        )


class DecisionHistoryView(HistoryView):
    selector = staticmethod(selectors.decision_detail)


class DecisionArchiveView(DecisionMixin, ArchiveViewMixin, FormView):
    permission = MANAGE
    noun = "decision"
    lede = "An archived decision leaves the decision log and the public log. Nothing is deleted, and you can restore it."

    def get_record(self):
        return self.get_decision()

    def archive_record(self, decision, reason):
        return services.decision_archive(actor=self.request.user, decision=decision, reason=reason)


class DecisionRestoreView(DecisionMixin, RestoreViewMixin, FormView):
    permission = MANAGE
    noun = "decision"

    def get_record(self):
        return self.get_decision()

    def restore_record(self, decision):
        return services.decision_restore(actor=self.request.user, decision=decision)


# Action plan ----------------------------------------------------------------------------------------------


class ActionListView(PermissionMixin, ListPageMixin, TemplateView):
    permission = VIEW
    template_name = "governance/action_list.html"
    csv_filename = "action-plan-for-commissioning"
    csv_columns = ACTION_COLUMNS

    def filters(self):
        params = self.request.GET
        return {
            "search": params.get("q", "").strip(),
            "body_id": _int(params.get("body")),
            "status": params.get("status", ""),
            "overdue": params.get("overdue") == "yes",
            "include_archived": params.get("archived") == "yes",
        }

    def get(self, request, *args, **kwargs):
        self.queryset = selectors.action_list(today=timezone.localdate(), **self.filters())
        if self.wants_csv():
            return self.csv_response(self.queryset)
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(self.paginate(self.queryset))
        today = timezone.localdate()
        for action in context["object_list"]:
            action.overdue = action.due_on < today and action.status != ActionStatus.DONE
        context.update(
            filters=self.filters(),
            bodies=Body.objects.active().order_by("name"),
            statuses=ActionStatus.choices,
            can_manage=self.request.user.has_perm("governance.manage_governance"),
        )
        return context


class ActionMixin(PermissionMixin):
    permission = VIEW

    def get_action(self):
        if not hasattr(self, "_action"):
            self._action = _get(selectors.action_detail, self.kwargs["pk"])
        return self._action


class ActionDetailView(ActionMixin, TemplateView):
    template_name = "governance/action_detail.html"

    def get_context_data(self, **kwargs):
        action = self.get_action()
        return super().get_context_data(
            action=action,
            updates=action.updates.select_related("author").order_by("-written_on", "-id"),
            can_manage=self.request.user.has_perm("governance.manage_governance"),
            can_update=self.request.user.has_perm("governance.update_actions"),
            record_tabs=_tabs(action, "details"),
            **kwargs,
        )


class ActionHistoryView(HistoryView):
    selector = staticmethod(selectors.action_detail)


class ActionFormView(PermissionMixin, FormPageMixin, FormView):
    """Add an action to the plan, or change one (with pk)."""

    permission = MANAGE
    form_class = ActionForm

    def get_action(self):
        return _get(selectors.action_detail, self.kwargs["pk"]) if "pk" in self.kwargs else None

    @property
    def page_title(self):
        return "Change the action" if "pk" in self.kwargs else "Add an action to the plan"

    def get_back_url(self):
        action = self.get_action()
        return action.get_absolute_url() if action else reverse("governance:actions")

    def get_initial(self):
        action = self.get_action()
        if action is None:
            return {}
        return {
            "reference": action.reference,
            "title": action.title,
            "description": action.description,
            "owner_body": action.owner_body_id,
            "owner": action.owner_id,
            "due_on": action.due_on,
            "status": action.status,
            "version": action.version,
        }

    def form_valid(self, form):
        data = {k: v for k, v in form.cleaned_data.items() if k != "version"}
        action = self.get_action()

        def call():
            if action is None:
                return services.action_create(actor=self.request.user, data=data)
            return services.action_update(
                actor=self.request.user,
                action=action,
                data=data,
                expected_version=form.cleaned_data["version"],
            )

        saved = self.run_service(form, call)
        if saved is None:
            return self.form_invalid(form)
        messages.success(self.request, f"{saved} has been saved.")
        return redirect(saved.get_absolute_url())


class ActionArchiveView(ActionMixin, ArchiveViewMixin, FormView):
    permission = MANAGE
    noun = "action"

    def get_record(self):
        return self.get_action()

    def archive_record(self, action, reason):
        return services.action_archive(actor=self.request.user, action=action, reason=reason)


class ActionProgressView(ActionMixin, FormPageMixin, FormView):
    permission = (VIEW, "governance.update_actions")
    form_class = ProgressForm
    page_title = "Add a progress update"
    submit_label = "Save update"

    def get_back_url(self):
        return self.get_action().get_absolute_url()

    def get_initial(self):
        action = self.get_action()
        return {"written_on": timezone.localdate(), "status": action.status, "version": action.version}

    def form_valid(self, form):
        data = form.cleaned_data
        update = self.run_service(
            form,
            lambda: services.action_progress(
                actor=self.request.user,
                action=self.get_action(),
                written_on=data["written_on"],
                status=data["status"],
                note=data["note"],
                expected_version=data["version"],
            ),
        )
        if update is None:
            return self.form_invalid(form)
        messages.success(self.request, "The progress update has been saved.")
        return redirect(self.get_back_url())
