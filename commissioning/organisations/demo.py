"""The fictional Brackenshire Children's Partnership: partners, providers and one demo login per role."""

from commissioning.accounts.models import User
from commissioning.core.demo import DEMO_PASSWORD
from commissioning.organisations import services
from commissioning.organisations.models import Organisation, OrganisationType, Role, Sector

COUNCIL = "Brackenshire County Council"
ICB = "NHS Brackenshire and Wyvern Integrated Care Board"

DEMO_ORGANISATIONS = [
    {
        "name": COUNCIL,
        "organisation_type": OrganisationType.LOCAL_AUTHORITY,
        "sector": Sector.STATUTORY,
        "is_partner": True,
        "is_provider": True,
        "other_identifier_scheme": "ONS area code",
        "other_identifier": "E10000099",
        "description": "The county council: children's services, public health 0–19, education and early help.",
        "address": "County Hall\nMarket Street\nBrackenford",
        "postcode": "BK1 1AA",
        "email": "commissioning@brackenshire.example",
    },
    {
        "name": ICB,
        "organisation_type": OrganisationType.INTEGRATED_CARE_BOARD,
        "sector": Sector.STATUTORY,
        "is_partner": True,
        "other_identifier_scheme": "NHS ODS code",
        "other_identifier": "QZZ",
        "description": "Commissions health services, including children's community health and mental health.",
    },
    {
        "name": "Brackenshire Police",
        "organisation_type": OrganisationType.POLICE,
        "sector": Sector.STATUTORY,
        "is_partner": True,
        "description": "A partner in youth justice and safeguarding.",
    },
    {
        "name": "Brackenshire Schools Forum",
        "organisation_type": OrganisationType.SCHOOL,
        "sector": Sector.STATUTORY,
        "is_partner": True,
        "description": "Represents the county's maintained schools and academies.",
    },
    {
        "name": "Brackenshire Voluntary Action",
        "organisation_type": OrganisationType.VOLUNTARY_COMMUNITY_FAITH,
        "sector": Sector.VOLUNTARY_COMMUNITY_FAITH,
        "is_partner": True,
        "is_provider": True,
        "charity_number": "1999001",
        "description": "The umbrella body for the county's voluntary, community and faith sector.",
    },
    {
        "name": "Brightpath Family Support CIC",
        "organisation_type": OrganisationType.COMPANY,
        "sector": Sector.SOCIAL_ENTERPRISE,
        "is_provider": True,
        "companies_house_number": "99000101",
        "description": "Family support and parenting programmes across the county.",
    },
    {
        "name": "Harbour Youth Trust",
        "organisation_type": OrganisationType.VOLUNTARY_COMMUNITY_FAITH,
        "sector": Sector.VOLUNTARY_COMMUNITY_FAITH,
        "is_provider": True,
        "charity_number": "1999002",
        "description": "Youth work, young carers' support and mentoring.",
    },
    {
        "name": "Meadowbank Children's Homes Ltd",
        "organisation_type": OrganisationType.COMPANY,
        "sector": Sector.PRIVATE,
        "is_provider": True,
        "companies_house_number": "99000102",
        "description": "Residential children's homes.",
    },
    {
        "name": "Wyvern Community Health NHS Trust",
        "organisation_type": OrganisationType.NHS_TRUST,
        "sector": Sector.STATUTORY,
        "is_provider": True,
        "other_identifier_scheme": "NHS ODS code",
        "other_identifier": "RZZ",
        "description": "Health visiting, school nursing and children's therapies.",
    },
]

# username, first name, last name, role, organisation, job title
DEMO_USERS = [
    ("admin", "Demo", "Administrator", Role.ADMINISTRATOR, COUNCIL, "Systems administrator"),
    ("commissioner", "Demo", "Commissioner", Role.COMMISSIONER, COUNCIL, "Commissioning manager"),
    ("procurement", "Demo", "Procurement Manager", Role.PROCUREMENT_MANAGER, COUNCIL, "Procurement manager"),
    ("monitoring", "Demo", "Monitoring Officer", Role.MONITORING_OFFICER, COUNCIL, "Commissioning officer"),
    ("contracts", "Demo", "Contracts Manager", Role.CONTRACTS_MANAGER, COUNCIL, "Contracts manager"),
    ("finance", "Demo", "Finance Officer", Role.FINANCE_OFFICER, COUNCIL, "Finance business partner"),
    (
        "partnership",
        "Demo",
        "Partnership Manager",
        Role.PARTNERSHIP_MANAGER,
        COUNCIL,
        "Children's partnership commissioning manager",
    ),
    ("board", "Demo", "Board Member", Role.BOARD_MEMBER, ICB, "Board member"),
    (
        "provider",
        "Demo",
        "Provider User",
        Role.PROVIDER_USER,
        "Brightpath Family Support CIC",
        "Service manager",
    ),
    (
        "provider2",
        "Demo",
        "Second Provider User",
        Role.PROVIDER_USER,
        "Harbour Youth Trust",
        "Operations lead",
    ),
    ("panel", "Demo", "Panel Member", Role.PANEL_MEMBER, COUNCIL, "Young people's panel"),
]


def load(context) -> None:
    organisations = {}
    for data in DEMO_ORGANISATIONS:
        organisation = Organisation.objects.filter(name=data["name"]).first()
        if organisation is None:
            organisation = services.organisation_create(actor=None, data=data)
        organisations[organisation.name] = organisation

    users = {}
    for username, first, last, role, organisation_name, title in DEMO_USERS:
        user = User.objects.filter(username=username).first()
        if user is None:
            user = services.person_create(
                actor=context.actor,
                username=username,
                email=f"{username}@brackenshire.example",
                first_name=first,
                last_name=last,
                job_title=title,
                organisation=organisations[organisation_name],
                role=role,
                password=DEMO_PASSWORD,
            )
        users[username] = user
        if context.actor is None and role == Role.ADMINISTRATOR:
            context.actor = user
    context.records["organisations"] = organisations
    context.records["users"] = users
