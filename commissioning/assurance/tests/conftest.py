from datetime import date

import pytest
from django.core.management import call_command

from commissioning.assurance import services
from commissioning.frameworks.models import Framework
from commissioning.organisations.models import Role
from commissioning.organisations.tests.factories import person_with_role


@pytest.fixture
def frameworks(db):
    call_command("load_frameworks")


@pytest.fixture
def islington(frameworks):
    return Framework.objects.get(slug="islington-commissioning-standards")


@pytest.fixture
def bedfordshire(frameworks):
    return Framework.objects.get(slug="central-bedfordshire-commissioning-standards")


@pytest.fixture
def manager(council):
    return person_with_role(Role.PARTNERSHIP_MANAGER, council, username="partnership")


@pytest.fixture
def board_member(council):
    return person_with_role(Role.BOARD_MEMBER, council, username="board")


@pytest.fixture
def panel_member(council):
    return person_with_role(Role.PANEL_MEMBER, council, username="panel")


@pytest.fixture
def other_provider_user(other_provider_org):
    return person_with_role(Role.PROVIDER_USER, other_provider_org, username="provider2")


@pytest.fixture
def programme(manager):
    return services.programme_create(actor=manager, data={"financial_year": 2026})


@pytest.fixture
def audit(programme, islington, manager):
    return services.audit_plan(
        actor=manager,
        programme=programme,
        data={"framework": islington, "service_area": "early_help", "quarter": 2, "auditor": manager},
    )


@pytest.fixture
def started(audit, manager):
    return services.audit_start(actor=manager, audit=audit, expected_version=audit.version)


def rate_all(audit, actor, rating="met", **extra):
    for assessment in audit.assessments.all():
        services.assessment_save(
            actor=actor,
            assessment=assessment,
            data={"rating": rating, "evidence": "Seen in the strategy.", **extra},
            expected_version=assessment.version,
        )


FAR_FUTURE = date(2099, 1, 1)
