"""Demo: the Brackenshire service register. Services for children and families across early help, family
support, public health 0–19, SEND, children's mental health, looked-after children and youth justice, from
in-house teams, partners, voluntary organisations and private providers; linked to the demo needs analysis's
priorities (help families earlier: several services, an overlap; child poverty: only a planned service, a gap)
and to the Every Child Matters outcomes. And a market position statement drafted from the figures."""

from decimal import Decimal

from commissioning.frameworks.models import FrameworkItem
from commissioning.needs.analysis.demo import TITLE as ANALYSIS_TITLE
from commissioning.needs.models import Area, AreaType, Priority
from commissioning.organisations.demo import COUNCIL, ICB
from commissioning.organisations.models import Organisation, OrganisationType, Sector
from commissioning.organisations.services import organisation_create
from commissioning.services.market.services import statement_create, statement_update
from commissioning.services.models import MarketPositionStatement, Service
from commissioning.services.services import service_create

POLICE = "Brackenshire Police"
VOLUNTARY_ACTION = "Brackenshire Voluntary Action"
BRIGHTPATH = "Brightpath Family Support CIC"
HARBOUR = "Harbour Youth Trust"
MEADOWBANK = "Meadowbank Children's Homes Ltd"
WYVERN = "Wyvern Community Health NHS Trust"
KESTREL = "Kestrel Fostering Ltd"
NORTHFIELD = "Northfield Therapy Partners LLP"

# Trafford's wards, the demo home area's localities when they are loaded (ONS codes, 2023 boundaries). A
# service given wards serves those wards; without the localities loaded, it serves the whole area.
ALTRINCHAM, BUCKLOW, DAVYHULME, FLIXTON = "E05015239", "E05015244", "E05015245", "E05015246"
GORSE_HILL, LONGFORD, OLD_TRAFFORD, SALE_CENTRAL = "E05015247", "E05015250", "E05015253", "E05015254"
SALE_MOOR, STRETFORD, URMSTON = "E05015255", "E05015256", "E05015259"

EARLIER = "Help families earlier, in their locality"
POVERTY = "Reduce the effects of child poverty"
REDESIGN = "Early help family support redesign"
SHORT_BREAKS = "SEND short breaks grant round"
WELLBEING = "Children's emotional wellbeing and mental health strategy"
STATEMENT_TITLE = "Children's services market position statement 2026/27"

# Providers the register needs beyond those of the organisations demo.
MORE_PROVIDERS = [
    {
        "name": KESTREL,
        "organisation_type": OrganisationType.COMPANY,
        "sector": Sector.PRIVATE,
        "is_provider": True,
        "companies_house_number": "99000103",
        "description": "An independent fostering agency.",
    },
    {
        "name": NORTHFIELD,
        "organisation_type": OrganisationType.COMPANY,
        "sector": Sector.PRIVATE,
        "is_provider": True,
        "companies_house_number": "OC999001",
        "description": "Specialist therapies for children with sensory and motor needs.",
    },
]


def _row(reference, name, provider, area, tier, secured_by, ages, cost, **more):
    return {
        "reference": reference,
        "name": name,
        "provider": provider,
        "service_area": area,
        "tier": tier,
        "secured_by": secured_by,
        "age_from": ages[0],
        "age_to": ages[1],
        "annual_cost": Decimal(cost) if cost is not None else None,
        **more,
    }


