"""Writes for decommissioning a service. The status moves only along the state machine in transitions.py; the
warnings in compliance.py are shown, never enforced."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from commissioning.core.audit import acting_as
from commissioning.core.models import TimelineEvent
from commissioning.core.services import (
    apply_changes,
    record_archive,
    record_restore,
    timeline_record,
    version_check,
)
from commissioning.cycle.decommissioning import transitions
from commissioning.cycle.models import CommissioningActivity, Decommissioning, DecommissioningStatus

# The model has no field for the reason a decommissioning is withdrawn: it is kept in the record's timeline.
WITHDRAWN_PREFIX = "Withdrawn: "
FIELDS = [
    "service_name",
    "provider",
    "rationale",
    "evidence",
    "stakeholder_involvement",
    "impact_assessment",
    "people_affected",
    "consultation_start",
    "consultation_end",
    "notice_date",
    "end_date",
    "transition_plan",
    "lead",
]


def _clean(data: dict) -> dict:
    return {
        name: value.strip() if isinstance(value, str) else value
        for name, value in data.items()
        if name in FIELDS
    }


def _check_activity_open(activity: CommissioningActivity, doing: str) -> None:
    if activity.is_archived:
        raise ValidationError(f"The activity is archived; restore it before {doing}.")


def _date_errors(record: Decommissioning) -> dict[str, str]:
    errors = {}
    start, end = record.consultation_start, record.consultation_end
    if start and not end:
        errors["consultation_end"] = "Enter the date the consultation ends"
    elif end and not start:
        errors["consultation_start"] = "Enter the date the consultation starts"
    elif start and end and end < start:
        errors["consultation_end"] = "The consultation must end on or after the day it starts"
    if record.notice_date and record.end_date and record.end_date < record.notice_date:
        errors["end_date"] = "The service must end on or after the day notice is given"
    return errors


def _check(record: Decommissioning, *, provider_changed: bool, lead_changed: bool) -> None:
    errors = {}
    if not record.service_name:
        errors["service_name"] = "Enter the name of the service that will stop or change"
    if not record.rationale:
        errors["rationale"] = "Enter why the service is being decommissioned"
    provider = record.provider
    if provider is not None and provider_changed and (not provider.is_provider or provider.is_archived):
        errors["provider"] = "Choose an organisation that provides services, from the list"
    if record.lead_id is None:
        errors["lead"] = "Choose who leads the decommissioning"
    elif lead_changed and not record.lead.is_active:
        errors["lead"] = "The lead can no longer sign in; choose someone else"
    if record.people_affected is not None and record.people_affected < 0:
        errors["people_affected"] = "Enter how many children and families use the service, as 0 or more"
    errors |= _date_errors(record)
    for field, message in transitions.kept_conditions_unmet(record, timezone.localdate()).items():
        errors.setdefault(field, message)
    if errors:
        raise ValidationError(errors)
    record.full_clean()


@transaction.atomic
def decommissioning_create(*, actor, activity: CommissioningActivity, data: dict) -> Decommissioning:
    """Propose decommissioning a service under the activity. It starts as proposed."""
    _check_activity_open(activity, "proposing to decommission a service")
    record = Decommissioning(activity=activity, status=DecommissioningStatus.PROPOSED, **_clean(data))
    _check(record, provider_changed=True, lead_changed=True)
    with acting_as(actor):
        record.save()
    timeline_record(
        instance=activity,
        actor=actor,
        verb=TimelineEvent.Verb.NOTE,
        summary=f"Decommissioning proposed: {record.service_name}",
    )
    return record


def _locked(record: Decommissioning) -> Decommissioning:
    return (
        Decommissioning.objects.select_for_update(of=("self",))
        .select_related("activity", "provider", "lead")
        .get(pk=record.pk)
    )


@transaction.atomic
def decommissioning_update(
    *, actor, decommissioning: Decommissioning, data: dict, expected_version: int | None
) -> Decommissioning:
    """Change the details. What the current status needed (for example the notice date once notice is given)
    cannot be removed."""
    record = _locked(decommissioning)
    version_check(instance=record, expected_version=expected_version)
    _check_activity_open(record.activity, "changing its decommissioning")
    if record.is_archived:
        raise ValidationError("This decommissioning is archived; restore it before changing it.")
    changed = apply_changes(instance=record, data=_clean(data), fields=FIELDS)
    _check(record, provider_changed="provider" in changed, lead_changed="lead" in changed)
    if changed:
        record.version += 1
        with acting_as(actor):
            record.save()
    return record


@transaction.atomic
def decommissioning_set_status(
    *, actor, decommissioning: Decommissioning, status: str, reason: str = "", expected_version: int | None
) -> Decommissioning:
    """Move along the state machine. A refusal lists every unmet condition and changes nothing."""
    record = _locked(decommissioning)
    version_check(instance=record, expected_version=expected_version)
    reason = reason.strip()
    problems = transitions.unmet(record, status, reason=reason, today=timezone.localdate())
    if problems:
        raise ValidationError(problems)
    record.status = status
    record.version += 1
    with acting_as(actor):
        record.save()
    label = DecommissioningStatus(status).label
    summary = f"{WITHDRAWN_PREFIX}{reason}" if status == DecommissioningStatus.WITHDRAWN else label
    timeline_record(instance=record, actor=actor, verb=TimelineEvent.Verb.NOTE, summary=summary)
    timeline_record(
        instance=record.activity,
        actor=actor,
        verb=TimelineEvent.Verb.NOTE,
        summary=f"Decommissioning of {record.service_name}: {summary[:1].lower()}{summary[1:]}",
    )
    return record


@transaction.atomic
def decommissioning_archive(*, actor, decommissioning: Decommissioning, reason: str) -> Decommissioning:
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": "Enter why you are archiving this decommissioning."})
    record = _locked(decommissioning)
    _check_activity_open(record.activity, "archiving its decommissioning")
    with acting_as(actor):
        record_archive(instance=record, actor=actor, reason=reason)
    timeline_record(
        instance=record.activity,
        actor=actor,
        verb=TimelineEvent.Verb.NOTE,
        summary=f"Decommissioning of {record.service_name} archived ({reason})",
    )
    return record


@transaction.atomic
def decommissioning_restore(*, actor, decommissioning: Decommissioning) -> Decommissioning:
    record = _locked(decommissioning)
    _check_activity_open(record.activity, "restoring its decommissioning")
    with acting_as(actor):
        record_restore(instance=record, actor=actor)
    timeline_record(
        instance=record.activity,
        actor=actor,
        verb=TimelineEvent.Verb.NOTE,
        summary=f"Decommissioning of {record.service_name} restored",
    )
    return record
