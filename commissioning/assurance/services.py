"""Writes for quality assurance: the programme, audits and their ratings, evidence and actions, the sector's
comments on the standards and each framework's review date. Every write is checked, versioned, audited and
written to the record's history."""

from datetime import date
from pathlib import Path
from urllib.parse import urlsplit

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import Resolver404, resolve
from django.utils import timezone

from commissioning.assurance.evidence import audit_scope, live_evidence
from commissioning.assurance.models import (
    FIRST_YEAR,
    LAST_YEAR,
    NEEDS_ACTION,
    ActionStatus,
    Assessment,
    Audit,
    AuditAction,
    AuditStatus,
    EvidenceFile,
    Programme,
    Rating,
    StandardComment,
    StandardsReview,
    default_period,
    year_label,
)
from commissioning.core.audit import acting_as
from commissioning.core.models import TimelineEvent
from commissioning.core.services import (
    apply_changes,
    record_archive,
    record_restore,
    timeline_record,
    version_check,
)
from commissioning.cycle.evidence import check_upload
from commissioning.organisations import roles

PROGRAMME_FIELDS = ["financial_year", "title", "notes", "agreed_on"]
AUDIT_FIELDS = ["framework", "service_area", "quarter", "auditor", "period_start", "period_end"]
ASSESSMENT_FIELDS = ["rating", "evidence", "evidence_links", "source_role", "confirmed_by", "confirmed_on"]
ACTION_FIELDS = ["description", "owner", "due_on"]


def _long(day: date) -> str:
    return f"{day:%-d %B %Y}"


def _name(user) -> str:
    return user.get_full_name() or user.get_username()


def _clean(instance, errors: dict | None = None, exclude=None) -> None:
    errors = dict(errors or {})
    try:
        instance.full_clean(exclude=exclude, validate_unique=False, validate_constraints=False)
    except ValidationError as exc:
        for field, messages in exc.message_dict.items():
            errors.setdefault(field, messages)
    if errors:
        raise ValidationError(errors)


def _save(instance, actor, message: str):
    """Save, turning a database constraint that another request beat us to into a clear error."""
    try:
        with transaction.atomic(), acting_as(actor):
            instance.save()
    except IntegrityError as exc:
        raise ValidationError(message) from exc


def _check_partnership_person(user, field: str, what: str, errors: dict) -> None:
    if user is not None and not roles.has_partnership_role(user):
        errors[field] = f"Choose someone who works for the partnership as the {what}"


# The programme ----------------------------------------------------------------------------------------------


def _check_programme(programme: Programme) -> None:
    errors = {}
    year = programme.financial_year
    if year is None or not FIRST_YEAR <= year <= LAST_YEAR:
        errors["financial_year"] = f"Enter a financial year between {FIRST_YEAR} and {LAST_YEAR}"
    elif Programme.objects.active().filter(financial_year=year).exclude(pk=programme.pk).exists():
        errors["financial_year"] = (
            f"There is already a programme for {year_label(year)}. Change that one instead"
        )
    _clean(programme, errors)


@transaction.atomic
def programme_create(*, actor, data: dict) -> Programme:
    programme = Programme(**{k: v for k, v in data.items() if k in PROGRAMME_FIELDS})
    if not programme.title and programme.financial_year:
        programme.title = f"Quality assurance programme {year_label(programme.financial_year)}"
    _check_programme(programme)
    _save(programme, actor, "There is already a programme for that year.")
    timeline_record(
        instance=programme,
        actor=actor,
        verb=TimelineEvent.Verb.CREATED,
        summary=f"Programme {programme} set up",
    )
    return programme


@transaction.atomic
def programme_update(*, actor, programme: Programme, data: dict, expected_version: int | None) -> Programme:
    programme = Programme.objects.select_for_update().get(pk=programme.pk)
    version_check(instance=programme, expected_version=expected_version)
    changed = apply_changes(instance=programme, data=data, fields=PROGRAMME_FIELDS)
    if not changed:
        return programme
    if "financial_year" in changed and programme.audits.exists():
        raise ValidationError(
            {
                "financial_year": "The programme has audits planned, so its year cannot change. Set up a new one"
            }
        )
    _check_programme(programme)
    programme.version += 1
    _save(programme, actor, "There is already a programme for that year.")
    return programme


