from datetime import date, timedelta

from commissioning.engagement import reminders, services
from commissioning.engagement.tests.conftest import consult, involve

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
