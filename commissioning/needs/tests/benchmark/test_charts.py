"""The charts of the benchmark and groups pages: drawn as SVG beside the tables, cached by their spec, offered
as SVG downloads, and never breaking the page. Real rendering is slow, so only a few tests draw for real; the
others use a small stand-in SVG."""

import logging

import pytest
from django.core.cache import cache
from django.urls import reverse

from commissioning.needs.benchmark import charts
from commissioning.needs.tests.factories import IndicatorFactory

STAND_IN = (
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10" aria-label="chart" role="graphics-document">'
    '<defs><clipPath id="clip1"><rect width="10" height="10"/></clipPath></defs>'
    '<g clip-path="url(#clip1)"><text>2023/24</text></g></svg>'
)


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def renders(monkeypatch):
    """The specs the renderer was asked to draw; the real renderer still draws them."""
    calls = []
    real = charts.render_svg

    def counting(spec):
        calls.append(spec)
        return real(spec)

    monkeypatch.setattr(charts, "render_svg", counting)
    return calls


@pytest.fixture
def stand_in(monkeypatch):
    calls = []

    def draw(spec):
        calls.append(spec)
        return STAND_IN

    monkeypatch.setattr(charts, "render_svg", draw)
    return calls


def benchmark_url(code="ks2-expected"):
    return reverse("needs:benchmark", args=[code])


def groups_url(code="gld"):
    return reverse("needs:indicator-groups", args=[code])


def chart_svg(html: str, name: str) -> str:
    start = html.index(f'<div class="app-table-scroll govuk-!-margin-bottom-4" id="{name}-chart">')
    return html[html.index("<svg", start) : html.index("</svg>", start) + len("</svg>")]


def test_benchmark_page_draws_both_charts_once_then_from_the_cache(
    client_for, commissioner, dataset, renders
):
    client = client_for(commissioner)
    response = client.get(benchmark_url())
    assert response.status_code == 200
    html = response.content.decode()
    trend = chart_svg(html, "trend")
    assert 'role="img" aria-labelledby="chart-trend-title"' in trend
    assert (
        '<title id="chart-trend-title">Line chart of Pupils meeting the expected standard for Testshire'
        in trend
    )
    assert "In 2023/24 Testshire was 50.0% and England 62.0%." in trend
    for label in ("Testshire", "England", "Statistical neighbours' average", "2019/20", "2023/24"):
        assert label in trend, label
    neighbours = chart_svg(html, "neighbours")
    assert 'aria-labelledby="chart-neighbours-title"' in neighbours
    assert "for Testshire and 9 of its 10 statistical neighbours (those with a figure)" in neighbours
    assert "Testshire is 50.0%, ranked 8 of 10." in neighbours
    for label in ("Neighbour 9", "Testshire", "England 62.0%"):
        assert label in neighbours, label
    assert "Tenthby" not in neighbours  # suppressed, so in the table only
    assert "<?xml" not in html
    # The tables stay, after their charts.
    assert html.index('id="neighbours-chart"') < html.index('<table class="govuk-table" id="neighbours">')
    assert html.index('id="trend-chart"') < html.index('<table class="govuk-table" id="series">')
    assert len(renders) == 2

    again = client.get(benchmark_url()).content.decode()
    assert chart_svg(again, "trend") == trend
    assert len(renders) == 2  # both from the cache


def test_groups_page_draws_the_gap_chart(client_for, commissioner, groups_dataset, renders):
    response = client_for(commissioner).get(f"{groups_url()}?group=FSM:Eligible&comparator=rest")
    html = response.content.decode()
    gap = chart_svg(html, "gap")
    assert (
        '<title id="chart-gap-title">Line chart of the gap between Eligible and Everyone except Eligible'
        in gap
    )
    assert "The gap is narrowing." in gap
    for label in ("Gap (percentage points)", "2021/22", "2024/25"):
        assert label in gap, label
    assert html.index('id="gap-chart"') < html.index('<table class="govuk-table" id="gap">')
    assert len(renders) == 1


def test_changed_figures_are_drawn_again(stand_in):
    spec = {"data": {"values": [{"period": "2023/24", "value": 50.0}]}, "mark": "line"}
    charts.cached_svg(spec)
    charts.cached_svg(dict(spec))
    assert len(stand_in) == 1
    charts.cached_svg({**spec, "data": {"values": [{"period": "2023/24", "value": 50.1}]}})
    assert len(stand_in) == 2


