"""Writes for involvement, the reward and recognition policy, panels and consultations."""

from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction

from commissioning.core.audit import acting_as
from commissioning.core.exceptions import ConflictError
from commissioning.core.models import TimelineEvent
from commissioning.core.services import (
    apply_changes,
    record_archive,
    record_restore,
    timeline_record,
    version_check,
)
from commissioning.cycle.models import ActivityStep, CommissioningActivity
from commissioning.engagement.models import (
    Consultation,
    ConsultationResponse,
    Group,
    Involvement,
    InvolvementCount,
    Panel,
    SupportType,
)

INVOLVEMENT_FIELDS = [
    "title",
    "method",
    "took_place_on",
    "panel",
    "in_decision",
    "summary",
    "support_cost",
    "training",
    "accredited",
    "feedback",
    "feedback_given_on",
]
CONSULTATION_FIELDS = [
    "title",
    "activity",
    "owner",
    "purpose",
    "audience",
    "includes_voluntary_sector",
    "open_to_young_people",
    "question",
    "starts_on",
    "ends_on",
    "channels",
    "responses_summary",
    "what_changed",
    "published_summary",
    "published_on",
]


def _clean_counts(counts: dict) -> dict[str, int]:
    cleaned = {}
    for group, number in (counts or {}).items():
        if group not in Group.values:
            raise ValidationError({"counts": f"{group!r} is not a group the partnership records."})
        if number is None or number == 0:
            continue
        if not isinstance(number, int) or number < 0:
            raise ValidationError(
                {f"count_{group}": f"Enter the number of {Group(group).label.lower()} as a whole number"}
            )
        cleaned[group] = number
    if not cleaned:
        raise ValidationError({"counts": "Enter how many people took part in at least one group"})
    return cleaned


def _step_of(activity: CommissioningActivity, step) -> ActivityStep:
    if isinstance(step, ActivityStep):
        if step.activity_id != activity.pk:
            raise ValidationError({"step": "Choose a step of this activity."})
        return step
    found = activity.steps.filter(number=step).first()
    if found is None:
        raise ValidationError({"step": "Choose a step from 1 to 9."})
    return found


def _save_counts(involvement: Involvement, counts: dict[str, int]) -> None:
    involvement.counts.all().delete()
    InvolvementCount.objects.bulk_create(
        InvolvementCount(involvement=involvement, group=group, number=number)
        for group, number in counts.items()
    )


def _check_support(support_types) -> list[SupportType]:
    support_types = list(support_types or [])
    archived = [s.name for s in support_types if s.is_archived]
    if archived:
        raise ValidationError({"support_types": f"{', '.join(archived)} is no longer in the policy."})
    return support_types


@transaction.atomic
def involvement_create(
    *, actor, activity: CommissioningActivity, step, data: dict, counts: dict, support_types=()
) -> Involvement:
    """Record involvement in a step of an activity: numbers by group, how, support, training, feedback."""
    if activity.is_archived:
        raise ValidationError("This activity is archived. Restore it before recording involvement.")
    counts = _clean_counts(counts)
    support_types = _check_support(support_types)
    involvement = Involvement(
        activity=activity,
        step=_step_of(activity, step),
        recorded_by=actor,
        **{k: v for k, v in data.items() if k in INVOLVEMENT_FIELDS},
    )
    if involvement.support_cost is None:
        involvement.support_cost = Decimal("0")
    involvement.full_clean()
    with acting_as(actor):
        involvement.save()
        involvement.support_types.set(support_types)
        _save_counts(involvement, counts)
    timeline_record(
        instance=involvement,
        actor=actor,
        verb=TimelineEvent.Verb.CREATED,
        summary=f"Involvement recorded in step {involvement.step.number}: {involvement.groups_label}",
    )
    return involvement


