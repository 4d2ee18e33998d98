from datetime import date, timedelta

from commissioning.engagement import reminders, services
from commissioning.engagement.tests.conftest import consult, involve
from commissioning.organisations.models import Role
from commissioning.organisations.tests.factories import person_with_role
from commissioning.reminders.tests.personal import assert_each_persons_items_are_theirs

TODAY = date(2026, 11, 23)


def test_consultation_closing_within_7_days_reminds_the_owner(commissioner):
    closing = consult(commissioner, starts_on=TODAY - timedelta(days=80), ends_on=TODAY + timedelta(days=7))
    consult(
        commissioner, title="Later", starts_on=TODAY - timedelta(days=80), ends_on=TODAY + timedelta(days=8)
    )
    consult(
        commissioner, title="Closed", starts_on=TODAY - timedelta(days=80), ends_on=TODAY - timedelta(days=1)
    )
    items = [i for i in reminders.due_items(today=TODAY) if i.kind == "Consultation closing"]
    assert [i.title for i in items] == [str(closing)]
    assert items[0].recipient_ids == (commissioner.pk,) and items[0].due == closing.ends_on
    assert items[0].key == f"engagement.consultation:{closing.pk}:closes:{closing.ends_on.isoformat()}"


def test_feedback_owed_8_weeks_after_involvement(activity, commissioner):
    owed = involve(commissioner, activity, title="Owed", on=TODAY - timedelta(weeks=8, days=1))
    involve(commissioner, activity, title="Recent", on=TODAY - timedelta(weeks=2))
    given = involve(commissioner, activity, title="Given", on=TODAY - timedelta(weeks=10))
    services.involvement_feedback(
        actor=commissioner, involvement=given, feedback="Done", given_on=TODAY, expected_version=1
    )
    items = [i for i in reminders.due_items(today=TODAY) if i.key.startswith("engagement.involvement")]
    assert [i.url for i in items] == [owed.get_absolute_url()]
    assert items[0].is_overdue(TODAY) and items[0].recipient_ids == (commissioner.pk,)


def test_each_person_gets_only_the_consultations_they_run_and_the_feedback_they_owe(
    activity, commissioner, council, manager, provider_user
):
    colleague = person_with_role(Role.COMMISSIONER, council, username="colleague")
    consult(commissioner, starts_on=TODAY - timedelta(days=80), ends_on=TODAY + timedelta(days=7))
    consult(
        colleague, title="Theirs", starts_on=TODAY - timedelta(days=80), ends_on=TODAY + timedelta(days=3)
    )
    consult(
        colleague, title="Later", starts_on=TODAY - timedelta(days=80), ends_on=TODAY + timedelta(days=30)
    )
    involve(commissioner, activity, title="Owed", on=TODAY - timedelta(weeks=8, days=1))
    involve(colleague, activity, title="Also owed", on=TODAY - timedelta(weeks=7, days=1))
    involve(colleague, activity, title="Recent", on=TODAY - timedelta(weeks=2))
    found = assert_each_persons_items_are_theirs(
        reminders, today=TODAY, users=[commissioner, colleague, manager, provider_user]
    )
    assert {name: len(rows) for name, rows in found.items()} == {
        "commissioner": 2,
        "colleague": 2,
        "partnership": 0,
        "provider": 0,
    }
