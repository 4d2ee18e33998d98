"""The decommissioning state machine: every allowed and every refused transition, and refusals that list every
unmet condition and change nothing."""

import pytest
from django.core.exceptions import ValidationError

from commissioning.core.exceptions import ConflictError
from commissioning.core.models import TimelineEvent
from commissioning.cycle.decommissioning import services, transitions
from commissioning.cycle.decommissioning.selectors import withdrawal_reason
from commissioning.cycle.models import Decommissioning, DecommissioningStatus
from commissioning.cycle.tests.decommissioning.conftest import days, in_status

S = DecommissioningStatus
ALLOWED = {
    (S.PROPOSED, S.AGREED),
    (S.PROPOSED, S.WITHDRAWN),
    (S.AGREED, S.NOTICE_GIVEN),
    (S.AGREED, S.WITHDRAWN),
    (S.NOTICE_GIVEN, S.COMPLETED),
    (S.NOTICE_GIVEN, S.WITHDRAWN),
}
EVERY_PAIR = [(current, wanted) for current in S.values for wanted in S.values]
REFUSALS = {
    (S.PROPOSED, S.PROPOSED): "The decommissioning is already proposed.",
    (S.PROPOSED, S.NOTICE_GIVEN): "A decommissioning that is proposed cannot become notice given: it must be "
    "agreed first.",
    (
        S.PROPOSED,
        S.COMPLETED,
    ): "A decommissioning that is proposed cannot become completed: it must be agreed, "
    "and then notice must be given to the provider first.",
    (
        S.AGREED,
        S.PROPOSED,
    ): "A decommissioning that is agreed cannot go back to proposed. Withdraw it and start "
    "a new one if the plan has changed.",
    (S.AGREED, S.AGREED): "The decommissioning is already agreed.",
    (
        S.AGREED,
        S.COMPLETED,
    ): "A decommissioning that is agreed cannot become completed: notice must be given to "
    "the provider first.",
    (
        S.NOTICE_GIVEN,
        S.PROPOSED,
    ): "A decommissioning that is notice given cannot go back to proposed. Withdraw "
    "it and start a new one if the plan has changed.",
    (
        S.NOTICE_GIVEN,
        S.AGREED,
    ): "A decommissioning that is notice given cannot go back to agreed. Withdraw it "
    "and start a new one if the plan has changed.",
    (S.NOTICE_GIVEN, S.NOTICE_GIVEN): "The decommissioning is already notice given.",
}


def test_the_table_of_transitions():
    assert {(c, w) for c, targets in transitions.ALLOWED.items() for w in targets} == ALLOWED


@pytest.mark.parametrize(("current", "wanted"), sorted(ALLOWED))
def test_allowed_transition(commissioner, activity, complete, current, wanted):
    record = in_status(complete, current)
    moved = services.decommissioning_set_status(
        actor=commissioner,
        decommissioning=record,
        status=wanted,
        reason="Funding restored",
        expected_version=None,
    )
    assert moved.status == wanted
    assert Decommissioning.objects.get(pk=record.pk).status == wanted
    label = S(wanted).label
    activity_events = TimelineEvent.objects.filter(
        object_id=str(activity.pk), content_type__model="commissioningactivity"
    ).values_list("summary", flat=True)
    expected = "withdrawn: Funding restored" if wanted == S.WITHDRAWN else label.lower()
    assert f"Decommissioning of Family support outreach service: {expected}" in activity_events


@pytest.mark.parametrize(("current", "wanted"), [pair for pair in EVERY_PAIR if pair not in ALLOWED])
def test_refused_transition_changes_nothing(commissioner, complete, current, wanted):
    record = in_status(complete, current)
    version = record.version
    with pytest.raises(ValidationError) as excinfo:
        services.decommissioning_set_status(
            actor=commissioner, decommissioning=record, status=wanted, reason="Because", expected_version=None
        )
    [message] = excinfo.value.message_dict["status"]
    if current == S.COMPLETED:
        assert message == "A completed decommissioning cannot change status: the service has ended."
    elif current == S.WITHDRAWN:
        assert message.startswith("A withdrawn decommissioning cannot change status.")
    else:
        assert message == REFUSALS[(current, wanted)]
    record.refresh_from_db()
    assert (record.status, record.version) == (current, version)


def test_agreeing_lists_every_missing_detail_and_changes_nothing(commissioner, proposed):
    proposed.transition_plan = ""
    with pytest.raises(ValidationError) as excinfo:
        services.decommissioning_set_status(
            actor=commissioner, decommissioning=proposed, status=S.AGREED, expected_version=proposed.version
        )
    assert excinfo.value.message_dict["status"] == [
        "Record the evidence behind the decision.",
        "Record how children, families, providers and partners were involved.",
        "Record the impact on the children and families who use the service.",
        "Record the transition plan: how the children and families affected will be supported through the "
        "change.",
    ]
    proposed.refresh_from_db()
    assert proposed.status == S.PROPOSED
    assert proposed.version == 1


