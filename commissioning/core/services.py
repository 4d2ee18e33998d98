"""Shared write helpers for the domain services: versions, archiving and the timeline."""

from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from django.utils import timezone

from commissioning.core.exceptions import ConflictError
from commissioning.core.models import TimelineEvent


def timeline_record(*, instance: models.Model, actor, verb: str, summary: str) -> TimelineEvent:
    return TimelineEvent.objects.create(
        content_type=ContentType.objects.get_for_model(instance, for_concrete_model=True),
        object_id=str(instance.pk),
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        verb=verb,
        summary=summary,
    )


def version_check(*, instance: models.Model, expected_version: int | None) -> None:
    """Raise ConflictError when the stored version moved on since the caller read the record.

    Inside a transaction the row is locked until it ends, so two people saving at the same moment are taken one
    after the other: the second is told, never silently overwritten."""
    if expected_version is None:
        return
    rows = type(instance)._base_manager.filter(pk=instance.pk)
    if transaction.get_connection().in_atomic_block:
        rows = rows.select_for_update()
    current = rows.values_list("version", flat=True).first()
    if current != expected_version:
        raise ConflictError()


def apply_changes(*, instance: models.Model, data: dict, fields: list[str]) -> list[str]:
    """Copy the given fields from data onto instance; return the names of the fields that changed."""
    changed = []
    for name in fields:
        if name in data and getattr(instance, name) != data[name]:
            setattr(instance, name, data[name])
            changed.append(name)
    return changed


def record_archive(*, instance: models.Model, actor, reason: str) -> None:
    if instance.is_archived:
        raise ConflictError("This record is already archived.")
    instance.archived_at = timezone.now()
    instance.archived_by = actor
    instance.archived_reason = reason
    if hasattr(instance, "version"):
        instance.version += 1
    instance.save()
    timeline_record(
        instance=instance, actor=actor, verb=TimelineEvent.Verb.ARCHIVED, summary=reason or "Archived"
    )


def record_restore(*, instance: models.Model, actor) -> None:
    if not instance.is_archived:
        raise ConflictError("This record is not archived.")
    instance.archived_at = None
    instance.archived_by = None
    instance.archived_reason = ""
    if hasattr(instance, "version"):
        instance.version += 1
    instance.save()
    timeline_record(instance=instance, actor=actor, verb=TimelineEvent.Verb.RESTORED, summary="Restored")
