from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.views.generic import FormView, TemplateView

from commissioning.accounts.models import User
from commissioning.core.forms import ReasonForm
from commissioning.core.selectors import history_for
from commissioning.core.views import (
    ArchiveViewMixin,
    FormPageMixin,
    ListPageMixin,
    PermissionMixin,
    RememberedResultsMixin,
    RestoreViewMixin,
    record_tabs,
)
from commissioning.organisations import selectors, services
from commissioning.organisations.forms import (
    MembershipForm,
    OrganisationForm,
    PersonCreateForm,
    PersonEditForm,
)
from commissioning.organisations.models import (
    ROLE_DESCRIPTIONS,
    Membership,
    Organisation,
    OrganisationType,
    Role,
    Sector,
)

# Organisations ---------------------------------------------------------------------------------------------


class OrganisationListView(PermissionMixin, RememberedResultsMixin, ListPageMixin, TemplateView):
    permission = "organisations.view_organisation_list"
    template_name = "organisations/organisation_list.html"
    results_template = "organisations/_organisation_list_results.html"
    csv_filename = "organisations"
    csv_columns = [
        ("Name", lambda o: o.name),
        ("Type", lambda o: o.get_organisation_type_display()),
        ("Sector", lambda o: o.get_sector_display()),
        ("Partner", lambda o: "Yes" if o.is_partner else "No"),
        ("Provider", lambda o: "Yes" if o.is_provider else "No"),
        ("Companies House number", lambda o: o.companies_house_number),
        ("Charity number", lambda o: o.charity_number),
        ("Other identifier scheme", lambda o: o.other_identifier_scheme),
        ("Other identifier", lambda o: o.other_identifier),
        ("Postcode", lambda o: o.postcode),
        ("Website", lambda o: o.website),
        ("Archived", lambda o: "Yes" if o.is_archived else "No"),
    ]

    def filters(self):
        params = self.request.GET
        return {
            "search": params.get("q", "").strip(),
            "organisation_type": params.get("type", ""),
            "sector": params.get("sector", ""),
            "relationship": params.get("relationship", ""),
            "include_archived": params.get("archived") == "yes",
            "ordering": params.get("sort", "name"),
        }

    def get(self, request, *args, **kwargs):
        self.queryset = selectors.organisation_list(user=request.user, **self.filters())
        if self.wants_csv():
            return self.csv_response(self.queryset)
        return super().get(request, *args, **kwargs)

    def results_context(self) -> dict:
        return self.paginate(self.queryset)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            self.querystrings(),
            results=self.remembered_results(),
            filters=self.filters(),
            types=OrganisationType.choices,
            sectors=Sector.choices,
            can_manage=self.request.user.has_perm("organisations.manage_organisations"),
            sort_options=[
                ("name", "Name A to Z"),
                ("-name", "Name Z to A"),
                ("type", "Type"),
                ("sector", "Sector"),
                ("updated", "Recently changed"),
            ],
        )
        return context


class OrganisationMixin(PermissionMixin):
    permission = "organisations.view_organisation_list"

    def get_organisation(self) -> Organisation:
        if not hasattr(self, "_organisation"):
            organisation = get_object_or_404(Organisation, pk=self.kwargs["pk"])
            if not self.request.user.has_perm("organisations.view_organisation", organisation):
                raise Http404("No such organisation")  # do not reveal other providers' records
            self._organisation = organisation
        return self._organisation

    def tabs(self, current: str) -> list[dict]:
        pk = self.get_organisation().pk
        return record_tabs(
            details_url=reverse("organisations:detail", args=[pk]),
            history_url=reverse("organisations:history", args=[pk]),
            current=current,
        )


class OrganisationDetailView(OrganisationMixin, TemplateView):
    template_name = "organisations/organisation_detail.html"

    def get_context_data(self, **kwargs):
        organisation = self.get_organisation()
        return super().get_context_data(
            organisation=organisation,
            members=selectors.organisation_members(organisation),
            can_manage=self.request.user.has_perm("organisations.manage_organisations"),
            can_manage_people=self.request.user.has_perm("organisations.manage_people"),
            record_tabs=self.tabs("details"),
            **kwargs,
        )


class OrganisationHistoryView(OrganisationMixin, TemplateView):
    template_name = "organisations/organisation_history.html"

    def get_context_data(self, **kwargs):
        organisation = self.get_organisation()
        return super().get_context_data(
            organisation=organisation,
            history=history_for(organisation),
            record_tabs=self.tabs("history"),
            **kwargs,
        )


class OrganisationCreateView(PermissionMixin, FormPageMixin, FormView):
    permission = "organisations.manage_organisations"
    form_class = OrganisationForm
    page_title = "Add an organisation"
    submit_label = "Add organisation"

    def get_back_url(self):
        return reverse("organisations:list")

    def form_valid(self, form):
        data = {k: v for k, v in form.cleaned_data.items() if k != "version"}
        organisation = self.run_service(
            form, lambda: services.organisation_create(actor=self.request.user, data=data)
        )
        if organisation is None:
            return self.form_invalid(form)
        messages.success(self.request, f"{organisation} has been added.")
        return redirect("organisations:detail", pk=organisation.pk)


