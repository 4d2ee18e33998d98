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


def _creation_changes(model, first):
    """A function giving, for a record of `model` just created, the changes auditlog's diff against nothing gives
    (every tracked field whose value is not "None", as ["None", value]). The fields to read are worked out once for
    all the records, and the reverse relations read once, from `first`: a brand-new record has nothing on their far
    side, so they read the same on every one."""
    from auditlog.diff import get_field_value, get_fields_in_model, get_mask_function, model_instance_diff
    from auditlog.registry import auditlog
    from django.conf import settings
    from django.utils.encoding import smart_str

    if settings.AUDITLOG_STORE_JSON_CHANGES:
        return lambda instance: model_instance_diff(None, instance, use_json_for_changes=True)
    options = auditlog.get_model_fields(model)
    fields = get_fields_in_model(first)
    if options["include_fields"]:
        fields = [f for f in fields if f.name in options["include_fields"]]
    if options["exclude_fields"]:
        fields = [f for f in fields if f.name not in options["exclude_fields"]]
    mask = get_mask_function(options.get("mask_callable")) if options["mask_fields"] else smart_str
    absent = smart_str(None)

    def change(field, value):
        if field.name in options["mask_fields"]:
            return (mask(absent), mask(smart_str(value)))
        return (absent, smart_str(value))

    own = [(f, _reader(f, get_field_value)) for f in fields if f.concrete]
    related = {}
    for field in fields:
        if not field.concrete and (value := get_field_value(first, field)) != absent:
            related[field.name] = change(field, value)

    def changes(instance) -> dict | None:
        found = {}
        for field, read in own:
            value = read(instance)
            if value != absent:
                found[field.name] = change(field, value)
        found.update(related)
        return found or None

    return changes


def _reader(field, get_field_value):
    """How auditlog's `get_field_value` reads `field`, chosen once for the field rather than on every record: a
    foreign key as its raw id, a plain field as its text; date-times and JSON through auditlog itself."""
    from django.conf import settings
    from django.db.models import DateTimeField, JSONField
    from django.utils.encoding import smart_str

    if isinstance(field, (DateTimeField, JSONField)):
        return lambda instance: get_field_value(instance, field)
    if (field.one_to_one or field.many_to_one) and hasattr(field, "rel_class"):
        if settings.AUDITLOG_USE_FK_STRING_REPRESENTATION:
            return lambda instance: get_field_value(instance, field)
        attname = field.get_attname()
        return lambda instance: smart_str(getattr(instance, attname), strings_only=True)
    name = field.name

    def text(instance):
        value = smart_str(getattr(instance, name))
        return str(value) if type(value).__name__ == "__proxy__" else value

    return text


def created_in_bulk(*, instances: list, actor, summary: str) -> None:
    """For records an import inserted in bulk: the audit-log entries and timeline lines that saving each one would
    have written, in a few queries instead of two per record."""
    from commissioning.core.models import TimelineEvent

    if not instances:
        return
    logged_in_bulk(instances=instances, actor=actor)
    content_type = _content_type(instances[0])
    person = _person(actor)
    TimelineEvent.objects.bulk_create(
        [
            TimelineEvent(
                content_type=content_type,
                object_id=str(instance.pk),
                actor=person,
                verb=TimelineEvent.Verb.CREATED,
                summary=summary,
            )
            for instance in instances
        ],
        batch_size=500,
    )


def logged_in_bulk(*, instances: list, actor) -> None:
    """For records of one model inserted in bulk: the audit-log entries that saving each one would have written."""
    from auditlog.cid import get_cid
    from auditlog.models import LogEntry
    from django.utils.encoding import smart_str

    if not instances:
        return
    content_type = _content_type(instances[0])
    person = _person(actor)
    cid = get_cid()
    # Brand-new records have nothing on the far side of a one-to-one: say so, rather than ask the database each time.
    reverse_one_to_one = [r for r in instances[0]._meta.related_objects if r.one_to_one]
    for instance in instances:
        for relation in reverse_one_to_one:
            relation.set_cached_value(instance, None)
    changes = _creation_changes(type(instances[0]), instances[0])
    LogEntry.objects.bulk_create(
        [
            LogEntry(
                content_type=content_type,
                object_pk=str(instance.pk),
                object_id=instance.pk,
                object_repr=smart_str(instance),
                serialized_data=LogEntry.objects._get_serialized_data_or_none(instance),
                action=LogEntry.Action.CREATE,
                changes=changes(instance),
                actor=person,
                cid=cid,
            )
            for instance in instances
        ],
        batch_size=500,
    )


def _content_type(instance):
    from django.contrib.contenttypes.models import ContentType

    return ContentType.objects.get_for_model(instance, for_concrete_model=True)


def _person(actor):
    return actor if actor is not None and getattr(actor, "is_authenticated", False) else None
