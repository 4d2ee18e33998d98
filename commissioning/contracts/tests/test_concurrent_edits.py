"""Two contracts managers saving one agreement at the same moment, on PostgreSQL, outside a test's own transaction."""

import pytest

from commissioning.contracts import services
from commissioning.contracts.models import Agreement
from commissioning.core.tests.concurrency import postgresql_only, race


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_two_contracts_managers_changing_one_agreement(contracts_manager, agreement_data):
    """Outside a test's own transaction, as in production: the update locks the row inside its own transaction."""
    agreement = services.agreement_create(actor=contracts_manager, data=agreement_data())

    outcomes = race(
        lambda title: services.agreement_update(
            actor=contracts_manager,
            agreement=agreement,
            data={"title": title},
            expected_version=agreement.version,
        ),
        ["Family support (north)", "Family support (south)"],
    )

    assert sorted(outcomes.values()) == ["saved", "told"]
    stored = Agreement.objects.get(pk=agreement.pk)
    assert stored.title == next(title for title, outcome in outcomes.items() if outcome == "saved")
    assert stored.version == agreement.version + 1
