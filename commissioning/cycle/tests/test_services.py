from datetime import date

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import ValidationError
from django.core.management import call_command

from commissioning.core.exceptions import ConflictError
from commissioning.cycle import services
from commissioning.cycle.models import ActivityStep, StepStatus
from commissioning.cycle.tests.factories import ActivityFactory
from commissioning.organisations.tests.factories import OrganisationFactory


def data(commissioner, council, **changes):
    return {
        "title": "Early help redesign",
        "kind": "service_redesign",
        "purpose": "Reach families earlier.",
        "service_area": "early_help",
        "lead_commissioner": commissioner,
        "lead_organisation": council,
        "level": "strategic",
        "tiers": ["universal", "targeted"],
        "integration_approach": "joint",
        "cycle_year": 2026,
        **changes,
    }


def test_create_makes_nine_steps_with_timetable_dates_and_guidance(commissioner, council):
    call_command("load_frameworks")
    activity = services.activity_create(actor=commissioner, data=data(commissioner, council))
    steps = list(activity.steps.order_by("number"))
    assert [s.number for s in steps] == list(range(1, 10))
    assert steps[0].due_date == date(2026, 6, 30) and steps[8].due_date == date(2027, 3, 31)
    assert steps[0].guidance.title == "Look at outcomes for children and young people"
    assert all(s.status == StepStatus.NOT_STARTED for s in steps)
    assert LogEntry.objects.get_for_object(activity).get().actor == commissioner


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"tiers": ["everyone"]}, "tiers", "Choose tiers"),
        ({"cycle_year": 1999}, "cycle_year", "greater than or equal to 2000"),
        ({"service_area": "space"}, "service_area", "not a valid choice"),
        ({"title": ""}, "title", "cannot be blank"),
    ],
)
def test_create_rejects_bad_input_and_writes_nothing(commissioner, council, changes, field, message):
    with pytest.raises(ValidationError) as excinfo:
        services.activity_create(actor=commissioner, data=data(commissioner, council, **changes))
    assert message in " ".join(excinfo.value.message_dict[field])
    assert not ActivityStep.objects.exists()


def test_lead_organisation_and_partners_must_be_partners(commissioner, council):
    provider = OrganisationFactory()
    with pytest.raises(ValidationError, match="must be a partner"):
        services.activity_create(actor=commissioner, data=data(commissioner, provider))
    with pytest.raises(ValidationError, match="Partners involved must be partner organisations"):
        services.activity_create(actor=commissioner, data=data(commissioner, council), partners=[provider])


def test_changing_the_year_moves_timetable_dates_but_keeps_changed_ones(commissioner, council):
    activity = services.activity_create(actor=commissioner, data=data(commissioner, council))
    step2 = activity.steps.get(number=2)
    services.step_set_due_date(actor=commissioner, step=step2, due_date=date(2026, 5, 15), expected_version=1)
    services.activity_update(
        actor=commissioner,
        activity=activity,
        data={"cycle_year": 2027},
        partners=[],
        outcomes=[],
        expected_version=1,
    )
    assert activity.steps.get(number=1).due_date == date(2027, 6, 30)
    assert activity.steps.get(number=2).due_date == date(2026, 5, 15)


def test_stale_activity_edit_is_refused(commissioner, council):
    activity = ActivityFactory(lead_organisation=council, lead_commissioner=commissioner)
    services.activity_update(
        actor=commissioner,
        activity=activity,
        data={"title": "Mine"},
        partners=[],
        outcomes=[],
        expected_version=1,
    )
    with pytest.raises(ConflictError):
        services.activity_update(
            actor=commissioner,
            activity=activity,
            data={"title": "Theirs"},
            partners=[],
            outcomes=[],
            expected_version=1,
        )


def test_step_statuses_and_not_applicable_reason(commissioner, council):
    activity = services.activity_create(actor=commissioner, data=data(commissioner, council))
    step = activity.steps.get(number=3)
    step = services.step_set_status(actor=commissioner, step=step, status="in_progress", expected_version=1)
    assert step.started_at is not None and step.completed_at is None
    step = services.step_set_status(actor=commissioner, step=step, status="complete", expected_version=2)
    assert step.completed_at is not None
    step = services.step_set_status(actor=commissioner, step=step, status="in_progress", expected_version=3)
    assert step.completed_at is None
    with pytest.raises(ValidationError, match="does not apply"):
        services.step_set_status(actor=commissioner, step=step, status="not_applicable", expected_version=4)
    step = services.step_set_status(
        actor=commissioner,
        step=step,
        status="not_applicable",
        reason="Individual package",
        expected_version=4,
    )
    assert step.not_applicable_reason == "Individual package" and step.completed_at is None
    step = services.step_set_status(actor=commissioner, step=step, status="in_progress", expected_version=5)
    assert step.not_applicable_reason == ""
    with pytest.raises(ConflictError):
        services.step_set_status(actor=commissioner, step=step, status="complete", expected_version=1)


def test_archived_activity_steps_cannot_change(commissioner, council):
    activity = services.activity_create(actor=commissioner, data=data(commissioner, council))
    services.activity_archive(actor=commissioner, activity=activity, reason="Merged into another activity")
    with pytest.raises(ValidationError, match="archived"):
        services.step_set_status(
            actor=commissioner, step=activity.steps.get(number=1), status="complete", expected_version=1
        )
