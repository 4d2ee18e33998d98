import importlib

import pytest
from django.apps import apps
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

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
def empty_cache():
    """Django's cache emptied before the test: the table cache's tests count what they stored themselves."""
    cache.clear()


def queries_of(read) -> int:
    """How many queries `read()` makes."""
    with CaptureQueriesContext(connection) as queries:
        read()
    return len(queries)


@pytest.fixture
def client_for(client):
    def sign_in(user):
        client.force_login(user)
        return client

    return sign_in


# The data migrations that seed rows every partnership starts with: the model they fill, and their function.
SEEDING_MIGRATIONS = [
    ("cycle.GateRule", "commissioning.cycle.migrations.0003_default_gate_rules", "add_rules"),
    ("monitoring.FrequencyBand", "commissioning.monitoring.migrations.0002_default_bands", "seed"),
    ("quality.Requirement", "commissioning.assurance.quality.migrations.0002_seed_requirements", "seed"),
]


@pytest.fixture(autouse=True)
def _data_the_migrations_seed(request):
    """A transactional test ends by emptying every table (Django's flush), the rows the data migrations seeded
    included. A test that runs after it, in the same worker, finds them put back, as a fresh test database has them.
    Only an emptied table is seeded again, so a test that does not follow a flush pays one query a table."""
    marker = request.node.get_closest_marker("django_db")
    fixtures = set(request.fixturenames)
    transactional = bool(marker and marker.kwargs.get("transaction")) or bool(
        {"transactional_db", "live_server"} & fixtures
    )
    if transactional:
        request.getfixturevalue("transactional_db")
    elif marker or "db" in fixtures:
        request.getfixturevalue("db")
    else:
        return
    seed_what_the_migrations_seed()


def seed_what_the_migrations_seed() -> None:
    """Put back the rows the data migrations seed, in each table a flush emptied. Also called by the fixtures that
    load records once for a module (they run before this file's per-test fixture)."""
    for model, module, function in SEEDING_MIGRATIONS:
        if not apps.get_model(model).objects.exists():
            getattr(importlib.import_module(module), function)(apps, None)