class OrganisationUpdateView(OrganisationMixin, FormPageMixin, FormView):
    form_class = OrganisationForm
    submit_label = "Save changes"

    permission = ("organisations.view_organisation_list", "organisations.manage_organisations")

    @property
    def page_title(self):
        return f"Change {self.get_organisation()}"

    def get_back_url(self):
        return reverse("organisations:detail", args=[self.get_organisation().pk])

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": self.get_organisation()}

    def form_valid(self, form):
        data = {k: v for k, v in form.cleaned_data.items() if k != "version"}
        organisation = self.run_service(
            form,
            lambda: services.organisation_update(
                actor=self.request.user,
                organisation=self.get_organisation(),
                data=data,
                expected_version=form.cleaned_data.get("version"),
            ),
        )
        if organisation is None:
            return self.form_invalid(form)
        messages.success(self.request, "Your changes have been saved.")
        return redirect("organisations:detail", pk=organisation.pk)


class OrganisationArchiveView(OrganisationMixin, ArchiveViewMixin, FormView):
    permission = ("organisations.view_organisation_list", "organisations.manage_organisations")
    noun = "organisation"
    lede = (
        "Archived organisations are hidden from lists and cannot be chosen for new records. "
        "Nothing is deleted, and you can restore it."
    )

    def get_record(self):
        return self.get_organisation()

    def archive_record(self, organisation, reason):
        return services.organisation_archive(
            actor=self.request.user, organisation=organisation, reason=reason
        )


class OrganisationRestoreView(OrganisationMixin, RestoreViewMixin, FormView):
    permission = ("organisations.view_organisation_list", "organisations.manage_organisations")
    noun = "organisation"

    def get_record(self):
        return self.get_organisation()

    def restore_record(self, organisation):
        return services.organisation_restore(actor=self.request.user, organisation=organisation)


# People ----------------------------------------------------------------------------------------------------


class PeopleListView(PermissionMixin, ListPageMixin, TemplateView):
    permission = "organisations.manage_people"
    template_name = "organisations/people_list.html"
    csv_filename = "people"
    csv_columns = [
        ("Name", lambda u: u.get_full_name()),
        ("Username", lambda u: u.username),
        ("Email address", lambda u: u.email),
        ("Job title", lambda u: u.job_title),
        (
            "Roles",
            lambda u: "; ".join(f"{m.get_role_display()} ({m.organisation})" for m in u.active_memberships),
        ),
        ("Active", lambda u: "Yes" if u.is_active else "No"),
        ("Last signed in", lambda u: u.last_login.isoformat() if u.last_login else ""),
    ]

    def filters(self):
        params = self.request.GET
        organisation = params.get("organisation", "")
        return {
            "search": params.get("q", "").strip(),
            "role": params.get("role", ""),
            "organisation_id": int(organisation) if organisation.isdigit() else None,
            "status": params.get("status", "active"),
            "ordering": params.get("sort", "name"),
        }

    def get(self, request, *args, **kwargs):
        self.queryset = selectors.people_list(**self.filters())
        if self.wants_csv():
            return self.csv_response(self.queryset)
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(self.paginate(self.queryset))
        context.update(
            filters=self.filters(),
            roles=Role.choices,
            organisations=Organisation.objects.active().only("pk", "name"),
            role_descriptions=[(Role(r).label, d) for r, d in ROLE_DESCRIPTIONS.items()],
        )
        return context


class PersonMixin(PermissionMixin):
    permission = "organisations.manage_people"

    def get_person(self) -> User:
        if not hasattr(self, "_person"):
            self._person = get_object_or_404(User, pk=self.kwargs["pk"])
        return self._person

    def get_back_url(self):
        return reverse("organisations:person", args=[self.get_person().pk])

    def tabs(self, current: str) -> list[dict]:
        pk = self.get_person().pk
        return record_tabs(
            details_url=reverse("organisations:person", args=[pk]),
            history_url=reverse("organisations:person-history", args=[pk]),
            current=current,
        )


class PersonDetailView(PersonMixin, TemplateView):
    template_name = "organisations/person_detail.html"

    def get_context_data(self, **kwargs):
        person = self.get_person()
        return super().get_context_data(
            person=person,
            memberships=selectors.person_memberships(person),
            record_tabs=self.tabs("details"),
            **kwargs,
        )


class PersonHistoryView(PersonMixin, TemplateView):
    template_name = "organisations/person_history.html"

    def get_context_data(self, **kwargs):
        person = self.get_person()
        return super().get_context_data(
            person=person, history=history_for(person), record_tabs=self.tabs("history"), **kwargs
        )


