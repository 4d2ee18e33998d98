"""Pages of bodies and their members."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
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
    BodyForm,
    ConfirmForm,
    MemberForm,
)
from commissioning.governance.models import Body, BodyMember
from commissioning.governance.views.common import (
    MANAGE,
    VIEW,
    _get,
    _tabs,
)

# Bodies ---------------------------------------------------------------------------------------------------


class BodyListView(PermissionMixin, RememberedResultsMixin, ListPageMixin, TemplateView):
    permission = VIEW
    template_name = "governance/body_list.html"
    results_template = "governance/_body_list_results.html"
    results_by_day = True  # the next meetings

    def results_context(self) -> dict:
        params = self.request.GET
        bodies = selectors.body_list(
            search=params.get("q", "").strip(), include_archived=params.get("archived") == "yes"
        )
        page = self.paginate(bodies)
        return {
            **page,
            "bodies": page["object_list"],
            "can_manage": self.request.user.has_perm("governance.manage_governance"),
            "upcoming": selectors.meeting_list(when="upcoming", today=timezone.localdate())[:5],
        }

    def get_context_data(self, **kwargs):
        params = self.request.GET
        return super().get_context_data(
            results=self.remembered_results(),
            search=params.get("q", "").strip(),
            include_archived=params.get("archived") == "yes",
            can_manage=self.request.user.has_perm("governance.manage_governance"),
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


class BodiesFromFrameworkView(PermissionMixin, FormPageMixin, FormView):
    """Add the bodies of the governance framework the partnership does not have yet."""

    permission = MANAGE
    form_class = ConfirmForm
    page_title = "Add the bodies of the governance framework"
    submit_label = "Add the bodies"
    lede = (
        "This adds the Children's Trust Board, the Local Strategic Partnership, the Commissioning Executive, the "
        "Commissioning Group with its two sub groups, the Outcome Delivery Groups and the Overview and Scrutiny "
        "Committee from the Central Bedfordshire governance framework, with their roles. Bodies already added "
        "from the framework are left as they are. You can then rename and change them."
    )

    def get_back_url(self):
        return reverse("governance:home")

    def form_valid(self, form):
        created = self.run_service(form, lambda: services.bodies_from_framework(actor=self.request.user))
        if created is None:
            return self.form_invalid(form)
        messages.success(self.request, f"{len(created)} bod{'y' if len(created) == 1 else 'ies'} added.")
        return redirect(reverse("governance:home"))
