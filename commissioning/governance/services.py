"""Writes for boards and decisions: bodies and their members, meetings with agendas, attendance and minutes,
decisions with the delegated authority rule, and the action plan with its progress updates.

The delegated authority rule: a body's delegated authority is the highest limit held by one of its current
members (the most any person sitting on it may commit for their organisation). A decision whose amount is
above that limit is outside delegated authority. It is recorded only with an explicit acknowledgement
(saying who will ratify it, for example the partner organisation's cabinet or governing body), and is
flagged everywhere it is shown. An amount equal to the limit is within authority."""

from decimal import Decimal

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Max

from commissioning.core import uploads
from commissioning.core.audit import acting_as
from commissioning.core.models import TimelineEvent
from commissioning.core.services import (
    apply_changes,
    record_archive,
    record_restore,
    timeline_record,
    version_check,
)
from commissioning.governance.models import (
    LINKABLE_MODELS,
    Action,
    ActionUpdate,
    AgendaItem,
    AttendanceRecord,
    Body,
    BodyMember,
    BodyType,
    Decision,
    ItemKind,
    Meeting,
)

BODY_FIELDS = [
    "name",
    "body_type",
    "parent",
    "role",
    "terms_of_reference",
    "terms_document",
    "framework_ref",
    "clerk",
]
MEMBER_FIELDS = ["user", "role_title", "organisation", "position", "delegated_limit", "authority_covers"]
MEETING_FIELDS = ["held_on", "location"]
ITEM_FIELDS = ["order", "title", "presenter", "purpose", "kind", "summary"]
ACTION_FIELDS = ["reference", "title", "description", "owner_body", "owner", "due_on", "status"]
MAX_DOCUMENT_BYTES = 10 * 1024 * 1024


def _full_clean(instance, exclude=()) -> None:
    try:
        instance.full_clean(exclude=list(exclude))
    except ValidationError as exc:
        raise ValidationError({k: v[0] for k, v in exc.message_dict.items()}) from exc


def _check_document(upload, field: str) -> None:
    """A newly uploaded document (terms of reference, minutes) passes the upload checks: a document type, at
    most 10 MB, its content what its extension says, never a program. A document already kept is left alone."""
    if not isinstance(upload, UploadedFile):
        return
    try:
        uploads.check_file(upload, types=uploads.DOCUMENTS, max_bytes=MAX_DOCUMENT_BYTES)
    except ValidationError as exc:
        raise ValidationError({field: exc.messages[0]}) from exc


def _text(data: dict, *keys) -> dict:
    data = dict(data)
    for key in keys:
        if isinstance(data.get(key), str):
            data[key] = data[key].strip()
    return data


# Linked records -------------------------------------------------------------------------------------------


def link_for(record) -> tuple[ContentType | None, str]:
    """The content type and id of a record an agenda item or decision may link to; refuses any other model."""
    if record is None:
        return None, ""
    content_type = ContentType.objects.get_for_model(record, for_concrete_model=True)
    if f"{content_type.app_label}.{content_type.model}" not in LINKABLE_MODELS:
        raise ValidationError(
            {
                "record": f"A {content_type.name} cannot be linked. Link a strategy, activity, procurement, "
                "award, agreement, service, decommissioning or audit."
            }
        )
    return content_type, str(record.pk)


def record_from_key(key: str):
    """A linked record from its key "app_label.model:pk", checked against the allow-list."""
    if not key:
        return None
    model_key, _, pk = key.partition(":")
    if model_key not in LINKABLE_MODELS or not pk.isdigit():
        raise ValidationError({"record": "Choose a record from the list."})
    app_label, model = model_key.split(".")
    try:
        content_type = ContentType.objects.get(app_label=app_label, model=model)
        return content_type.get_object_for_this_type(pk=int(pk))
    except (ContentType.DoesNotExist, content_type.model_class().DoesNotExist) as exc:
        raise ValidationError({"record": "That record no longer exists. Choose another."}) from exc


# Bodies and members ---------------------------------------------------------------------------------------


def _check_body(body: Body) -> None:
    if body.parent_id:
        ancestor, seen = body.parent, set()
        while ancestor is not None and ancestor.pk not in seen:
            if body.pk and ancestor.pk == body.pk:
                raise ValidationError({"parent": "A body cannot report to one of its own sub groups."})
            seen.add(ancestor.pk)
            ancestor = ancestor.parent
        if body.parent.is_archived:
            raise ValidationError({"parent": f"{body.parent} is archived; choose another body."})
    _full_clean(body)


