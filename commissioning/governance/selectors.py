"""Reads for boards and decisions. Each list does its own select_related / prefetch_related."""

from collections import defaultdict
from datetime import date

from django.contrib.contenttypes.models import ContentType
from django.db.models import Prefetch, Q

from commissioning.core.queries import count_of
from commissioning.governance.models import (
    LINKABLE_MODELS,
    Action,
    ActionUpdate,
    AgendaItem,
    AttendanceRecord,
    Body,
    BodyMember,
    Decision,
    Meeting,
)


def body_list(*, search: str = "", include_archived: bool = False):
    qs = (
        Body.objects.select_related("parent", "clerk")
        .annotate(
            member_count=count_of(BodyMember.objects.filter(archived_at__isnull=True), "body"),
            meeting_count=count_of(Meeting.objects.filter(archived_at__isnull=True), "body"),
        )
        .order_by("name")
    )
    if not include_archived:
        qs = qs.filter(archived_at__isnull=True)
    if search:
        qs = qs.filter(Q(name__icontains=search) | Q(role__icontains=search))
    return qs


def body_detail(pk: int) -> Body:
    return Body.objects.select_related("parent", "clerk").get(pk=pk)


def members_of(body: Body, *, include_archived: bool = False):
    qs = BodyMember.objects.filter(body=body).select_related("user", "organisation")
    return qs if include_archived else qs.filter(archived_at__isnull=True)


def body_and_descendants(body: Body) -> list[int]:
    """The body's id and those of every body reporting to it, at any depth."""
    children = defaultdict(list)
    for pk, parent_id in Body.objects.values_list("pk", "parent_id"):
        children[parent_id].append(pk)
    ids, stack = [], [body.pk]
    while stack:
        current = stack.pop()
        if current in ids:
            continue
        ids.append(current)
        stack.extend(children[current])
    return ids


def meeting_list(*, body_id: int | None = None, when: str = "", today: date, include_archived: bool = False):
    qs = Meeting.objects.select_related("body", "minutes_approved_at").annotate(
        item_count=count_of(AgendaItem.objects.all(), "meeting")
    )
    if not include_archived:
        qs = qs.filter(archived_at__isnull=True)
    if body_id:
        qs = qs.filter(body_id=body_id)
    if when == "upcoming":
        qs = qs.filter(held_on__gte=today).order_by("held_on")
    elif when == "past":
        qs = qs.filter(held_on__lt=today).order_by("-held_on")
    return qs


def meeting_detail(pk: int) -> Meeting:
    return Meeting.objects.select_related("body", "body__parent", "minutes_approved_at").get(pk=pk)


def agenda_of(meeting: Meeting) -> list[AgendaItem]:
    items = list(meeting.agenda_items.select_related("content_type").order_by("order"))
    _attach_records(items)
    return items


def _attach_records(rows) -> None:
    """Fetch linked records with one query per model, and set row.linked_record (None when gone)."""
    by_type = defaultdict(set)
    for row in rows:
        if row.content_type_id and row.object_id:
            by_type[row.content_type_id].add(row.object_id)
    found = {}
    for ct_id, ids in by_type.items():
        model = ContentType.objects.get_for_id(ct_id).model_class()
        if model is None:
            continue
        for record in model._default_manager.filter(pk__in=ids):
            found[(ct_id, str(record.pk))] = record
    for row in rows:
        row.linked_record = found.get((row.content_type_id, row.object_id))


def previous_meeting(meeting: Meeting) -> Meeting | None:
    return (
        Meeting.objects.active()
        .filter(body=meeting.body, held_on__lt=meeting.held_on)
        .order_by("-held_on")
        .first()
    )


def later_meetings(meeting: Meeting):
    return Meeting.objects.active().filter(body=meeting.body, held_on__gt=meeting.held_on).order_by("held_on")


def attendance_of(meeting: Meeting) -> list[dict]:
    recorded = {a.member_id: a for a in AttendanceRecord.objects.filter(meeting=meeting)}
    return [
        {"member": member, "record": recorded.get(member.pk)}
        for member in members_of(meeting.body, include_archived=True)
        if member.archived_at is None or member.pk in recorded
    ]


def decisions_of_meeting(meeting: Meeting):
    qs = Decision.objects.active().filter(meeting=meeting).select_related("body", "content_type")
    rows = list(qs)
    _attach_records(rows)
    return rows


