"""A small budget whose figures are worked out by hand in the tests (see `dataset`)."""

from datetime import date
from decimal import Decimal

import pytest

from commissioning.cycle.tests.factories import ActivityFactory
from commissioning.funding import services
from commissioning.organisations.models import Role
from commissioning.organisations.tests.factories import PartnerFactory, person_with_role
from commissioning.services.tests.factories import ServiceFactory


@pytest.fixture
def icb(db):
    return PartnerFactory(name="Testshire Integrated Care Board", organisation_type="integrated_care_board")


@pytest.fixture
def finance(council):
    return person_with_role(
        Role.FINANCE_OFFICER, council, username="finance", first_name="Fran", last_name="Finance"
    )


@pytest.fixture
def board_member(icb):
    return person_with_role(Role.BOARD_MEMBER, icb, username="board")


@pytest.fixture
def activity(council, commissioner):
    return ActivityFactory(
        title="Continuing care redesign", lead_commissioner=commissioner, lead_organisation=council
    )


@pytest.fixture
def service(db):
    return ServiceFactory(reference="CC-001", name="Short breaks for disabled children")


def stream_data(partner, **overrides):
    return {
        "name": "High needs block",
        "partner": partner,
        "source": "Dedicated Schools Grant",
        "financial_year": 2026,
        "amount": Decimal("1000000.00"),
        "ring_fenced": True,
        "restrictions": "Only for pupils with high needs.",
        "start_date": date(2026, 4, 1),
        "end_date": date(2027, 3, 31),
    } | overrides


def budget_data(host, holder=None, **overrides):
    return {
        "name": "Children's continuing care pool",
        "arrangement": "pooled_s75",
        "purpose": "Care packages for children with continuing care needs.",
        "host": host,
        "holder_user": holder,
        "holder_name": "" if holder else "Alex Example",
        "holder_role": "Director of Children's Services",
        "first_year": 2026,
        "last_year": 2027,
        "scheme_of_delegation": "The budget holder may commit up to £250,000; above that the joint board.",
    } | overrides


@pytest.fixture
def budget(finance, council):
    return services.budget_create(actor=finance, data=budget_data(council, holder=finance))


@pytest.fixture
def dataset(finance, council, icb, budget, activity, service):
    """By hand:
    2026/27  contributions: council 300,000.00 + ICB 200,000.00            = pooled 500,000.00
             allocations:   activity 350,000.00 + service 120,000.25       = allocated 470,000.25
             commitments:   activity 200,000.00 + 50,000.10; service 130,000.00 = committed 380,000.10
             unallocated 29,999.75; allocated not committed 90,000.15; service over-committed by 9,999.75
    2027/28  contributions: council 310,000.50 (the ICB's is missing)      = pooled 310,000.50
             allocations:   service 100,000.00                             = allocated 100,000.00
             committed 0.00; unallocated 210,000.50; allocated not committed 100,000.00
    All years: pooled 810,000.50, allocated 570,000.25, committed 380,000.10, unallocated 240,000.25,
    allocated not committed 190,000.15."""

    def contribute(partner, year, amount):
        return services.contribution_add(
            actor=finance,
            budget=budget,
            data={"partner": partner, "financial_year": year, "amount": Decimal(amount)},
        )

    def allocate(year, amount, **target):
        return services.allocation_add(
            actor=finance, budget=budget, data={"financial_year": year, "amount": Decimal(amount), **target}
        )

    def commit(allocation, amount, description):
        return services.commitment_add(
            actor=finance,
            allocation=allocation,
            data={"amount": Decimal(amount), "committed_on": date(2026, 6, 1), "description": description},
        )

    contribute(council, 2026, "300000.00")
    contribute(icb, 2026, "200000.00")
    contribute(council, 2027, "310000.50")
    to_activity = allocate(2026, "350000.00", activity=activity)
    to_service = allocate(2026, "120000.25", service=service)
    later = allocate(2027, "100000.00", service=service)
    commit(to_activity, "200000.00", "Care packages, first quarter")
    commit(to_activity, "50000.10", "Equipment")
    commit(to_service, "130000.00", "Short breaks contract")
    return {"budget": budget, "to_activity": to_activity, "to_service": to_service, "later": later}