def programme_archive(*, actor, programme: Programme, reason: str) -> Programme:
    with transaction.atomic(), acting_as(actor):
        programme = Programme.objects.select_for_update().get(pk=programme.pk)
        if programme.audits.active().filter(status=AuditStatus.IN_PROGRESS).exists():
            raise ValidationError("An audit in this programme is in progress. Complete or archive it first.")
        record_archive(instance=programme, actor=actor, reason=reason)
    return programme


def programme_restore(*, actor, programme: Programme) -> Programme:
    with transaction.atomic(), acting_as(actor):
        programme = Programme.objects.select_for_update().get(pk=programme.pk)
        if Programme.objects.active().filter(financial_year=programme.financial_year).exists():
            raise ValidationError(
                f"There is already a live programme for {programme.year_label}. Archive it before restoring this one."
            )
        record_restore(instance=programme, actor=actor)
    return programme


# Audits -----------------------------------------------------------------------------------------------------


def _check_audit(audit: Audit) -> None:
    errors = {}
    if audit.framework_id and audit.framework.kind != "standards":
        errors["framework"] = "Choose a standards framework"
    if audit.auditor_id:
        _check_partnership_person(audit.auditor, "auditor", "auditor", errors)
    if audit.period_start and audit.period_end and audit.period_end < audit.period_start:
        errors["period_end"] = "The end of the period must be on or after its start"
    if (
        audit.framework_id
        and audit.service_area
        and Audit.objects.active()
        .filter(programme=audit.programme, framework=audit.framework, service_area=audit.service_area)
        .exclude(pk=audit.pk)
        .exists()
    ):
        errors["service_area"] = (
            f"The programme already has an audit of {audit.get_service_area_display().lower()} against "
            f"{audit.framework.title}"
        )
    _clean(audit, errors, exclude=["programme"])


@transaction.atomic
def audit_plan(*, actor, programme: Programme, data: dict) -> Audit:
    """Add an audit to the programme. The period defaults to the 12 months to the end of its quarter."""
    if programme.is_archived:
        raise ValidationError("This programme is archived. Restore it before planning audits in it.")
    audit = Audit(programme=programme, **{k: v for k, v in data.items() if k in AUDIT_FIELDS})
    if audit.quarter in (1, 2, 3, 4) and not (audit.period_start or audit.period_end):
        audit.period_start, audit.period_end = default_period(programme.financial_year, audit.quarter)
    elif bool(audit.period_start) != bool(audit.period_end):
        raise ValidationError(
            {"period_start": "Enter both the start and the end of the period, or leave both empty"}
        )
    _check_audit(audit)
    _save(audit, actor, "The programme already has that audit.")
    timeline_record(
        instance=audit,
        actor=actor,
        verb=TimelineEvent.Verb.CREATED,
        summary=f"Planned for {audit.quarter_label}, auditor {_name(audit.auditor)}",
    )
    timeline_record(
        instance=programme, actor=actor, verb=TimelineEvent.Verb.NOTE, summary=f"Audit planned: {audit}"
    )
    return audit


@transaction.atomic
def audit_update(*, actor, audit: Audit, data: dict, expected_version: int | None) -> Audit:
    audit = Audit.objects.select_for_update().select_related("programme", "framework").get(pk=audit.pk)
    version_check(instance=audit, expected_version=expected_version)
    if audit.is_archived:
        raise ValidationError("This audit is archived. Restore it first.")
    if audit.is_completed:
        raise ValidationError("This audit is completed, so its plan cannot change.")
    fields = (
        AUDIT_FIELDS if audit.status == AuditStatus.PLANNED else [f for f in AUDIT_FIELDS if f != "framework"]
    )
    if audit.status != AuditStatus.PLANNED and data.get("framework") and data["framework"] != audit.framework:
        raise ValidationError({"framework": "The audit has started, so its framework cannot change"})
    changed = apply_changes(instance=audit, data=data, fields=fields)
    if not changed:
        return audit
    _check_audit(audit)
    audit.version += 1
    _save(audit, actor, "The programme already has that audit.")
    return audit


