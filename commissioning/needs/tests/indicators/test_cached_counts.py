"""The catalogue's figures held per indicator, and its rendered rows, are kept in the table cache until an
indicator or a figure is written (committed transactions, as in production)."""

import pytest
from django.urls import reverse

from commissioning.conftest import page_text, queries_of
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


def test_the_catalogues_rows_are_served_again_until_an_indicator_or_figure_is_written(
    client_for, commissioner
):
    poverty = IndicatorFactory(code="child-poverty", title="Children in relative low income families")
    IndicatorValueFactory(indicator=poverty)
    client = client_for(commissioner)

    def catalogue(query="?q=child") -> str:
        return page_text(client, reverse("needs:indicators") + query, "Indicators catalogue</h1>")

    first = queries_of(catalogue)  # learns which tables the rows read
    catalogue()  # stores them
    assert queries_of(catalogue) <= first - 3
    assert ">1<span" in catalogue()

    IndicatorValueFactory(indicator=poverty, period="2024/25")
    assert ">2<span" in catalogue()
    IndicatorFactory(code="child-protection-plans", title="Children on child protection plans")
    assert "Children on child protection plans" in catalogue()
    assert "Children on child protection plans" not in catalogue("?q=poverty")
