"""Writes for service specifications. Every save of a draft writes a new version; approval freezes a version;
nothing is ever overwritten or deleted."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from commissioning.core.audit import acting_as
from commissioning.core.models import TimelineEvent
from commissioning.core.services import record_archive, record_restore, timeline_record, version_check
from commissioning.procurement.specifications import selectors
from commissioning.procurement.specifications.models import (
    MEASURES_REF,
    OUTCOMES_REF,
    KpiFrequency,
    Specification,
    SpecificationKpi,
    SpecificationSection,
    SpecificationStatus,
    SpecificationVersion,
)

KPI_FIELDS = ("indicator", "measure", "target", "frequency", "source")
PREFILL_NOTE = "Outcomes and performance measures taken from the activity's priorities"
ADD, REPLACE = "add", "replace"


def _kpi_errors(kpis: list[dict]) -> dict[str, str]:
    errors = {}
    for number, row in enumerate(kpis, start=1):
        if not (row.get("measure") or "").strip():
            errors["kpis"] = f"Enter what performance measure {number} measures, or remove the row."
        elif row.get("frequency") and row["frequency"] not in KpiFrequency.values:
            errors["kpis"] = f"Choose how often performance measure {number} is reported from the list."
        elif row.get("indicator") is not None and row["indicator"].is_archived:
            errors["kpis"] = (
                f"The indicator of performance measure {number} has been archived; choose another or none."
            )
        if errors:
            break
    return errors


def _clean_kpis(kpis) -> list[dict]:
    cleaned = []
    for row in kpis:
        item = {name: row.get(name) for name in KPI_FIELDS}
        for name in ("measure", "target", "source", "frequency"):
            item[name] = (item[name] or "").strip()
        cleaned.append(item)
    return cleaned


def _locked(specification: Specification, expected_version: int | None) -> Specification:
    specification = (
        Specification.objects.select_for_update().select_related("activity").get(pk=specification.pk)
    )
    version_check(instance=specification, expected_version=expected_version)
    if specification.is_archived:
        raise ValidationError("Restore this specification before changing it.")
    return specification


def _write_version(
    *, actor, specification: Specification, number: int, change_note: str, sections, kpis, previous=None
) -> SpecificationVersion:
    version = SpecificationVersion.objects.create(
        specification=specification, number=number, change_note=change_note, created_by=actor
    )
    SpecificationSection.objects.bulk_create(
        SpecificationSection(
            version=version, position=position, item=item, ref=item.ref, heading=heading, text=text
        )
        for position, (item, heading, text) in enumerate(sections, start=1)
    )
    snapshots = {}
    if previous is not None:
        snapshots = {kpi.indicator_id: kpi for kpi in previous.kpis.all() if kpi.indicator_id}
    rows = []
    for position, row in enumerate(kpis, start=1):
        kpi = SpecificationKpi(version=version, position=position, **{k: row[k] for k in KPI_FIELDS})
        indicator = row["indicator"]
        if indicator is not None:
            known = snapshots.get(indicator.pk)
            if known is not None:
                kpi.unit, kpi.polarity, kpi.baseline, kpi.england = (
                    known.unit,
                    known.polarity,
                    known.baseline,
                    known.england,
                )
            else:
                baseline, england = selectors.figure_words(indicator, selectors.home_area())
                kpi.unit, kpi.polarity, kpi.baseline, kpi.england = (
                    indicator.unit,
                    indicator.polarity,
                    baseline,
                    england,
                )
        rows.append(kpi)
    SpecificationKpi.objects.bulk_create(rows)
    return version


@transaction.atomic
def specification_start(*, actor, activity, title: str) -> Specification:
    """A new specification with one empty section per heading of the template, as version 1."""
    try:
        items = selectors.template_items()
    except selectors.TemplateNotLoaded as exc:
        raise ValidationError(str(exc)) from exc
    errors = {}
    title = (title or "").strip()
    if not title:
        errors["title"] = "Enter a title for the specification, like the name of the service."
    if activity is None:
        errors["activity"] = "Choose the commissioning activity the specification is for."
    elif activity.is_archived:
        errors["activity"] = "That commissioning activity is archived; restore it or choose another."
    if errors:
        raise ValidationError(errors)
    with acting_as(actor):
        specification = Specification.objects.create(activity=activity, title=title, created_by=actor)
    _write_version(
        actor=actor,
        specification=specification,
        number=1,
        change_note="Started from the Wolverhampton service specification template",
        sections=[(item, item.title, "") for item in items],
        kpis=[],
    )
    timeline_record(
        instance=specification, actor=actor, verb=TimelineEvent.Verb.CREATED, summary="Specification started"
    )
    return specification


def _unchanged(latest: SpecificationVersion, texts: dict[str, str], kpis: list[dict]) -> bool:
    same_text = all(texts.get(s.ref, s.text) == s.text for s in latest.sections.all())
    old = [(k.indicator_id, k.measure, k.target, k.frequency, k.source) for k in latest.kpis.all()]
    new = [
        (
            r["indicator"].pk if r["indicator"] else None,
            r["measure"],
            r["target"],
            r["frequency"],
            r["source"],
        )
        for r in kpis
    ]
    return same_text and old == new


def _save(*, actor, specification, latest, texts, kpis, change_note) -> SpecificationVersion | None:
    if _unchanged(latest, texts, kpis):
        return None
    number = specification.current_number + 1
    version = _write_version(
        actor=actor,
        specification=specification,
        number=number,
        change_note=change_note,
        sections=[(s.item, s.heading, texts.get(s.ref, s.text)) for s in latest.sections.all()],
        kpis=kpis,
        previous=latest,
    )
    was_approved = latest.is_approved
    specification.current_number = number
    specification.status = SpecificationStatus.DRAFT
    specification.version += 1
    with acting_as(actor):
        specification.save()
    started = f" (a new draft after the approved version {latest.number})" if was_approved else ""
    timeline_record(
        instance=specification,
        actor=actor,
        verb=TimelineEvent.Verb.NOTE,
        summary=f"Version {number} saved{started}: {change_note}",
    )
    return version


@transaction.atomic
def specification_save(
    *, actor, specification: Specification, sections: dict[str, str], kpis, change_note: str, expected_version
) -> SpecificationVersion | None:
    """Save the text of the sections and the performance measures as a new draft version; None when nothing
    changed. An approved version is never changed: saving after approval starts a new draft."""
    specification = _locked(specification, expected_version)
    latest = selectors.version_of(specification)
    texts = {ref: (text or "").strip() for ref, text in sections.items()}
    kpis = _clean_kpis(kpis)
    errors = _kpi_errors(kpis)
    change_note = (change_note or "").strip()
    if not change_note:
        errors["change_note"] = "Enter what you changed, in a few words; it is kept with the version."
    unknown = set(texts) - {s.ref for s in latest.sections.all()}
    if unknown:
        errors["sections"] = "The template has no heading " + ", ".join(sorted(unknown)) + "."
    if errors:
        raise ValidationError(errors)
    return _save(
        actor=actor,
        specification=specification,
        latest=latest,
        texts=texts,
        kpis=kpis,
        change_note=change_note,
    )


@transaction.atomic
def specification_prefill(
    *, actor, specification: Specification, mode: str, expected_version
) -> SpecificationVersion | None:
    """Fill the outcomes section and the performance measures from the activity's priorities, as a new version.
    When either already has content, the person chooses to add to it or replace it: nothing is overwritten
    without asking."""
    specification = _locked(specification, expected_version)
    suggestions = selectors.activity_suggestions(specification.activity)
    if suggestions.is_empty:
        raise ValidationError(
            "The activity has no priorities to take outcomes from. Add priorities to its strategy, or finalise "
            "a needs analysis with priorities for it, first."
        )
    latest = selectors.version_of(specification)
    outcomes = next((s for s in latest.sections.all() if s.ref == OUTCOMES_REF), None)
    if outcomes is None:
        raise ValidationError("This specification has no outcomes section to fill.")
    existing_kpis = [{k: getattr(kpi, k) for k in KPI_FIELDS} for kpi in latest.kpis.all()]
    has_content = bool(outcomes.text.strip() or existing_kpis)
    if has_content and mode not in (ADD, REPLACE):
        raise ValidationError(
            {
                "mode": "Choose whether to add the activity's outcomes and measures to what is there, or replace it."
            }
        )
    text = suggestions.outcomes_text()
    new_rows = [kpi.as_row() for kpi in suggestions.kpis]
    if has_content and mode == ADD:
        text = f"{outcomes.text.rstrip()}\n\n{text}" if outcomes.text.strip() else text
        held = {row["indicator"].pk for row in existing_kpis if row["indicator"] is not None}
        new_rows = existing_kpis + [row for row in new_rows if row["indicator"].pk not in held]
    return _save(
        actor=actor,
        specification=specification,
        latest=latest,
        texts={OUTCOMES_REF: text},
        kpis=_clean_kpis(new_rows),
        change_note=PREFILL_NOTE,
    )


def missing_sections(version: SpecificationVersion) -> list[str]:
    """Headings still empty: the performance measures count as written when there are KPI rows."""
    has_kpis = bool(version.kpis.all())
    return [
        s.heading
        for s in version.sections.all()
        if not s.text.strip() and not (s.ref == MEASURES_REF and has_kpis)
    ]


@transaction.atomic
def specification_approve(
    *, actor, specification: Specification, data: dict, expected_version
) -> SpecificationVersion:
    """Record the approval of the latest version, with the body, the decision reference and the date. The
    version is frozen from then on."""
    specification = _locked(specification, expected_version)
    version = selectors.version_of(specification)
    if version.is_approved:
        raise ValidationError(f"Version {version.number} is already approved.")
    errors = {}
    body = (data.get("approved_by_body") or "").strip()
    reference = (data.get("decision_reference") or "").strip()
    approved_on = data.get("approved_on")
    if not body:
        errors["approved_by_body"] = "Enter the board or body that approved the specification."
    if approved_on is None:
        errors["approved_on"] = "Enter the date of the decision."
    elif approved_on > timezone.localdate():
        errors["approved_on"] = "The date of the decision must be today or in the past."
    missing = missing_sections(version)
    if missing:
        errors["__all__"] = (
            f"Write every section before approval: {', '.join(missing)} "
            f"{'is' if len(missing) == 1 else 'are'} empty. Write “Not applicable” where a heading does not apply."
        )
    if errors:
        raise ValidationError(errors)
    version.status = SpecificationStatus.APPROVED
    version.approved_by_body = body
    version.decision_reference = reference
    version.approved_on = approved_on
    version.approval_recorded_by = actor
    version.approval_recorded_at = timezone.now()
    version.save()
    specification.status = SpecificationStatus.APPROVED
    specification.approved_number = version.number
    specification.version += 1
    with acting_as(actor):
        specification.save()
    decision = f", decision {reference}" if reference else ""
    timeline_record(
        instance=specification,
        actor=actor,
        verb=TimelineEvent.Verb.NOTE,
        summary=f"Version {version.number} approved by {body} on {approved_on:%-d %B %Y}{decision}",
    )
    return version


@transaction.atomic
def specification_archive(*, actor, specification: Specification, reason: str) -> Specification:
    if not (reason or "").strip():
        raise ValidationError({"reason": "Enter why you are archiving this specification."})
    specification = Specification.objects.select_for_update().get(pk=specification.pk)
    with acting_as(actor):
        record_archive(instance=specification, actor=actor, reason=reason.strip())
    return specification


@transaction.atomic
def specification_restore(*, actor, specification: Specification) -> Specification:
    specification = Specification.objects.select_for_update().get(pk=specification.pk)
    with acting_as(actor):
        record_restore(instance=specification, actor=actor)
    return specification
