"""Demo: Brackenshire's funding. The partners' funding streams for 2025/26 to 2027/28 (Dedicated Schools Grant
high needs, Supporting Families, Family Hubs and Start for Life, the Public Health Grant for 0–19 services and the
ICB's children's continuing care), a pooled budget for children with complex needs under a signed section 75
agreement hosted by the council with the ICB contributing (with one over-allocation the joint board agreed,
recorded as an override), an aligned early help budget whose agreement is not signed yet, and a workforce and
market development plan for the short breaks grant round. Safe to run again."""

from datetime import date
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile

from commissioning.cycle.models import CommissioningActivity
from commissioning.funding import services
from commissioning.funding.models import DevelopmentPlan, FundingStream, PooledBudget
from commissioning.organisations.demo import COUNCIL, ICB
from commissioning.services.models import Service

POLICE = "Brackenshire Police"
COMPLEX_NEEDS = "Children's complex needs pooled budget"
EARLY_HELP = "Early help aligned budget"
PLAN_TITLE = "Short breaks workforce and market development plan"
SHORT_BREAKS = "SEND short breaks grant round"
REDESIGN = "Early help family support redesign"

DSG = "Dedicated Schools Grant"
# name, partner, source, ring-fenced, restrictions, {year: amount}, the last year's end date if not 31 March
STREAMS = [
    (
        "High needs block",
        COUNCIL,
        DSG,
        True,
        "For children and young people with special educational needs and disabilities, 0 to 25: top-up "
        "funding, specialist places and SEND support services. Schools forum consulted on transfers.",
        {2025: "38450000.00", 2026: "40120000.00", 2027: "41300000.00"},
    ),
    (
        "Supporting Families",
        COUNCIL,
        "Supporting Families grant (Department for Education)",
        True,
        "For whole-family early help against the national outcomes framework; part paid on results.",
        {2025: "1480000.00", 2026: "1520000.00"},
    ),
    (
        "Family Hubs and Start for Life",
        COUNCIL,
        "Family Hubs and Start for Life programme grant",
        True,
        "For family hubs, parenting support, infant feeding and perinatal mental health and parent-infant "
        "relationships.",
        {2025: "1120000.00", 2026: "1150000.00", 2027: "1150000.00"},
    ),
    (
        "Public Health Grant 0–19",
        COUNCIL,
        "Public Health Grant (ring-fenced)",
        True,
        "The 0 to 19 share of the Public Health Grant: health visiting, school nursing and the National Child "
        "Measurement Programme.",
        {2026: "6850000.00", 2027: "6980000.00"},
    ),
    (
        "Children's continuing care",
        ICB,
        "NHS Brackenshire and Wyvern ICB allocation",
        False,
        "For children whose health needs meet the national framework for children and young people's "
        "continuing care.",
        {2026: "2400000.00", 2027: "2460000.00"},
    ),
]
# (stream name, year) → [(service reference, amount a year)]
SERVICE_LINKS = {
    ("Family Hubs and Start for Life", 2026): [("EH-001", "640000.00"), ("EH-003", "180000.00")],
    ("Supporting Families", 2026): [("EH-002", "720000.00")],
    ("Public Health Grant 0–19", 2026): [("PH-001", "4100000.00"), ("PH-002", "1650000.00")],
    ("High needs block", 2026): [("SEND-003", "950000.00"), ("SEND-004", "210000.00")],
    ("Children's continuing care", 2026): [("SEND-002", "400000.00")],
}

AGREEMENT_TEXT = """Section 75 partnership agreement (National Health Service Act 2006): children's complex needs

Parties: Brackenshire County Council (host partner) and NHS Brackenshire and Wyvern Integrated Care Board.
Term: 1 April 2026 to 31 March 2028.
Purpose: a pooled fund for short breaks, therapies and emotional wellbeing services for children with complex needs.
Contributions: as set out in schedule 2 for each financial year; reviewed each January.
Governance: the joint commissioning board oversees the fund; the scheme of delegation is in schedule 3.
Overspends and underspends: shared in proportion to the partners' contributions unless the board agrees otherwise.
"""

SCHEME = (
    "The budget holder may commit up to £250,000 for a single allocation within the year's pooled amount.\n"
    "Allocations from £250,000 to £1 million need the agreement of both partners' directors.\n"
    "Allocations over £1 million, and any allocation beyond what is pooled for the year, need the joint "
    "commissioning board."
)