SERVICES = [
    _row(
        "EH-001",
        "Family hubs",
        COUNCIL,
        "early_help",
        "universal",
        "in_house",
        (0, 19),
        "1850000",
        description="Three family hubs: drop-in advice, stay and play, health clinics and referrals to targeted help.",
        level="operational_local",
        commissioner=COUNCIL,
        groups=["all_children", "early_years", "parents_carers"],
        outcomes=["ECM1", "ECM2", "ECM5"],
        priorities=[EARLIER],
        capacity=(4000, 3650, "families a year"),
        activity=REDESIGN,
    ),
    _row(
        "EH-002",
        "Targeted family support",
        BRIGHTPATH,
        "family_support",
        "targeted",
        "contract",
        (0, 18),
        "620000",
        description="Key workers for families with several needs, working with the whole family for up to a year.",
        commissioner=COUNCIL,
        groups=["children_in_need", "parents_carers"],
        outcomes=["ECM2", "ECM5"],
        priorities=[EARLIER],
        capacity=(450, 430, "families a year"),
        activity=REDESIGN,
    ),
    _row(
        "EH-003",
        "Parenting programmes",
        BRIGHTPATH,
        "family_support",
        "targeted",
        "grant",
        (0, 12),
        "145000",
        wards=[BUCKLOW, SALE_MOOR],
        description="Group parenting programmes in the family hubs, daytime and evening.",
        commissioner=COUNCIL,
        groups=["parents_carers"],
        outcomes=["ECM2", "ECM3"],
        priorities=[EARLIER],
        capacity=(240, 240, "places a year"),
    ),
    _row(
        "EH-004",
        "Volunteer family befriending",
        VOLUNTARY_ACTION,
        "family_support",
        "targeted",
        "grant",
        (0, 5),
        "68000",
        wards=[OLD_TRAFFORD, GORSE_HILL, LONGFORD],
        description="Trained volunteers visit families with young children at home each week.",
        commissioner=COUNCIL,
        groups=["early_years", "parents_carers"],
        outcomes=["ECM1", "ECM2"],
        priorities=[EARLIER],
        capacity=(80, 71, "families at a time"),
    ),
    _row(
        "EH-005",
        "Support for fathers",
        BRIGHTPATH,
        "family_support",
        "targeted",
        "grant",
        (0, 18),
        "35000",
        description="Groups and one-to-one support for fathers and male carers.",
        status="planned",
        commissioner=COUNCIL,
        groups=["parents_carers"],
        outcomes=["ECM2"],
        priorities=[EARLIER],
        activity=REDESIGN,
    ),
    _row(
        "EH-006",
        "Welfare rights advice in family hubs",
        COUNCIL,
        "early_help",
        "universal",
        "in_house",
        (0, 19),
        "90000",
        description="Income maximisation and debt advice in every family hub.",
        status="planned",
        commissioner=COUNCIL,
        groups=["parents_carers"],
        outcomes=["ECM5"],
        priorities=[POVERTY],
        activity=REDESIGN,
    ),
    _row(
        "EH-007",
        "Evening family drop-in",
        HARBOUR,
        "family_support",
        "targeted",
        "grant",
        (0, 18),
        "24000",
        description="An evening drop-in for families; the grant ended in March 2025.",
        status="decommissioned",
        commissioner=COUNCIL,
        groups=["parents_carers"],
        outcomes=["ECM2"],
        priorities=[EARLIER],
    ),
    _row(
        "PH-001",
        "Health visiting",
        WYVERN,
        "public_health",
        "universal",
        "contract",
        (0, 5),
        "4200000",
        description="The healthy child programme from pregnancy to five: mandated contacts and targeted support.",
        commissioner=COUNCIL,
        groups=["early_years", "parents_carers"],
        outcomes=["ECM1"],
        capacity=(9800, 9500, "children on the caseload"),
    ),
    _row(
        "PH-002",
        "School nursing",
        WYVERN,
        "public_health",
        "universal",
        "contract",
        (5, 19),
        "1650000",
        description="Health reviews, drop-ins and the national child measurement programme in schools.",
        commissioner=COUNCIL,
        groups=["all_children"],
        outcomes=["ECM1"],
    ),
    _row(
        "PH-003",
        "Family nurse partnership",
        WYVERN,
        "public_health",
        "targeted",
        "contract",
        (0, 2),
        "520000",
        description="Intensive home visiting for young first-time parents, a licensed programme.",
        commissioner=COUNCIL,
        groups=["early_years", "parents_carers"],
        outcomes=["ECM1", "ECM2"],
        priorities=[EARLIER],
        capacity=(100, 92, "families at a time"),
        single_provider_only=True,
    ),
    _row(
        "SEND-001",
        "Short breaks activity clubs",
        HARBOUR,
        "send",
        "targeted",
        "grant",
        (5, 18),
        "210000",
        wards=[URMSTON, DAVYHULME, FLIXTON],
        description="After-school and holiday clubs for disabled children, giving their families a break.",
        commissioner=COUNCIL,
        groups=["disabled", "sen"],
        outcomes=["ECM3", "ECM4"],
        capacity=(160, 148, "children a year"),
        activity=SHORT_BREAKS,
    ),
    _row(
        "SEND-002",
        "Overnight short breaks",
        MEADOWBANK,
        "send",
        "specialist",
        "spot_purchase",
        (8, 18),
        "480000",
        description="Planned overnight stays for disabled children with complex needs.",
        commissioner=COUNCIL,
        groups=["disabled"],
        outcomes=["ECM1", "ECM2"],
        capacity=(6, 6, "beds"),
        activity=SHORT_BREAKS,
    ),
    _row(
        "SEND-003",
        "Children's therapies",
        WYVERN,
        "send",
        "specialist",
        "contract",
        (0, 19),
        "1100000",
        description="Speech and language therapy, occupational therapy and physiotherapy.",
        commissioner=ICB,
        groups=["disabled", "sen"],
        outcomes=["ECM1", "ECM3"],
    ),
    _row(
        "SEND-004",
        "SEND information, advice and support",
        VOLUNTARY_ACTION,
        "send",
        "universal",
        "contract",
        (0, 25),
        "160000",
        description="Impartial advice for children, young people and parents about SEND.",
        commissioner=COUNCIL,
        groups=["sen", "parents_carers"],
        outcomes=["ECM3", "ECM4"],
    ),
    _row(
        "SEND-005",
        "Sensory integration therapy",
        NORTHFIELD,
        "send",
        "specialist",
        "spot_purchase",
        (3, 18),
        "95000",
        description="Assessment and therapy for children with sensory processing needs.",
        commissioner=ICB,
        groups=["disabled", "sen"],
        outcomes=["ECM1"],
        single_provider_only=True,
    ),
    _row(
        "MH-001",
        "Specialist child and adolescent mental health service",
        WYVERN,
        "mental_health",
        "specialist",
        "contract",
        (0, 18),
        "3800000",
        description="Assessment and treatment for children with severe needs.",
        commissioner=ICB,
        groups=["mental_health"],
        outcomes=["ECM1"],
        activity=WELLBEING,
    ),
    _row(
        "MH-002",
        "Mental health support teams in schools",
        WYVERN,
        "mental_health",
        "targeted",
        "contract",
        (5, 18),
        "1250000",
        description="Low-intensity support and whole-school approaches in 40 schools.",
        commissioner=ICB,
        groups=["mental_health", "all_children"],
        outcomes=["ECM1", "ECM3"],
        activity=WELLBEING,
    ),
    _row(
        "MH-003",
        "Youth counselling",
        HARBOUR,
        "mental_health",
        "targeted",
        "grant",
        (11, 25),
        "180000",
        wards=[ALTRINCHAM, SALE_CENTRAL],
        description="Face-to-face and online counselling for young people.",
        commissioner=ICB,
        groups=["mental_health"],
        outcomes=["ECM1"],
        capacity=(600, 655, "young people a year"),
        activity=WELLBEING,
    ),
    _row(
        "LAC-001",
        "Residential children's homes",
        MEADOWBANK,
        "looked_after",
        "specialist",
        "spot_purchase",
        (8, 17),
        "6400000",
        description="Placements in children's homes in and near the county.",
        commissioner=COUNCIL,
        groups=["looked_after"],
        outcomes=["ECM2"],
        capacity=(22, 21, "places"),
    ),
    _row(
        "LAC-002",
        "Fostering service",
        COUNCIL,
        "looked_after",
        "specialist",
        "in_house",
        (0, 18),
        "5200000",
        description="Recruiting, training and supporting the council's foster carers.",
        commissioner=COUNCIL,
        groups=["looked_after"],
        outcomes=["ECM2", "ECM3"],
        capacity=(180, 164, "places"),
    ),
    _row(
        "LAC-003",
        "Independent fostering placements",
        KESTREL,
        "looked_after",
        "specialist",
        "spot_purchase",
        (0, 18),
        "3100000",
        description="Foster placements with an independent fostering agency.",
        commissioner=COUNCIL,
        groups=["looked_after"],
        outcomes=["ECM2"],
        capacity=(60, 58, "places"),
    ),
    _row(
        "LAC-004",
        "Care leavers' personal advisers",
        COUNCIL,
        "looked_after",
        "targeted",
        "in_house",
        (16, 25),
        "780000",
        description="A personal adviser for every care leaver up to 25.",
        commissioner=COUNCIL,
        groups=["care_leavers"],
        outcomes=["ECM4", "ECM5"],
    ),
    _row(
        "FS-001",
        "Young carers' support",
        HARBOUR,
        "family_support",
        "targeted",
        "grant",
        (8, 18),
        "120000",
        description="Assessments, groups, breaks and school support for young carers.",
        commissioner=COUNCIL,
        groups=["young_carers"],
        outcomes=["ECM3", "ECM4"],
        priorities=[EARLIER],
        capacity=(300, 312, "young carers a year"),
    ),
    _row(
        "YJ-001",
        "Youth justice service",
        COUNCIL,
        "youth_justice",
        "specialist",
        "in_house",
        (10, 17),
        "1350000",
        description="Supervision of court orders, out-of-court disposals and victim work.",
        commissioner=COUNCIL,
        groups=["young_offenders"],
        outcomes=["ECM2", "ECM4"],
        level="strategic",
    ),
    _row(
        "YJ-002",
        "Prevention and diversion mentoring",
        HARBOUR,
        "youth_justice",
        "targeted",
        "contract",
        (8, 17),
        "140000",
        wards=[OLD_TRAFFORD, STRETFORD, BUCKLOW],
        description="Mentoring for children at risk of entering the youth justice system.",
        commissioner=POLICE,
        groups=["young_offenders"],
        outcomes=["ECM4"],
        priorities=[EARLIER],
    ),
    _row(
        "YJ-003",
        "Appropriate adult service",
        VOLUNTARY_ACTION,
        "youth_justice",
        "specialist",
        "sla",
        (10, 17),
        "45000",
        description="Volunteer appropriate adults for children detained in police custody.",
        commissioner=POLICE,
        groups=["young_offenders"],
        outcomes=["ECM2"],
        level="individual",
    ),
]

