"""A record's history is kept in the table cache: served again without reading the log, and shown afresh as soon
as a change is recorded or the person who made one is renamed (committed transactions, as in production)."""

import pytest

from commissioning.conftest import queries_of
from commissioning.core.selectors import history_for
from commissioning.organisations import services

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("empty_cache")]


def test_history_is_served_again_until_a_change_is_recorded(administrator):
    organisation = services.organisation_create(
        actor=administrator,
        data={
            "name": "Alder Family Trust",
            "organisation_type": "voluntary_community_faith",
            "sector": "voluntary_community_faith",
            "is_provider": True,
        },
    )
    first = history_for(organisation)
    assert [entry.action for entry in history_for(organisation)] == [entry.action for entry in first]
    assert queries_of(lambda: history_for(organisation)) == 0

    services.organisation_update(
        actor=administrator,
        organisation=organisation,
        data={
            "name": "Alder Family Trust CIC",
            "organisation_type": "voluntary_community_faith",
            "sector": "voluntary_community_faith",
            "is_provider": True,
        },
        expected_version=organisation.version,
    )
    changes = [change for entry in history_for(organisation) for change in entry.changes]
    assert any(change.after == "Alder Family Trust CIC" for change in changes)

    administrator.first_name, administrator.last_name = "Morwenna", "Tregarthen"
    administrator.save()
    assert all("Morwenna Tregarthen" in entry.actor for entry in history_for(organisation))