def _streams(actor, organisations, services_by_ref) -> None:
    for name, partner, source, ring_fenced, restrictions, amounts in STREAMS:
        for year, amount in amounts.items():
            stream = FundingStream.objects.filter(name=name, financial_year=year).first()
            if stream is None:
                stream = services.stream_create(
                    actor=actor,
                    data={
                        "name": name,
                        "partner": organisations[partner],
                        "source": source,
                        "financial_year": year,
                        "amount": Decimal(amount),
                        "ring_fenced": ring_fenced,
                        "restrictions": restrictions,
                        "start_date": date(year, 4, 1),
                        "end_date": date(year + 1, 3, 31),
                    },
                )
                for reference, annual in SERVICE_LINKS.get((name, year), []):
                    if reference in services_by_ref:
                        services.service_funding_add(
                            actor=actor,
                            stream=stream,
                            service=services_by_ref[reference],
                            annual_amount=Decimal(annual),
                        )


def _contribute(actor, budget, rows) -> None:
    for partner, year, amount in rows:
        services.contribution_add(
            actor=actor,
            budget=budget,
            data={"partner": partner, "financial_year": year, "amount": Decimal(amount)},
        )


def _allocate(actor, budget, rows) -> dict:
    made = {}
    for key, year, target, amount, description in rows:
        if target is None:
            continue
        kind = "activity" if isinstance(target, CommissioningActivity) else "service"
        made[key] = services.allocation_add(
            actor=actor,
            budget=budget,
            data={
                "financial_year": year,
                kind: target,
                "amount": Decimal(amount),
                "description": description,
            },
        )
    return made


def _complex_needs(actor, users, organisations, activities, services_by_ref) -> None:
    if PooledBudget.objects.filter(name=COMPLEX_NEEDS).exists():
        return
    council, icb = organisations[COUNCIL], organisations[ICB]
    budget = services.budget_create(
        actor=actor,
        data={
            "name": COMPLEX_NEEDS,
            "arrangement": "pooled_s75",
            "purpose": "Short breaks, therapies and emotional wellbeing support for children with complex needs, "
            "commissioned once for both partners.",
            "host": council,
            "holder_user": users["finance"],
            "holder_role": "Budget holder for the pooled fund",
            "first_year": 2026,
            "last_year": 2027,
            "agreement_signed_on": date(2026, 3, 18),
            "scheme_of_delegation": SCHEME,
        },
        agreement_file=SimpleUploadedFile(
            "section-75-agreement-children-complex-needs.txt",
            AGREEMENT_TEXT.encode("utf-8"),
            content_type="text/plain",
        ),
    )
    _contribute(
        actor,
        budget,
        [
            (council, 2026, "1200000.00"),
            (icb, 2026, "800000.00"),
            (council, 2027, "1250000.00"),
            (icb, 2027, "820000.00"),
        ],
    )
    made = _allocate(
        actor,
        budget,
        [
            (
                "overnight",
                2026,
                services_by_ref.get("SEND-002"),
                "650000.00",
                "Overnight short breaks, all year",
            ),
            (
                "therapies",
                2026,
                services_by_ref.get("SEND-003"),
                "400000.00",
                "Therapies for children with complex needs",
            ),
            (
                "camhs",
                2026,
                services_by_ref.get("MH-001"),
                "550000.00",
                "Specialist CAMHS for children with complex needs",
            ),
            ("grants", 2026, activities.get(SHORT_BREAKS), "300000.00", "Short breaks grant round, year one"),
            (
                "overnight-2027",
                2027,
                services_by_ref.get("SEND-002"),
                "670000.00",
                "Overnight short breaks, all year",
            ),
        ],
    )
    if activities.get(SHORT_BREAKS) is not None:
        services.allocation_add(
            actor=actor,
            budget=budget,
            data={
                "financial_year": 2026,
                "activity": activities[SHORT_BREAKS],
                "amount": Decimal("180000.00"),
                "description": "Extra short breaks grants for the winter",
            },
            override=True,
            override_reason="The joint commissioning board agreed on 14 October 2026 to fund extra short breaks "
            "grants; the ICB will raise its 2026/27 contribution at the January review.",
        )
    if "overnight" in made:
        services.commitment_add(
            actor=actor,
            allocation=made["overnight"],
            data={
                "amount": Decimal("325000.00"),
                "committed_on": date(2026, 4, 1),
                "description": "Overnight short breaks contract, April to September",
                "reference": "PO-CC-0412",
            },
        )
    if "therapies" in made:
        services.commitment_add(
            actor=actor,
            allocation=made["therapies"],
            data={
                "amount": Decimal("200000.00"),
                "committed_on": date(2026, 4, 1),
                "description": "Children's therapies, first half-year",
                "reference": "PO-CC-0413",
            },
        )