def assessable_items(framework):
    """What an audit rates: the framework's criteria that the source gives, or its standards if it has none."""
    from commissioning.frameworks.models import FrameworkItem

    items = FrameworkItem.objects.filter(framework=framework, missing_from_source=False)
    criteria = items.filter(kind="criterion")
    return criteria if criteria.exists() else items.filter(kind="standard")


@transaction.atomic
def audit_start(*, actor, audit: Audit, expected_version: int | None) -> Audit:
    audit = Audit.objects.select_for_update().select_related("framework").get(pk=audit.pk)
    version_check(instance=audit, expected_version=expected_version)
    if audit.is_archived:
        raise ValidationError("This audit is archived. Restore it first.")
    if audit.status != AuditStatus.PLANNED:
        raise ValidationError("This audit has already started.")
    items = list(assessable_items(audit.framework))
    if not items:
        raise ValidationError(
            "The framework has no criteria or standards to rate. Load the framework library first."
        )
    with acting_as(actor):
        Assessment.objects.bulk_create([Assessment(audit=audit, item=item) for item in items])
        audit.status = AuditStatus.IN_PROGRESS
        audit.started_at = timezone.now()
        audit.version += 1
        audit.save()
    timeline_record(
        instance=audit,
        actor=actor,
        verb=TimelineEvent.Verb.NOTE,
        summary=f"Audit started: {len(items)} criteria to rate",
    )
    return audit


def _is_link(line: str) -> bool:
    return (line.startswith("/") and not line.startswith("//")) or line.startswith(("https://", "http://"))


def _is_page_here(line: str) -> bool:
    """A link on this site must name one of its pages."""
    try:
        resolve(urlsplit(line).path)
    except Resolver404:
        return False
    return True


def _check_assessment(assessment: Assessment) -> None:
    errors = {}
    if not assessment.rating:
        errors["rating"] = "Select a rating"
    has_evidence = bool(assessment.evidence.strip() or assessment.links) or assessment.files.active().exists()
    if assessment.rating in (Rating.MET, Rating.PARTLY_MET) and not has_evidence:
        errors["evidence"] = "Enter the evidence, or links to the records that show it"
    for line in assessment.links:
        if not _is_link(line):
            errors["evidence_links"] = (
                f"“{line[:60]}” is not a link. Enter addresses like /contracts/12/ or https://…"
            )
            break
        if line.startswith("/") and not _is_page_here(line):
            errors["evidence_links"] = f"There is no page at {line[:60]} on this site. Check the address"
            break
    if assessment.confirmed_by_id and not assessment.source_role:
        errors["source_role"] = "Select the role of the person who confirmed the evidence"
    if assessment.confirmed_by_id:
        _check_partnership_person(assessment.confirmed_by, "confirmed_by", "person who confirmed it", errors)
    if assessment.confirmed_on and assessment.confirmed_on > timezone.localdate():
        errors["confirmed_on"] = "The date it was confirmed must be today or in the past"
    _clean(assessment, errors)