class PersonCreateView(PermissionMixin, FormPageMixin, FormView):
    permission = "organisations.manage_people"
    form_class = PersonCreateForm
    page_title = "Add a person"
    submit_label = "Add person"

    def get_back_url(self):
        return reverse("organisations:people")

    def get_initial(self):
        organisation = self.request.GET.get("organisation", "")
        return {"organisation": organisation} if organisation.isdigit() else {}

    def form_valid(self, form):
        data = form.cleaned_data

        def create():
            person = services.person_create(
                actor=self.request.user,
                username=data["username"],
                email=data["email"],
                first_name=data["first_name"],
                last_name=data["last_name"],
                job_title=data["job_title"],
                organisation=data["organisation"],
                role=data["role"],
            )
            if data["send_invitation"]:
                services.person_send_invitation(
                    actor=self.request.user, person=person, base_url=self.request.build_absolute_uri("/")
                )
            return person

        person = self.run_service(form, create)
        if person is None:
            return self.form_invalid(form)
        note = " An invitation has been emailed to them." if data["send_invitation"] else ""
        messages.success(self.request, f"{person} has been added.{note}")
        return redirect("organisations:person", pk=person.pk)


class PersonUpdateView(PersonMixin, FormPageMixin, FormView):
    form_class = PersonEditForm
    submit_label = "Save changes"

    @property
    def page_title(self):
        return f"Change {self.get_person()}"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": self.get_person()}

    def form_valid(self, form):
        person = self.run_service(
            form,
            lambda: services.person_update(
                actor=self.request.user, person=self.get_person(), data=form.cleaned_data
            ),
        )
        if person is None:
            return self.form_invalid(form)
        messages.success(self.request, "Your changes have been saved.")
        return redirect("organisations:person", pk=person.pk)


class PersonInviteView(PersonMixin, FormPageMixin, FormView):
    form_class = ReasonForm
    submit_label = "Send invitation"

    def get_form(self, form_class=None):
        form = super().get_form(form_class)
        del form.fields["reason"]
        return form

    @property
    def page_title(self):
        return f"Email {self.get_person()} a link to set their password?"

    def form_valid(self, form):
        person = self.get_person()
        result = self.run_service(
            form,
            lambda: (
                services.person_send_invitation(
                    actor=self.request.user, person=person, base_url=self.request.build_absolute_uri("/")
                )
                or person
            ),
        )
        if result is None:
            return self.form_invalid(form)
        messages.success(self.request, f"An invitation has been emailed to {person.email}.")
        return redirect("organisations:person", pk=person.pk)


class PersonActiveView(PersonMixin, FormPageMixin, FormView):
    form_class = ReasonForm
    active = False

    @property
    def destructive(self):
        return not self.active

    @property
    def submit_label(self):
        return "Reactivate" if self.active else "Deactivate"

    @property
    def page_title(self):
        verb = "reactivate" if self.active else "deactivate"
        return f"Are you sure you want to {verb} {self.get_person()}?"

    @property
    def lede(self):
        if self.active:
            return "They will be able to sign in again with their roles."
        return "They will no longer be able to sign in. Their records and history are kept."

    def get_form(self, form_class=None):
        form = super().get_form(form_class)
        if self.active:
            form.fields["reason"].required = False
            form.fields["reason"].label = "Reason (optional)"
        return form

    def form_valid(self, form):
        person = self.run_service(
            form,
            lambda: services.person_set_active(
                actor=self.request.user,
                person=self.get_person(),
                active=self.active,
                reason=form.cleaned_data["reason"],
            ),
        )
        if person is None:
            return self.form_invalid(form)
        messages.success(
            self.request, f"{person} has been {'reactivated' if self.active else 'deactivated'}."
        )
        return redirect("organisations:person", pk=person.pk)


class MembershipAddView(PersonMixin, FormPageMixin, FormView):
    form_class = MembershipForm
    submit_label = "Add role"

    @property
    def page_title(self):
        return f"Give {self.get_person()} a role"

    def form_valid(self, form):
        result = self.run_service(
            form,
            lambda: services.membership_add(
                actor=self.request.user,
                user=self.get_person(),
                organisation=form.cleaned_data["organisation"],
                role=form.cleaned_data["role"],
            ),
        )
        if result is None:
            return self.form_invalid(form)
        messages.success(self.request, f"Role added: {result.get_role_display()} in {result.organisation}.")
        return redirect("organisations:person", pk=self.get_person().pk)


class MembershipRemoveView(PersonMixin, FormPageMixin, FormView):
    form_class = ReasonForm
    submit_label = "Remove role"
    destructive = True

    def get_membership(self) -> Membership:
        return get_object_or_404(
            Membership.objects.active(), pk=self.kwargs["membership_pk"], user=self.get_person()
        )

    def get_form(self, form_class=None):
        form = super().get_form(form_class)
        form.fields["reason"].required = False
        form.fields["reason"].label = "Reason (optional)"
        return form

    @property
    def page_title(self):
        membership = self.get_membership()
        return f"Remove the role {membership.get_role_display()} in {membership.organisation}?"

    def form_valid(self, form):
        result = self.run_service(
            form,
            lambda: services.membership_remove(
                actor=self.request.user, membership=self.get_membership(), reason=form.cleaned_data["reason"]
            ),
        )
        if result is None:
            return self.form_invalid(form)
        messages.success(self.request, "The role has been removed.")
        return redirect("organisations:person", pk=self.get_person().pk)