@transaction.atomic
def body_create(*, actor, data: dict) -> Body:
    data = _text(data, "name", "role", "terms_of_reference", "framework_ref")
    _check_document(data.get("terms_document"), "terms_document")
    body = Body(**{k: v for k, v in data.items() if k in BODY_FIELDS})
    _check_body(body)
    with acting_as(actor):
        body.save()
    timeline_record(instance=body, actor=actor, verb=TimelineEvent.Verb.CREATED, summary="Body added")
    return body


@transaction.atomic
def body_update(*, actor, body: Body, data: dict, expected_version: int | None) -> Body:
    version_check(instance=body, expected_version=expected_version)
    data = _text(data, "name", "role", "terms_of_reference", "framework_ref")
    _check_document(data.get("terms_document"), "terms_document")
    changed = apply_changes(instance=body, data=data, fields=BODY_FIELDS)
    if not changed:
        return body
    _check_body(body)
    body.version += 1
    with acting_as(actor):
        body.save()
    timeline_record(
        instance=body, actor=actor, verb=TimelineEvent.Verb.UPDATED, summary=f"Changed {', '.join(changed)}"
    )
    return body


@transaction.atomic
def body_archive(*, actor, body: Body, reason: str) -> Body:
    with acting_as(actor):
        record_archive(instance=body, actor=actor, reason=reason)
    return body


@transaction.atomic
def body_restore(*, actor, body: Body) -> Body:
    with acting_as(actor):
        record_restore(instance=body, actor=actor)
    return body


FRAMEWORK_SLUG = "central-bedfordshire-governance"
FRAMEWORK_BODY_TYPES = {
    "trust-board": BodyType.BOARD,
    "lsp": BodyType.PARTNERSHIP,
    "commissioning-executive": BodyType.EXECUTIVE,
    "commissioning-group": BodyType.GROUP,
    "pooled-aligned-budgets-sub-group": BodyType.SUB_GROUP,
    "performance-quality-sub-group": BodyType.SUB_GROUP,
    "outcome-delivery-groups": BodyType.DELIVERY_GROUP,
    "overview-scrutiny": BodyType.SCRUTINY,
}


@transaction.atomic
def bodies_from_framework(*, actor) -> list[Body]:
    """Add the bodies of the Central Bedfordshire governance framework that the partnership does not have yet
    (matched by the framework item they come from), with their role text and sub groups under their group.
    The partnership then renames and edits them as its own."""
    from commissioning.frameworks.models import FrameworkItem

    items = list(
        FrameworkItem.objects.filter(framework__slug=FRAMEWORK_SLUG, kind="body")
        .select_related("parent")
        .order_by("sort_key")
    )
    if not items:
        raise ValidationError(
            "The governance framework is not in the framework library yet. Ask an administrator to load it."
        )
    existing = {b.framework_ref: b for b in Body.objects.exclude(framework_ref="")}
    created = []
    for item in items:
        if item.ref in existing:
            continue
        name = item.title
        if Body.objects.filter(name=name).exists():
            name = f"{name} ({item.ref})"
        parent = existing.get(item.parent.ref) if item.parent_id and item.parent.kind == "body" else None
        body = body_create(
            actor=actor,
            data={
                "name": name,
                "body_type": FRAMEWORK_BODY_TYPES.get(item.ref, BodyType.GROUP),
                "parent": parent,
                "role": item.local_text or item.text,
                "framework_ref": item.ref,
            },
        )
        existing[item.ref] = body
        created.append(body)
    return created


@transaction.atomic
def member_add(*, actor, body: Body, data: dict) -> BodyMember:
    if body.is_archived:
        raise ValidationError("This body is archived; restore it before adding members.")
    data = _text(data, "role_title", "authority_covers")
    member = BodyMember(body=body, **{k: v for k, v in data.items() if k in MEMBER_FIELDS})
    _full_clean(member)
    with acting_as(actor):
        member.save()
    timeline_record(
        instance=body,
        actor=actor,
        verb=TimelineEvent.Verb.UPDATED,
        summary=f"Member added: {member} (delegated authority £{member.delegated_limit:,.2f})",
    )
    return member


@transaction.atomic
def member_update(*, actor, member: BodyMember, data: dict, expected_version: int | None) -> BodyMember:
    version_check(instance=member, expected_version=expected_version)
    data = _text(data, "role_title", "authority_covers")
    changed = apply_changes(instance=member, data=data, fields=MEMBER_FIELDS)
    if not changed:
        return member
    _full_clean(member)
    member.version += 1
    with acting_as(actor):
        member.save()
    timeline_record(
        instance=member.body,
        actor=actor,
        verb=TimelineEvent.Verb.UPDATED,
        summary=f"Member changed: {member} ({', '.join(changed)})",
    )
    return member


