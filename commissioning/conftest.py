import importlib

import pytest
from django.apps import apps
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import URLResolver, get_resolver

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


def page_text(client, url: str, shows: str) -> str:
    """The page at `url`, which must answer and show `shows` (its heading, say), as text."""
    response = client.get(url)
    body = response.content.decode()
    assert response.status_code == 200 and shows in body, f"{url} answered {response.status_code}"
    return body


def named_url_patterns(patterns=None, namespace: str = ""):
    """(namespaced name, pattern) for every named URL pattern of the product, in the resolver's order."""
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from named_url_patterns(pattern.url_patterns, inner)
        elif pattern.name:
            yield f"{namespace}{pattern.name}", pattern


@pytest.fixture
def small_partnership(db):
    """A partnership seeded at 0.05 of a county (`bench.scale`): every kind of record, a few of each."""
    from bench.scale import seed

    call_command("load_frameworks", verbosity=0)
    call_command("load_areas", verbosity=0)
    seed(factor=0.05, report=lambda line: None)


def scale_client(role: str) -> Client:
    """A client signed in as the seeded partnership's first person with the role (`scale-<role>-001`)."""
    from commissioning.accounts.models import User

    client = Client()
    client.force_login(User.objects.get(username=f"scale-{role}-001"))
    return client


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
