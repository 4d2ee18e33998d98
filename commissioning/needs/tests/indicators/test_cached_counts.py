"""The catalogue's figures held per indicator are kept in the table cache until a figure is written (committed
transactions, as in production)."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from commissioning.needs.indicators import selectors
from commissioning.needs.models import Indicator
from commissioning.needs.tests.factories import IndicatorFactory, IndicatorValueFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_counts_are_served_again_until_a_figure_is_added():
    cache.clear()
    poverty = IndicatorFactory(code="child-poverty", title="Children in relative low income families")
    IndicatorValueFactory(indicator=poverty)

    def counts():
        fresh = Indicator(pk=poverty.pk, code=poverty.code)  # as a page reads it, without its count
        return [(indicator.code, indicator.value_count) for indicator in selectors.with_value_counts([fresh])]

    assert counts() == counts() == [("child-poverty", 1)]
    with CaptureQueriesContext(connection) as queries:
        counts()
    assert len(queries) == 0
    IndicatorValueFactory(indicator=poverty, period="2024/25")
    assert counts() == [("child-poverty", 2)]
