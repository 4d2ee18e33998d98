"""Reads shared by every app: a record's history."""

from dataclasses import dataclass, field
from datetime import datetime

from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist
from django.db import models

from commissioning.core.models import TimelineEvent
from commissioning.core.table_cache import remember

_ACTION_LABELS = {
    LogEntry.Action.CREATE: "Created",
    LogEntry.Action.UPDATE: "Changed",
    LogEntry.Action.DELETE: "Deleted",
}
_HIDDEN_FIELDS = {"version", "updated_at", "created_at", "search_text", "password", "last_login"}


@dataclass
class HistoryChange:
    field: str
    before: str
    after: str


@dataclass
class HistoryEntry:
    occurred_at: datetime
    actor: str
    action: str
    summary: str = ""
    changes: list[HistoryChange] = field(default_factory=list)


def _actor_label(user) -> str:
    if user is None:
        return "System"
    return user.get_full_name() or user.get_username()


def history_for(instance: models.Model, *, limit: int = 200) -> list[HistoryEntry]:
    """Every recorded change to a record, newest first: field changes and timeline events together. Kept in the
    table cache until a change or event is recorded (anywhere: they share two tables) or a person is renamed."""
    content_type = ContentType.objects.get_for_model(instance, for_concrete_model=True)
    return remember(
        f"core.history_for|{content_type.pk}|{instance.pk}|{limit}",
        lambda: _history_for(instance, content_type, limit),
    )


def _history_for(instance: models.Model, content_type: ContentType, limit: int) -> list[HistoryEntry]:
    entries: list[HistoryEntry] = []
    log_entries = (
        LogEntry.objects.filter(content_type=content_type, object_pk=str(instance.pk))
        .exclude(action=LogEntry.Action.ACCESS)
        .select_related("actor", "content_type")
        .order_by("-timestamp")[:limit]
    )
    for entry in log_entries:
        changes = []
        raw = entry.changes_dict
        display = entry.changes_display_dict
        names = {}
        for name in raw:
            try:
                names[name] = str(getattr(instance._meta.get_field(name), "verbose_name", name))
            except FieldDoesNotExist:  # a field removed since the change was logged
                names[name] = name
        for name in raw:
            if name in _HIDDEN_FIELDS:
                continue
            label = names[name]
            values = display.get(label) or display.get(name) or raw[name]
            before, after = [*list(values), "", ""][:2]
            changes.append(
                HistoryChange(field=label[:1].upper() + label[1:], before=_blank(before), after=_blank(after))
            )
        if entry.action == LogEntry.Action.UPDATE and not changes:
            continue
        entries.append(
            HistoryEntry(
                occurred_at=entry.timestamp,
                actor=_actor_label(entry.actor),
                action=_ACTION_LABELS.get(entry.action, "Changed"),
                changes=changes if entry.action != LogEntry.Action.CREATE else [],
            )
        )
    events = TimelineEvent.objects.filter(
        content_type=content_type, object_id=str(instance.pk)
    ).select_related("actor")[:limit]
    entries.extend(
        HistoryEntry(
            occurred_at=event.occurred_at,
            actor=_actor_label(event.actor),
            action=event.get_verb_display(),
            summary=event.summary,
        )
        for event in events
        if event.verb not in (TimelineEvent.Verb.CREATED, TimelineEvent.Verb.UPDATED)
    )
    entries.sort(key=lambda e: e.occurred_at, reverse=True)
    return entries[:limit]


def _blank(value) -> str:
    text = "" if value in (None, "None") else str(value)
    return text or "(blank)"
