"""The API against its own OpenAPI schema (/api/v1/schema/), with schemathesis in the test process.

Every operation is called with generated data by a person holding every partnership role, over the demo
partnership's records, and each answer must be: no server error, a status the operation documents, the media
type it documents for that status, and a body that matches the documented schema. Examples are few and the
same on every run, so the module stays quick and a failure can be replayed.
"""

import re

import pytest
import schemathesis
from django.core import signals
from django.core.management import call_command
from django.db import close_old_connections, transaction
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis import GenerationMode
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)
from werkzeug.test import Client as WsgiClient

from commissioning.accounts.services import api_token_issue
from commissioning.conftest import seed_what_the_migrations_seed
from commissioning.core.demo import demo_load
from commissioning.organisations.demo import COUNCIL
from commissioning.organisations.models import PARTNERSHIP_ROLES, Organisation
from commissioning.organisations.tests.factories import MembershipFactory, UserFactory
from config.wsgi import application

SCHEMA_PATH = "/api/v1/schema/"
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]
CONFIG = schemathesis.Config.from_dict(
    {"seed": 2026, "generation": {"deterministic": True, "database": "none"}}
)

schema = schemathesis.openapi.from_wsgi(SCHEMA_PATH, application, config=CONFIG)

# Path parameters that name records which exist, by operation path (filled once the records are loaded).
KNOWN_PATH_PARAMETERS: dict[str, list[dict]] = {}


def _rows(body) -> list:
    if isinstance(body, dict):
        body = body.get("results", [])
    return body if isinstance(body, list) else []


def known_path_parameters(token: str) -> dict[str, list[dict]]:
    """For each operation path with parameters, up to three sets of values that name records which exist,
    read from the list one level up (`/procurements/` for `{id}`, `/frameworks/{slug}/items/` for `{ref}`).
    A parameter with no list above it (a step number) keeps the generated value."""
    client = Client(HTTP_AUTHORIZATION=f"Token {token}")
    known = {}
    for path in schema.raw_schema["paths"]:
        combinations = [{}]
        for name in re.findall(r"\{(\w+)\}", path):
            listing = path[: path.index(f"{{{name}}}")]
            key = "id" if name == "id" else name.rsplit("_", 1)[-1]
            found = []
            for combination in combinations:
                response = client.get(listing.format(**combination))
                if response.status_code == 200:
                    found += [
                        {**combination, name: row[key]}
                        for row in _rows(response.json())[:3]
                        if isinstance(row, dict) and key in row
                    ]
            if not found:
                break
            combinations = found[:3]
        if combinations != [{}]:
            known[path] = combinations
    return known


@schema.hook
def flatmap_path_parameters(context, path_parameters):
    """Half the time, records that exist (so that detail answers and actions are checked too), else the
    generated values (which mostly name nothing: the 404 answers are checked)."""
    combinations = KNOWN_PATH_PARAMETERS.get(context.operation.path, [])
    if not combinations:
        return st.just(path_parameters)
    return st.one_of(
        st.sampled_from([{**path_parameters, **known} for known in combinations]), st.just(path_parameters)
    )


@pytest.fixture(scope="module")
def demo_records_token(django_db_setup, django_db_blocker):
    """The demo partnership's records and a token for one person holding every partnership role in its
    council (a provider's view is narrower, never wider). Loaded once for the module inside a transaction
    that is rolled back at the end, so no other test sees them; each operation's test runs in a savepoint."""
    with django_db_blocker.unblock(), transaction.atomic():
        seed_what_the_migrations_seed()  # a test that flushed the database may have run before this module
        call_command("load_frameworks", verbosity=0)
        demo_load()
        council = Organisation.objects.get(name=COUNCIL)
        person = UserFactory(username="api-schema-check")
        for role in sorted(PARTNERSHIP_ROLES):
            MembershipFactory(user=person, organisation=council, role=role)
        token = api_token_issue(user=person, actor=None).key
        KNOWN_PATH_PARAMETERS.update(known_path_parameters(token))
        yield token
        KNOWN_PATH_PARAMETERS.clear()
        transaction.set_rollback(True)


@pytest.fixture(scope="module")
def api_token(demo_records_token):
    """Schemathesis calls the WSGI application straight, not through Django's test client: like the test
    client, keep the connection open at the end of each request (closing it would end the transaction)."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield demo_records_token
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


def read_version(case, token: str) -> int | None:
    """The current version of the record an action changes: the record one level up from the action
    (`/governance/actions/{id}/` for `.../{id}/progress/`), or the step of an activity."""
    parent = case.formatted_path.rstrip("/").rsplit("/", 1)[0] + "/"
    number = case.path_parameters.get("number")
    if number is not None:
        parent = parent.rsplit("/steps/", 1)[0] + "/"
    response = WsgiClient(application).get(parent, headers={"Authorization": f"Token {token}"})
    if response.status_code != 200:
        return None
    record = response.get_json()
    if number is not None:
        record = next((step for step in record.get("steps", []) if step.get("number") == number), {})
    return record.get("version")


def can_be_invalid(operation) -> bool:
    """Whether the schema rules out any request to the operation: it takes a body, or a parameter that is more
    than any text (every value of an unconstrained text parameter is valid, so nothing negative exists)."""
    definition = schema.raw_schema["paths"][operation.path][operation.method.lower()]
    constraints = {"enum", "format", "pattern", "minLength", "maxLength"}
    return "requestBody" in definition or any(
        parameter.get("schema", {}).get("type") != "string" or constraints & set(parameter.get("schema", {}))
        for parameter in definition.get("parameters", [])
    )


# One test per operation and kind of data (both in the test's id), each with its own deterministic examples:
# valid requests (positive) and, where the schema rules any out, requests it does not allow (negative).
OPERATIONS = [result.ok() for result in schema.get_all_operations()]
EXAMPLES = {GenerationMode.POSITIVE: 4, GenerationMode.NEGATIVE: 2}
RUNS = [
    pytest.param(operation, mode, id=f"{mode.value}-{operation.label}")
    for operation in OPERATIONS
    for mode in EXAMPLES
    if mode == GenerationMode.POSITIVE or can_be_invalid(operation)
]


@pytest.mark.parametrize(("operation", "mode"), RUNS)
def test_every_operation_answers_as_its_schema_says(operation, mode, api_token, db):
    @settings(
        max_examples=EXAMPLES[mode],
        derandomize=True,
        database=None,
        deadline=None,
        print_blob=False,
        suppress_health_check=list(HealthCheck),
    )
    @given(case=operation.as_strategy(mode))
    def answers_as_documented(case):
        # Half the changes carry the version just read, so that they are made (and the answer checked); the
        # others carry a generated one, mostly stale: the 409 answer is checked.
        body = case.body
        changes = (
            mode == GenerationMode.POSITIVE
            and isinstance(body, dict)
            and isinstance(body.get("version"), int)
        )
        if changes and body["version"] % 2 == 0:
            body["version"] = read_version(case, api_token)
        case.call_and_validate(headers={"Authorization": f"Token {api_token}"}, checks=CHECKS)

    answers_as_documented()
