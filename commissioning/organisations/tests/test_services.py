import pytest
from auditlog.models import LogEntry
from django.core import mail
from django.core.exceptions import ValidationError

from commissioning.core.exceptions import ConflictError
from commissioning.core.models import TimelineEvent
from commissioning.organisations import services
from commissioning.organisations.models import Membership, Organisation, Role
from commissioning.organisations.roles import roles_of
from commissioning.organisations.tests.factories import OrganisationFactory, UserFactory

VALID = {
    "name": "Riverside Young Carers",
    "organisation_type": "voluntary_community_faith",
    "sector": "voluntary_community_faith",
    "is_provider": True,
    "charity_number": "1123456",
}


def test_organisation_create_records_who_and_when(administrator):
    organisation = services.organisation_create(actor=administrator, data=VALID)

    assert organisation.pk and organisation.version == 1
    entry = LogEntry.objects.get_for_object(organisation).get()
    assert entry.action == LogEntry.Action.CREATE
    assert entry.actor == administrator


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        (
            {"companies_house_number": "12345"},
            "companies_house_number",
            "Companies House number of 8 characters",
        ),
        ({"charity_number": "CH-99"}, "charity_number", "charity number as registered"),
        ({"is_provider": False, "is_partner": False}, None, "partner, a provider or both"),
        ({"sector": "nonsense"}, "sector", "not a valid choice"),
    ],
)
def test_organisation_create_rejects_bad_input_and_writes_nothing(administrator, changes, field, message):
    with pytest.raises(ValidationError) as excinfo:
        services.organisation_create(actor=administrator, data={**VALID, **changes})

    errors = excinfo.value.message_dict
    text = " ".join(errors.get(field or "__all__", []))
    assert message in text
    assert not Organisation.objects.filter(name=VALID["name"]).exists()


def test_identifiers_are_normalised_and_unique(administrator):
    services.organisation_create(actor=administrator, data={**VALID, "charity_number": " 1123456 "})
    with pytest.raises(ValidationError) as excinfo:
        services.organisation_create(actor=administrator, data={**VALID, "name": "Another"})
    assert "already has this charity number" in str(excinfo.value)


def test_organisation_update_detects_concurrent_edit(administrator):
    organisation = OrganisationFactory()
    services.organisation_update(
        actor=administrator, organisation=organisation, data={"name": "First edit"}, expected_version=1
    )

    with pytest.raises(ConflictError):
        services.organisation_update(
            actor=administrator, organisation=organisation, data={"name": "Stale edit"}, expected_version=1
        )
    organisation.refresh_from_db()
    assert organisation.name == "First edit"
    assert organisation.version == 2


def test_organisation_update_logs_before_and_after(administrator):
    organisation = OrganisationFactory(name="Old name")
    services.organisation_update(
        actor=administrator, organisation=organisation, data={"name": "New name"}, expected_version=1
    )
    entry = LogEntry.objects.get_for_object(organisation).filter(action=LogEntry.Action.UPDATE).get()
    assert entry.changes_dict["name"] == ["Old name", "New name"]
    assert entry.actor == administrator


def test_archive_needs_reason_and_keeps_the_record(administrator):
    organisation = OrganisationFactory()
    with pytest.raises(ValidationError):
        services.organisation_archive(actor=administrator, organisation=organisation, reason="  ")

    services.organisation_archive(actor=administrator, organisation=organisation, reason="Ceased trading")
    organisation.refresh_from_db()
    assert organisation.is_archived and organisation.archived_by == administrator
    assert Organisation.objects.filter(pk=organisation.pk).exists()
    assert not Organisation.objects.active().filter(pk=organisation.pk).exists()
    assert TimelineEvent.objects.filter(verb="archived", summary="Ceased trading").exists()

    with pytest.raises(ValidationError, match="Restore this organisation"):
        services.organisation_update(
            actor=administrator, organisation=organisation, data={"name": "x"}, expected_version=None
        )

    services.organisation_restore(actor=administrator, organisation=organisation)
    organisation.refresh_from_db()
    assert not organisation.is_archived


def test_provider_user_role_only_in_provider_organisation(administrator, council):
    person = UserFactory()
    with pytest.raises(ValidationError, match="provider organisation"):
        services.membership_add(
            actor=administrator, user=person, organisation=council, role=Role.PROVIDER_USER
        )


def test_membership_remove_archives_and_revokes_role(administrator, council):
    person = UserFactory()
    membership = services.membership_add(
        actor=administrator, user=person, organisation=council, role=Role.COMMISSIONER
    )
    assert roles_of(person) == {Role.COMMISSIONER}

    services.membership_remove(actor=administrator, membership=membership, reason="Moved team")
    assert roles_of(person) == set()
    assert Membership.objects.filter(pk=membership.pk, archived_at__isnull=False).exists()


def test_cannot_remove_own_last_administrator_role(administrator):
    membership = administrator.memberships.get()
    with pytest.raises(ValidationError, match="last administrator role"):
        services.membership_remove(actor=administrator, membership=membership)


def test_person_create_validates_password_and_invites(administrator, council):
    with pytest.raises(ValidationError):
        services.person_create(
            actor=administrator,
            username="newbie",
            email="newbie@example.org",
            organisation=council,
            role=Role.COMMISSIONER,
            password="short",
        )
    person = services.person_create(
        actor=administrator,
        username="newbie",
        email="Newbie@Example.org",
        organisation=council,
        role=Role.COMMISSIONER,
    )
    assert person.email == "newbie@example.org"
    assert not person.has_usable_password()

    services.person_send_invitation(actor=administrator, person=person, base_url="http://testserver/")
    assert len(mail.outbox) == 1
    assert "http://testserver/password-reset/" in mail.outbox[0].body
    assert person.email in mail.outbox[0].to


def test_cannot_deactivate_self_and_deactivation_needs_reason(administrator, commissioner):
    with pytest.raises(ValidationError, match="your own account"):
        services.person_set_active(actor=administrator, person=administrator, active=False, reason="x")
    with pytest.raises(ValidationError):
        services.person_set_active(actor=administrator, person=commissioner, active=False, reason="")
    services.person_set_active(actor=administrator, person=commissioner, active=False, reason="Left")
    commissioner.refresh_from_db()
    assert not commissioner.is_active
    assert roles_of(commissioner) == set()