INTENTIONS = (
    "The partnership intends to commission welfare rights advice in every family hub from April 2027, so that "
    "the priority to reduce the effects of child poverty is addressed.\n"
    "It wants more foster placements within the county, and will talk with independent fostering agencies and "
    "residential providers about placements for children with complex needs.\n"
    "Providers interested in short breaks, support for fathers and evening family support can contact the "
    "commissioning team; grant rounds are announced on the council's website."
)


def _organisations(context) -> dict[str, Organisation]:
    organisations = dict(context.records["organisations"])
    for data in MORE_PROVIDERS:
        organisation = Organisation.objects.filter(name=data["name"]).first()
        if organisation is None:
            organisation = organisation_create(actor=context.actor, data=data)
        organisations[organisation.name] = organisation
    return organisations


def load(context) -> None:
    organisations = _organisations(context)
    actor = context.records["users"]["commissioner"]
    outcomes = {
        item.ref: item
        for item in FrameworkItem.objects.filter(framework__slug="every-child-matters-outcomes")
    }
    priorities = {p.title: p for p in Priority.objects.active().filter(analysis__title=ANALYSIS_TITLE)}
    activities = context.records.get("activities", {})
    for spec in SERVICES:
        if Service.objects.filter(reference=spec["reference"]).exists():
            continue
        spec = dict(spec)
        capacity, current_use, unit = spec.pop("capacity", (None, None, ""))
        wards = list(Area.objects.filter(code__in=spec.get("wards", []), area_type=AreaType.LOCALITY))
        data = {
            **{
                k: v
                for k, v in spec.items()
                if k not in ("groups", "outcomes", "priorities", "activity", "wards")
            },
            "provider": organisations[spec["provider"]],
            "commissioner": organisations[spec["commissioner"]] if spec.get("commissioner") else None,
            "level": spec.get("level", "operational_local"),
            "covers_whole_area": not wards,
            "target_groups": spec.get("groups", []),
            "capacity": capacity,
            "current_use": current_use,
            "capacity_unit": unit,
            "status": spec.get("status", "active"),
            "activity": activities.get(spec.get("activity")),
        }
        service_create(
            actor=actor,
            data=data,
            localities=wards,
            outcomes=[outcomes[ref] for ref in spec.get("outcomes", []) if ref in outcomes],
            priorities=[priorities[title] for title in spec.get("priorities", []) if title in priorities],
        )
    context.records["services"] = {s.reference: s for s in Service.objects.all()}
    if not MarketPositionStatement.objects.filter(title=STATEMENT_TITLE).exists():
        statement = statement_create(actor=actor, title=STATEMENT_TITLE)
        statement_update(
            actor=actor,
            statement=statement,
            data={"intentions": INTENTIONS},
            expected_version=statement.version,
        )
