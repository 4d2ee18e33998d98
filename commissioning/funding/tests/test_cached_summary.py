"""The funding home page's figures are kept in the table cache until a stream, budget or plan is written, for each
person's view and day (committed transactions, as in production)."""

import pytest

from commissioning.conftest import queries_of
from commissioning.funding import selectors, services
from commissioning.funding.tests.conftest import stream_data

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("empty_cache")]


def test_served_again_until_a_stream_is_added(finance, council):
    first = selectors.home_summary(finance)
    selectors.home_summary(finance)
    assert queries_of(lambda: selectors.home_summary(finance)) == 0
    assert selectors.home_summary(finance)["stream_count"] == first["stream_count"]
    services.stream_create(actor=finance, data=stream_data(council))
    assert selectors.home_summary(finance)["stream_count"] == first["stream_count"] + 1