def decision_list(
    *,
    search: str = "",
    body_id: int | None = None,
    authority: str = "",
    published_only: bool = False,
    include_archived: bool = False,
    ordering: str = "-decided_on",
):
    qs = Decision.objects.select_related("body", "meeting", "content_type", "recorded_by")
    if not include_archived:
        qs = qs.filter(archived_at__isnull=True)
    if published_only:
        qs = qs.filter(published=True, archived_at__isnull=True)
    if body_id:
        qs = qs.filter(body_id=body_id)
    if authority == "above":
        qs = qs.filter(within_authority=False)
    elif authority == "within":
        qs = qs.filter(within_authority=True)
    if search:
        qs = qs.filter(
            Q(reference__icontains=search)
            | Q(decision__icontains=search)
            | Q(conditions__icontains=search)
            | Q(body__name__icontains=search)
        )
    orderings = {
        "-decided_on": ["-decided_on", "-id"],
        "decided_on": ["decided_on", "id"],
        "reference": ["reference"],
        "-amount": ["-amount", "-decided_on"],
    }
    return qs.order_by(*orderings.get(ordering, ["-decided_on", "-id"]))


def decision_detail(pk: int) -> Decision:
    decision = Decision.objects.select_related("body", "meeting", "content_type", "recorded_by").get(pk=pk)
    _attach_records([decision])
    return decision


def action_list(
    *,
    search: str = "",
    body_id: int | None = None,
    status: str = "",
    today: date,
    overdue: bool = False,
    include_archived: bool = False,
    ordering: str = "due_on",
    latest_update_only: bool = False,
):
    """The actions, each with its updates newest first; with `latest_update_only`, instead, a list of its newest
    update alone as `latest_updates` (the action plan's page and CSV show no more, and a busy action has dozens)."""
    updates = ActionUpdate.objects.select_related("author").order_by("-written_on", "-id")
    qs = Action.objects.select_related("owner_body", "owner").prefetch_related(
        Prefetch("updates", queryset=updates[:1], to_attr="latest_updates")
        if latest_update_only
        else Prefetch("updates", queryset=updates)
    )
    if not include_archived:
        qs = qs.filter(archived_at__isnull=True)
    if body_id:
        qs = qs.filter(owner_body_id=body_id)
    if status:
        qs = qs.filter(status=status)
    if overdue:
        qs = qs.filter(due_on__lt=today).exclude(status="done")
    if search:
        qs = qs.filter(Q(reference__icontains=search) | Q(title__icontains=search))
    orderings = {
        "due_on": ["due_on", "reference"],
        "reference": ["reference"],
        "owner": ["owner_body__name", "due_on", "reference"],
        "status": ["status", "due_on", "reference"],
    }
    return qs.order_by(*orderings.get(ordering, ["due_on", "reference"]))


def action_detail(pk: int) -> Action:
    return Action.objects.select_related("owner_body", "owner").get(pk=pk)


def progress_report(meeting: Meeting) -> dict:
    """The action plan progress report for a meeting: actions of the meeting's body and its sub groups, with
    the updates written since the body's previous meeting (up to and including the meeting's date)."""
    since = previous_meeting(meeting)
    since_date = since.held_on if since else None
    body_ids = body_and_descendants(meeting.body)
    updates_q = ActionUpdate.objects.filter(written_on__lte=meeting.held_on).select_related("author")
    if since_date:
        updates_q = updates_q.filter(written_on__gt=since_date)
    actions = list(
        Action.objects.active()
        .filter(owner_body_id__in=body_ids)
        .select_related("owner_body", "owner")
        .prefetch_related(
            Prefetch("updates", queryset=updates_q.order_by("written_on", "id"), to_attr="recent")
        )
        .order_by("owner_body__name", "due_on", "reference")
    )
    groups = defaultdict(list)
    for action in actions:
        action.overdue = action.due_on < meeting.held_on and action.status != "done"
        groups[action.owner_body].append(action)
    return {
        "since": since,
        "since_date": since_date,
        "groups": list(groups.items()),
        "count": len(actions),
        "overdue_count": sum(1 for a in actions if a.overdue),
    }


def linkable_records() -> list[tuple[str, list[tuple[str, str]]]]:
    """For a form's select: (group label, [(key "app.model:pk", label)]) for each allowed model that exists."""
    groups = []
    for key, label in LINKABLE_MODELS.items():
        app_label, model_name = key.split(".")
        try:
            content_type = ContentType.objects.get_by_natural_key(app_label, model_name)
        except ContentType.DoesNotExist:
            continue
        model = content_type.model_class()
        if model is None:
            continue
        qs = model._default_manager.all()
        if hasattr(model, "archived_at"):
            qs = qs.filter(archived_at__isnull=True)
        if key == "procurement.awarddecision":
            qs = qs.select_related("bid__bidder", "procurement")
        options = [(f"{key}:{record.pk}", str(record)) for record in qs[:500]]
        if options:
            groups.append((label, options))
    return groups


def record_key(row) -> str:
    if not row.content_type_id:
        return ""
    ct = ContentType.objects.get_for_id(row.content_type_id)
    return f"{ct.app_label}.{ct.model}:{row.object_id}"


def bodies_for_decisions(user):
    """The bodies a person may record decisions for."""
    qs = Body.objects.active().order_by("name")
    if user.has_perm("governance.manage_governance"):
        return qs
    return qs.filter(members__user=user, members__archived_at__isnull=True).distinct()
