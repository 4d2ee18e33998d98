import pytest

from commissioning.organisations.models import Role
from commissioning.organisations.tests.factories import OrganisationFactory, PartnerFactory, person_with_role

PASSWORD = "correct-horse-battery"  # noqa: S105 - test fixture


@pytest.fixture
def council(db):
    return PartnerFactory(name="Testshire County Council")


@pytest.fixture
def administrator(council):
    return person_with_role(Role.ADMINISTRATOR, council, username="administrator")


@pytest.fixture
def commissioner(council):
    return person_with_role(Role.COMMISSIONER, council, username="commissioner")


@pytest.fixture
def provider_org(db):
    return OrganisationFactory(name="Brightside Family Support")


@pytest.fixture
def other_provider_org(db):
    return OrganisationFactory(name="Northgate Youth Trust")


@pytest.fixture
def provider_user(provider_org):
    return person_with_role(Role.PROVIDER_USER, provider_org, username="provider")


@pytest.fixture
def client_for(client):
    def sign_in(user):
        client.force_login(user)
        return client

    return sign_in