@transaction.atomic
def member_archive(*, actor, member: BodyMember, reason: str) -> BodyMember:
    with acting_as(actor):
        record_archive(instance=member, actor=actor, reason=reason)
    timeline_record(
        instance=member.body, actor=actor, verb=TimelineEvent.Verb.UPDATED, summary=f"Member left: {member}"
    )
    return member


# The delegated authority rule -----------------------------------------------------------------------------


def authority_limit(body: Body) -> Decimal:
    """The body's delegated authority: the highest limit of a current member (nothing when it has none)."""
    limit = body.members.filter(archived_at__isnull=True).aggregate(limit=Max("delegated_limit"))["limit"]
    return limit if limit is not None else Decimal("0.00")


def authority_check(*, body: Body, amount: Decimal | None) -> tuple[bool, Decimal]:
    """(within authority, the limit). No amount is within authority; an amount equal to the limit is too."""
    limit = authority_limit(body)
    return (amount is None or amount <= limit), limit


def authority_message(*, amount: Decimal, limit: Decimal, body: Body) -> str:
    return (
        f"£{amount:,.2f} is above the delegated authority of the {body} (£{limit:,.2f}, the highest limit of "
        "its members). Say who will ratify the decision (for example the partner's cabinet or governing "
        "body) to record it anyway; it will be flagged as above delegated authority."
    )


# Meetings -------------------------------------------------------------------------------------------------


@transaction.atomic
def meeting_create(*, actor, body: Body, data: dict) -> Meeting:
    if body.is_archived:
        raise ValidationError("This body is archived; restore it before arranging meetings.")
    data = _text(data, "location")
    meeting = Meeting(body=body, **{k: v for k, v in data.items() if k in MEETING_FIELDS})
    _full_clean(meeting)
    with acting_as(actor):
        meeting.save()
    timeline_record(
        instance=meeting, actor=actor, verb=TimelineEvent.Verb.CREATED, summary="Meeting arranged"
    )
    return meeting


@transaction.atomic
def meeting_update(*, actor, meeting: Meeting, data: dict, expected_version: int | None) -> Meeting:
    version_check(instance=meeting, expected_version=expected_version)
    data = _text(data, "location")
    changed = apply_changes(instance=meeting, data=data, fields=MEETING_FIELDS)
    if not changed:
        return meeting
    _full_clean(meeting)
    meeting.version += 1
    with acting_as(actor):
        meeting.save()
    timeline_record(
        instance=meeting,
        actor=actor,
        verb=TimelineEvent.Verb.UPDATED,
        summary=f"Changed {', '.join(changed)}",
    )
    return meeting


@transaction.atomic
def meeting_archive(*, actor, meeting: Meeting, reason: str) -> Meeting:
    with acting_as(actor):
        record_archive(instance=meeting, actor=actor, reason=reason)
    return meeting


@transaction.atomic
def meeting_restore(*, actor, meeting: Meeting) -> Meeting:
    with acting_as(actor):
        record_restore(instance=meeting, actor=actor)
    return meeting


@transaction.atomic
def minutes_record(
    *, actor, meeting: Meeting, minutes: str, minutes_file=None, expected_version: int | None
) -> Meeting:
    version_check(instance=meeting, expected_version=expected_version)
    minutes = (minutes or "").strip()
    if not minutes and not minutes_file and not meeting.minutes_file:
        raise ValidationError({"minutes": "Enter the minutes or attach them as a file."})
    if meeting.minutes_approved_at_id:
        raise ValidationError("These minutes were approved as a true record and cannot be changed.")
    _check_document(minutes_file, "minutes_file")
    meeting.minutes = minutes
    if minutes_file:
        meeting.minutes_file = minutes_file
    meeting.version += 1
    with acting_as(actor):
        meeting.save()
    timeline_record(
        instance=meeting, actor=actor, verb=TimelineEvent.Verb.UPDATED, summary="Minutes recorded"
    )
    return meeting


