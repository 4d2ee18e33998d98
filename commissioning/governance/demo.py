"""Demo boards for the Brackenshire partnership: the bodies of the Central Bedfordshire governance model with
members and delegated authority, a past meeting with minutes, attendance and decisions (one above delegated
authority), an upcoming meeting with an agenda linked to demo records, and the Action Plan for Commissioning."""

from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from commissioning.frameworks.models import FrameworkItem
from commissioning.governance import services
from commissioning.governance.models import (
    Action,
    Body,
    BodyType,
    Decision,
    ItemKind,
    Meeting,
    Position,
    Purpose,
)

FRAMEWORK = "central-bedfordshire-governance"
COUNCIL = "Brackenshire County Council"
ICB = "NHS Brackenshire and Wyvern Integrated Care Board"
POLICE = "Brackenshire Police"
SCHOOLS = "Brackenshire Schools Forum"
VCS = "Brackenshire Voluntary Action"

# name, type, parent name, framework ref
BODIES = [
    ("Brackenshire Children's Trust Board", BodyType.BOARD, None, "trust-board"),
    (
        "Commissioning Executive",
        BodyType.EXECUTIVE,
        "Brackenshire Children's Trust Board",
        "commissioning-executive",
    ),
    ("Commissioning Group", BodyType.GROUP, "Brackenshire Children's Trust Board", "commissioning-group"),
    (
        "Pooled and Aligned Budgets sub group",
        BodyType.SUB_GROUP,
        "Commissioning Group",
        "pooled-aligned-budgets-sub-group",
    ),
    (
        "Performance Improvement and Quality Assurance sub group",
        BodyType.SUB_GROUP,
        "Commissioning Group",
        "performance-quality-sub-group",
    ),
    (
        "Stay Safe Outcome Delivery Group",
        BodyType.DELIVERY_GROUP,
        "Brackenshire Children's Trust Board",
        "outcome-delivery-groups",
    ),
    (
        "Children, Families and Learning Overview and Scrutiny Committee",
        BodyType.SCRUTINY,
        None,
        "overview-scrutiny",
    ),
]

# body, role title, organisation, position, limit, covers, demo username or None
MEMBERS = [
    (
        "Brackenshire Children's Trust Board",
        "Director of Children's Services",
        COUNCIL,
        Position.CHAIR,
        "1000000",
        "Council revenue spend on children's services",
        "board",
    ),
    (
        "Brackenshire Children's Trust Board",
        "Director of Commissioning",
        ICB,
        Position.MEMBER,
        "750000",
        "Integrated care board spend on children's health services",
        None,
    ),
    (
        "Brackenshire Children's Trust Board",
        "Detective Superintendent, Public Protection",
        POLICE,
        Position.MEMBER,
        "50000",
        "Police contributions to pooled budgets",
        None,
    ),
    (
        "Brackenshire Children's Trust Board",
        "Chair of the Schools Forum",
        SCHOOLS,
        Position.MEMBER,
        "0",
        "",
        None,
    ),
    (
        "Commissioning Group",
        "Children's partnership commissioning manager",
        COUNCIL,
        Position.CHAIR,
        "250000",
        "Council commissioning budgets",
        "partnership",
    ),
    (
        "Commissioning Group",
        "Head of Children's Commissioning",
        ICB,
        Position.MEMBER,
        "200000",
        "Integrated care board commissioning budgets",
        None,
    ),
    ("Commissioning Group", "Chief Executive", VCS, Position.ADVISER, "0", "", None),
    (
        "Pooled and Aligned Budgets sub group",
        "Finance business partner",
        COUNCIL,
        Position.CHAIR,
        "100000",
        "Council contributions to pooled budgets",
        "finance",
    ),
    (
        "Performance Improvement and Quality Assurance sub group",
        "Commissioning officer",
        COUNCIL,
        Position.CHAIR,
        "25000",
        "Contract variations within budget",
        "monitoring",
    ),
    (
        "Commissioning Executive",
        "Assistant Director, Commissioning",
        COUNCIL,
        Position.CHAIR,
        "500000",
        "Council commissioning budgets",
        "commissioner",
    ),
    ("Stay Safe Outcome Delivery Group", "Head of Safeguarding", COUNCIL, Position.CHAIR, "0", "", None),
    (
        "Children, Families and Learning Overview and Scrutiny Committee",
        "Chair of the committee",
        COUNCIL,
        Position.CHAIR,
        "0",
        "Scrutiny only: the committee does not commit spend",
        None,
    ),
]

ACTIONS = [
    (
        "AP-01",
        "Agree the terms of reference of the sub groups with the Children's Trust Board",
        "Commissioning Group",
        -40,
        "done",
    ),
    (
        "AP-02",
        "Map pooled and aligned budgets for children's services across the partners",
        "Pooled and Aligned Budgets sub group",
        -10,
        "at_risk",
    ),
    (
        "AP-03",
        "Report performance of every live contract to each Commissioning Group meeting",
        "Performance Improvement and Quality Assurance sub group",
        30,
        "on_track",
    ),
    (
        "AP-04",
        "Audit commissioning against the commissioning standards",
        "Performance Improvement and Quality Assurance sub group",
        90,
        "not_started",
    ),
]


def _role_text(ref: str) -> str:
    item = FrameworkItem.objects.filter(framework__slug=FRAMEWORK, ref=ref).first()
    return item.text if item else ""


