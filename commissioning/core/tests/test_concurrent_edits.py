"""Two people saving the same record at the same moment, on PostgreSQL with real concurrent transactions: one
save wins, the other is told the record changed, and nothing is overwritten silently."""

import ast
import threading
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection, connections

from commissioning.core.exceptions import ConflictError
from commissioning.governance import services as governance_services
from commissioning.governance.models import Body
from commissioning.organisations import services as organisation_services
from commissioning.organisations.models import Organisation, Role
from commissioning.organisations.tests.factories import OrganisationFactory, person_with_role

postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="Row locks need PostgreSQL (SQLite runs one writer at a time)."
)


def _race(save, names: list[str]) -> dict[str, str]:
    """Run `save(name)` for each name in its own thread and connection, all released at once."""
    barrier = threading.Barrier(len(names))
    outcomes: dict[str, str] = {}

    def attempt(name: str) -> None:
        try:
            barrier.wait(timeout=10)
            save(name)
            outcomes[name] = "saved"
        except ConflictError:
            outcomes[name] = "told"
        finally:
            connections.close_all()

    threads = [threading.Thread(target=attempt, args=(name,)) for name in names]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return outcomes


@postgresql_only
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.parametrize("attempt", range(3))
def test_the_second_of_two_simultaneous_saves_is_told(attempt):
    organisation = OrganisationFactory(name="Harbour Youth Trust", is_provider=True)
    administrator = person_with_role(Role.ADMINISTRATOR)

    outcomes = _race(
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
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_service_that_did_not_lock_first_is_serialised_by_the_version_check():
    """body_update checks the version without locking the row itself: the check's own lock serialises it."""
    body = Body.objects.create(name="Children's Trust Board", body_type="board")
    partnership = person_with_role(Role.PARTNERSHIP_MANAGER)

    outcomes = _race(
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


@postgresql_only
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_contracts_managers_changing_one_agreement(council, provider_org):
    """Outside a test's own transaction, as in production: the update locks the row inside its own transaction."""
    from datetime import date
    from decimal import Decimal

    from commissioning.contracts import services as contract_services
    from commissioning.contracts.models import Agreement

    manager = person_with_role(Role.CONTRACTS_MANAGER, council)
    agreement = contract_services.agreement_create(
        actor=manager,
        data={
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
        },
    )

    outcomes = _race(
        lambda title: contract_services.agreement_update(
            actor=manager, agreement=agreement, data={"title": title}, expected_version=agreement.version
        ),
        ["Family support (north)", "Family support (south)"],
    )

    assert sorted(outcomes.values()) == ["saved", "told"]
    stored = Agreement.objects.get(pk=agreement.pk)
    assert stored.title == next(title for title, outcome in outcomes.items() if outcome == "saved")
    assert stored.version == agreement.version + 1
