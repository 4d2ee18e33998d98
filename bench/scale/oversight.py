"""Quality assurance (programmes of standards audits, provider quality checks, the maturity matrix), boards and
their decisions, the involvement of children and families, and service specifications."""

from datetime import timedelta

from bench.scale.base import SERVICE_AREAS, Scale, words
from commissioning.assurance.maturity.models import MaturityAssessment, MaturityRating
from commissioning.assurance.models import Assessment, Audit, AuditAction, Programme
from commissioning.assurance.quality.models import ProviderCheck, ProviderEnrolment, Requirement
from commissioning.assurance.services import assessable_items
from commissioning.engagement.models import Consultation, Involvement, InvolvementCount, Panel
from commissioning.frameworks.models import Framework
from commissioning.governance.models import (
    Action,
    ActionUpdate,
    AgendaItem,
    AttendanceRecord,
    Body,
    BodyMember,
    Decision,
)
from commissioning.governance.models import Meeting as BoardMeeting
from commissioning.procurement.specifications.models import (
    Specification,
    SpecificationSection,
    SpecificationVersion,
)
from commissioning.procurement.specifications.selectors import TemplateNotLoaded, template_items

DIMENSIONS = [
    "purpose-and-strategy",
    "needs-and-market-intelligence",
    "stakeholder-engagement",
    "resource-allocation-and-management",
]


def assurance(scale: Scale) -> None:
    users = scale.records["users"]
    auditors = users["partnership_manager"] + users["commissioner"]
    frameworks = list(Framework.objects.filter(kind="standards").order_by("slug"))
    first_year = scale.anchor.year - 1 - scale.n(2)
    years = range(max(2008, first_year), scale.anchor.year)
    taken = set(Programme.objects.values_list("financial_year", flat=True))
    programmes = scale.bulk(
        Programme,
        [
            Programme(
                financial_year=year,
                title=f"Quality assurance programme {year}/{(year + 1) % 100:02d}",
                agreed_on=scale.anchor.replace(year=year, month=4, day=20),
            )
            for year in years
            if year not in taken
        ],
    )
    audits = []
    for programme in programmes:
        for f_index, framework in enumerate(frameworks):
            for a_index, area in enumerate(SERVICE_AREAS):
                quarter = (a_index + f_index) % 4 + 1
                start = scale.anchor.replace(year=programme.financial_year, month=4, day=1)
                audits.append(
                    Audit(
                        programme=programme,
                        framework=framework,
                        service_area=area,
                        quarter=quarter,
                        auditor=auditors[(a_index + f_index) % len(auditors)],
                        period_start=start,
                        period_end=start + timedelta(days=364),
                        status="completed",
                        started_at=scale.moment(-400),
                        completed_at=scale.moment(-300),
                        completed_by=auditors[0],
                        conclusion=words(scale.rng),
                    )
                )
    audits = scale.bulk(Audit, audits)
    items = {framework.pk: list(assessable_items(framework)) for framework in frameworks}
    assessments = []
    for audit in audits:
        for i_index, item in enumerate(items[audit.framework_id]):
            assessments.append(
                Assessment(
                    audit=audit,
                    item=item,
                    rating=["met", "met", "partly_met", "not_met"][(audit.seed_number + i_index) % 4],
                    evidence=words(scale.rng, 1),
                    source_role="commissioner",
                    rated_by=audit.auditor,
                    rated_at=scale.moment(-310),
                )
            )
    assessments = scale.bulk(Assessment, assessments)
    scale.bulk(
        AuditAction,
        [
            AuditAction(
                assessment=a,
                description="Agree the evidence the provider will keep.",
                owner=a.rated_by,
                due_on=scale.anchor + timedelta(days=30 - index % 90),
                status="open" if index % 2 else "done",
                completed_on=scale.day(-20) if index % 2 == 0 else None,
            )
            for index, a in enumerate(x for x in assessments if x.rating == "not_met")
        ],
    )
    _quality_checks(scale)
    _maturity(scale)


def _quality_checks(scale: Scale) -> None:
    requirements = list(Requirement.objects.order_by("position"))
    commissioner = scale.records["users"]["commissioner"][0]
    suppliers = scale.records["users"]["provider_user"]
    providers = scale.records["providers"][: scale.n(100)]
    scale.bulk(
        ProviderEnrolment,
        [
            ProviderEnrolment(organisation=p, note="Enrolled at contract award.", added_by=commissioner)
            for p in providers
        ],
    )
    checks = []
    for p_index, provider in enumerate(providers):
        for r_index, requirement in enumerate(requirements):
            status = ["verified", "verified", "awaiting", "rejected"][(p_index + r_index) % 4]
            reviewed = scale.day(-30 - (p_index * 13 + r_index * 7) % 300)
            checks.append(
                ProviderCheck(
                    provider=provider,
                    requirement=requirement,
                    status=status,
                    evidence_text="Policy adopted by the trustees and reviewed each year.",
                    adopted_on=reviewed - timedelta(days=400),
                    last_reviewed_on=reviewed,
                    expires_on=reviewed + timedelta(days=30 * requirement.validity_months),
                    submitted_at=scale.moment(-30),
                    submitted_by=suppliers[p_index % len(suppliers)],
                    verified_at=scale.moment(-20) if status == "verified" else None,
                    verified_by=commissioner if status == "verified" else None,
                    rejection_reason="The policy is out of date." if status == "rejected" else "",
                )
            )
    scale.bulk(ProviderCheck, checks)


