import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from commissioning.organisations.models import Organisation, Role
from commissioning.organisations.services import organisation_update
from commissioning.organisations.tests.factories import OrganisationFactory, UserFactory, person_with_role


def test_anonymous_visitor_is_sent_to_sign_in(client, db):
    response = client.get(reverse("organisations:list"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:sign-in"))


def test_list_search_filter_and_sort(client_for, commissioner):
    OrganisationFactory(name="Alpha Play CIC", sector="social_enterprise")
    OrganisationFactory(name="Beta Youth Trust", sector="voluntary_community_faith")
    archived = OrganisationFactory(name="Gamma Closed Ltd", sector="private")
    archived.archived_at = archived.created_at
    archived.save()
    client = client_for(commissioner)

    names = lambda r: [o.name for o in r.context["object_list"]]  # noqa: E731
    assert names(client.get(reverse("organisations:list"), {"q": "youth"})) == ["Beta Youth Trust"]
    assert names(client.get(reverse("organisations:list"), {"sector": "social_enterprise"})) == [
        "Alpha Play CIC"
    ]
    assert "Gamma Closed Ltd" not in names(client.get(reverse("organisations:list")))
    assert "Gamma Closed Ltd" in names(client.get(reverse("organisations:list"), {"archived": "yes"}))
    ordered = names(client.get(reverse("organisations:list"), {"sort": "-name", "relationship": "provider"}))
    assert ordered == ["Beta Youth Trust", "Alpha Play CIC"]


def test_list_exports_csv_of_filtered_rows_safely(client_for, commissioner):
    OrganisationFactory(name="=HYPERLINK(evil) Ltd")
    OrganisationFactory(name="Plain Trust")
    response = client_for(commissioner).get(reverse("organisations:list"), {"q": "ltd", "format": "csv"})
    body = response.content.decode("utf-8-sig")
    assert response["Content-Type"].startswith("text/csv")
    assert body.splitlines()[0].startswith("Name,Type,Sector")
    assert "'=HYPERLINK(evil) Ltd" in body
    assert "Plain Trust" not in body


def test_list_queries_do_not_grow_with_rows(client_for, commissioner):
    client = client_for(commissioner)
    OrganisationFactory.create_batch(3)
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("organisations:list"))
    OrganisationFactory.create_batch(20)
    with CaptureQueriesContext(connection) as many:
        client.get(reverse("organisations:list"))
    assert len(many) == len(few)


def test_provider_sees_only_its_own_organisation(client_for, provider_user, provider_org, other_provider_org):
    client = client_for(provider_user)
    listed = [o.name for o in client.get(reverse("organisations:list")).context["object_list"]]
    assert listed == [provider_org.name]
    assert client.get(reverse("organisations:detail", args=[provider_org.pk])).status_code == 200
    assert client.get(reverse("organisations:detail", args=[other_provider_org.pk])).status_code == 404
    assert client.get(reverse("organisations:history", args=[other_provider_org.pk])).status_code == 404


def test_non_administrator_cannot_add_or_change(client_for, commissioner, provider_org):
    client = client_for(commissioner)
    assert client.get(reverse("organisations:create")).status_code == 403
    response = client.post(reverse("organisations:update", args=[provider_org.pk]), {"name": "Hijacked"})
    assert response.status_code == 403
    provider_org.refresh_from_db()
    assert provider_org.name != "Hijacked"


def test_administrator_adds_an_organisation(client_for, administrator):
    response = client_for(administrator).post(
        reverse("organisations:create"),
        {
            "name": "Lakeside Mentoring",
            "organisation_type": "voluntary_community_faith",
            "sector": "voluntary_community_faith",
            "is_provider": "on",
            "charity_number": "1123457",
        },
    )
    organisation = Organisation.objects.get(name="Lakeside Mentoring")
    assert response.status_code == 302 and response.url == reverse(
        "organisations:detail", args=[organisation.pk]
    )


def test_bad_input_shows_error_summary_and_keeps_what_was_typed(client_for, administrator):
    response = client_for(administrator).post(
        reverse("organisations:create"),
        {
            "name": "Typed Name",
            "organisation_type": "company",
            "sector": "private",
            "companies_house_number": "123",
        },
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in html
    assert "An organisation must be a partner, a provider or both." in html
    assert "Enter a Companies House number of 8 characters" in html
    assert 'value="Typed Name"' in html
    assert html.count("<title>Error:") == 1
    assert not Organisation.objects.filter(name="Typed Name").exists()


def test_stale_edit_is_refused_not_overwritten(client_for, administrator):
    organisation = OrganisationFactory(name="Original")
    organisation_update(
        actor=administrator, organisation=organisation, data={"name": "Theirs"}, expected_version=1
    )
    response = client_for(administrator).post(
        reverse("organisations:update", args=[organisation.pk]),
        {
            "name": "Mine",
            "organisation_type": organisation.organisation_type,
            "sector": organisation.sector,
            "is_provider": "on",
            "version": "1",
        },
    )
    assert "Someone else changed this record" in response.content.decode()
    organisation.refresh_from_db()
    assert organisation.name == "Theirs"


def test_archive_asks_for_confirmation_then_history_shows_it(client_for, administrator):
    organisation = OrganisationFactory(name="Closing Charity")
    client = client_for(administrator)
    confirm = client.get(reverse("organisations:archive", args=[organisation.pk]))
    assert "Are you sure you want to archive Closing Charity?" in confirm.content.decode()
    organisation.refresh_from_db()
    assert not organisation.is_archived

    client.post(reverse("organisations:archive", args=[organisation.pk]), {"reason": "Merged with another"})
    organisation.refresh_from_db()
    assert organisation.is_archived

    history = client.get(reverse("organisations:history", args=[organisation.pk])).content.decode()
    assert "Merged with another" in history
    assert "Archived" in history


def test_history_tab_shows_field_before_and_after(client_for, administrator):
    organisation = OrganisationFactory(name="Before Name")
    organisation_update(
        actor=administrator, organisation=organisation, data={"name": "After Name"}, expected_version=1
    )
    history = client_for(administrator).get(reverse("organisations:history", args=[organisation.pk]))
    entries = history.context["history"]
    change = next(e for e in entries if e.action == "Changed")
    assert change.actor == administrator.get_full_name()
    assert [(c.field, c.before, c.after) for c in change.changes] == [("Name", "Before Name", "After Name")]


def test_people_pages_are_for_administrators_only(client_for, commissioner, administrator):
    assert client_for(commissioner).get(reverse("organisations:people")).status_code == 403
    response = client_for(administrator).get(reverse("organisations:people"), {"role": Role.COMMISSIONER})
    assert [p.username for p in response.context["object_list"]] == ["commissioner"]


def test_administrator_adds_person_with_role_and_invitation(client_for, administrator, council, mailoutbox):
    response = client_for(administrator).post(
        reverse("organisations:person-create"),
        {
            "first_name": "New",
            "last_name": "Officer",
            "email": "new.officer@example.org",
            "username": "newofficer",
            "organisation": council.pk,
            "role": Role.MONITORING_OFFICER,
            "send_invitation": "on",
        },
    )
    assert response.status_code == 302
    assert len(mailoutbox) == 1
    person = UserFactory._meta.model.objects.get(username="newofficer")
    assert person.memberships.get().role == Role.MONITORING_OFFICER


def test_duplicate_email_is_refused_clearly(client_for, administrator, council, commissioner):
    response = client_for(administrator).post(
        reverse("organisations:person-create"),
        {
            "first_name": "A",
            "last_name": "B",
            "email": commissioner.email.upper(),
            "username": "someoneelse",
            "organisation": council.pk,
            "role": Role.COMMISSIONER,
        },
    )
    assert "Someone already has an account with this email address" in response.content.decode()


@pytest.mark.parametrize("role", [Role.PROVIDER_USER, Role.PANEL_MEMBER])
def test_navigation_by_role(db, client_for, role):
    person = person_with_role(role)
    html = client_for(person).get(reverse("core:home")).content.decode()
    assert "Framework library" in html
    assert 'href="/people/"' not in html


def test_people_filter_needs_role_in_that_organisation(client_for, administrator, council, provider_org):
    from commissioning.organisations.tests.factories import MembershipFactory

    person = person_with_role(Role.COMMISSIONER, council, username="mixed")
    MembershipFactory(user=person, organisation=provider_org, role=Role.PROVIDER_USER)
    client = client_for(administrator)
    both = client.get(
        reverse("organisations:people"), {"role": Role.PROVIDER_USER, "organisation": council.pk}
    )
    assert [p.username for p in both.context["object_list"]] == []
    right = client.get(
        reverse("organisations:people"), {"role": Role.COMMISSIONER, "organisation": council.pk}
    )
    assert [p.username for p in right.context["object_list"]] == ["mixed"]