@transaction.atomic
def assessment_save(*, actor, assessment: Assessment, data: dict, expected_version: int | None) -> Assessment:
    assessment = Assessment.objects.select_for_update().select_related("audit", "item").get(pk=assessment.pk)
    version_check(instance=assessment, expected_version=expected_version)
    audit = assessment.audit
    if audit.is_archived:
        raise ValidationError("This audit is archived. Restore it first.")
    if audit.status != AuditStatus.IN_PROGRESS:
        raise ValidationError("Ratings can be changed only while the audit is in progress.")
    before = assessment.get_rating_display() if assessment.rating else ""
    changed = apply_changes(instance=assessment, data=data, fields=ASSESSMENT_FIELDS)
    if not changed:
        return assessment
    _check_assessment(assessment)
    if "rating" in changed or not assessment.rated_at:
        assessment.rated_by = actor
        assessment.rated_at = timezone.now()
    assessment.version += 1
    with acting_as(actor):
        assessment.save()
    if "rating" in changed:
        ref = assessment.item.display_ref or assessment.item.heading
        summary = f"Criterion {ref} rated {assessment.get_rating_display().lower()}"
        if before:
            summary += f" (was {before.lower()})"
        timeline_record(instance=audit, actor=actor, verb=TimelineEvent.Verb.NOTE, summary=summary)
    return assessment


@transaction.atomic
def evidence_file_add(*, actor, assessment: Assessment, title: str, upload) -> EvidenceFile:
    if assessment.audit.is_archived or assessment.audit.status != AuditStatus.IN_PROGRESS:
        raise ValidationError(
            "Files can be added only while the audit is in progress, and not to an archived audit."
        )
    if not (title or "").strip():
        raise ValidationError({"title": "Enter what the file is"})
    if upload is None:
        raise ValidationError({"file": "Choose a file"})
    content_type = check_upload(upload)
    record = EvidenceFile(
        assessment=assessment,
        title=title.strip(),
        file_name=Path(upload.name).name[:255],
        file_size=upload.size,
        content_type=content_type,
        uploaded_by=actor,
    )
    record.file.save(record.file_name, upload, save=False)
    with acting_as(actor):
        record.save()
    timeline_record(
        instance=assessment.audit,
        actor=actor,
        verb=TimelineEvent.Verb.NOTE,
        summary=f"File “{record.title}” added to criterion {assessment.item.display_ref}",
    )
    return record


def evidence_file_archive(*, actor, record: EvidenceFile, reason: str) -> EvidenceFile:
    with transaction.atomic(), acting_as(actor):
        if record.assessment.audit.is_completed:
            raise ValidationError("The audit is completed, so its evidence is kept as it was.")
        record_archive(instance=record, actor=actor, reason=reason)
    return record


@transaction.atomic
def audit_complete(*, actor, audit: Audit, conclusion: str, expected_version: int | None) -> Audit:
    """Complete the audit: every criterion rated, an action for every one partly met or not met, and the
    computed evidence stored with each assessment as it stands today."""
    audit = Audit.objects.select_for_update().select_related("framework").get(pk=audit.pk)
    version_check(instance=audit, expected_version=expected_version)
    if audit.is_archived:
        raise ValidationError("This audit is archived. Restore it first.")
    if audit.status != AuditStatus.IN_PROGRESS:
        raise ValidationError("Only an audit in progress can be completed.")
    assessments = list(
        audit.assessments.select_related("item").prefetch_related("actions").order_by("item__sort_key")
    )
    unrated = [a.item.display_ref or a.item.heading for a in assessments if not a.rating]
    if unrated:
        raise ValidationError(
            f"Rate every criterion before completing the audit. Not yet rated: {', '.join(unrated)}."
        )
    without_action = [
        a.item.display_ref or a.item.heading
        for a in assessments
        if a.rating in NEEDS_ACTION and not any(not x.is_archived for x in a.actions.all())
    ]
    if without_action:
        raise ValidationError(
            "Add an action for each criterion partly met or not met before completing the audit. "
            f"Without an action: {', '.join(without_action)}."
        )
    if not (conclusion or "").strip():
        raise ValidationError({"conclusion": "Enter the audit's conclusion for the Commissioning Board"})
    scope = audit_scope(audit)
    with acting_as(actor):
        for assessment in assessments:
            assessment.computed_snapshot = live_evidence(audit.framework.slug, assessment.item.ref, scope)
            assessment.save(update_fields=["computed_snapshot", "updated_at"])
        audit.status = AuditStatus.COMPLETED
        audit.completed_at = timezone.now()
        audit.completed_by = actor
        audit.conclusion = conclusion.strip()
        audit.version += 1
        audit.save()
    timeline_record(instance=audit, actor=actor, verb=TimelineEvent.Verb.NOTE, summary="Audit completed")
    return audit


