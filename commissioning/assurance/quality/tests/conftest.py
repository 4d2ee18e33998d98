from datetime import date

import pytest

from commissioning.assurance.quality import services
from commissioning.assurance.quality.models import Requirement
from commissioning.monitoring.tests.factories import AgreementFactory
from commissioning.organisations.models import Role
from commissioning.organisations.tests.factories import person_with_role

TODAY = date(2026, 11, 23)


@pytest.fixture
def officer(council):
    return person_with_role(Role.MONITORING_OFFICER, council, username="officer")


@pytest.fixture
def board_member(council):
    return person_with_role(Role.BOARD_MEMBER, council, username="board")


@pytest.fixture
def manager(council):
    return person_with_role(Role.PARTNERSHIP_MANAGER, council, username="manager")


@pytest.fixture
def other_provider_user(other_provider_org):
    return person_with_role(Role.PROVIDER_USER, other_provider_org, username="other-provider")


@pytest.fixture
def agreement(provider_org, officer):
    return AgreementFactory(provider=provider_org, monitoring_officer=officer)


@pytest.fixture
def other_agreement(other_provider_org):
    return AgreementFactory(provider=other_provider_org)


@pytest.fixture
def dbs(db):
    return Requirement.objects.get(code="dbs-checks")


@pytest.fixture
def safeguarding(db):
    return Requirement.objects.get(code="safeguarding-policy")


@pytest.fixture
def submitted(provider_user, provider_org, safeguarding, agreement):
    return services.check_submit(
        actor=provider_user,
        provider=provider_org,
        requirement=safeguarding,
        evidence_text="Safeguarding policy adopted by the trustees; designated lead named.",
        adopted_on=date(2024, 5, 1),
        last_reviewed_on=date(2026, 5, 1),
        today=TODAY,
    )
