"""A small known register whose figures the tests work out by hand.

service               provider (sector)           cost     priorities        outcomes     where   tier
S1 Family hub north   Harbour Youth Trust (VCF)   60,000   early, poverty    ECM2, ECM5   North   targeted
S2 Parenting          Meadowbank (private)        30,000   early             ECM2         whole   universal
S3 Welfare rights     the council (statutory)     unknown  early             –            South   targeted
S4 Youth club         Harbour Youth Trust (VCF)   10,000   –                 –            whole   universal
S5 planned            (planned: not counted)   1,000,000   carers
S6 archived           (archived: not counted)     5,000    carers
"""

from decimal import Decimal

from commissioning.services.tests.factories import ServiceFactory


def build(*, voluntary, private, council_provider, north, south, priorities, outcomes) -> dict:
    s1 = ServiceFactory(
        reference="S1",
        name="Family hub north",
        provider=voluntary,
        service_area="family_support",
        annual_cost=Decimal("60000"),
        covers_whole_area=False,
        localities=[north],
        tier="targeted",
        priorities=[priorities["early"], priorities["poverty"]],
        outcomes=[outcomes["ECM2"], outcomes["ECM5"]],
    )
    s2 = ServiceFactory(
        reference="S2",
        name="Parenting programme",
        provider=private,
        service_area="family_support",
        annual_cost=Decimal("30000"),
        tier="universal",
        priorities=[priorities["early"]],
        outcomes=[outcomes["ECM2"]],
    )
    s3 = ServiceFactory(
        reference="S3",
        name="Welfare rights advice",
        provider=council_provider,
        service_area="early_help",
        annual_cost=None,
        covers_whole_area=False,
        localities=[south],
        tier="targeted",
        priorities=[priorities["early"]],
        single_provider_only=True,
    )
    s4 = ServiceFactory(
        reference="S4",
        name="Youth club",
        provider=voluntary,
        service_area="other",
        annual_cost=Decimal("10000"),
        tier="universal",
    )
    s5 = ServiceFactory(
        reference="S5",
        name="Young carers hub",
        provider=private,
        status="planned",
        annual_cost=Decimal("1000000"),
        priorities=[priorities["carers"]],
    )
    s6 = ServiceFactory(
        reference="S6", name="Old carers group", provider=voluntary, priorities=[priorities["carers"]]
    )
    s6.archived_at = s6.created_at
    s6.save()
    return {"S1": s1, "S2": s2, "S3": s3, "S4": s4, "S5": s5, "S6": s6}
