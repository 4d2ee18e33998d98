"""Writes for maturity assessments: every dimension of the matrix rated with its evidence, all or nothing."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from commissioning.assurance.maturity.models import (
    Approach,
    Dimension,
    MaturityAssessment,
    MaturityRating,
    SubjectKind,
)
from commissioning.core.audit import acting_as
from commissioning.core.models import TimelineEvent
from commissioning.core.services import record_archive, record_restore, timeline_record, version_check


def key(dimension: str) -> str:
    """The form field suffix for a dimension."""
    return dimension.replace("-", "_")


def _rating_errors(ratings: dict[str, tuple[str, str]]) -> dict[str, str]:
    errors = {}
    for dimension, label in Dimension.choices:
        approach, evidence = ratings.get(dimension, ("", ""))
        if approach not in Approach.values:
            errors[f"approach_{key(dimension)}"] = f"Choose the approach reached for {label.lower()}"
        if not (evidence or "").strip():
            errors[f"evidence_{key(dimension)}"] = f"Enter the evidence for {label.lower()}"
    return errors


def _validate(*, subject_kind, activity, assessed_on, assessor, ratings, today, exclude_pk=None) -> None:
    errors: dict[str, str] = {}
    if subject_kind not in SubjectKind.values:
        errors["subject_kind"] = "Choose what is assessed"
    elif subject_kind == SubjectKind.ACTIVITY and activity is None:
        errors["activity"] = "Choose the commissioning activity assessed"
    if activity is not None and activity.is_archived:
        errors["activity"] = "This commissioning activity is archived"
    if assessed_on is None:
        errors["assessed_on"] = "Enter the date of the assessment"
    elif assessed_on > today:
        errors["assessed_on"] = "The date of the assessment must be today or in the past"
    if assessor is None:
        errors["assessor"] = "Select the assessor"
    errors.update(_rating_errors(ratings))
    if not errors:
        same = MaturityAssessment.objects.active().filter(
            assessed_on=assessed_on, activity=activity if subject_kind == SubjectKind.ACTIVITY else None
        )
        if exclude_pk:
            same = same.exclude(pk=exclude_pk)
        if same.exists():
            errors["assessed_on"] = (
                "This subject already has an assessment on that date: change that one instead"
            )
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def assessment_create(
    *,
    actor,
    subject_kind: str,
    activity=None,
    assessed_on: date | None,
    assessor,
    summary: str = "",
    ratings: dict[str, tuple[str, str]],
    today: date | None = None,
) -> MaturityAssessment:
    """`ratings` maps each dimension to (approach, evidence); every dimension must be rated."""
    today = today or timezone.localdate()
    if subject_kind == SubjectKind.PARTNERSHIP:
        activity = None
    _validate(
        subject_kind=subject_kind,
        activity=activity,
        assessed_on=assessed_on,
        assessor=assessor,
        ratings=ratings,
        today=today,
    )
    assessment = MaturityAssessment(
        subject_kind=subject_kind,
        activity=activity,
        assessed_on=assessed_on,
        assessor=assessor,
        summary=(summary or "").strip(),
    )
    with acting_as(actor):
        assessment.save()
        for dimension in Dimension.values:
            approach, evidence = ratings[dimension]
            MaturityRating.objects.create(
                assessment=assessment, dimension=dimension, approach=approach, evidence=evidence.strip()
            )
    timeline_record(
        instance=assessment, actor=actor, verb=TimelineEvent.Verb.CREATED, summary="Assessment recorded"
    )
    return assessment


@transaction.atomic
def assessment_update(
    *,
    actor,
    assessment: MaturityAssessment,
    expected_version: int | None,
    assessed_on: date | None,
    assessor,
    summary: str = "",
    ratings: dict[str, tuple[str, str]],
    today: date | None = None,
) -> MaturityAssessment:
    today = today or timezone.localdate()
    version_check(instance=assessment, expected_version=expected_version)
    if assessment.is_archived:
        raise ValidationError("This assessment is archived: restore it before changing it.")
    _validate(
        subject_kind=assessment.subject_kind,
        activity=assessment.activity,
        assessed_on=assessed_on,
        assessor=assessor,
        ratings=ratings,
        today=today,
        exclude_pk=assessment.pk,
    )
    moves = []
    with acting_as(actor):
        assessment.assessed_on = assessed_on
        assessment.assessor = assessor
        assessment.summary = (summary or "").strip()
        assessment.version += 1
        assessment.save()
        existing = {r.dimension: r for r in assessment.ratings.all()}
        for dimension, label in Dimension.choices:
            approach, evidence = ratings[dimension]
            rating = existing.get(dimension) or MaturityRating(assessment=assessment, dimension=dimension)
            if rating.pk and rating.approach != approach:
                moves.append(
                    f"{label}: {rating.get_approach_display().lower()} to {Approach(approach).label.lower()}"
                )
            if rating.approach != approach or rating.evidence != evidence.strip():
                rating.approach = approach
                rating.evidence = evidence.strip()
                rating.save()
    if moves:
        timeline_record(
            instance=assessment,
            actor=actor,
            verb=TimelineEvent.Verb.NOTE,
            summary="Changed " + "; ".join(moves),
        )
    return assessment


def assessment_archive(*, actor, assessment: MaturityAssessment, reason: str) -> MaturityAssessment:
    with transaction.atomic(), acting_as(actor):
        record_archive(instance=assessment, actor=actor, reason=reason)
    return assessment


def assessment_restore(*, actor, assessment: MaturityAssessment) -> MaturityAssessment:
    with transaction.atomic(), acting_as(actor):
        record_restore(instance=assessment, actor=actor)
    return assessment