@transaction.atomic
def involvement_update(
    *,
    actor,
    involvement: Involvement,
    step,
    data: dict,
    counts: dict,
    support_types=(),
    expected_version: int | None,
) -> Involvement:
    involvement = Involvement.objects.select_for_update().select_related("activity").get(pk=involvement.pk)
    version_check(instance=involvement, expected_version=expected_version)
    if involvement.is_archived:
        raise ValidationError("This record is archived. Restore it before changing it.")
    counts = _clean_counts(counts)
    support_types = _check_support(support_types)
    involvement.step = _step_of(involvement.activity, step)
    changed = apply_changes(instance=involvement, data=data, fields=INVOLVEMENT_FIELDS)
    involvement.full_clean()
    involvement.version += 1
    with acting_as(actor):
        involvement.save()
        involvement.support_types.set(support_types)
        _save_counts(involvement, counts)
    timeline_record(
        instance=involvement,
        actor=actor,
        verb=TimelineEvent.Verb.UPDATED,
        summary=f"Changed: {', '.join(changed)}" if changed else "Numbers or support changed",
    )
    return involvement


@transaction.atomic
def involvement_feedback(
    *, actor, involvement: Involvement, feedback: str, given_on: date, expected_version: int | None
) -> Involvement:
    """Record the "you said, we did" feedback given back to the people who took part."""
    involvement = Involvement.objects.select_for_update().get(pk=involvement.pk)
    version_check(instance=involvement, expected_version=expected_version)
    if not feedback.strip():
        raise ValidationError({"feedback": "Enter what you told them back"})
    if given_on is None:
        raise ValidationError({"feedback_given_on": "Enter the date the feedback was given"})
    involvement.feedback = feedback.strip()
    involvement.feedback_given_on = given_on
    involvement.full_clean()
    involvement.version += 1
    with acting_as(actor):
        involvement.save()
    timeline_record(
        instance=involvement,
        actor=actor,
        verb=TimelineEvent.Verb.UPDATED,
        summary=f"Feedback (you said, we did) given on {given_on:%-d %B %Y}",
    )
    return involvement


def involvement_archive(*, actor, involvement: Involvement, reason: str) -> Involvement:
    with transaction.atomic(), acting_as(actor):
        record_archive(instance=involvement, actor=actor, reason=reason)
    return involvement


def involvement_restore(*, actor, involvement: Involvement) -> Involvement:
    with transaction.atomic(), acting_as(actor):
        record_restore(instance=involvement, actor=actor)
    return involvement


# The reward and recognition policy ---------------------------------------------------------------------------


@transaction.atomic
def support_type_save(*, actor, data: dict, support_type: SupportType | None = None, expected_version=None):
    fields = ["name", "description", "rate", "unit"]
    if support_type is None:
        support_type = SupportType(**{k: data.get(k, "") for k in fields})
        verb, summary = TimelineEvent.Verb.CREATED, "Added to the reward and recognition policy"
    else:
        support_type = SupportType.objects.select_for_update().get(pk=support_type.pk)
        version_check(instance=support_type, expected_version=expected_version)
        changed = apply_changes(instance=support_type, data=data, fields=fields)
        support_type.version += 1
        verb, summary = TimelineEvent.Verb.UPDATED, f"Changed: {', '.join(changed) or 'nothing'}"
    if SupportType.objects.exclude(pk=support_type.pk).filter(name__iexact=support_type.name).exists():
        raise ValidationError({"name": "The policy already has support with this name"})
    support_type.full_clean()
    with acting_as(actor):
        support_type.save()
    timeline_record(instance=support_type, actor=actor, verb=verb, summary=summary)
    return support_type


def support_type_archive(*, actor, support_type: SupportType, reason: str) -> SupportType:
    with transaction.atomic(), acting_as(actor):
        record_archive(instance=support_type, actor=actor, reason=reason)
    return support_type


def support_type_restore(*, actor, support_type: SupportType) -> SupportType:
    if SupportType.objects.active().filter(name__iexact=support_type.name).exists():
        raise ValidationError("The policy already has support with this name. Rename that one first.")
    with transaction.atomic(), acting_as(actor):
        record_restore(instance=support_type, actor=actor)
    return support_type


# Panels --------------------------------------------------------------------------------------------------------


