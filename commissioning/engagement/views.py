"""Involvement and consultations for partnership staff."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.views import View
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
from commissioning.cycle.models import CommissioningActivity, ServiceArea
from commissioning.engagement import forms, selectors, services
from commissioning.engagement.models import Consultation, Group, Involvement, Method, Panel, SupportType
from commissioning.engagement.policy import SOURCE, consultation_length_warning, minimum_days

VIEW = "engagement.view_involvement"
CHANGE = (VIEW, "engagement.change_involvement")
POLICY = (VIEW, "engagement.manage_policy")


def _int(value: str) -> int | None:
    return int(value) if value and value.isdigit() else None


def _count_of(group: str):
    def count(involvement) -> int:
        return next((line.number for line in involvement.counts.all() if line.group == group), 0)

    return count


INVOLVEMENT_COLUMNS = [
    ("Involvement", lambda i: i.title),
    ("Commissioning activity", lambda i: i.activity.title),
    ("Service area", lambda i: i.activity.get_service_area_display()),
    ("Step", lambda i: i.step.number),
    ("How", lambda i: i.get_method_display()),
    ("Took place on", lambda i: i.took_place_on.isoformat()),
    *[(group.label, _count_of(group.value)) for group in Group],
    ("Panel", lambda i: i.panel.name if i.panel else ""),
    ("Part of a decision", lambda i: "Yes" if i.in_decision else "No"),
    ("Support given", lambda i: "; ".join(s.name for s in i.support_types.all())),
    ("Support cost", lambda i: i.support_cost),
    ("Training", lambda i: i.training),
    ("Accredited", lambda i: "Yes" if i.accredited else "No"),
    ("You said, we did", lambda i: i.feedback),
    ("Feedback given on", lambda i: i.feedback_given_on.isoformat() if i.feedback_given_on else ""),
    ("Archived", lambda i: "Yes" if i.is_archived else "No"),
]


class InvolvementListView(PermissionMixin, ListPageMixin, TemplateView):
    permission = VIEW
    template_name = "engagement/involvement_list.html"
    csv_filename = "involvement"
    csv_columns = INVOLVEMENT_COLUMNS

    def filters(self):
        params = self.request.GET
        return {
            "search": params.get("q", "").strip(),
            "group": params.get("group", "") if params.get("group", "") in Group.values else "",
            "method": params.get("method", "") if params.get("method", "") in Method.values else "",
            "step": _int(params.get("step", "")),
            "service_area": params.get("service_area", "")
            if params.get("service_area", "") in ServiceArea.values
            else "",
            "feedback": params.get("feedback", ""),
            "include_archived": params.get("archived") == "yes",
            "ordering": params.get("sort", "newest"),
        }

    def get(self, request, *args, **kwargs):
        self.queryset = selectors.involvement_list(**self.filters())
        if self.wants_csv():
            return self.csv_response(self.queryset)
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(self.paginate(self.queryset))
        count = context["page_obj"].paginator.count
        context.update(
            caption=f"{count} involvement record{'s' if count != 1 else ''}",
            section="involvement",
            activities=CommissioningActivity.objects.active()
            .only("pk", "title", "cycle_year")
            .order_by("title"),
            filters=self.filters(),
            groups=Group.choices,
            methods=Method.choices,
            steps=range(1, 10),
            service_areas=ServiceArea.choices,
            sort_options=[
                ("newest", "Newest first"),
                ("oldest", "Oldest first"),
                ("activity", "Activity"),
                ("step", "Step"),
            ],
        )
        return context


class ActivityChooseView(PermissionMixin, View):
    """Go to the involvement page of the activity chosen on the list page (works without JavaScript)."""

    permission = VIEW

    def get(self, request, *args, **kwargs):
        pk = _int(request.GET.get("activity", ""))
        if pk is None or not CommissioningActivity.objects.filter(pk=pk).exists():
            messages.error(request, "Choose a commissioning activity")
            return redirect("engagement:list")
        return redirect("engagement:activity", pk=pk)


class ActivityEngagementView(PermissionMixin, TemplateView):
    """Involvement in each of the nine steps of one commissioning activity, and its consultations."""

    permission = VIEW
    template_name = "engagement/activity.html"

    def get_context_data(self, **kwargs):
        try:
            activity = selectors.activity_for_engagement(self.kwargs["pk"])
        except CommissioningActivity.DoesNotExist as exc:
            raise Http404("No such commissioning activity") from exc
        return super().get_context_data(
            activity=activity,
            section="involvement",
            can_change=self.request.user.has_perm("engagement.change_involvement")
            and not activity.is_archived,
            **selectors.activity_involvement(activity),
            **kwargs,
        )


class InvolvementMixin(PermissionMixin):
    permission = VIEW

    def get_involvement(self) -> Involvement:
        if not hasattr(self, "_involvement"):
            try:
                self._involvement = selectors.involvement_detail(self.kwargs["pk"])
            except Involvement.DoesNotExist as exc:
                raise Http404("No such involvement record") from exc
        return self._involvement

    def get_back_url(self):
        return self.get_involvement().get_absolute_url()

    def tabs(self, current):
        pk = self.get_involvement().pk
        return record_tabs(
            details_url=reverse("engagement:involvement", args=[pk]),
            history_url=reverse("engagement:involvement-history", args=[pk]),
            current=current,
        )


class InvolvementDetailView(InvolvementMixin, TemplateView):
    template_name = "engagement/involvement_detail.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            involvement=self.get_involvement(),
            section="involvement",
            can_change=self.request.user.has_perm("engagement.change_involvement"),
            record_tabs=self.tabs("details"),
            **kwargs,
        )


class InvolvementHistoryView(InvolvementMixin, TemplateView):
    template_name = "engagement/record_history.html"

    def get_context_data(self, **kwargs):
        involvement = self.get_involvement()
        return super().get_context_data(
            record=involvement,
            caption=involvement.activity.title,
            history=history_for(involvement),
            record_tabs=self.tabs("history"),
            **kwargs,
        )


class InvolvementCreateView(PermissionMixin, FormPageMixin, FormView):
    permission = CHANGE
    form_class = forms.InvolvementForm
    submit_label = "Record involvement"

    def get_activity(self):
        if not hasattr(self, "_activity"):
            try:
                self._activity = selectors.activity_for_engagement(self.kwargs["pk"])
            except CommissioningActivity.DoesNotExist as exc:
                raise Http404("No such commissioning activity") from exc
        return self._activity

    @property
    def page_title(self):
        return f"Record involvement in {self.get_activity()}"

    def get_back_url(self):
        return reverse("engagement:activity", args=[self.get_activity().pk])

    def get_initial(self):
        step = _int(self.request.GET.get("step", ""))
        return {"step": step} if step else {}

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "activity": self.get_activity()}

    def form_valid(self, form):
        involvement = self.run_service(
            form,
            lambda: services.involvement_create(
                actor=self.request.user,
                activity=self.get_activity(),
                step=form.cleaned_data["step"],
                data=form.service_data(),
                counts=form.counts(),
                support_types=form.cleaned_data["support_types"],
            ),
        )
        if involvement is None:
            return self.form_invalid(form)
        messages.success(self.request, f"{involvement} has been recorded.")
        return redirect(involvement.get_absolute_url())


class InvolvementUpdateView(InvolvementMixin, FormPageMixin, FormView):
    permission = CHANGE
    form_class = forms.InvolvementForm
    submit_label = "Save changes"

    @property
    def page_title(self):
        return f"Change {self.get_involvement()}"

    def get_initial(self):
        return forms.InvolvementForm.initial_from(self.get_involvement())

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "activity": self.get_involvement().activity}

    def form_valid(self, form):
        involvement = self.run_service(
            form,
            lambda: services.involvement_update(
                actor=self.request.user,
                involvement=self.get_involvement(),
                step=form.cleaned_data["step"],
                data=form.service_data(),
                counts=form.counts(),
                support_types=form.cleaned_data["support_types"],
                expected_version=form.cleaned_data.get("version"),
            ),
        )
        if involvement is None:
            return self.form_invalid(form)
        messages.success(self.request, "Your changes have been saved.")
        return redirect(involvement.get_absolute_url())


class FeedbackView(InvolvementMixin, FormPageMixin, FormView):
    permission = CHANGE
    form_class = forms.FeedbackForm
    submit_label = "Save feedback"
    lede = (
        "Tell the people who took part what difference they made. Panel members see this in their own view."
    )

    @property
    def page_title(self):
        return f"You said, we did: {self.get_involvement()}"

    def get_initial(self):
        involvement = self.get_involvement()
        return {
            "feedback": involvement.feedback,
            "feedback_given_on": involvement.feedback_given_on or timezone.localdate(),
            "version": involvement.version,
        }

    def form_valid(self, form):
        involvement = self.run_service(
            form,
            lambda: services.involvement_feedback(
                actor=self.request.user,
                involvement=self.get_involvement(),
                feedback=form.cleaned_data["feedback"],
                given_on=form.cleaned_data["feedback_given_on"],
                expected_version=form.cleaned_data.get("version"),
            ),
        )
        if involvement is None:
            return self.form_invalid(form)
        messages.success(self.request, "The feedback has been saved.")
        return redirect(involvement.get_absolute_url())


class InvolvementArchiveView(InvolvementMixin, ArchiveViewMixin, FormView):
    permission = CHANGE
    noun = "involvement record"

    def get_record(self):
        return self.get_involvement()

    def archive_record(self, involvement, reason):
        return services.involvement_archive(actor=self.request.user, involvement=involvement, reason=reason)


class InvolvementRestoreView(InvolvementMixin, RestoreViewMixin, FormView):
    permission = CHANGE
    noun = "involvement record"

    def get_record(self):
        return self.get_involvement()

    def restore_record(self, involvement):
        return services.involvement_restore(actor=self.request.user, involvement=involvement)


# Consultations ---------------------------------------------------------------------------------------------

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


# The reward and recognition policy and panels ---------------------------------------------------------------


class PolicyView(PermissionMixin, TemplateView):
    permission = VIEW
    template_name = "engagement/policy.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            section="policy",
            support_types=selectors.support_types(),
            panels=selectors.panels(),
            can_manage=self.request.user.has_perm("engagement.manage_policy"),
            minimum_days=minimum_days(),
            policy_source=SOURCE,
            **kwargs,
        )


class SupportTypeFormView(PermissionMixin, FormPageMixin, FormView):
    permission = POLICY
    form_class = forms.SupportTypeForm

    def get_object(self):
        if "pk" not in self.kwargs:
            return None
        try:
            return SupportType.objects.active().get(pk=self.kwargs["pk"])
        except SupportType.DoesNotExist as exc:
            raise Http404 from exc

    @property
    def page_title(self):
        obj = self.get_object()
        return f"Change {obj}" if obj else "Add support to the reward and recognition policy"

    submit_label = "Save"

    def get_back_url(self):
        return reverse("engagement:support-types")

    def get_initial(self):
        obj = self.get_object()
        return {f: getattr(obj, f) for f in ("name", "description", "rate", "unit", "version")} if obj else {}

    def form_valid(self, form):
        data = {k: v for k, v in form.cleaned_data.items() if k != "version"}
        saved = self.run_service(
            form,
            lambda: services.support_type_save(
                actor=self.request.user,
                data=data,
                support_type=self.get_object(),
                expected_version=form.cleaned_data.get("version"),
            ),
        )
        if saved is None:
            return self.form_invalid(form)
        messages.success(self.request, f"{saved} has been saved.")
        return redirect("engagement:support-types")


class SupportTypeArchiveView(PermissionMixin, ArchiveViewMixin, FormView):
    permission = POLICY
    noun = "support"
    lede = "It leaves the policy for new records. Records that used it keep it."

    def get_record(self):
        try:
            return SupportType.objects.active().get(pk=self.kwargs["pk"])
        except SupportType.DoesNotExist as exc:
            raise Http404 from exc

    def archive_record(self, support_type, reason):
        return services.support_type_archive(
            actor=self.request.user, support_type=support_type, reason=reason
        )


class PanelFormView(PermissionMixin, FormPageMixin, FormView):
    permission = POLICY
    form_class = forms.PanelForm
    submit_label = "Save panel"

    def get_object(self):
        if "pk" not in self.kwargs:
            return None
        try:
            return Panel.objects.active().get(pk=self.kwargs["pk"])
        except Panel.DoesNotExist as exc:
            raise Http404 from exc

    @property
    def page_title(self):
        obj = self.get_object()
        return f"Change {obj}" if obj else "Add a panel"

    def get_back_url(self):
        return reverse("engagement:panels")

    def get_initial(self):
        obj = self.get_object()
        if obj is None:
            return {}
        return {
            "name": obj.name,
            "description": obj.description,
            "members": list(obj.members.all()),
            "version": obj.version,
        }

    def form_valid(self, form):
        saved = self.run_service(
            form,
            lambda: services.panel_save(
                actor=self.request.user,
                data={"name": form.cleaned_data["name"], "description": form.cleaned_data["description"]},
                members=list(form.cleaned_data["members"]),
                panel=self.get_object(),
                expected_version=form.cleaned_data.get("version"),
            ),
        )
        if saved is None:
            return self.form_invalid(form)
        messages.success(self.request, f"{saved} has been saved.")
        return redirect("engagement:panels")
