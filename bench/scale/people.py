"""Partners, providers, and the people who sign in, with their roles."""

from django.contrib.auth.hashers import make_password

from bench.scale.base import LEGAL_FORMS, PLACES, PROVIDER_NOUNS, Scale
from commissioning.accounts.models import User
from commissioning.organisations.models import Membership, Organisation, Role

SCALE_PASSWORD = "scale-password-1"  # noqa: S105 - the scale data's shared sign-in, like the demo's

PARTNER_KINDS = [
    ("{place} County Council", "local_authority", "statutory"),
    ("NHS {place} Integrated Care Board", "integrated_care_board", "statutory"),
    ("{place} Police", "police", "statutory"),
    ("{place} Schools Forum", "school", "statutory"),
    ("{place} Voluntary Action", "voluntary_community_faith", "voluntary_community_faith"),
    ("{place} Community Health NHS Trust", "nhs_trust", "statutory"),
]
# Staff per county by role; provider users and panel members are added beside them.
STAFF_PER_COUNTY = {
    Role.COMMISSIONER: 6,
    Role.PROCUREMENT_MANAGER: 3,
    Role.MONITORING_OFFICER: 5,
    Role.CONTRACTS_MANAGER: 2,
    Role.FINANCE_OFFICER: 2,
    Role.PARTNERSHIP_MANAGER: 1,
    Role.BOARD_MEMBER: 3,
    Role.ADMINISTRATOR: 1,
}
PROVIDER_USERS_PER_COUNTY = 5
PANEL_MEMBERS_PER_COUNTY = 2


def _county_names(scale: Scale) -> list[str]:
    counties = scale.n(1)
    names = []
    for index in range(counties):
        place = PLACES[index % len(PLACES)]
        names.append(place if index < len(PLACES) else f"{place} {index // len(PLACES) + 1}")
    return [f"{name}shire" for name in names]


def organisations(scale: Scale) -> None:
    partners = []
    for county in _county_names(scale):
        for pattern, kind, sector in PARTNER_KINDS:
            partners.append(
                Organisation(
                    name=pattern.format(place=county),
                    organisation_type=kind,
                    sector=sector,
                    is_partner=True,
                    is_provider=kind in ("local_authority", "nhs_trust", "voluntary_community_faith"),
                    description=f"A partner of the {county} children's partnership.",
                    email=f"commissioning@{county.lower().replace(' ', '-')}.example",
                )
            )
    combinations = [(p, n, f) for p in PLACES for n in PROVIDER_NOUNS for f in LEGAL_FORMS]
    chosen = scale.rng.sample(combinations, min(scale.n(150), len(combinations)))
    providers = []
    for index, (place, noun, (form, kind, sector)) in enumerate(chosen):
        company = kind == "company"
        providers.append(
            Organisation(
                name=f"{place} {noun} {form}",
                organisation_type=kind,
                sector=sector,
                is_provider=True,
                companies_house_number=f"9{index:07d}" if company else "",
                charity_number=f"2{index:06d}" if not company else "",
                description=f"{noun} for children and families in and around {place}.",
                postcode=f"BK{index % 9 + 1} {index % 10}AA",
                email=f"contact{index}@provider.example",
            )
        )
    scale.records["partners"] = scale.bulk(Organisation, partners)
    scale.records["providers"] = scale.bulk(Organisation, providers)
    scale.records["councils"] = [
        o for o in scale.records["partners"] if o.organisation_type == "local_authority"
    ]


def people(scale: Scale) -> None:
    password = make_password(SCALE_PASSWORD)
    councils = scale.records["councils"]
    partners = scale.records["partners"]
    providers = scale.records["providers"]
    users, memberships = [], []

    def add(role: str, number: int, organisation: Organisation, job_title: str) -> None:
        username = f"scale-{role.replace('_', '-')}-{number:03d}"
        users.append(
            User(
                username=username,
                email=f"{username}@scale.example",
                first_name="Scale",
                last_name=f"{Role(role).label} {number}",
                job_title=job_title,
                password=password,
            )
        )
        memberships.append((len(users) - 1, organisation, role))

    for role, per_county in STAFF_PER_COUNTY.items():
        for number in range(scale.n(per_county)):
            home = councils if role != Role.BOARD_MEMBER else partners
            add(role, number + 1, home[number % len(home)], Role(role).label)
    for number in range(scale.n(PROVIDER_USERS_PER_COUNTY)):
        add(Role.PROVIDER_USER, number + 1, providers[number % len(providers)], "Service manager")
    for number in range(scale.n(PANEL_MEMBERS_PER_COUNTY)):
        add(Role.PANEL_MEMBER, number + 1, councils[number % len(councils)], "Young people's panel")
    saved = scale.bulk(User, users)
    scale.bulk(
        Membership,
        [
            Membership(user=saved[i], organisation=organisation, role=role)
            for i, organisation, role in memberships
        ],
    )
    by_role: dict[str, list] = {}
    for (_, organisation, role), user in zip(memberships, saved, strict=True):
        user.scale_organisation = organisation
        by_role.setdefault(role, []).append(user)
    scale.records["users"] = by_role
