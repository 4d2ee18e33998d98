"""Pages of the Action Plan for Commissioning."""

from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.views.generic import FormView, TemplateView

from commissioning.core.views import (
    ArchiveViewMixin,
    FormPageMixin,
    ListPageMixin,
    PermissionMixin,
    RememberedResultsMixin,
    RestoreViewMixin,
)
from commissioning.governance import selectors, services
from commissioning.governance.forms import (
    ActionForm,
    ProgressForm,
)
from commissioning.governance.models import ActionStatus, Body
from commissioning.governance.views.common import (
    ACTION_COLUMNS,
    MANAGE,
    VIEW,
    HistoryView,
    _get,
    _int,
    _tabs,
)

# Action plan ----------------------------------------------------------------------------------------------


class ActionListView(PermissionMixin, RememberedResultsMixin, ListPageMixin, TemplateView):
    permission = VIEW
    template_name = "governance/action_list.html"
    results_template = "governance/_action_list_results.html"
    results_by_day = True  # overdue actions
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
            "ordering": params.get("sort", "due_on"),
        }

    def get(self, request, *args, **kwargs):
        self.queryset = selectors.action_list(
            today=timezone.localdate(), latest_update_only=True, **self.filters()
        )
        if self.wants_csv():
            return self.csv_response(self.queryset)
        return super().get(request, *args, **kwargs)

    def results_context(self) -> dict:
        context = self.paginate(self.queryset)
        today = timezone.localdate()
        for action in context["object_list"]:
            action.overdue = action.due_on < today and action.status != ActionStatus.DONE
        return context

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            self.querystrings(),
            results=self.remembered_results(),
            filters=self.filters(),
            bodies=Body.objects.active().order_by("name"),
            statuses=ActionStatus.choices,
            sort_options=[
                ("due_on", "Due date"),
                ("reference", "Reference"),
                ("owner", "Owning group"),
                ("status", "Status"),
            ],
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


class ActionRestoreView(ActionMixin, RestoreViewMixin, FormView):
    permission = MANAGE
    noun = "action"

    def get_record(self):
        return self.get_action()

    def restore_record(self, action):
        return services.action_restore(actor=self.request.user, action=action)


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
