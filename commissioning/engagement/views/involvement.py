"""Involvement for partnership staff: the list across activities, each activity's page, and the records."""

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
from commissioning.engagement.models import Group, Involvement, Method

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