@transaction.atomic
def minutes_approve(*, actor, meeting: Meeting, approved_at: Meeting) -> Meeting:
    """Minutes are approved as a true record at a later meeting of the same body."""
    if not meeting.has_minutes:
        raise ValidationError("There are no minutes to approve yet.")
    if approved_at.body_id != meeting.body_id or approved_at.held_on <= meeting.held_on:
        raise ValidationError({"approved_at": "Minutes are approved at a later meeting of the same body."})
    if meeting.minutes_approved_at_id:
        raise ValidationError("These minutes have already been approved.")
    meeting.minutes_approved_at = approved_at
    meeting.version += 1
    with acting_as(actor):
        meeting.save()
    timeline_record(
        instance=meeting,
        actor=actor,
        verb=TimelineEvent.Verb.UPDATED,
        summary=f"Minutes approved as a true record at the meeting of {approved_at.held_on:%-d %B %Y}",
    )
    return meeting


@transaction.atomic
def attendance_record(*, actor, meeting: Meeting, statuses: dict[int, str]) -> None:
    """statuses: member id -> present / apologies / absent, for members of the meeting's body."""
    members = {m.pk: m for m in meeting.body.members.all()}
    unknown = [pk for pk in statuses if pk not in members]
    if unknown:
        raise ValidationError("Attendance can only be recorded for members of the body.")
    for pk, status in statuses.items():
        if not status:
            continue
        record = AttendanceRecord(meeting=meeting, member=members[pk], status=status)
        _full_clean(record, exclude=["meeting", "member"])
        AttendanceRecord.objects.update_or_create(
            meeting=meeting, member=members[pk], defaults={"status": status}
        )
    timeline_record(
        instance=meeting, actor=actor, verb=TimelineEvent.Verb.UPDATED, summary="Attendance recorded"
    )


# Agenda ---------------------------------------------------------------------------------------------------


def _check_item(item: AgendaItem, record) -> None:
    errors = {}
    if item.kind == ItemKind.RECORD and record is None:
        errors["record"] = "Choose the record this item reports on."
    if item.kind != ItemKind.RECORD and record is not None:
        errors["record"] = (
            "Only a report on a record links to one; choose that kind or leave the record empty."
        )
    if AgendaItem.objects.filter(meeting=item.meeting, order=item.order).exclude(pk=item.pk).exists():
        errors["order"] = f"Item {item.order} is already on the agenda; choose another number."
    if errors:
        raise ValidationError(errors)
    _full_clean(item, exclude=["meeting", "content_type"])


@transaction.atomic
def agenda_item_add(*, actor, meeting: Meeting, data: dict, record=None) -> AgendaItem:
    if meeting.is_archived:
        raise ValidationError("This meeting is archived; restore it before changing the agenda.")
    data = _text(data, "title", "presenter", "summary")
    if not data.get("order"):
        data["order"] = (meeting.agenda_items.aggregate(n=Max("order"))["n"] or 0) + 1
    item = AgendaItem(meeting=meeting, **{k: v for k, v in data.items() if k in ITEM_FIELDS})
    item.content_type, item.object_id = link_for(record)
    _check_item(item, record)
    with acting_as(actor):
        item.save()
    timeline_record(
        instance=meeting, actor=actor, verb=TimelineEvent.Verb.UPDATED, summary=f"Agenda item added: {item}"
    )
    return item


@transaction.atomic
def agenda_item_update(
    *, actor, item: AgendaItem, data: dict, record=None, expected_version: int | None
) -> AgendaItem:
    version_check(instance=item, expected_version=expected_version)
    data = _text(data, "title", "presenter", "summary")
    apply_changes(instance=item, data=data, fields=ITEM_FIELDS)
    item.content_type, item.object_id = link_for(record)
    _check_item(item, record)
    item.version += 1
    with acting_as(actor):
        item.save()
    timeline_record(
        instance=item.meeting,
        actor=actor,
        verb=TimelineEvent.Verb.UPDATED,
        summary=f"Agenda item changed: {item}",
    )
    return item


# Decisions ------------------------------------------------------------------------------------------------


