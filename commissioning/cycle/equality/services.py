"""Writes for equality impact assessments."""

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
from commissioning.cycle.equality import transitions
from commissioning.cycle.models import (
    CommissioningActivity,
    EqualityGroup,
    EqualityImpact,
    EqualityImpactAssessment,
    EqualityScale,
    EqualityStatus,
    ImpactKind,
    Level,
)

DETAIL_FIELDS = [
    "scale",
    "lead",
    "scope",
    "evidence_summary",
    "consultation_start",
    "consultation_end",
    "consultation_summary",
    "amendments",
    "conclusion",
    "conclusion_reasons",
    "review_date",
]


def suggested_scale(activity: CommissioningActivity) -> str:
    """Proportionate to size: a screening for an individual package, a full assessment otherwise."""
    return EqualityScale.SCREENING if activity.level == Level.INDIVIDUAL else EqualityScale.FULL


def _note(assessment, actor, summary):
    timeline_record(instance=assessment.activity, actor=actor, verb=TimelineEvent.Verb.NOTE, summary=summary)


def _check_editable(assessment: EqualityImpactAssessment) -> None:
    if assessment.activity.is_archived:
        raise ValidationError("The activity is archived; restore it before changing its assessment.")
    if assessment.is_archived:
        raise ValidationError("This assessment is archived; restore it before changing it.")
    if assessment.status == EqualityStatus.FINAL:
        raise ValidationError("This assessment is final. Reopen it (amended) to change it.")


@transaction.atomic
def assessment_start(*, actor, activity: CommissioningActivity, data: dict) -> EqualityImpactAssessment:
    if activity.is_archived:
        raise ValidationError("The activity is archived; restore it before starting an assessment.")
    if EqualityImpactAssessment.objects.filter(activity=activity).exists():
        raise ValidationError("This activity already has an equality impact assessment.")
    assessment = EqualityImpactAssessment(
        activity=activity,
        scale=data.get("scale") or suggested_scale(activity),
        lead=data.get("lead"),
        scope=data.get("scope", ""),
    )
    assessment.full_clean(exclude=["activity"])
    with acting_as(actor):
        assessment.save()
    _note(assessment, actor, f"Equality impact assessment started ({assessment.get_scale_display().lower()})")
    return assessment


@transaction.atomic
def assessment_update(
    *, actor, assessment: EqualityImpactAssessment, data: dict, expected_version
) -> EqualityImpactAssessment:
    assessment = (
        EqualityImpactAssessment.objects.select_for_update().select_related("activity").get(pk=assessment.pk)
    )
    version_check(instance=assessment, expected_version=expected_version)
    _check_editable(assessment)
    changed = apply_changes(instance=assessment, data=data, fields=DETAIL_FIELDS)
    assessment.full_clean(exclude=["activity"])
    if changed:
        assessment.version += 1
        with acting_as(actor):
            assessment.save()
    return assessment


@transaction.atomic
def impacts_record(*, actor, assessment: EqualityImpactAssessment, impacts: dict) -> int:
    """Record the judgement for groups: {group: {impact, evidence, mitigation, mitigation_owner, mitigation_due}}.

    All or nothing. A group left without an impact is left as it was. Returns how many groups were saved."""
    assessment = (
        EqualityImpactAssessment.objects.select_for_update().select_related("activity").get(pk=assessment.pk)
    )
    _check_editable(assessment)
    errors = {}
    cleaned = []
    for group, values in impacts.items():
        if group not in EqualityGroup.values:
            raise ValidationError(f"{group} is not one of the groups.")
        kind = values.get("impact") or ""
        if not kind:
            continue
        label = EqualityGroup(group).label
        if kind not in ImpactKind.values:
            errors[f"impact_{group}"] = f"{label}: choose the impact from the list"
            continue
        evidence = (values.get("evidence") or "").strip()
        if kind == ImpactKind.NEGATIVE and not evidence:
            errors[f"evidence_{group}"] = f"{label}: give the evidence for the negative impact"
            continue
        cleaned.append((group, kind, evidence, values))
    if errors:
        raise ValidationError(errors)
    existing = {impact.group: impact for impact in assessment.impacts.all()}
    with acting_as(actor):
        for group, kind, evidence, values in cleaned:
            record = existing.get(group) or EqualityImpact(assessment=assessment, group=group)
            fields = {
                "impact": kind,
                "evidence": evidence,
                "mitigation": (values.get("mitigation") or "").strip(),
                "mitigation_owner": (values.get("mitigation_owner") or "").strip(),
                "mitigation_due": values.get("mitigation_due"),
            }
            if record.pk and all(getattr(record, k) == v for k, v in fields.items()):
                continue
            for name, value in fields.items():
                setattr(record, name, value)
            if record.pk:
                record.version += 1
            record.save()
    return len(cleaned)


@transaction.atomic
def assessment_move(
    *, actor, assessment: EqualityImpactAssessment, status: str, reason: str = "", today: date | None = None
) -> EqualityImpactAssessment:
    """Move to a new status; a refusal lists every unmet condition and changes nothing."""
    assessment = (
        EqualityImpactAssessment.objects.select_for_update().select_related("activity").get(pk=assessment.pk)
    )
    if assessment.activity.is_archived or assessment.is_archived:
        raise ValidationError("Restore the activity and the assessment before changing its status.")
    reopening = assessment.status == EqualityStatus.FINAL
    if reopening and not reason.strip():
        raise ValidationError({"reason": "Enter why you are reopening the assessment."})
    problems = transitions.unmet(
        assessment, status, list(assessment.impacts.all()), today or timezone.localdate()
    )
    if problems:
        raise ValidationError({"status": problems})
    assessment.status = status
    if status == EqualityStatus.FINAL:
        assessment.finalised_at, assessment.finalised_by = timezone.now(), actor
    assessment.version += 1
    with acting_as(actor):
        assessment.save()
    summary = f"Equality impact assessment is now {assessment.get_status_display().lower()}"
    _note(assessment, actor, f"{summary} (reopened: {reason.strip()})" if reopening else summary)
    return assessment


@transaction.atomic
def assessment_archive(
    *, actor, assessment: EqualityImpactAssessment, reason: str
) -> EqualityImpactAssessment:
    if not reason.strip():
        raise ValidationError({"reason": "Enter why you are archiving this assessment."})
    assessment = EqualityImpactAssessment.objects.select_for_update().get(pk=assessment.pk)
    with acting_as(actor):
        record_archive(instance=assessment, actor=actor, reason=reason.strip())
    return assessment


@transaction.atomic
def assessment_restore(*, actor, assessment: EqualityImpactAssessment) -> EqualityImpactAssessment:
    assessment = EqualityImpactAssessment.objects.select_for_update().get(pk=assessment.pk)
    with acting_as(actor):
        record_restore(instance=assessment, actor=actor)
    return assessment
