"""Writes for commissioning activities and their steps."""

from datetime import date
from pathlib import Path
from urllib.parse import urlsplit

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import Resolver404, resolve
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
from commissioning.cycle import gates
from commissioning.cycle.evidence import check_upload
from commissioning.cycle.models import (
    STEP_TRANSITIONS,
    ActivityStep,
    Answer,
    CommissioningActivity,
    DocumentType,
    EvidenceKind,
    GateTransition,
    SelfAssessmentAnswer,
    StepEvidence,
    StepStatus,
    Tier,
)
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
    "previous",
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
    previous = activity.previous
    if previous is not None and (previous.pk == activity.pk or previous.cycle_year >= activity.cycle_year):
        errors["previous"] = "Choose an activity from an earlier cycle year."
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


def step_next_statuses(step: ActivityStep) -> list[str]:
    return [status for status in StepStatus.values if status in STEP_TRANSITIONS[step.status]]


@transaction.atomic
def step_set_status(
    *, actor, step: ActivityStep, status: str, reason: str = "", expected_version: int | None
) -> ActivityStep:
    """Move a step to a new status along STEP_TRANSITIONS. Not applicable needs a reason (cleared otherwise);
    completing a step must pass its gate rules, and a refusal lists every unmet condition."""
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
    if status != step.status and status not in STEP_TRANSITIONS[step.status]:
        current, wanted = StepStatus(step.status).label.lower(), StepStatus(status).label.lower()
        hint = " Reopen it first (in progress)." if step.status == StepStatus.COMPLETE else ""
        raise ValidationError({"status": f"A step that is {current} cannot become {wanted}.{hint}"})
    if status == StepStatus.COMPLETE:
        gates.check_gate(step.activity, GateTransition.COMPLETE_STEP, step.number)
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


def _check_record_path(path: str) -> str:
    """A link to a page of this product: its path only, and it must exist."""
    path = path.strip()
    if not path.startswith("/") or path.startswith("//"):
        raise ValidationError(
            {"record_path": "Enter the address of a page in Commissioning Hub, starting with /"}
        )
    parsed = urlsplit(path)
    if parsed.path.startswith(("/api/", "/admin/")):
        raise ValidationError({"record_path": "Link to a page people read, not the API or admin."})
    try:
        resolve(parsed.path)
    except Resolver404 as exc:
        raise ValidationError({"record_path": "There is no page at that address."}) from exc
    return parsed.path + (f"?{parsed.query}" if parsed.query else "")


@transaction.atomic
def evidence_add(
    *,
    actor,
    step: ActivityStep,
    kind: str,
    title: str,
    text: str = "",
    url: str = "",
    record_path: str = "",
    upload=None,
    document_type: str = "",
) -> StepEvidence:
    """Attach evidence to a step. Each kind needs its own content; files are checked before they are stored."""
    if step.activity.is_archived:
        raise ValidationError("The activity is archived; restore it before adding evidence.")
    if not title.strip():
        raise ValidationError({"title": "Enter what this evidence is"})
    if document_type not in DocumentType.values:
        raise ValidationError({"document_type": "Choose a document type from the list"})
    evidence = StepEvidence(
        step=step, kind=kind, title=title.strip(), document_type=document_type, added_by=actor
    )
    if kind == EvidenceKind.TEXT:
        if not text.strip():
            raise ValidationError({"text": "Enter the evidence"})
        evidence.text = text.strip()
    elif kind == EvidenceKind.LINK:
        if not url.strip():
            raise ValidationError({"url": "Enter the web address"})
        evidence.url = url.strip()
    elif kind == EvidenceKind.RECORD:
        evidence.record_path = _check_record_path(record_path)
    elif kind == EvidenceKind.FILE:
        if upload is None:
            raise ValidationError({"file": "Choose a file to upload"})
        evidence.content_type = check_upload(upload)
        evidence.file_name = Path(upload.name).name[:255]
        evidence.file_size = upload.size
    else:
        raise ValidationError({"kind": "Choose what kind of evidence this is"})
    evidence.full_clean(exclude=["file", "added_by"])
    with acting_as(actor):
        if kind == EvidenceKind.FILE:
            evidence.file.save(evidence.file_name, upload, save=False)
        evidence.save()
    timeline_record(
        instance=step.activity,
        actor=actor,
        verb=TimelineEvent.Verb.NOTE,
        summary=f"Evidence added to step {step.number}: {evidence.title}",
    )
    return evidence


@transaction.atomic
def evidence_archive(*, actor, evidence: StepEvidence, reason: str) -> StepEvidence:
    if not reason.strip():
        raise ValidationError({"reason": "Enter why you are removing this evidence."})
    evidence = StepEvidence.objects.select_for_update().select_related("step").get(pk=evidence.pk)
    with acting_as(actor):
        record_archive(instance=evidence, actor=actor, reason=reason.strip())
    timeline_record(
        instance=evidence.step.activity,
        actor=actor,
        verb=TimelineEvent.Verb.NOTE,
        summary=f"Evidence removed from step {evidence.step.number}: {evidence.title} ({reason.strip()})",
    )
    return evidence


SELF_ASSESSMENT = "staffordshire-self-assessment"


def step_questions(step_number: int):
    return FrameworkItem.objects.filter(
        framework__slug=SELF_ASSESSMENT, parent__ref=str(step_number), kind="question"
    ).order_by("sort_key")


@transaction.atomic
def self_assessment_save(*, actor, activity: CommissioningActivity, step_number: int, answers: dict) -> int:
    """Save answers to a step's questions: {question ref: (answer, evidence)}. All or nothing; returns the count.

    A question left unanswered is left as it was. Yes, Partly and Not applicable need evidence (or a reason)."""
    if activity.is_archived:
        raise ValidationError("The activity is archived; restore it before answering the self-assessment.")
    questions = {q.ref: q for q in step_questions(step_number)}
    errors = {}
    cleaned = []
    for ref, (answer, evidence) in answers.items():
        if ref not in questions:
            raise ValidationError(f"Question {ref} is not a question of step {step_number}.")
        if not answer:
            continue
        if answer not in Answer.values:
            errors[f"answer_{ref}"] = f"Question {ref}: choose Yes, No, Partly or Not applicable"
            continue
        evidence = (evidence or "").strip()
        if answer != Answer.NO and not evidence:
            errors[f"evidence_{ref}"] = f"Question {ref}: give the evidence for your answer"
            continue
        cleaned.append((questions[ref], answer, evidence))
    if errors:
        raise ValidationError(errors)
    existing = {a.question_id: a for a in activity.answers.filter(question__in=[q for q, _, _ in cleaned])}
    with acting_as(actor):
        for question, answer, evidence in cleaned:
            record = existing.get(question.pk)
            if record is None:
                SelfAssessmentAnswer.objects.create(
                    activity=activity,
                    question=question,
                    step_number=step_number,
                    answer=answer,
                    evidence=evidence,
                    answered_by=actor,
                )
            elif (record.answer, record.evidence) != (answer, evidence):
                record.answer, record.evidence, record.answered_by = answer, evidence, actor
                record.version += 1
                record.save()
    return len(cleaned)
