from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.test import override_settings

from commissioning.core.exceptions import ConflictError
from commissioning.core.models import TimelineEvent
from commissioning.engagement import services
from commissioning.engagement.models import ConsultationResponse, Involvement
from commissioning.engagement.policy import consultation_length_warning
from commissioning.engagement.tests.conftest import consult, involve


def test_involvement_records_numbers_by_group_in_a_step(activity, commissioner):
    record = involve(commissioner, activity, counts={"young_carers": 4, "parents": 2, "vcs": 0})
    assert record.step.number == 3 and record.step.activity == activity
    assert {c.group: c.number for c in record.counts.all()} == {"young_carers": 4, "parents": 2}
    assert record.total_people == 6
    assert TimelineEvent.objects.filter(object_id=str(record.pk), summary__contains="4 young carers").exists()


def test_involvement_needs_someone_and_a_real_step(activity, commissioner):
    with pytest.raises(ValidationError, match="at least one group"):
        involve(commissioner, activity, counts={"parents": 0})
    with pytest.raises(ValidationError, match="step from 1 to 9"):
        involve(commissioner, activity, step=12)
    with pytest.raises(ValidationError):
        involve(commissioner, activity, counts={"astronauts": 3})
    assert not Involvement.objects.exists()


def test_feedback_needs_its_date_and_cannot_come_before(activity, commissioner):
    with pytest.raises(ValidationError):
        involve(commissioner, activity, feedback="We changed it.")
    record = involve(commissioner, activity)
    with pytest.raises(ValidationError, match="on or after"):
        services.involvement_feedback(
            actor=commissioner,
            involvement=record,
            feedback="Done",
            given_on=date(2026, 1, 1),
            expected_version=1,
        )
    record = services.involvement_feedback(
        actor=commissioner,
        involvement=record,
        feedback="You said, we did.",
        given_on=date(2026, 7, 1),
        expected_version=1,
    )
    assert record.feedback_given_on == date(2026, 7, 1) and record.version == 2


def test_stale_edit_is_refused(activity, commissioner):
    record = involve(commissioner, activity)
    services.involvement_update(
        actor=commissioner,
        involvement=record,
        step=4,
        data={"title": "Renamed"},
        counts={"parents": 3},
        expected_version=1,
    )
    with pytest.raises(ConflictError):
        services.involvement_update(
            actor=commissioner,
            involvement=record,
            step=4,
            data={"title": "Old"},
            counts={"parents": 3},
            expected_version=1,
        )
    record.refresh_from_db()
    assert record.title == "Renamed" and record.step.number == 4


def test_archive_and_restore_keep_the_record(activity, commissioner):
    record = involve(commissioner, activity)
    services.involvement_archive(actor=commissioner, involvement=record, reason="Entered twice")
    assert Involvement.objects.get(pk=record.pk).is_archived
    services.involvement_restore(actor=commissioner, involvement=Involvement.objects.get(pk=record.pk))
    assert not Involvement.objects.get(pk=record.pk).is_archived


def test_archived_support_cannot_be_given(activity, commissioner, manager):
    childcare = services.support_type_save(
        actor=manager, data={"name": "Childcare", "rate": Decimal("12.50"), "unit": "per hour"}
    )
    services.support_type_archive(actor=manager, support_type=childcare, reason="Replaced")
    childcare.refresh_from_db()
    with pytest.raises(ValidationError, match="no longer in the policy"):
        services.involvement_create(
            actor=commissioner,
            activity=activity,
            step=3,
            counts={"parents": 2},
            support_types=[childcare],
            data={"title": "x", "method": "co_design", "took_place_on": date(2026, 5, 1), "summary": "s"},
        )


def test_only_panel_members_join_panels(manager, commissioner):
    with pytest.raises(ValidationError, match="Only panel members"):
        services.panel_save(actor=manager, data={"name": "Panel"}, members=[commissioner])


@pytest.mark.parametrize(
    ("days", "vcs", "warned"),
    [(89, True, True), (90, True, False), (120, True, False), (30, False, False)],
)
def test_the_90_day_compact_rule(days, vcs, warned):
    start = date(2026, 4, 1)
    warning = consultation_length_warning(
        starts_on=start, ends_on=start + timedelta(days=days - 1), includes_voluntary_sector=vcs
    )
    assert bool(warning) is warned
    if warned:
        assert f"runs for {days} days" in warning and "90 days" in warning


@override_settings(ENGAGEMENT_VCS_CONSULTATION_DAYS=84)
def test_the_minimum_is_local_policy(commissioner):
    consultation = consult(
        commissioner, includes_voluntary_sector=True, starts_on=date(2026, 4, 1), ends_on=date(2026, 6, 23)
    )
    assert consultation.length_days == 84 and consultation.length_warning == ""


def test_short_consultation_is_saved_with_a_warning(commissioner):
    consultation = consult(commissioner, includes_voluntary_sector=True, ends_on=date(2026, 5, 1))
    assert consultation.pk and "31 days" in consultation.length_warning


def test_consultation_rules(commissioner):
    with pytest.raises(ValidationError, match="on or after the start"):
        consult(commissioner, ends_on=date(2026, 3, 1))
    with pytest.raises(ValidationError, match="short question"):
        consult(commissioner, open_to_young_people=True)
    with pytest.raises(ValidationError, match="what changed"):
        consult(commissioner, published_summary="Summary", published_on=date(2026, 8, 1))


def test_responses_are_anonymous_by_default(commissioner, panel_member):
    consultation = consult(commissioner, open_to_young_people=True, question="What matters?")
    anonymous = services.consultation_respond(
        actor=panel_member, consultation=consultation, text="More clubs", today=date(2026, 5, 1)
    )
    named = services.consultation_respond(
        actor=panel_member,
        consultation=consultation,
        text="Later buses",
        give_name=True,
        today=date(2026, 5, 1),
    )
    assert anonymous.respondent is None and named.respondent == panel_member
    with pytest.raises(ValidationError, match="not open"):
        services.consultation_respond(
            actor=panel_member, consultation=consultation, text="Late", today=date(2026, 7, 1)
        )
    with pytest.raises(ValidationError, match="Write your answer"):
        services.consultation_respond(
            actor=panel_member, consultation=consultation, text="  ", today=date(2026, 5, 1)
        )
    assert ConsultationResponse.objects.count() == 2