@transaction.atomic
def audit_reopen(*, actor, audit: Audit, reason: str, expected_version: int | None) -> Audit:
    audit = Audit.objects.select_for_update().get(pk=audit.pk)
    version_check(instance=audit, expected_version=expected_version)
    if not audit.is_completed:
        raise ValidationError("Only a completed audit can be reopened.")
    if not (reason or "").strip():
        raise ValidationError({"reason": "Enter why the audit is reopened"})
    with acting_as(actor):
        audit.status = AuditStatus.IN_PROGRESS
        audit.completed_at = None
        audit.completed_by = None
        audit.version += 1
        audit.save()
    timeline_record(
        instance=audit, actor=actor, verb=TimelineEvent.Verb.NOTE, summary=f"Audit reopened: {reason.strip()}"
    )
    return audit


def audit_archive(*, actor, audit: Audit, reason: str) -> Audit:
    with transaction.atomic(), acting_as(actor):
        audit = Audit.objects.select_for_update().get(pk=audit.pk)
        record_archive(instance=audit, actor=actor, reason=reason)
    return audit


def audit_restore(*, actor, audit: Audit) -> Audit:
    with transaction.atomic(), acting_as(actor):
        audit = Audit.objects.select_for_update().select_related("programme", "framework").get(pk=audit.pk)
        if audit.programme.is_archived:
            raise ValidationError("The programme is archived. Restore the programme first.")
        if (
            Audit.objects.active()
            .filter(programme=audit.programme, framework=audit.framework, service_area=audit.service_area)
            .exists()
        ):
            raise ValidationError(
                "The programme already has a live audit of this area against this framework."
            )
        record_restore(instance=audit, actor=actor)
    return audit


# Actions ----------------------------------------------------------------------------------------------------


def _check_action(action: AuditAction, errors: dict) -> None:
    if action.owner_id:
        _check_partnership_person(action.owner, "owner", "owner", errors)
    if action.status == ActionStatus.DONE:
        if not action.completed_on:
            errors["completed_on"] = "Enter the date the action was done"
        elif action.completed_on > timezone.localdate():
            errors["completed_on"] = "The date the action was done must be today or in the past"
    _clean(action, errors)


@transaction.atomic
def action_add(*, actor, assessment: Assessment, data: dict) -> AuditAction:
    assessment = Assessment.objects.select_related("audit", "item").get(pk=assessment.pk)
    if assessment.audit.is_archived or assessment.audit.status == AuditStatus.PLANNED:
        raise ValidationError(
            "Actions can be added once the audit has started, and not to an archived audit."
        )
    action = AuditAction(assessment=assessment, **{k: v for k, v in data.items() if k in ACTION_FIELDS})
    errors = {}
    if action.due_on and action.due_on < timezone.localdate() and not assessment.audit.is_completed:
        errors["due_on"] = "The date it is due must be today or in the future"
    _check_action(action, errors)
    with acting_as(actor):
        action.save()
    timeline_record(
        instance=assessment.audit,
        actor=actor,
        verb=TimelineEvent.Verb.NOTE,
        summary=f"Action for criterion {assessment.item.display_ref}: {action} "
        f"(owner {_name(action.owner)}, due {_long(action.due_on)})",
    )
    return action


