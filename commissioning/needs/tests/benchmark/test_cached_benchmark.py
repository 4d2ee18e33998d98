"""The benchmark is kept in the table cache for its choices (indicator, area, period, breakdown, home area): served
again without reading the figures, and worked out afresh once a figure is written (committed transactions, as in
production)."""

import pytest

from commissioning.conftest import page_text, queries_of
from commissioning.needs.benchmark import selectors
from commissioning.needs.models import IndicatorValue
from commissioning.needs.tests.benchmark.data import build_dataset

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("empty_cache")]


def test_served_again_until_a_figure_is_written():
    data = build_dataset()

    def benchmark(area=data.home):
        return selectors.benchmark(indicator=data.ks2, area=area, home=data.home)

    first = benchmark()
    assert first.figure.value == 50.0 and first.period == "2023/24"
    benchmark()
    assert queries_of(benchmark) == 0
    assert benchmark(data.neighbours[1]).area == data.neighbours[1]  # each area its own

    IndicatorValue.objects.filter(indicator=data.ks2, area=data.home, period="2023/24").update(value=58.5)
    assert benchmark().figure.value == 58.5


def test_the_page_draws_its_figures_again_until_a_figure_is_written(client_for, commissioner):
    from django.urls import reverse

    data = build_dataset()
    client = client_for(commissioner)
    url = reverse("needs:benchmark", args=[data.ks2.code]) + f"?area={data.home.code}"

    def page() -> str:
        return page_text(client, url, "Benchmark for Testshire, 2023/24")

    first = queries_of(page)  # learns which tables the figures read
    page()  # stores them
    assert queries_of(page) < first
    assert "58.5%" not in page()
    IndicatorValue.objects.filter(indicator=data.ks2, area=data.home, period="2023/24").update(value=58.5)
    assert "58.5%" in page()
