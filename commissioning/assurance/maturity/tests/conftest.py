from datetime import date

import pytest

from commissioning.assurance.maturity import services
from commissioning.assurance.maturity.models import Dimension
from commissioning.organisations.models import Role
from commissioning.organisations.tests.factories import person_with_role


@pytest.fixture
def manager(council):
    return person_with_role(Role.PARTNERSHIP_MANAGER, council, username="manager", first_name="Demo")


@pytest.fixture
def board_member(council):
    return person_with_role(Role.BOARD_MEMBER, council, username="board")


def ratings(*approaches: str) -> dict[str, tuple[str, str]]:
    return {
        dimension: (approach, f"Evidence for {dimension}")
        for dimension, approach in zip(Dimension.values, approaches, strict=True)
    }


@pytest.fixture
def first(manager):
    return services.assessment_create(
        actor=manager,
        subject_kind="partnership",
        assessed_on=date(2025, 10, 1),
        assessor=manager,
        ratings=ratings("separate", "parallel", "parallel", "separate"),
        today=date(2026, 11, 23),
    )


@pytest.fixture
def second(manager, first):
    return services.assessment_create(
        actor=manager,
        subject_kind="partnership",
        assessed_on=date(2026, 10, 1),
        assessor=manager,
        ratings=ratings("joint", "parallel", "joint", "separate"),
        today=date(2026, 11, 23),
    )