@transaction.atomic
def action_update(*, actor, action: AuditAction, data: dict, expected_version: int | None) -> AuditAction:
    """Change an action or record its progress: done with the date and what was done, or open again."""
    action = AuditAction.objects.select_for_update().select_related("assessment__audit").get(pk=action.pk)
    version_check(instance=action, expected_version=expected_version)
    if action.is_archived:
        raise ValidationError("This action is archived. Restore it first.")
    was = action.status
    changed = apply_changes(
        instance=action, data=data, fields=[*ACTION_FIELDS, "status", "completed_on", "completion_note"]
    )
    if not changed:
        return action
    if action.status == ActionStatus.OPEN:
        action.completed_on = None
    _check_action(action, {})
    action.version += 1
    with acting_as(actor):
        action.save()
    if was != action.status:
        summary = (
            f"Done on {_long(action.completed_on)}" if action.status == ActionStatus.DONE else "Opened again"
        )
        timeline_record(instance=action, actor=actor, verb=TimelineEvent.Verb.NOTE, summary=summary)
    return action


def action_archive(*, actor, action: AuditAction, reason: str) -> AuditAction:
    with transaction.atomic(), acting_as(actor):
        action = AuditAction.objects.select_for_update().get(pk=action.pk)
        record_archive(instance=action, actor=actor, reason=reason)
    return action


def action_restore(*, actor, action: AuditAction) -> AuditAction:
    with transaction.atomic(), acting_as(actor):
        action = AuditAction.objects.select_for_update().get(pk=action.pk)
        record_restore(instance=action, actor=actor)
    return action


# Improving the standards ------------------------------------------------------------------------------------


@transaction.atomic
def comment_add(*, actor, item, data: dict) -> StandardComment:
    if item.kind != "standard" or item.framework.kind != "standards":
        raise ValidationError("Comments are recorded against a standard of a standards framework.")
    comment = StandardComment(
        item=item,
        recorded_by=actor,
        organisation=data.get("organisation"),
        received_on=data.get("received_on"),
        comment=(data.get("comment") or "").strip(),
        response=(data.get("response") or "").strip(),
    )
    errors = {}
    if comment.received_on and comment.received_on > timezone.localdate():
        errors["received_on"] = "The date of the comment must be today or in the past"
    _clean(comment, errors)
    with acting_as(actor):
        comment.save()
    timeline_record(
        instance=comment, actor=actor, verb=TimelineEvent.Verb.CREATED, summary=f"{comment} recorded"
    )
    return comment


def comment_archive(*, actor, comment: StandardComment, reason: str) -> StandardComment:
    with transaction.atomic(), acting_as(actor):
        comment = StandardComment.objects.select_for_update().get(pk=comment.pk)
        record_archive(instance=comment, actor=actor, reason=reason)
    return comment


def comment_restore(*, actor, comment: StandardComment) -> StandardComment:
    with transaction.atomic(), acting_as(actor):
        comment = StandardComment.objects.select_for_update().get(pk=comment.pk)
        record_restore(instance=comment, actor=actor)
    return comment


@transaction.atomic
def review_save(*, actor, framework, data: dict, expected_version: int | None) -> StandardsReview:
    """Record a standards framework's last review with the sector and when the next one is due."""
    if framework.kind != "standards":
        raise ValidationError("Review dates are kept for standards frameworks.")
    review = StandardsReview.objects.select_for_update().filter(framework=framework).first()
    if review is None:
        review = StandardsReview(framework=framework)
    else:
        version_check(instance=review, expected_version=expected_version)
    changed = apply_changes(
        instance=review, data=data, fields=["last_reviewed_on", "next_review_on", "notes"]
    )
    if review.pk and not changed:
        return review
    errors = {}
    if review.last_reviewed_on and review.last_reviewed_on > timezone.localdate():
        errors["last_reviewed_on"] = "The date of the last review must be today or in the past"
    if review.last_reviewed_on and review.next_review_on and review.next_review_on <= review.last_reviewed_on:
        errors["next_review_on"] = "The next review must be after the last one"
    _clean(review, errors)
    if review.pk:
        review.version += 1
    with acting_as(actor):
        review.save()
    timeline_record(
        instance=review,
        actor=actor,
        verb=TimelineEvent.Verb.NOTE,
        summary=f"Next review of {framework.title} due {_long(review.next_review_on)}",
    )
    return review
