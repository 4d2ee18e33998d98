"""The catalogue's figures held per indicator are kept in the table cache until a figure is written (committed
transactions, as in production)."""

import pytest

from commissioning.conftest import queries_of
from commissioning.needs.indicators import selectors
from commissioning.needs.models import Indicator
from commissioning.needs.tests.factories import IndicatorFactory, IndicatorValueFactory

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("empty_cache")]


def test_counts_are_served_again_until_a_figure_is_added():
    poverty = IndicatorFactory(code="child-poverty", title="Children in relative low income families")
    IndicatorValueFactory(indicator=poverty)

    def counts():
        fresh = Indicator(pk=poverty.pk, code=poverty.code)  # as a page reads it, without its count
        return [(indicator.code, indicator.value_count) for indicator in selectors.with_value_counts([fresh])]

    assert counts() == counts() == [("child-poverty", 1)]
    assert queries_of(counts) == 0
    IndicatorValueFactory(indicator=poverty, period="2024/25")
    assert counts() == [("child-poverty", 2)]
