"""Two people saving the same record at the same moment, on PostgreSQL with real concurrent transactions: one
save wins, the other is told the record changed, and nothing is overwritten silently."""

import ast
from pathlib import Path

import pytest
from django.conf import settings

from commissioning.core.tests.concurrency import postgresql_only, race
from commissioning.governance import services as governance_services
from commissioning.governance.models import Body
from commissioning.organisations import services as organisation_services
from commissioning.organisations.models import Organisation, Role
from commissioning.organisations.tests.factories import OrganisationFactory, person_with_role


@postgresql_only
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("attempt", range(3))
def test_the_second_of_two_simultaneous_saves_is_told(attempt):
    organisation = OrganisationFactory(name="Harbour Youth Trust", is_provider=True)
    administrator = person_with_role(Role.ADMINISTRATOR)

    outcomes = race(
        lambda name: organisation_services.organisation_update(
            actor=administrator, organisation=organisation, data={"name": name}, expected_version=1
        ),
        ["Harbour Youth Trust (North)", "Harbour Youth Trust (South)"],
    )

    assert sorted(outcomes.values()) == ["saved", "told"]
    stored = Organisation.objects.get(pk=organisation.pk)
    winner = next(name for name, outcome in outcomes.items() if outcome == "saved")
    assert (stored.name, stored.version) == (winner, 2)


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_a_service_that_did_not_lock_first_is_serialised_by_the_version_check():
    """body_update checks the version without locking the row itself: the check's own lock serialises it."""
    body = Body.objects.create(name="Children's Trust Board", body_type="board")
    partnership = person_with_role(Role.PARTNERSHIP_MANAGER)

    outcomes = race(
        lambda name: governance_services.body_update(
            actor=partnership, body=Body.objects.get(pk=body.pk), data={"role": name}, expected_version=1
        ),
        ["Agrees the strategy.", "Agrees the strategy and the budget."],
    )

    assert sorted(outcomes.values()) == ["saved", "told"]
    stored = Body.objects.get(pk=body.pk)
    assert stored.version == 2
    assert stored.role == next(name for name, outcome in outcomes.items() if outcome == "saved")


def test_every_version_check_runs_inside_a_transaction():
    """The check locks the row only inside a transaction: every service that checks a version is atomic."""
    outside = []
    for path in (Path(settings.BASE_DIR) / "commissioning").rglob("services*.py"):
        source = path.read_text()
        for node in ast.walk(ast.parse(source)):
            # Private helpers (_locked, _reviewable…) lock rows for the atomic services that call them.
            if (
                not isinstance(node, ast.FunctionDef)
                or node.name == "version_check"
                or node.name.startswith("_")
            ):
                continue
            body = ast.get_source_segment(source, node) or ""
            if "version_check(" not in body:
                continue
            decorated = any("atomic" in ast.unparse(d) for d in node.decorator_list)
            if not decorated and "transaction.atomic()" not in body:
                outside.append(f"{path.relative_to(settings.BASE_DIR)}:{node.lineno} {node.name}")
    assert not outside, "Version checks outside a transaction:\n" + "\n".join(outside)
