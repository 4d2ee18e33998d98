"""The reward and recognition policy and the panels."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.views.generic import FormView, TemplateView

from commissioning.core.views import (
    ArchiveViewMixin,
    FormPageMixin,
    PermissionMixin,
    RestoreViewMixin,
)
from commissioning.engagement import forms, selectors, services
from commissioning.engagement.models import Panel, SupportType
from commissioning.engagement.policy import SOURCE, minimum_days

VIEW = "engagement.view_involvement"
CHANGE = (VIEW, "engagement.change_involvement")
POLICY = (VIEW, "engagement.manage_policy")


def _int(value: str) -> int | None:
    return int(value) if value and value.isdigit() else None


class PolicyView(PermissionMixin, TemplateView):
    permission = VIEW
    template_name = "engagement/policy.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            section="policy",
            support_types=selectors.support_types(),
            archived_support=SupportType.objects.archived().order_by("name"),
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


class SupportTypeRestoreView(PermissionMixin, RestoreViewMixin, FormView):
    permission = POLICY
    noun = "support"

    def get_record(self):
        try:
            return SupportType.objects.archived().get(pk=self.kwargs["pk"])
        except SupportType.DoesNotExist as exc:
            raise Http404 from exc

    def restore_record(self, support_type):
        return services.support_type_restore(actor=self.request.user, support_type=support_type)