def _maturity(scale: Scale) -> None:
    assessors = scale.records["users"]["partnership_manager"]
    activities = scale.records["activities"]
    saved = scale.bulk(
        MaturityAssessment,
        [
            MaturityAssessment(
                subject_kind="partnership" if index % 2 == 0 else "activity",
                activity=None if index % 2 == 0 else activities[index % len(activities)],
                assessed_on=scale.day(-90 * index),
                assessor=assessors[index % len(assessors)],
                summary=words(scale.rng),
            )
            for index in range(scale.n(3))
        ],
    )
    scale.bulk(
        MaturityRating,
        [
            MaturityRating(
                assessment=a,
                dimension=dimension,
                approach=["separate", "parallel", "joint", "integrated"][(a.seed_number + d) % 4],
                evidence=words(scale.rng, 1),
            )
            for a in saved
            for d, dimension in enumerate(DIMENSIONS)
        ],
    )


def governance(scale: Scale) -> None:
    users = scale.records["users"]
    members = users["board_member"] + users["commissioner"] + users["partnership_manager"]
    partners = scale.records["partners"]
    clerk = users["partnership_manager"][0]
    bodies = []
    for council in scale.records["councils"]:
        county = council.name.removesuffix(" County Council")
        for name, body_type in [
            ("Children's Trust Board", "board"),
            ("Joint Commissioning Executive", "executive"),
            ("Early Help Commissioning Group", "group"),
            ("Emotional Wellbeing Delivery Group", "delivery_group"),
            ("Children's Scrutiny Committee", "scrutiny"),
        ]:
            bodies.append(
                Body(
                    name=f"{county} {name}",
                    body_type=body_type,
                    role=words(scale.rng, 1),
                    terms_of_reference=words(scale.rng, 3),
                    clerk=clerk,
                )
            )
    bodies = scale.bulk(Body, bodies)
    body_members = scale.bulk(
        BodyMember,
        [
            BodyMember(
                body=body,
                user=members[(b * 3 + m) % len(members)],
                role_title="Director" if m == 0 else "Member",
                organisation=partners[(b + m) % len(partners)],
                position="chair" if m == 0 else "member",
                delegated_limit=scale.money(1000, 5000) if m == 0 else 0,
            )
            for b, body in enumerate(bodies)
            for m in range(8)
        ],
    )
    by_body: dict[int, list] = {}
    for member in body_members:
        by_body.setdefault(member.body_id, []).append(member)
    meetings = scale.bulk(
        BoardMeeting,
        [
            BoardMeeting(
                body=body,
                held_on=scale.day(-60 * m + 30),
                location="County Hall, Committee Room 2",
                minutes=words(scale.rng, 3) if m > 0 else "",
            )
            for body in bodies
            for m in range(6)
        ],
    )
    agenda, attendance = [], []
    for meeting in meetings:
        for order in range(1, 6):
            agenda.append(
                AgendaItem(
                    meeting=meeting,
                    order=order,
                    title=f"Item {order}: {['Performance report', 'Strategy', 'Contract award', 'Risks', 'Any other business'][order - 1]}",
                    presenter="Head of Commissioning",
                    purpose=["information", "decision", "discussion"][order % 3],
                    kind="other",
                    summary=words(scale.rng, 1),
                )
            )
        for index, member in enumerate(by_body[meeting.body_id]):
            attendance.append(
                AttendanceRecord(
                    meeting=meeting, member=member, status="present" if index % 5 else "apologies"
                )
            )
    scale.bulk(AgendaItem, agenda)
    scale.bulk(AttendanceRecord, attendance)
    recorder = users["partnership_manager"][0]
    past_meetings = [m for m in meetings if m.held_on <= scale.anchor]
    decisions = [
        Decision(
            reference=f"SCL-{scale.anchor.year}-{index + 1:04d}",
            body_id=meeting.body_id,
            meeting=meeting,
            decision=f"Agreed: {words(scale.rng, 1)}",
            amount=scale.money(100, 9000) if index % 2 else None,
            decided_on=meeting.held_on,
            published=index % 3 != 0,
            recorded_by=recorder,
        )
        for index, meeting in enumerate(past_meetings[: scale.n(50)])
    ]
    scale.bulk(Decision, decisions)
    actions = scale.bulk(
        Action,
        [
            Action(
                reference=f"SAP-{index + 1:04d}",
                title=f"Action {index + 1}: {words(scale.rng, 1)}"[:250],
                description=words(scale.rng),
                owner_body=bodies[index % len(bodies)],
                owner=members[index % len(members)],
                due_on=scale.day(-60 + index % 180),
                status=["not_started", "on_track", "at_risk", "off_track", "done"][index % 5],
            )
            for index in range(scale.n(40))
        ],
    )
    scale.bulk(
        ActionUpdate,
        [
            ActionUpdate(
                action=action,
                written_on=scale.day(-30 * u - 1),
                author=action.owner,
                status=action.status,
                note=words(scale.rng, 1),
            )
            for action in actions
            for u in range(2)
        ],
    )