def test_agreeing_with_only_the_transition_plan_missing(commissioner, activity, proposal_data):
    from commissioning.cycle.tests.decommissioning.conftest import AGREEMENT_DETAILS

    record = services.decommissioning_create(
        actor=commissioner,
        activity=activity,
        data=proposal_data | AGREEMENT_DETAILS | {"transition_plan": ""},
    )
    with pytest.raises(ValidationError) as excinfo:
        services.decommissioning_set_status(
            actor=commissioner, decommissioning=record, status=S.AGREED, expected_version=None
        )
    assert excinfo.value.message_dict["status"] == [
        "Record the transition plan: how the children and families affected will be supported through the change."
    ]


def test_giving_notice_needs_both_dates(commissioner, complete, today):
    record = in_status(complete, S.AGREED, notice_date=None, end_date=None)
    with pytest.raises(ValidationError) as excinfo:
        services.decommissioning_set_status(
            actor=commissioner, decommissioning=record, status=S.NOTICE_GIVEN, expected_version=None
        )
    assert excinfo.value.message_dict["status"] == [
        "Record the date notice is given to the provider.",
        "Record the date the service ends.",
    ]
    record = in_status(record, S.AGREED, notice_date=today, end_date=None)
    with pytest.raises(ValidationError) as excinfo:
        services.decommissioning_set_status(
            actor=commissioner, decommissioning=record, status=S.NOTICE_GIVEN, expected_version=None
        )
    assert excinfo.value.message_dict["status"] == ["Record the date the service ends."]


def test_completing_needs_the_end_date_to_have_come(commissioner, complete, today):
    record = in_status(complete, S.NOTICE_GIVEN, notice_date=today - days(100), end_date=today + days(1))
    with pytest.raises(ValidationError) as excinfo:
        services.decommissioning_set_status(
            actor=commissioner, decommissioning=record, status=S.COMPLETED, expected_version=None
        )
    [message] = excinfo.value.message_dict["status"]
    assert (
        message
        == f"The service ends on {today + days(1):%-d %B %Y}: it can be marked completed from that day."
    )
    record = in_status(record, S.NOTICE_GIVEN, end_date=today)
    moved = services.decommissioning_set_status(
        actor=commissioner, decommissioning=record, status=S.COMPLETED, expected_version=None
    )
    assert moved.status == S.COMPLETED


def test_withdrawing_needs_a_reason_which_is_kept(commissioner, proposed):
    with pytest.raises(ValidationError) as excinfo:
        services.decommissioning_set_status(
            actor=commissioner,
            decommissioning=proposed,
            status=S.WITHDRAWN,
            reason="  ",
            expected_version=None,
        )
    assert excinfo.value.message_dict == {"reason": ["Give the reason the decommissioning is withdrawn."]}
    proposed.refresh_from_db()
    assert proposed.status == S.PROPOSED
    withdrawn = services.decommissioning_set_status(
        actor=commissioner,
        decommissioning=proposed,
        status=S.WITHDRAWN,
        reason="The board asked for the service to continue for another year.",
        expected_version=None,
    )
    assert withdrawal_reason(withdrawn) == "The board asked for the service to continue for another year."


def test_an_archived_record_or_activity_lists_every_problem(commissioner, activity, proposed):
    proposed = in_status(proposed, S.PROPOSED, archived_at=proposed.created_at)
    activity.archived_at = activity.created_at
    activity.save()
    proposed.refresh_from_db()
    with pytest.raises(ValidationError) as excinfo:
        services.decommissioning_set_status(
            actor=commissioner, decommissioning=proposed, status=S.AGREED, expected_version=None
        )
    messages = excinfo.value.message_dict["status"]
    assert messages[:2] == [
        "The activity is archived: restore it before changing its decommissioning.",
        "This decommissioning is archived: restore it before changing its status.",
    ]
    assert "Record the evidence behind the decision." in messages


def test_an_unknown_status_is_refused(commissioner, proposed):
    with pytest.raises(ValidationError) as excinfo:
        services.decommissioning_set_status(
            actor=commissioner, decommissioning=proposed, status="paused", expected_version=None
        )
    assert excinfo.value.message_dict["status"] == ["Choose a status from the list."]


def test_a_stale_version_is_refused(commissioner, complete):
    with pytest.raises(ConflictError):
        services.decommissioning_set_status(
            actor=commissioner,
            decommissioning=complete,
            status=S.AGREED,
            expected_version=complete.version + 1,
        )


def test_condition_results_say_what_is_met(proposed, today):
    results = transitions.condition_results(proposed, S.AGREED, today)
    assert [(c.label, message is None) for c, message in results] == [
        ("The reason for decommissioning is recorded", True),
        ("The evidence behind the decision is recorded", False),
        ("How children, families, providers and partners were involved is recorded", False),
        ("The impact on children and families is assessed", False),
        ("The transition plan is recorded", False),
    ]
    assert transitions.next_statuses(proposed) == (S.AGREED, S.WITHDRAWN)
