"""The gap and overlap figures and the market analysis are kept in the table cache: served again without
computing them, and computed again once a service, its links or a priority is written (committed transactions,
as in production)."""

from decimal import Decimal

import pytest

from commissioning.conftest import queries_of
from commissioning.services.analysis.selectors import gap_summary
from commissioning.services.market.selectors import current_market
from commissioning.services.tests.factories import ServiceFactory
from commissioning.services.tests.test_analysis import register  # noqa: F401 - the fixture

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("empty_cache")]


def test_market_figures_are_served_again_until_a_service_changes(register):  # noqa: F811
    first = current_market()
    current_market()
    assert queries_of(current_market) == 0
    ServiceFactory(annual_cost=None)
    assert current_market().services == first.services + 1


def test_gap_figures_are_served_again_until_a_link_or_priority_changes(register, priorities):  # noqa: F811
    def early():
        return next(row for row in gap_summary()["matrix"].rows if row.key == priorities["early"].pk)

    computed = queries_of(gap_summary)
    gap_summary()
    assert queries_of(gap_summary) < computed  # only the page of the matrix is read
    services = early().count
    ServiceFactory(priorities=[priorities["early"]])
    assert early().count == services + 1
    priorities["early"].title = "Early help for every family"
    priorities["early"].save()
    assert early().label == "Early help for every family"


def test_the_gap_page_shows_a_new_link_once_it_is_saved(register, priorities, client_for, commissioner):  # noqa: F811
    client = client_for(commissioner)
    computed = queries_of(lambda: client.get("/services/gaps/"))
    before = client.get("/services/gaps/").content.decode()
    assert queries_of(lambda: client.get("/services/gaps/")) < computed
    assert "Support young carers" in before and "Young carers hub" not in before

    ServiceFactory(name="Young carers hub", priorities=[priorities["carers"]])

    after = client.get("/services/gaps/").content.decode()
    assert "Young carers hub" in after
    assert after.count('govuk-tag--red">Gap</strong>') < before.count('govuk-tag--red">Gap</strong>')


def test_the_market_page_keeps_a_page_of_providers_and_shows_a_new_one(register, client_for, commissioner):  # noqa: F811
    client = client_for(commissioner)
    computed = queries_of(lambda: client.get("/services/market/"))
    before = client.get("/services/market/")
    assert queries_of(lambda: client.get("/services/market/")) < computed
    assert "Harbourside Family Trust" not in before.content.decode()

    ServiceFactory(provider__name="Harbourside Family Trust", annual_cost=Decimal("9000000.00"))

    after = client.get("/services/market/")
    assert after.context["figures"].provider_count == before.context["figures"].provider_count + 1
    assert after.context["provider_rows"][0].provider.name == "Harbourside Family Trust"
    assert "Harbourside Family Trust" in after.content.decode()
