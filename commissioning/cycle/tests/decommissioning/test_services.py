from datetime import date

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import ValidationError

from commissioning.core.exceptions import ConflictError
from commissioning.core.models import TimelineEvent
from commissioning.cycle.decommissioning import services
from commissioning.cycle.models import Decommissioning, DecommissioningStatus
from commissioning.cycle.tests.decommissioning.conftest import in_status
from commissioning.organisations.models import Role
from commissioning.organisations.tests.factories import PartnerFactory, person_with_role


def activity_timeline(activity) -> list[str]:
    return list(
        TimelineEvent.objects.filter(object_id=str(activity.pk), content_type__model="commissioningactivity")
        .order_by("pk")
        .values_list("summary", flat=True)
    )


def test_a_proposal_starts_proposed_and_is_on_the_activity_timeline(commissioner, activity, proposed):
    assert proposed.status == DecommissioningStatus.PROPOSED
    assert proposed.lead == commissioner
    assert "Decommissioning proposed: Family support outreach service" in activity_timeline(activity)
    assert LogEntry.objects.get_for_object(proposed).get().actor == commissioner


def test_a_proposal_needs_a_service_a_reason_and_a_lead(commissioner, activity, proposal_data):
    with pytest.raises(ValidationError) as excinfo:
        services.decommissioning_create(
            actor=commissioner,
            activity=activity,
            data=proposal_data | {"service_name": " ", "rationale": "", "lead": None},
        )
    assert excinfo.value.message_dict == {
        "service_name": ["Enter the name of the service that will stop or change"],
        "rationale": ["Enter why the service is being decommissioned"],
        "lead": ["Choose who leads the decommissioning"],
    }
    assert not Decommissioning.objects.exists()


def test_the_provider_must_be_a_provider_organisation(commissioner, activity, proposal_data, charity):
    for organisation in (PartnerFactory(name="Testshire Police"), charity):
        if organisation == charity:
            charity.archived_at = charity.created_at
            charity.save()
        with pytest.raises(ValidationError) as excinfo:
            services.decommissioning_create(
                actor=commissioner, activity=activity, data=proposal_data | {"provider": organisation}
            )
        assert excinfo.value.message_dict["provider"] == [
            "Choose an organisation that provides services, from the list"
        ]


def test_the_lead_must_be_able_to_sign_in(commissioner, activity, proposal_data):
    gone = person_with_role(Role.COMMISSIONER, username="gone")
    gone.is_active = False
    gone.save()
    with pytest.raises(ValidationError) as excinfo:
        services.decommissioning_create(
            actor=commissioner, activity=activity, data=proposal_data | {"lead": gone}
        )
    assert "lead" in excinfo.value.message_dict


@pytest.mark.parametrize(
    ("dates", "field", "message"),
    [
        (
            {"consultation_start": date(2026, 6, 1)},
            "consultation_end",
            "Enter the date the consultation ends",
        ),
        (
            {"consultation_end": date(2026, 6, 1)},
            "consultation_start",
            "Enter the date the consultation starts",
        ),
        (
            {"consultation_start": date(2026, 6, 2), "consultation_end": date(2026, 6, 1)},
            "consultation_end",
            "The consultation must end on or after the day it starts",
        ),
        (
            {"notice_date": date(2026, 6, 2), "end_date": date(2026, 6, 1)},
            "end_date",
            "The service must end on or after the day notice is given",
        ),
    ],
)
def test_dates_must_make_sense(commissioner, activity, proposal_data, dates, field, message):
    with pytest.raises(ValidationError) as excinfo:
        services.decommissioning_create(actor=commissioner, activity=activity, data=proposal_data | dates)
    assert excinfo.value.message_dict[field] == [message]
    assert not Decommissioning.objects.exists()


def test_same_day_consultation_and_end_on_the_notice_day_are_allowed(commissioner, activity, proposal_data):
    record = services.decommissioning_create(
        actor=commissioner,
        activity=activity,
        data=proposal_data
        | {
            "consultation_start": date(2026, 6, 1),
            "consultation_end": date(2026, 6, 1),
            "notice_date": date(2026, 7, 1),
            "end_date": date(2026, 7, 1),
        },
    )
    assert record.pk


def test_no_proposal_on_an_archived_activity(commissioner, activity, proposal_data):
    activity.archived_at = activity.created_at
    activity.save()
    with pytest.raises(ValidationError, match="The activity is archived"):
        services.decommissioning_create(actor=commissioner, activity=activity, data=proposal_data)


def test_update_checks_the_version_and_saves_changes(commissioner, proposed):
    with pytest.raises(ConflictError):
        services.decommissioning_update(
            actor=commissioner, decommissioning=proposed, data={"evidence": "New"}, expected_version=5
        )
    updated = services.decommissioning_update(
        actor=commissioner, decommissioning=proposed, data={"evidence": " New evidence "}, expected_version=1
    )
    assert updated.evidence == "New evidence"
    assert updated.version == 2
    same = services.decommissioning_update(
        actor=commissioner, decommissioning=updated, data={"evidence": "New evidence"}, expected_version=2
    )
    assert same.version == 2


def test_what_the_status_needed_cannot_be_removed(commissioner, complete):
    record = in_status(complete, DecommissioningStatus.NOTICE_GIVEN)
    with pytest.raises(ValidationError) as excinfo:
        services.decommissioning_update(
            actor=commissioner,
            decommissioning=record,
            data={"transition_plan": "", "notice_date": None},
            expected_version=None,
        )
    assert excinfo.value.message_dict == {
        "transition_plan": [
            "Record the transition plan: how the children and families affected will be supported through the "
            "change: a decommissioning that is notice given needs it."
        ],
        "notice_date": [
            "Record the date notice is given to the provider: a decommissioning that is notice given needs it."
        ],
    }
    record.refresh_from_db()
    assert record.transition_plan


def test_a_proposal_may_have_its_details_cleared(commissioner, complete):
    updated = services.decommissioning_update(
        actor=commissioner, decommissioning=complete, data={"transition_plan": ""}, expected_version=None
    )
    assert updated.transition_plan == ""


def test_an_archived_decommissioning_cannot_be_changed_until_restored(commissioner, activity, proposed):
    with pytest.raises(ValidationError) as excinfo:
        services.decommissioning_archive(actor=commissioner, decommissioning=proposed, reason="")
    assert "reason" in excinfo.value.message_dict
    services.decommissioning_archive(actor=commissioner, decommissioning=proposed, reason="Proposed twice")
    proposed.refresh_from_db()
    assert proposed.is_archived
    with pytest.raises(ValidationError, match="archived"):
        services.decommissioning_update(
            actor=commissioner, decommissioning=proposed, data={"evidence": "x"}, expected_version=None
        )
    services.decommissioning_restore(actor=commissioner, decommissioning=proposed)
    proposed.refresh_from_db()
    assert not proposed.is_archived
    timeline = activity_timeline(activity)
    assert "Decommissioning of Family support outreach service archived (Proposed twice)" in timeline
    assert "Decommissioning of Family support outreach service restored" in timeline
