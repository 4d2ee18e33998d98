from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from commissioning.core.exceptions import ConflictError
from commissioning.core.models import TimelineEvent
from commissioning.cycle.tests.factories import ActivityFactory
from commissioning.governance import selectors, services
from commissioning.governance.models import Decision
from commissioning.governance.tests.conftest import decision_data
from commissioning.organisations.tests.factories import OrganisationFactory


def test_an_amount_equal_to_the_highest_limit_is_within_authority(manager, seated_group):
    decision = services.decision_record(
        actor=manager, body=seated_group, data=decision_data(amount=Decimal("250000.00"))
    )
    assert decision.within_authority is True
    assert decision.authority_limit == Decimal("250000.00")
    assert decision.authority_acknowledgement == ""


def test_an_amount_a_penny_above_the_limit_is_refused_without_acknowledgement(manager, seated_group):
    with pytest.raises(ValidationError) as exc:
        services.decision_record(
            actor=manager, body=seated_group, data=decision_data(amount=Decimal("250000.01"))
        )
    message = exc.value.message_dict["amount"][0]
    assert "£250,000.01" in message and "£250,000.00" in message
    assert not Decision.objects.exists()


def test_above_authority_is_recorded_and_flagged_with_acknowledgement(manager, seated_group):
    activity = ActivityFactory()
    decision = services.decision_record(
        actor=manager,
        body=seated_group,
        data=decision_data(amount=Decimal("400000")),
        record=activity,
        acknowledge_above_authority="  Ratified by the council's Executive.  ",
    )
    assert decision.within_authority is False
    assert decision.authority_acknowledgement == "Ratified by the council's Executive."
    assert decision.record == activity
    # The record's own history says a decision was taken on it.
    assert TimelineEvent.objects.filter(object_id=str(activity.pk), summary__contains="CG-2026-001").exists()


def test_no_amount_is_within_authority_and_a_body_without_limits_has_none(manager, group):
    assert services.decision_record(actor=manager, body=group, data=decision_data()).within_authority
    with pytest.raises(ValidationError):
        services.decision_record(
            actor=manager, body=group, data=decision_data(reference="CG-2", amount=Decimal("0.01"))
        )


def test_a_member_who_left_no_longer_counts_towards_authority(manager, seated_group):
    chair = seated_group.members.get(position="chair")
    services.member_archive(actor=manager, member=chair, reason="Left the council")
    assert services.authority_limit(seated_group) == Decimal("50000.00")


def test_board_members_record_decisions_only_for_bodies_they_sit_on(
    seated_group, board, board_member, other_board_member
):
    assert services.decision_record(actor=board_member, body=seated_group, data=decision_data())
    with pytest.raises(ValidationError) as exc:
        services.decision_record(
            actor=other_board_member, body=seated_group, data=decision_data(reference="X-1")
        )
    assert "do not sit on" in exc.value.message_dict["body"][0]
    with pytest.raises(ValidationError):
        services.decision_record(actor=board_member, body=board, data=decision_data(reference="X-2"))


def test_a_decision_cannot_name_a_meeting_of_another_body(manager, seated_group, board):
    other = services.meeting_create(actor=manager, body=board, data={"held_on": date(2026, 10, 1)})
    with pytest.raises(ValidationError) as exc:
        services.decision_record(actor=manager, body=seated_group, data=decision_data(meeting=other))
    assert "meeting" in exc.value.message_dict


def test_only_allowed_records_can_be_linked(manager, meeting):
    organisation = OrganisationFactory()
    with pytest.raises(ValidationError) as exc:
        services.agenda_item_add(
            actor=manager, meeting=meeting, data={"title": "Bad", "kind": "record"}, record=organisation
        )
    assert "cannot be linked" in exc.value.message_dict["record"][0]
    with pytest.raises(ValidationError):
        services.record_from_key("organisations.organisation:1")
    with pytest.raises(ValidationError):
        services.record_from_key("cycle.commissioningactivity:999999")
    activity = ActivityFactory()
    assert services.record_from_key(f"cycle.commissioningactivity:{activity.pk}") == activity


def test_agenda_items_number_themselves_and_refuse_a_taken_number(manager, meeting):
    first = services.agenda_item_add(actor=manager, meeting=meeting, data={"title": "Minutes"})
    second = services.agenda_item_add(
        actor=manager, meeting=meeting, data={"title": "Dashboard", "kind": "performance"}
    )
    assert (first.order, second.order) == (1, 2)
    with pytest.raises(ValidationError) as exc:
        services.agenda_item_add(actor=manager, meeting=meeting, data={"title": "Again", "order": 2})
    assert "already on the agenda" in exc.value.message_dict["order"][0]
    with pytest.raises(ValidationError) as exc:
        services.agenda_item_add(
            actor=manager, meeting=meeting, data={"title": "No record", "kind": "record"}
        )
    assert "record" in exc.value.message_dict


