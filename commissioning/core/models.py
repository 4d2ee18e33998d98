"""Base models every domain record builds on: timestamps, archiving, optimistic versioning, timeline."""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models

from commissioning.core.choices import choice_label


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField(auto_now_add=True, help_text="When the record was created.")
    updated_at = models.DateTimeField(auto_now=True, help_text="When the record was last changed.")

    class Meta:
        abstract = True

    def _get_FIELD_display(self, field):
        return choice_label(self, field)


class ArchivableQuerySet(models.QuerySet):
    def active(self):
        return self.filter(archived_at__isnull=True)

    def archived(self):
        return self.filter(archived_at__isnull=False)


class ArchivableModel(models.Model):
    """Records are archived, never deleted: the UI and API offer archive and restore only."""

    archived_at = models.DateTimeField(null=True, blank=True, help_text="When the record was archived.")
    archived_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="Who archived the record.",
    )
    archived_reason = models.TextField(blank=True, help_text="Why the record was archived.")

    objects = ArchivableQuerySet.as_manager()

    class Meta:
        abstract = True

    @property
    def is_archived(self) -> bool:
        return self.archived_at is not None


class VersionedModel(models.Model):
    """Optimistic concurrency: every write through a service checks and bumps the version."""

    version = models.PositiveIntegerField(default=1, help_text="Incremented on every change.")

    class Meta:
        abstract = True


class TimelineEvent(models.Model):
    """A human-readable line in a record's history, written by the services."""

    class Verb(models.TextChoices):
        CREATED = "created", "Created"
        UPDATED = "updated", "Updated"
        ARCHIVED = "archived", "Archived"
        RESTORED = "restored", "Restored"
        NOTE = "note", "Note"

    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT)
    object_id = models.CharField(max_length=64)
    record = GenericForeignKey("content_type", "object_id")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    verb = models.CharField(max_length=20, choices=Verb.choices)
    summary = models.TextField(help_text="What happened, in plain words.")
    occurred_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-occurred_at", "-id"]
        indexes = [models.Index(fields=["content_type", "object_id", "-occurred_at"])]

    def __str__(self) -> str:
        return f"{self.get_verb_display()}: {self.summary}"
