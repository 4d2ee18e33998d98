"""Writes for commissioning activities and their steps."""

from datetime import date

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
from commissioning.cycle.models import ActivityStep, CommissioningActivity, StepStatus, Tier
from commissioning.cycle.timetable import step_due_date
from commissioning.frameworks.models import FrameworkItem

CYCLE_FRAMEWORK = "dcsf-nine-step-cycle"
ACTIVITY_FIELDS = [
    "title",
    "kind",
    "purpose",
    "service_area",
    "lead_commissioner",
    "lead_organisation",
    "level",
    "tiers",
    "integration_approach",
    "cycle_year",
    "status",
]


def _check_people_and_organisations(activity: CommissioningActivity, partners) -> None:
    errors = {}
    if activity.lead_organisation_id and not activity.lead_organisation.is_partner:
        errors["lead_organisation"] = "The lead organisation must be a partner of the partnership."
    if activity.lead_organisation_id and activity.lead_organisation.is_archived:
        errors["lead_organisation"] = "The lead organisation is archived."
    if activity.lead_commissioner_id and not activity.lead_commissioner.is_active:
        errors["lead_commissioner"] = "The lead commissioner can no longer sign in; choose someone else."
    unknown_tiers = [tier for tier in activity.tiers if tier not in Tier.values]
    if unknown_tiers:
        errors["tiers"] = "Choose tiers from the list."
    if any(not partner.is_partner for partner in partners):
        errors["partners"] = "Partners involved must be partner organisations."
    if errors:
        raise ValidationError(errors)


def _guidance_items() -> dict[int, FrameworkItem]:
    items = FrameworkItem.objects.filter(framework__slug=CYCLE_FRAMEWORK, kind="step")
    return {int(item.ref): item for item in items if item.ref.isdigit()}


@transaction.atomic
def activity_create(*, actor, data: dict, partners=(), outcomes=()) -> CommissioningActivity:
    """Create an activity with its nine steps, due by the annual timetable of its cycle year."""
    activity = CommissioningActivity(**{k: v for k, v in data.items() if k in ACTIVITY_FIELDS})
    activity.full_clean()
    _check_people_and_organisations(activity, partners)
    with acting_as(actor):
        activity.save()
        activity.partners.set(partners)
        activity.outcomes.set(outcomes)
        guidance = _guidance_items()
        ActivityStep.objects.bulk_create(
            ActivityStep(
                activity=activity,
                number=number,
                guidance=guidance.get(number),
                due_date=step_due_date(number, activity.cycle_year),
            )
            for number in range(1, 10)
        )
    timeline_record(
        instance=activity, actor=actor, verb=TimelineEvent.Verb.CREATED, summary="Activity created"
    )
    return activity


@transaction.atomic
def activity_update(
    *, actor, activity: CommissioningActivity, data: dict, partners, outcomes, expected_version: int | None
) -> CommissioningActivity:
    activity = CommissioningActivity.objects.select_for_update().get(pk=activity.pk)
    version_check(instance=activity, expected_version=expected_version)
    if activity.is_archived:
        raise ValidationError("Restore this activity before changing it.")
    old_year = activity.cycle_year
    changed = apply_changes(instance=activity, data=data, fields=ACTIVITY_FIELDS)
    activity.full_clean()
    _check_people_and_organisations(activity, partners)
    with acting_as(actor):
        if changed:
            activity.version += 1
            activity.save()
        activity.partners.set(partners)
        activity.outcomes.set(outcomes)
        if activity.cycle_year != old_year:
            _move_due_dates(activity, old_year)
    return activity


def _move_due_dates(activity: CommissioningActivity, old_year: int) -> None:
    """Steps still on the timetable's date follow the new cycle year; dates someone changed are kept."""
    for step in activity.steps.all():
        if step.due_date == step_due_date(step.number, old_year):
            step.due_date = step_due_date(step.number, activity.cycle_year)
            step.version += 1
            step.save()


@transaction.atomic
def activity_archive(*, actor, activity: CommissioningActivity, reason: str) -> CommissioningActivity:
    if not reason.strip():
        raise ValidationError({"reason": "Enter why you are archiving this activity."})
    activity = CommissioningActivity.objects.select_for_update().get(pk=activity.pk)
    with acting_as(actor):
        record_archive(instance=activity, actor=actor, reason=reason.strip())
    return activity


@transaction.atomic
def activity_restore(*, actor, activity: CommissioningActivity) -> CommissioningActivity:
    activity = CommissioningActivity.objects.select_for_update().get(pk=activity.pk)
    with acting_as(actor):
        record_restore(instance=activity, actor=actor)
    return activity


@transaction.atomic
def step_set_status(
    *, actor, step: ActivityStep, status: str, reason: str = "", expected_version: int | None
) -> ActivityStep:
    """Move a step to a new status. Not applicable needs a reason; the reason is cleared otherwise."""
    step = ActivityStep.objects.select_for_update().select_related("activity").get(pk=step.pk)
    version_check(instance=step, expected_version=expected_version)
    if step.activity.is_archived:
        raise ValidationError("The activity is archived; restore it before changing its steps.")
    if status not in StepStatus.values:
        raise ValidationError({"status": "Choose a status from the list."})
    reason = reason.strip()
    if status == StepStatus.NOT_APPLICABLE and not reason:
        raise ValidationError({"reason": "Enter why this step does not apply to the activity."})
    if status == step.status and (
        status != StepStatus.NOT_APPLICABLE or reason == step.not_applicable_reason
    ):
        return step
    now = timezone.now()
    step.status = status
    step.not_applicable_reason = reason if status == StepStatus.NOT_APPLICABLE else ""
    if status == StepStatus.IN_PROGRESS and step.started_at is None:
        step.started_at = now
    step.completed_at = now if status == StepStatus.COMPLETE else None
    step.version += 1
    with acting_as(actor):
        step.save()
    return step


@transaction.atomic
def step_set_due_date(
    *, actor, step: ActivityStep, due_date: date, expected_version: int | None
) -> ActivityStep:
    step = ActivityStep.objects.select_for_update().get(pk=step.pk)
    version_check(instance=step, expected_version=expected_version)
    if step.due_date != due_date:
        step.due_date = due_date
        step.version += 1
        with acting_as(actor):
            step.save()
    return step
