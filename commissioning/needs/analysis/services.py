"""Writes for needs analyses and priorities."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse

from commissioning.core.audit import acting_as
from commissioning.core.models import TimelineEvent
from commissioning.core.services import (
    apply_changes,
    record_archive,
    record_restore,
    timeline_record,
    version_check,
)
from commissioning.cycle.models import DocumentType
from commissioning.needs.models import AnalysisStatus, EvidenceSource, NeedsAnalysis, Priority

ANALYSIS_FIELDS = [
    "title",
    "topic",
    "activity",
    "area",
    "sources",
    "findings",
    "vulnerable_groups",
    "unmet_needs",
    "forecast_indicator",
    "forecast_years",
]
PRIORITY_FIELDS = [
    "title",
    "evidence",
    "baseline_indicator",
    "story_behind_baseline",
    "partners",
    "what_works",
    "actions",
]
ASSESS_STEPS = (1, 2, 3)


def _check_analysis(analysis: NeedsAnalysis) -> None:
    errors = {}
    unknown = [code for code in analysis.sources if code not in EvidenceSource.values]
    if unknown:
        errors["sources"] = "Choose evidence sources from the list."
    if not 1 <= (analysis.forecast_years or 0) <= 10:
        errors["forecast_years"] = "Forecast between 1 and 10 years ahead."
    if analysis.activity_id and analysis.activity.is_archived:
        errors["activity"] = "That activity is archived; choose another or none."
    if errors:
        raise ValidationError(errors)
    analysis.full_clean(exclude=["author"])


def _editable(analysis: NeedsAnalysis) -> None:
    if analysis.is_archived:
        raise ValidationError("Restore this needs analysis before changing it.")
    if analysis.status == AnalysisStatus.FINAL:
        raise ValidationError("This needs analysis is final. Reopen it to change it.")


@transaction.atomic
def analysis_create(*, actor, data: dict, indicators=()) -> NeedsAnalysis:
    analysis = NeedsAnalysis(author=actor, **{k: v for k, v in data.items() if k in ANALYSIS_FIELDS})
    _check_analysis(analysis)
    with acting_as(actor):
        analysis.save()
        analysis.indicators.set(indicators)
    timeline_record(
        instance=analysis, actor=actor, verb=TimelineEvent.Verb.CREATED, summary="Needs analysis started"
    )
    return analysis


@transaction.atomic
def analysis_update(
    *, actor, analysis: NeedsAnalysis, data: dict, indicators, expected_version
) -> NeedsAnalysis:
    analysis = NeedsAnalysis.objects.select_for_update().get(pk=analysis.pk)
    version_check(instance=analysis, expected_version=expected_version)
    _editable(analysis)
    changed = apply_changes(instance=analysis, data=data, fields=ANALYSIS_FIELDS)
    _check_analysis(analysis)
    with acting_as(actor):
        if changed:
            analysis.version += 1
            analysis.save()
        analysis.indicators.set(indicators)
    return analysis


def finalise_problems(analysis: NeedsAnalysis) -> list[str]:
    problems = []
    if not analysis.sources:
        problems.append("Say which evidence sources the analysis used.")
    if not analysis.findings.strip():
        problems.append("Write the findings.")
    if not analysis.vulnerable_groups.strip():
        problems.append("Name the vulnerable groups identified, or say that none were.")
    if not analysis.unmet_needs.strip():
        problems.append("Describe the unmet needs and gaps, or say that none were found.")
    if not analysis.priorities.active().exists():
        problems.append("Set at least one priority.")
    return problems


@transaction.atomic
def analysis_finalise(*, actor, analysis: NeedsAnalysis, expected_version) -> NeedsAnalysis:
    """Mark the analysis final. When it informs an activity, it becomes evidence for steps 1 to 3."""
    analysis = NeedsAnalysis.objects.select_for_update().get(pk=analysis.pk)
    version_check(instance=analysis, expected_version=expected_version)
    _editable(analysis)
    problems = finalise_problems(analysis)
    if problems:
        raise ValidationError(problems)
    analysis.status = AnalysisStatus.FINAL
    analysis.version += 1
    with acting_as(actor):
        analysis.save()
    timeline_record(instance=analysis, actor=actor, verb=TimelineEvent.Verb.NOTE, summary="Marked final")
    if analysis.activity_id:
        _attach_to_activity(actor, analysis)
    return analysis


def _attach_to_activity(actor, analysis: NeedsAnalysis) -> None:
    from commissioning.cycle.services import evidence_add

    path = reverse("needs:analysis", args=[analysis.pk])
    for step in analysis.activity.steps.filter(number__in=ASSESS_STEPS):
        if step.evidence.active().filter(record_path=path).exists():
            continue
        evidence_add(
            actor=actor,
            step=step,
            kind="record",
            title=f"Needs analysis: {analysis.title}",
            record_path=path,
            document_type=DocumentType.NEEDS_ASSESSMENT,
        )


@transaction.atomic
def analysis_reopen(*, actor, analysis: NeedsAnalysis, reason: str) -> NeedsAnalysis:
    if not reason.strip():
        raise ValidationError({"reason": "Enter why you are reopening the analysis."})
    analysis = NeedsAnalysis.objects.select_for_update().get(pk=analysis.pk)
    if analysis.status != AnalysisStatus.FINAL:
        raise ValidationError("Only a final needs analysis can be reopened.")
    analysis.status = AnalysisStatus.DRAFT
    analysis.version += 1
    with acting_as(actor):
        analysis.save()
    timeline_record(
        instance=analysis, actor=actor, verb=TimelineEvent.Verb.NOTE, summary=f"Reopened: {reason}"
    )
    return analysis


@transaction.atomic
def analysis_archive(*, actor, analysis: NeedsAnalysis, reason: str) -> NeedsAnalysis:
    if not reason.strip():
        raise ValidationError({"reason": "Enter why you are archiving this needs analysis."})
    analysis = NeedsAnalysis.objects.select_for_update().get(pk=analysis.pk)
    with acting_as(actor):
        record_archive(instance=analysis, actor=actor, reason=reason.strip())
    return analysis


@transaction.atomic
def analysis_restore(*, actor, analysis: NeedsAnalysis) -> NeedsAnalysis:
    analysis = NeedsAnalysis.objects.select_for_update().get(pk=analysis.pk)
    with acting_as(actor):
        record_restore(instance=analysis, actor=actor)
    return analysis


def _check_priority(priority: Priority) -> None:
    if not priority.title.strip():
        raise ValidationError({"title": "Enter the priority."})
    if not priority.evidence.strip():
        raise ValidationError({"evidence": "Give the evidence behind the priority."})
    priority.full_clean()


@transaction.atomic
def priority_create(*, actor, analysis: NeedsAnalysis, data: dict, outcomes=(), indicators=()) -> Priority:
    _editable(analysis)
    last = analysis.priorities.active().order_by("-rank").values_list("rank", flat=True).first() or 0
    priority = Priority(
        analysis=analysis, rank=last + 1, **{k: v for k, v in data.items() if k in PRIORITY_FIELDS}
    )
    _check_priority(priority)
    with acting_as(actor):
        priority.save()
        priority.outcomes.set(outcomes)
        priority.indicators.set(indicators)
    timeline_record(
        instance=analysis,
        actor=actor,
        verb=TimelineEvent.Verb.NOTE,
        summary=f"Priority added: {priority.title}",
    )
    return priority


@transaction.atomic
def priority_update(
    *, actor, priority: Priority, data: dict, outcomes, indicators, expected_version
) -> Priority:
    priority = Priority.objects.select_for_update().select_related("analysis").get(pk=priority.pk)
    version_check(instance=priority, expected_version=expected_version)
    _editable(priority.analysis)
    changed = apply_changes(instance=priority, data=data, fields=PRIORITY_FIELDS)
    _check_priority(priority)
    with acting_as(actor):
        if changed:
            priority.version += 1
            priority.save()
        priority.outcomes.set(outcomes)
        priority.indicators.set(indicators)
    return priority


@transaction.atomic
def priority_move(*, actor, priority: Priority, direction: str) -> Priority:
    """Swap the priority with the one above ("up") or below ("down")."""
    priority = Priority.objects.select_for_update().select_related("analysis").get(pk=priority.pk)
    _editable(priority.analysis)
    siblings = list(priority.analysis.priorities.active().order_by("rank", "id"))
    index = siblings.index(priority)
    other_index = index - 1 if direction == "up" else index + 1
    if direction not in ("up", "down") or not 0 <= other_index < len(siblings):
        raise ValidationError("That priority cannot move further.")
    siblings[index], siblings[other_index] = siblings[other_index], siblings[index]
    with acting_as(actor):
        for rank, sibling in enumerate(siblings, start=1):
            if sibling.rank != rank:
                sibling.rank = rank
                sibling.version += 1
                sibling.save(update_fields=["rank", "version", "updated_at"])
    return Priority.objects.get(pk=priority.pk)


@transaction.atomic
def priority_archive(*, actor, priority: Priority, reason: str) -> Priority:
    if not reason.strip():
        raise ValidationError({"reason": "Enter why you are removing this priority."})
    priority = Priority.objects.select_for_update().select_related("analysis").get(pk=priority.pk)
    _editable(priority.analysis)
    with acting_as(actor):
        record_archive(instance=priority, actor=actor, reason=reason.strip())
    timeline_record(
        instance=priority.analysis,
        actor=actor,
        verb=TimelineEvent.Verb.NOTE,
        summary=f"Priority removed: {priority.title} ({reason.strip()})",
    )
    return priority
