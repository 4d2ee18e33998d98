"""Writes for provider quality checks. Providers submit evidence; commissioners and monitoring officers verify or
reject it with a reason; administrators and partnership managers keep the requirements."""

from datetime import date
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from commissioning.assurance.quality.models import (
    CheckStatus,
    ProviderCheck,
    ProviderEnrolment,
    Requirement,
    default_expiry,
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
from commissioning.organisations.models import Organisation

REQUIREMENT_FIELDS = ["title", "guidance", "standard_ref", "standard_title", "source_text", "validity_months"]


def _clean_requirement(data: dict) -> None:
    errors = {}
    if not str(data.get("title", "")).strip():
        errors["title"] = "Enter what the provider must show"
    if not str(data.get("standard_ref", "")).strip():
        errors["standard_ref"] = "Enter the number of the standard it evidences"
    months = data.get("validity_months")
    if months is None or not 1 <= int(months) <= 120:
        errors["validity_months"] = "Enter how many months evidence stays valid, from 1 to 120"
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def requirement_create(*, actor, code: str, data: dict) -> Requirement:
    _clean_requirement(data)
    if Requirement.objects.filter(code=code).exists():
        raise ValidationError({"code": "Another requirement already has this short name."})
    last = Requirement.objects.order_by("-position").values_list("position", flat=True).first() or 0
    requirement = Requirement(code=code, position=last + 1)
    apply_changes(instance=requirement, data=data, fields=REQUIREMENT_FIELDS)
    requirement.full_clean()
    with acting_as(actor):
        requirement.save()
    timeline_record(
        instance=requirement, actor=actor, verb=TimelineEvent.Verb.CREATED, summary="Requirement added"
    )
    return requirement


@transaction.atomic
def requirement_update(
    *, actor, requirement: Requirement, data: dict, expected_version: int | None
) -> Requirement:
    version_check(instance=requirement, expected_version=expected_version)
    _clean_requirement(data)
    changed = apply_changes(instance=requirement, data=data, fields=REQUIREMENT_FIELDS)
    if changed:
        requirement.version += 1
        requirement.full_clean()
        with acting_as(actor):
            requirement.save()
    return requirement


def requirement_archive(*, actor, requirement: Requirement, reason: str) -> Requirement:
    with transaction.atomic(), acting_as(actor):
        record_archive(instance=requirement, actor=actor, reason=reason)
    return requirement


def requirement_restore(*, actor, requirement: Requirement) -> Requirement:
    with transaction.atomic(), acting_as(actor):
        record_restore(instance=requirement, actor=actor)
    return requirement


@transaction.atomic
def provider_enrol(*, actor, organisation: Organisation, note: str = "") -> ProviderEnrolment:
    if organisation.is_archived:
        raise ValidationError({"organisation": "This organisation is archived."})
    if not organisation.is_provider:
        raise ValidationError({"organisation": "Choose an organisation that provides services."})
    if ProviderEnrolment.objects.active().filter(organisation=organisation).exists():
        raise ValidationError({"organisation": "This provider is already on the register."})
    enrolment = ProviderEnrolment(organisation=organisation, note=note.strip(), added_by=actor)
    with acting_as(actor):
        enrolment.save()
    timeline_record(
        instance=organisation,
        actor=actor,
        verb=TimelineEvent.Verb.NOTE,
        summary="Added to the register of provider quality checks",
    )
    return enrolment


@transaction.atomic
def check_submit(
    *,
    actor,
    provider: Organisation,
    requirement: Requirement,
    evidence_text: str,
    adopted_on: date | None = None,
    last_reviewed_on: date | None = None,
    expires_on: date | None = None,
    upload=None,
    expected_version: int | None = None,
    today: date | None = None,
) -> ProviderCheck:
    """Submit or resubmit evidence; it then awaits verification. The expiry defaults to the evidence's own
    date plus the requirement's validity."""
    today = today or timezone.localdate()
    if requirement.is_archived:
        raise ValidationError("This requirement is no longer in use.")
    errors = {}
    if not (evidence_text or "").strip():
        errors["evidence_text"] = "Describe the evidence you have in place"
    for name, value in (("adopted_on", adopted_on), ("last_reviewed_on", last_reviewed_on)):
        if value and value > today:
            errors[name] = "The date must be today or in the past"
    if adopted_on and last_reviewed_on and last_reviewed_on < adopted_on:
        errors["last_reviewed_on"] = "The last review cannot be before the policy was adopted"
    if expires_on and expires_on <= today:
        errors["expires_on"] = "The next review or expiry date must be in the future"
    if errors:
        raise ValidationError(errors)
    check = (
        ProviderCheck.objects.select_for_update()
        .active()
        .filter(provider=provider, requirement=requirement)
        .first()
    )
    if check is not None:
        version_check(instance=check, expected_version=expected_version)
    content_type = check_upload(upload) if upload is not None else ""
    creating = check is None
    if creating:
        check = ProviderCheck(provider=provider, requirement=requirement)
    else:
        check.version += 1
    check.status = CheckStatus.AWAITING
    check.evidence_text = evidence_text.strip()
    check.adopted_on = adopted_on
    check.last_reviewed_on = last_reviewed_on
    check.expires_on = expires_on or default_expiry(
        requirement=requirement, adopted_on=adopted_on, last_reviewed_on=last_reviewed_on, submitted_on=today
    )
    check.submitted_at = timezone.now()
    check.submitted_by = actor
    check.verified_at = None
    check.verified_by = None
    check.rejection_reason = ""
    if upload is not None:
        check.file_name = Path(upload.name).name[:255]
        check.file_size = upload.size
        check.content_type = content_type
        check.file.save(check.file_name, upload, save=False)
    with acting_as(actor):
        check.save()
    timeline_record(
        instance=check,
        actor=actor,
        verb=TimelineEvent.Verb.NOTE,
        summary="Evidence submitted for verification" if creating else "Evidence updated for verification",
    )
    return check


def _lock(check: ProviderCheck, expected_version: int | None) -> ProviderCheck:
    version_check(instance=check, expected_version=expected_version)
    return ProviderCheck.objects.select_for_update().get(pk=check.pk)


@transaction.atomic
def check_verify(
    *, actor, check: ProviderCheck, expected_version: int | None, today: date | None = None
) -> ProviderCheck:
    today = today or timezone.localdate()
    check = _lock(check, expected_version)
    if check.is_archived:
        raise ValidationError("This check is archived.")
    if check.status != CheckStatus.AWAITING:
        raise ValidationError(
            f"Only evidence awaiting verification can be verified; this is {check.get_status_display().lower()}."
        )
    if check.expires_on < today:
        raise ValidationError(
            "The evidence has expired: ask the provider for up-to-date evidence, or reject it."
        )
    check.status = CheckStatus.VERIFIED
    check.verified_at = timezone.now()
    check.verified_by = actor
    check.version += 1
    with acting_as(actor):
        check.save()
    timeline_record(instance=check, actor=actor, verb=TimelineEvent.Verb.NOTE, summary="Evidence verified")
    return check


@transaction.atomic
def check_reject(*, actor, check: ProviderCheck, reason: str, expected_version: int | None) -> ProviderCheck:
    if not (reason or "").strip():
        raise ValidationError({"reason": "Enter why the evidence is not accepted"})
    check = _lock(check, expected_version)
    if check.is_archived:
        raise ValidationError("This check is archived.")
    if check.status == CheckStatus.REJECTED:
        raise ValidationError("This evidence has already been rejected.")
    check.status = CheckStatus.REJECTED
    check.rejection_reason = reason.strip()
    check.verified_at = timezone.now()
    check.verified_by = actor
    check.version += 1
    with acting_as(actor):
        check.save()
    timeline_record(
        instance=check,
        actor=actor,
        verb=TimelineEvent.Verb.NOTE,
        summary=f"Evidence rejected: {check.rejection_reason}",
    )
    return check