def _early_help(actor, users, organisations, activities, services_by_ref) -> None:
    if PooledBudget.objects.filter(name=EARLY_HELP).exists():
        return
    council, police = organisations[COUNCIL], organisations.get(POLICE)
    budget = services.budget_create(
        actor=actor,
        data={
            "name": EARLY_HELP,
            "arrangement": "aligned",
            "purpose": "The council's and the police's early help money planned together for the family support "
            "redesign; each partner keeps and accounts for its own money.",
            "host": council,
            "holder_user": users["commissioner"],
            "holder_role": "Head of early help commissioning",
            "first_year": 2026,
            "last_year": 2027,
            "scheme_of_delegation": "Each partner's own scheme of delegation applies to its own money; "
            "the early help board agrees the plan for the aligned budget.",
        },
    )
    rows = [(council, 2026, "900000.00"), (council, 2027, "920000.00")]
    if police is not None:
        rows.append((police, 2026, "60000.00"))  # the police's 2027/28 contribution is not agreed yet
    _contribute(actor, budget, rows)
    _allocate(
        actor,
        budget,
        [
            ("redesign", 2026, activities.get(REDESIGN), "400000.00", "Locality family support teams"),
            ("targeted", 2026, services_by_ref.get("EH-002"), "300000.00", "Targeted family support"),
        ],
    )


def _plan(users, activities) -> None:
    activity = activities.get(SHORT_BREAKS)
    if activity is None or DevelopmentPlan.objects.filter(title=PLAN_TITLE).exists():
        return
    actor = users["commissioner"]
    plan = services.plan_create(
        actor=actor,
        data={
            "activity": activity,
            "title": PLAN_TITLE,
            "skills_gaps": "Few short breaks staff are trained in positive behaviour support or in moving and "
            "handling for children with complex health needs.\nVolunteers in small groups have no access to "
            "safeguarding refresher training.",
            "sectors": ["statutory", "voluntary_community_faith", "private"],
            "market_summary": "Grow the number of small local groups able to bid for short breaks grants, and "
            "bring a second overnight provider into the county.",
        },
    )
    for what, for_whom, when, cost in [
        (
            "Positive behaviour support (accredited)",
            "Short breaks staff in all sectors",
            date(2026, 9, 14),
            "9600.00",
        ),
        (
            "Moving and handling for children with complex health needs",
            "Overnight short breaks staff",
            date(2026, 10, 5),
            "3200.00",
        ),
        ("Safeguarding refresher", "Volunteers in community groups", date(2026, 11, 2), None),
    ]:
        services.training_add(
            actor=actor,
            plan=plan,
            data={
                "what": what,
                "for_whom": for_whom,
                "planned_for": when,
                "cost": Decimal(cost) if cost else None,
            },
        )
    for action, owner, due, status in [
        (
            "Market engagement event for short breaks providers",
            "SEND commissioning team",
            date(2026, 9, 30),
            "done",
        ),
        (
            "Bid-writing support sessions for small groups",
            "Brackenshire Voluntary Action",
            date(2026, 11, 30),
            "in_progress",
        ),
        (
            "Talk to overnight providers in neighbouring counties",
            "SEND commissioning team",
            date(2027, 1, 31),
            "not_started",
        ),
    ]:
        services.action_add(
            actor=actor, plan=plan, data={"action": action, "owner": owner, "due_on": due, "status": status}
        )


def load(context) -> None:
    organisations = context.records["organisations"]
    users = context.records["users"]
    activities = context.records.get("activities") or {
        a.title: a for a in CommissioningActivity.objects.active()
    }
    services_by_ref = context.records.get("services") or {s.reference: s for s in Service.objects.all()}
    finance = users["finance"]
    _streams(finance, organisations, services_by_ref)
    _complex_needs(finance, users, organisations, activities, services_by_ref)
    _early_help(finance, users, organisations, activities, services_by_ref)
    _plan(users, activities)