def engagement(scale: Scale) -> None:
    users = scale.records["users"]
    recorders = users["commissioner"]
    panels = scale.bulk(
        Panel,
        [
            Panel(
                name=f"{council.name.removesuffix(' County Council')} young commissioners",
                description="Young people aged 13 to 19.",
            )
            for council in scale.records["councils"]
        ],
    )
    activities = scale.records["activities"]
    from commissioning.cycle.models import ActivityStep

    first_steps = dict(
        ActivityStep.objects.filter(activity__in=activities, number=3).values_list("activity_id", "pk")
    )
    involvements = scale.bulk(
        Involvement,
        [
            Involvement(
                activity=activities[index % len(activities)],
                step_id=first_steps[activities[index % len(activities)].pk],
                title=f"Young people's views on {activities[index % len(activities)].title.lower()}"[:250],
                method=["consultation", "co_design", "tender_panel", "monitoring_visit"][index % 4],
                took_place_on=scale.day(-((10 * index) % 400)),
                panel=panels[index % len(panels)] if panels else None,
                in_decision=index % 2 == 0,
                summary=words(scale.rng),
                support_cost=scale.money(0, 5),
                recorded_by=recorders[index % len(recorders)],
            )
            for index in range(scale.n(60))
        ],
    )
    scale.bulk(
        InvolvementCount,
        [
            InvolvementCount(involvement=inv, group=group, number=3 + (inv.seed_number + g) % 12)
            for inv in involvements
            for g, group in enumerate(["children", "parents", "looked_after"])
        ],
    )
    scale.bulk(
        Consultation,
        [
            Consultation(
                title=f"Consultation on {activities[index % len(activities)].title.lower()}"[:250],
                activity=activities[index % len(activities)],
                owner=recorders[index % len(recorders)],
                purpose=words(scale.rng, 1),
                audience="Children, young people, parents and carers",
                includes_voluntary_sector=index % 2 == 0,
                open_to_young_people=index % 3 != 0,
                question="What would make the service better for you?",
                starts_on=scale.day(-90 + index),
                ends_on=scale.day(-90 + index + 84),
                channels="Online survey; sessions in family hubs",
            )
            for index in range(scale.n(10))
        ],
    )


def specifications(scale: Scale) -> None:
    try:
        items = template_items()
    except TemplateNotLoaded:
        return
    authors = scale.records["users"]["commissioner"]
    activities = [a for a in scale.records["activities"] if a.kind in ("tender", "service_redesign")]
    specs = scale.bulk(
        Specification,
        [
            Specification(
                activity=activity,
                title=f"Service specification: {activity.title}"[:250],
                status="approved" if index % 2 else "draft",
                current_number=2,
                approved_number=1 if index % 2 else None,
                created_by=authors[index % len(authors)],
            )
            for index, activity in enumerate(activities[: scale.n(20)])
        ],
    )
    versions = scale.bulk(
        SpecificationVersion,
        [
            SpecificationVersion(
                specification=spec,
                number=number,
                status="approved" if number == 1 and spec.approved_number else "draft",
                change_note="First draft" if number == 1 else "Outcomes from the needs analysis",
                created_by=spec.created_by,
                approved_by_body="Joint Commissioning Executive"
                if number == 1 and spec.approved_number
                else "",
                approved_on=scale.day(-100) if number == 1 and spec.approved_number else None,
            )
            for spec in specs
            for number in (1, 2)
        ],
    )
    scale.bulk(
        SpecificationSection,
        [
            SpecificationSection(
                version=version,
                position=position,
                item=item,
                ref=item.ref,
                heading=item.title,
                text=words(scale.rng),
            )
            for version in versions
            for position, item in enumerate(items, start=1)
        ],
    )