@transaction.atomic
def decision_record(
    *, actor, body: Body, data: dict, record=None, acknowledge_above_authority: str = ""
) -> Decision:
    """Record a decision. Above the body's delegated authority it needs `acknowledge_above_authority`."""
    if not actor.has_perm("governance.record_decision_for", body):
        raise ValidationError(
            {"body": f"You can only record decisions of bodies you sit on; you do not sit on the {body}."}
        )
    if body.is_archived:
        raise ValidationError({"body": f"The {body} is archived; restore it to record its decisions."})
    data = _text(data, "reference", "decision", "conditions")
    if isinstance(data.get("reference"), str):
        data["reference"] = data["reference"].upper()
    meeting = data.get("meeting")
    if meeting is not None and meeting.body_id != body.pk:
        raise ValidationError({"meeting": f"That meeting is of the {meeting.body}, not the {body}."})
    decision = Decision(
        body=body,
        recorded_by=actor,
        **{
            k: data.get(k) for k in ("reference", "meeting", "decision", "amount", "conditions", "decided_on")
        },
        published=data.get("published", True),
    )
    decision.conditions = decision.conditions or ""
    decision.content_type, decision.object_id = link_for(record)
    within, limit = authority_check(body=body, amount=decision.amount)
    acknowledgement = (acknowledge_above_authority or "").strip()
    if not within and not acknowledgement:
        raise ValidationError({"amount": authority_message(amount=decision.amount, limit=limit, body=body)})
    decision.within_authority = within
    decision.authority_limit = limit
    decision.authority_acknowledgement = "" if within else acknowledgement
    _full_clean(decision, exclude=["content_type", "recorded_by"])
    with acting_as(actor):
        decision.save()
    summary = f"Decision {decision.reference} recorded by the {body}"
    if not within:
        summary += f": £{decision.amount:,.2f} is above delegated authority of £{limit:,.2f}"
    timeline_record(instance=decision, actor=actor, verb=TimelineEvent.Verb.CREATED, summary=summary)
    if record is not None:
        timeline_record(
            instance=record,
            actor=actor,
            verb=TimelineEvent.Verb.NOTE,
            summary=f"{summary}: {decision.decision}",
        )
    return decision


@transaction.atomic
def decision_archive(*, actor, decision: Decision, reason: str) -> Decision:
    with acting_as(actor):
        record_archive(instance=decision, actor=actor, reason=reason)
    return decision


@transaction.atomic
def decision_restore(*, actor, decision: Decision) -> Decision:
    with acting_as(actor):
        record_restore(instance=decision, actor=actor)
    return decision


# Action plan ----------------------------------------------------------------------------------------------


@transaction.atomic
def action_create(*, actor, data: dict) -> Action:
    data = _text(data, "reference", "title", "description")
    if isinstance(data.get("reference"), str):
        data["reference"] = data["reference"].upper()
    action = Action(**{k: v for k, v in data.items() if k in ACTION_FIELDS})
    if action.owner_body_id and action.owner_body.is_archived:
        raise ValidationError({"owner_body": f"The {action.owner_body} is archived; choose another body."})
    _full_clean(action)
    with acting_as(actor):
        action.save()
    timeline_record(
        instance=action, actor=actor, verb=TimelineEvent.Verb.CREATED, summary="Action added to the plan"
    )
    return action


@transaction.atomic
def action_update(*, actor, action: Action, data: dict, expected_version: int | None) -> Action:
    version_check(instance=action, expected_version=expected_version)
    data = _text(data, "reference", "title", "description")
    changed = apply_changes(instance=action, data=data, fields=ACTION_FIELDS)
    if not changed:
        return action
    _full_clean(action)
    action.version += 1
    with acting_as(actor):
        action.save()
    timeline_record(
        instance=action, actor=actor, verb=TimelineEvent.Verb.UPDATED, summary=f"Changed {', '.join(changed)}"
    )
    return action


@transaction.atomic
def action_archive(*, actor, action: Action, reason: str) -> Action:
    with acting_as(actor):
        record_archive(instance=action, actor=actor, reason=reason)
    return action


@transaction.atomic
def action_restore(*, actor, action: Action) -> Action:
    with acting_as(actor):
        record_restore(instance=action, actor=actor)
    return action


@transaction.atomic
def action_progress(
    *, actor, action: Action, written_on, status: str, note: str, expected_version: int | None
) -> ActionUpdate:
    """A dated progress update; it also sets the action's status."""
    version_check(instance=action, expected_version=expected_version)
    if action.is_archived:
        raise ValidationError("This action is archived; restore it before updating progress.")
    note = (note or "").strip()
    if not note:
        raise ValidationError({"note": "Enter what has happened since the last update."})
    update = ActionUpdate(action=action, written_on=written_on, author=actor, status=status, note=note)
    _full_clean(update, exclude=["action", "author"])
    with acting_as(actor):
        update.save()
        action.status = status
        action.version += 1
        action.save()
    timeline_record(
        instance=action,
        actor=actor,
        verb=TimelineEvent.Verb.UPDATED,
        summary=f"Progress update: {update.get_status_display()}",
    )
    return update