@transaction.atomic
def panel_save(*, actor, data: dict, members=(), panel: Panel | None = None, expected_version=None) -> Panel:
    from commissioning.organisations import roles
    from commissioning.organisations.models import Role

    not_members = [str(u) for u in members if Role.PANEL_MEMBER not in roles.roles_of(u)]
    if not_members:
        raise ValidationError({"members": f"Only panel members can join a panel: {', '.join(not_members)}"})
    if panel is None:
        panel = Panel(name=data.get("name", ""), description=data.get("description", ""))
        verb, summary = TimelineEvent.Verb.CREATED, "Panel added"
    else:
        panel = Panel.objects.select_for_update().get(pk=panel.pk)
        version_check(instance=panel, expected_version=expected_version)
        apply_changes(instance=panel, data=data, fields=["name", "description"])
        panel.version += 1
        verb, summary = TimelineEvent.Verb.UPDATED, "Panel changed"
    if Panel.objects.exclude(pk=panel.pk).filter(name__iexact=panel.name).exists():
        raise ValidationError({"name": "There is already a panel with this name"})
    panel.full_clean()
    with acting_as(actor):
        panel.save()
        panel.members.set(members)
    timeline_record(instance=panel, actor=actor, verb=verb, summary=f"{summary}: {len(members)} members")
    return panel


# Consultations ----------------------------------------------------------------------------------------------


def _check_consultation(consultation: Consultation) -> None:
    if consultation.open_to_young_people and not consultation.question.strip():
        raise ValidationError({"question": "Write the short question young people will be asked"})
    if consultation.published_on and not consultation.what_changed.strip():
        raise ValidationError({"what_changed": "Say what changed as a result before publishing the summary"})


@transaction.atomic
def consultation_create(*, actor, data: dict) -> Consultation:
    consultation = Consultation(**{k: v for k, v in data.items() if k in CONSULTATION_FIELDS})
    consultation.full_clean()
    _check_consultation(consultation)
    with acting_as(actor):
        consultation.save()
    timeline_record(
        instance=consultation, actor=actor, verb=TimelineEvent.Verb.CREATED, summary="Consultation added"
    )
    return consultation


@transaction.atomic
def consultation_update(
    *, actor, consultation: Consultation, data: dict, expected_version: int | None
) -> Consultation:
    consultation = Consultation.objects.select_for_update().get(pk=consultation.pk)
    version_check(instance=consultation, expected_version=expected_version)
    if consultation.is_archived:
        raise ValidationError("This consultation is archived. Restore it before changing it.")
    changed = apply_changes(instance=consultation, data=data, fields=CONSULTATION_FIELDS)
    consultation.full_clean()
    _check_consultation(consultation)
    consultation.version += 1
    with acting_as(actor):
        consultation.save()
    timeline_record(
        instance=consultation,
        actor=actor,
        verb=TimelineEvent.Verb.UPDATED,
        summary=f"Changed: {', '.join(changed)}" if changed else "Saved with no changes",
    )
    return consultation


def consultation_archive(*, actor, consultation: Consultation, reason: str) -> Consultation:
    with transaction.atomic(), acting_as(actor):
        record_archive(instance=consultation, actor=actor, reason=reason)
    return consultation


def consultation_restore(*, actor, consultation: Consultation) -> Consultation:
    with transaction.atomic(), acting_as(actor):
        record_restore(instance=consultation, actor=actor)
    return consultation


@transaction.atomic
def consultation_respond(
    *, actor, consultation: Consultation, text: str, give_name: bool = False, today: date
) -> ConsultationResponse:
    """Record a response. Anonymous by default: the person is kept only if they chose to give their name."""
    consultation = Consultation.objects.select_for_update().get(pk=consultation.pk)
    if consultation.is_archived or consultation.status_on(today) != "open":
        raise ConflictError("This consultation is not open for answers now.")
    if not text.strip():
        raise ValidationError({"text": "Write your answer"})
    if len(text) > 5000:
        raise ValidationError({"text": "Your answer must be 5,000 characters or fewer"})
    response = ConsultationResponse(
        consultation=consultation, text=text.strip(), respondent=actor if give_name else None
    )
    response.full_clean()
    response.save()  # not attributed in the audit log unless they gave their name
    return response
