from datetime import date
from decimal import Decimal

import pytest

from commissioning.contracts import services
from commissioning.organisations.models import Role
from commissioning.organisations.tests.factories import person_with_role

TODAY = date(2026, 11, 23)


@pytest.fixture
def contracts_manager(council):
    return person_with_role(Role.CONTRACTS_MANAGER, council, username="contracts", first_name="Casey")


@pytest.fixture
def finance_officer(council):
    return person_with_role(Role.FINANCE_OFFICER, council, username="finance")


@pytest.fixture
def board_member(council):
    return person_with_role(Role.BOARD_MEMBER, council, username="board")


@pytest.fixture
def agreement_data(council, provider_org):
    def data(**extra):
        return {
            "reference": "CON-2026-001",
            "title": "Family support",
            "agreement_type": "contract",
            "provider": provider_org,
            "commissioner": council,
            "annual_value": Decimal("100000.00"),
            "whole_life_value": Decimal("300000.00"),
            "starts_on": date(2026, 4, 1),
            "ends_on": date(2029, 3, 31),
            "status": "live",
            "payment_basis": "fixed_price",
            **extra,
        }

    return data


@pytest.fixture
def agreement(contracts_manager, agreement_data):
    return services.agreement_create(actor=contracts_manager, data=agreement_data())


@pytest.fixture
def other_agreement(contracts_manager, agreement_data, other_provider_org):
    return services.agreement_create(
        actor=contracts_manager,
        data=agreement_data(reference="CON-2026-002", title="Youth club", provider=other_provider_org),
    )
