"""Attribute audit-log entries to the person acting, also outside a web request."""

import contextlib

from auditlog.context import set_actor


@contextlib.contextmanager
def acting_as(actor):
    if actor is not None and getattr(actor, "is_authenticated", False):
        with set_actor(actor):
            yield
    else:
        yield


def created_in_bulk(*, instances: list, actor, summary: str) -> None:
    """For records an import inserted in bulk: the audit-log entries and timeline lines that saving each one would
    have written, in a few queries instead of two per record."""
    from auditlog.cid import get_cid
    from auditlog.diff import model_instance_diff
    from auditlog.models import LogEntry
    from django.conf import settings
    from django.contrib.contenttypes.models import ContentType
    from django.utils.encoding import smart_str

    from commissioning.core.models import TimelineEvent

    if not instances:
        return
    content_type = ContentType.objects.get_for_model(instances[0], for_concrete_model=True)
    person = actor if actor is not None and getattr(actor, "is_authenticated", False) else None
    cid = get_cid()
    entries, lines = [], []
    # Brand-new records have nothing on the far side of a one-to-one: say so, rather than ask the database each time.
    reverse_one_to_one = [r for r in instances[0]._meta.related_objects if r.one_to_one]
    for instance in instances:
        for relation in reverse_one_to_one:
            relation.set_cached_value(instance, None)
        entries.append(
            LogEntry(
                content_type=content_type,
                object_pk=str(instance.pk),
                object_id=instance.pk,
                object_repr=smart_str(instance),
                serialized_data=LogEntry.objects._get_serialized_data_or_none(instance),
                action=LogEntry.Action.CREATE,
                changes=model_instance_diff(
                    None,
                    instance,
                    use_json_for_changes=getattr(settings, "AUDITLOG_STORE_JSON_CHANGES", False),
                ),
                actor=person,
                cid=cid,
            )
        )
        lines.append(
            TimelineEvent(
                content_type=content_type,
                object_id=str(instance.pk),
                actor=person,
                verb=TimelineEvent.Verb.CREATED,
                summary=summary,
            )
        )
    LogEntry.objects.bulk_create(entries, batch_size=500)
    TimelineEvent.objects.bulk_create(lines, batch_size=500)