def _bodies(actor) -> dict[str, Body]:
    bodies = {}
    for name, body_type, parent, ref in BODIES:
        body = Body.objects.filter(name=name).first()
        if body is None:
            body = services.body_create(
                actor=actor,
                data={
                    "name": name,
                    "body_type": body_type,
                    "parent": bodies.get(parent),
                    "role": _role_text(ref),
                    "framework_ref": ref,
                },
            )
        bodies[name] = body
    return bodies


def load(context) -> None:
    users = context.records["users"]
    organisations = context.records["organisations"]
    actor = users["partnership"]
    bodies = _bodies(actor)
    trust_board, group = bodies["Brackenshire Children's Trust Board"], bodies["Commissioning Group"]
    if group.clerk_id is None:
        services.body_update(actor=actor, body=group, data={"clerk": actor}, expected_version=group.version)
    for body_name, title, org, position, limit, covers, username in MEMBERS:
        body = bodies[body_name]
        if body.members.filter(role_title=title).exists():
            continue
        services.member_add(
            actor=actor,
            body=body,
            data={
                "role_title": title,
                "organisation": organisations[org],
                "position": position,
                "delegated_limit": Decimal(limit),
                "authority_covers": covers,
                "user": users.get(username) if username else None,
            },
        )
    today = timezone.localdate()
    for reference, title, owner, due_in, status in ACTIONS:
        if Action.objects.filter(reference=reference).exists():
            continue
        action = services.action_create(
            actor=actor,
            data={
                "reference": reference,
                "title": title,
                "owner_body": bodies[owner],
                "due_on": today + timedelta(days=due_in),
                "status": "not_started",
            },
        )
        if status != "not_started":
            services.action_progress(
                actor=actor,
                action=action,
                written_on=today - timedelta(days=7),
                status=status,
                note={
                    "done": "The Children's Trust Board agreed the terms of reference.",
                    "at_risk": "Two partners have not yet sent their budget figures; chased by the sub group chair.",
                    "on_track": "The performance dashboard is now a standard item on the agenda.",
                }[status],
                expected_version=action.version,
            )
    _meetings(context, actor, trust_board, group, today)


def _meetings(context, actor, trust_board, group, today) -> None:
    if Meeting.objects.filter(body=group).exists():
        return
    past = services.meeting_create(
        actor=actor,
        body=group,
        data={"held_on": today - timedelta(days=42), "location": "County Hall, Room 2"},
    )
    services.agenda_item_add(
        actor=actor,
        meeting=past,
        data={
            "title": "Action Plan for Commissioning: progress reports from the sub groups",
            "purpose": Purpose.INFORMATION,
            "kind": ItemKind.ACTION_PLAN,
        },
    )
    services.attendance_record(
        actor=actor,
        meeting=past,
        statuses={
            m.pk: ("apologies" if m.position == Position.ADVISER else "present") for m in group.members.all()
        },
    )
    services.minutes_record(
        actor=actor,
        meeting=past,
        minutes=(
            "1. Progress reports from the sub groups were received.\n"
            "2. The group agreed the early help redesign and the extension of the family support contract "
            "(decisions CG-2026-001 and CG-2026-002)."
        ),
        expected_version=None,
    )
    records = context.records
    agreements = records.get("agreements") or {}
    agreement = next(iter(agreements.values()), None)
    activity = next(iter((records.get("activities") or {}).values()), None)
    if not Decision.objects.filter(reference="CG-2026-001").exists():
        services.decision_record(
            actor=actor,
            body=group,
            data={
                "reference": "CG-2026-001",
                "meeting": past,
                "decision": "Approve the early help redesign to go forward to procurement.",
                "amount": Decimal("180000.00"),
                "conditions": "Subject to the equality impact assessment being completed.",
                "decided_on": past.held_on,
            },
            record=activity,
        )
    if not Decision.objects.filter(reference="CG-2026-002").exists():
        services.decision_record(
            actor=actor,
            body=group,
            data={
                "reference": "CG-2026-002",
                "meeting": past,
                "decision": "Extend the family support contract for a further two years.",
                "amount": Decimal("420000.00"),
                "conditions": "",
                "decided_on": past.held_on,
            },
            record=agreement,
            acknowledge_above_authority="To be ratified by the council's Executive at its next meeting.",
        )
    upcoming = services.meeting_create(
        actor=actor,
        body=group,
        data={"held_on": today + timedelta(days=14), "location": "County Hall, Room 2"},
    )
    order = 1
    for title, purpose, kind, record in [
        ("Minutes of the last meeting", Purpose.DECISION, ItemKind.OTHER, None),
        ("Early help redesign: activity summary", Purpose.INFORMATION, ItemKind.RECORD, activity),
        ("Family support contract: performance", Purpose.DISCUSSION, ItemKind.RECORD, agreement),
        ("Performance dashboard", Purpose.INFORMATION, ItemKind.PERFORMANCE, None),
        (
            "Action Plan for Commissioning: progress reports from the sub groups",
            Purpose.INFORMATION,
            ItemKind.ACTION_PLAN,
            None,
        ),
    ]:
        if kind == ItemKind.RECORD and record is None:
            continue
        services.agenda_item_add(
            actor=actor,
            meeting=upcoming,
            data={
                "order": order,
                "title": title,
                "purpose": purpose,
                "kind": kind,
                "presenter": "Partnership commissioning manager",
                "summary": "Approve the minutes of the last meeting as a true record." if order == 1 else "",
            },
            record=record,
        )
        order += 1
    services.meeting_create(
        actor=actor,
        body=trust_board,
        data={"held_on": today + timedelta(days=35), "location": "County Hall, Council Chamber"},
    )
