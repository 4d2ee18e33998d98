"""The funding home page's figures are kept in the table cache until a stream, budget or plan is written, for each
person's view and day (committed transactions, as in production)."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from commissioning.funding import selectors, services
from commissioning.funding.tests.conftest import stream_data

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()


def test_served_again_until_a_stream_is_added(finance, council):
    first = selectors.home_summary(finance)
    selectors.home_summary(finance)
    with CaptureQueriesContext(connection) as queries:
        again = selectors.home_summary(finance)
    assert len(queries) == 0 and again["stream_count"] == first["stream_count"]
    services.stream_create(actor=finance, data=stream_data(council))
    assert selectors.home_summary(finance)["stream_count"] == first["stream_count"] + 1