def test_minutes_are_approved_at_a_later_meeting_of_the_same_body_and_then_locked(manager, meeting, board):
    with pytest.raises(ValidationError):
        services.minutes_approve(actor=manager, meeting=meeting, approved_at=meeting)
    services.minutes_record(
        actor=manager, meeting=meeting, minutes="Agreed.", expected_version=meeting.version
    )
    elsewhere = services.meeting_create(actor=manager, body=board, data={"held_on": date(2026, 12, 1)})
    with pytest.raises(ValidationError):
        services.minutes_approve(actor=manager, meeting=meeting, approved_at=elsewhere)
    earlier = services.meeting_create(actor=manager, body=meeting.body, data={"held_on": date(2026, 10, 1)})
    with pytest.raises(ValidationError):
        services.minutes_approve(actor=manager, meeting=meeting, approved_at=earlier)
    later = services.meeting_create(actor=manager, body=meeting.body, data={"held_on": date(2026, 12, 7)})
    services.minutes_approve(actor=manager, meeting=meeting, approved_at=later)
    meeting.refresh_from_db()
    assert meeting.minutes_approved_at == later
    with pytest.raises(ValidationError):
        services.minutes_record(
            actor=manager, meeting=meeting, minutes="Changed", expected_version=meeting.version
        )


def test_stale_edits_are_refused(manager, meeting):
    services.meeting_update(actor=manager, meeting=meeting, data={"location": "Room 1"}, expected_version=1)
    with pytest.raises(ConflictError):
        services.meeting_update(
            actor=manager, meeting=meeting, data={"location": "Room 2"}, expected_version=1
        )


def test_a_body_cannot_report_to_its_own_sub_group(manager, board, group):
    with pytest.raises(ValidationError) as exc:
        services.body_update(
            actor=manager, body=board, data={"parent": group}, expected_version=board.version
        )
    assert "parent" in exc.value.message_dict


def test_attendance_only_for_members(manager, meeting, board, council):
    outsider = services.member_add(
        actor=manager,
        body=board,
        data={"role_title": "Outsider", "organisation": council, "delegated_limit": 0},
    )
    member = meeting.body.members.first()
    with pytest.raises(ValidationError):
        services.attendance_record(actor=manager, meeting=meeting, statuses={outsider.pk: "present"})
    services.attendance_record(actor=manager, meeting=meeting, statuses={member.pk: "apologies"})
    services.attendance_record(actor=manager, meeting=meeting, statuses={member.pk: "present"})
    assert [(r.member, r.status) for r in meeting.attendance.all()] == [(member, "present")]


def test_progress_report_covers_sub_groups_and_updates_since_the_last_meeting(
    manager, meeting, sub_group, board
):
    group = meeting.body
    previous = services.meeting_create(actor=manager, body=group, data={"held_on": date(2026, 9, 7)})
    action = services.action_create(
        actor=manager,
        data={
            "reference": "ap-1",
            "title": "Map pooled budgets",
            "owner_body": sub_group,
            "due_on": date(2026, 10, 1),
        },
    )
    services.action_create(
        actor=manager,
        data={"reference": "AP-2", "title": "Board's own", "owner_body": board, "due_on": date(2027, 1, 1)},
    )
    for written_on, note in [
        (date(2026, 9, 1), "Before"),
        (date(2026, 10, 1), "Between"),
        (date(2026, 11, 20), "After"),
    ]:
        action.refresh_from_db()
        services.action_progress(
            actor=manager,
            action=action,
            written_on=written_on,
            status="at_risk",
            note=note,
            expected_version=action.version,
        )
    report = selectors.progress_report(meeting)
    assert report["since"] == previous
    [(body, actions)] = report["groups"]
    assert body == sub_group and actions[0].reference == "AP-1"
    assert [u.note for u in actions[0].recent] == ["Between"]
    assert report["overdue_count"] == 1


def test_progress_needs_a_note(manager, sub_group):
    action = services.action_create(
        actor=manager,
        data={"reference": "AP-9", "title": "T", "owner_body": sub_group, "due_on": date(2026, 1, 1)},
    )
    with pytest.raises(ValidationError) as exc:
        services.action_progress(
            actor=manager,
            action=action,
            written_on=date(2026, 1, 1),
            status="on_track",
            note=" ",
            expected_version=1,
        )
    assert "note" in exc.value.message_dict
    assert not action.updates.exists()


def test_bodies_come_from_the_governance_framework_once(manager):
    from django.core.management import call_command

    with pytest.raises(ValidationError):
        services.bodies_from_framework(actor=manager)
    call_command("load_frameworks")
    created = services.bodies_from_framework(actor=manager)
    by_ref = {b.framework_ref: b for b in created}
    assert by_ref["trust-board"].body_type == "board"
    assert by_ref["pooled-aligned-budgets-sub-group"].parent == by_ref["commissioning-group"]
    assert by_ref["overview-scrutiny"].role.startswith("Under the statutory guidance 2009")
    assert services.bodies_from_framework(actor=manager) == []
