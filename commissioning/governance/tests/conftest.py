from datetime import date
from decimal import Decimal

import pytest

from commissioning.governance import services
from commissioning.organisations.models import Role
from commissioning.organisations.tests.factories import person_with_role


@pytest.fixture
def manager(council):
    return person_with_role(Role.PARTNERSHIP_MANAGER, council, username="partnership")


@pytest.fixture
def board_member(council):
    return person_with_role(Role.BOARD_MEMBER, council, username="board")


@pytest.fixture
def other_board_member(council):
    return person_with_role(Role.BOARD_MEMBER, council, username="board2")


@pytest.fixture
def panel_member(council):
    return person_with_role(Role.PANEL_MEMBER, council, username="panel")


@pytest.fixture
def board(manager):
    return services.body_create(actor=manager, data={"name": "Children's Trust Board", "body_type": "board"})


@pytest.fixture
def group(manager, board):
    return services.body_create(
        actor=manager, data={"name": "Commissioning Group", "body_type": "group", "parent": board}
    )


@pytest.fixture
def sub_group(manager, group):
    return services.body_create(
        actor=manager,
        data={"name": "Pooled and Aligned Budgets sub group", "body_type": "sub_group", "parent": group},
    )


@pytest.fixture
def seated_group(manager, group, board_member, council):
    """The Commissioning Group with two members: the highest limit is £250,000."""
    services.member_add(
        actor=manager,
        body=group,
        data={
            "role_title": "Director of Children's Services",
            "organisation": council,
            "position": "chair",
            "delegated_limit": Decimal("250000.00"),
            "user": board_member,
        },
    )
    services.member_add(
        actor=manager,
        body=group,
        data={
            "role_title": "Head of Commissioning",
            "organisation": council,
            "delegated_limit": Decimal("50000"),
        },
    )
    return group


@pytest.fixture
def meeting(manager, seated_group):
    return services.meeting_create(actor=manager, body=seated_group, data={"held_on": date(2026, 11, 2)})


def decision_data(**extra):
    return {
        "reference": "CG-2026-001",
        "decision": "Approve the early help redesign.",
        "amount": None,
        "conditions": "",
        "decided_on": date(2026, 11, 2),
        **extra,
    }
