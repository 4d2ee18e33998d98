"""Each record's history: the lines the services would have written as the records were made and changed."""

from django.contrib.contenttypes.models import ContentType

from bench.scale.base import Scale
from commissioning.core.models import TimelineEvent

UPDATES = ["Status changed.", "Dates changed.", "Lead changed.", "Description changed."]


def timeline(scale: Scale) -> None:
    events = []
    for key, label in [
        ("activities", "activity"),
        ("procurements", "procurement"),
        ("agreements", "agreement"),
    ]:
        records = scale.records.get(key, [])
        if not records:
            continue
        content_type = ContentType.objects.get_for_model(records[0])
        for index, record in enumerate(records):
            events.append(
                TimelineEvent(
                    content_type=content_type,
                    object_id=str(record.pk),
                    verb="created",
                    summary=f"Created the {label}.",
                )
            )
            for update in range(index % 4):
                events.append(
                    TimelineEvent(
                        content_type=content_type,
                        object_id=str(record.pk),
                        verb="updated",
                        summary=UPDATES[update],
                    )
                )
    scale.bulk(TimelineEvent, events)