def test_a_chart_drawn_before_is_found_without_building_its_spec_again(stand_in):
    built = []

    def build():
        built.append(1)
        return charts.alt.Chart(charts.alt.Data(values=[{"x": 1}])).mark_point().encode(x="x:Q")

    for _ in range(2):
        chart = charts.draw("trend", "Words", build, [["2023/24"], [{"value": 50.0}]])
        assert "<svg" in chart.svg
    assert (len(built), len(stand_in)) == (1, 1)

    charts.draw("trend", "Words", build, [["2023/24"], [{"value": 50.1}]])
    assert (len(built), len(stand_in)) == (2, 1)  # a new spec; drawn again only if it differs
    charts.draw("neighbours", "Words", build, [["2023/24"], [{"value": 50.0}]])
    assert len(built) == 3  # each chart has its own entries


def test_a_changed_figure_on_the_benchmark_page_is_drawn_again(client_for, commissioner, dataset, stand_in):
    from commissioning.needs.models import IndicatorValue

    client = client_for(commissioner)
    client.get(benchmark_url())
    assert len(stand_in) == 2
    IndicatorValue.objects.filter(area=dataset.home, period="2023/24", breakdown="").update(value=51.5)

    client.get(benchmark_url())

    assert len(stand_in) == 4
    redrawn = [spec for spec in stand_in[2:] if "51.5" in str(spec)]
    assert len(redrawn) == 2


def test_the_svg_is_made_an_image_described_by_its_title():
    svg = charts.accessible(STAND_IN, "trend", 'Figures for "Bury & <Ramsbottom>"')
    assert svg.startswith('<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10" role="img" ')
    assert 'aria-labelledby="chart-trend-title"><title id="chart-trend-title">' in svg
    assert "Figures for &quot;Bury &amp; &lt;Ramsbottom&gt;&quot;</title>" in svg
    assert "graphics-document" not in svg
    assert 'aria-label="chart"' not in svg
    assert '<clipPath id="chart-trend-clip1">' in svg
    assert 'clip-path="url(#chart-trend-clip1)"' in svg


def test_a_chart_that_cannot_be_drawn_leaves_the_table_and_a_sentence(
    client_for, commissioner, dataset, monkeypatch, caplog
):
    def broken(spec):
        raise ValueError("Vega-Lite could not compile the spec")

    monkeypatch.setattr(charts, "render_svg", broken)
    client = client_for(commissioner)
    with caplog.at_level(logging.ERROR, logger="commissioning.needs.benchmark.charts"):
        response = client.get(benchmark_url())
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count("The chart could not be drawn; the table below has the figures.") == 2
    assert "chart-trend-title" not in html
    assert "Download the chart (SVG)" not in html
    assert '<table class="govuk-table" id="series">' in html
    assert '<table class="govuk-table" id="neighbours">' in html
    assert "The trend chart could not be drawn." in caplog.text

    download = client.get(f"{benchmark_url()}?format=svg&chart=trend")
    assert download.status_code == 503
    assert download.content.decode() == "The chart could not be drawn; the table below has the figures."


def test_chart_downloads_as_svg(client_for, commissioner, groups_dataset, stand_in):
    client = client_for(commissioner)
    page = client.get(benchmark_url()).content.decode()
    assert 'href="?area=E06000901&amp;period=2023%2F24&amp;format=svg&amp;chart=trend" download' in page

    response = client.get(f"{benchmark_url()}?area=E06000901&period=2023/24&format=svg&chart=trend")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/svg+xml; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="ks2-expected-e06000901-202324-trend.svg"'
    body = response.content.decode()
    assert body.startswith("<svg ")
    assert 'role="img" aria-labelledby="chart-trend-title"' in body

    neighbours = client.get(f"{benchmark_url()}?format=svg&chart=neighbours")
    assert neighbours["Content-Disposition"].endswith('-neighbours.svg"')

    gap = client.get(f"{groups_url()}?group=FSM:Eligible&format=svg&chart=gap")
    assert gap["Content-Type"] == "image/svg+xml; charset=utf-8"
    assert gap["Content-Disposition"] == 'attachment; filename="gld-e06000901-gap-eligible.svg"'

    assert client.get(f"{benchmark_url()}?format=svg&chart=pie").status_code == 404
    assert client.get(f"{groups_url()}?format=svg&chart=gap").status_code == 404  # no group chosen


def test_no_figures_means_no_chart_and_no_error(client_for, commissioner, dataset, stand_in):
    IndicatorFactory(code="no-values", title="Not yet imported")
    response = client_for(commissioner).get(benchmark_url("no-values"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Not yet imported has no values yet." in html
    assert "-chart" not in html
    assert "could not be drawn" not in html
    assert stand_in == []


def test_an_area_without_neighbours_gets_no_neighbours_chart(client_for, commissioner, dataset, stand_in):
    response = client_for(commissioner).get(f"{benchmark_url()}?area=E09000999")
    assert response.status_code == 200
    assert response.context["neighbours_chart"] is None
    assert response.context["trend_chart"].svg
    assert 'id="neighbours-chart"' not in response.content.decode()
