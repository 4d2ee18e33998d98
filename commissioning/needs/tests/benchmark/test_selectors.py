"""The benchmark selector on the hand-worked dataset of data.py: every figure checked."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from commissioning.needs import statistics as s
from commissioning.needs.benchmark import selectors
from commissioning.needs.benchmark.figures import BenchmarkError, parse_breakdown, significance_words
from commissioning.needs.models import Suppression
from commissioning.needs.tests.benchmark.data import period
from commissioning.needs.tests.factories import AreaFactory, IndicatorValueFactory

approx = pytest.approx


def test_headline_figures_for_the_latest_period(dataset):
    result = selectors.benchmark(indicator=dataset.ks2, area=dataset.home, home=dataset.home)
    assert result.period == "2023/24"
    assert result.periods == ["2019/20", "2020/21", "2021/22", "2022/23", "2023/24"]
    figure = result.figure
    # 500/1000 by the Wilson score method: 46.907% to 53.093%.
    assert (figure.value, figure.lower, figure.upper) == approx((50.0, 46.906960, 53.093040), abs=1e-6)
    assert (figure.interval_source, figure.interval_method) == ("computed", "Wilson score")
    assert result.england.value == 62.0
    assert (result.england.lower, result.england.upper, result.england.interval_source) == (
        61.9,
        62.1,
        "published",
    )
    assert result.region.value == 55.0
    assert result.region.area == dataset.region
    # England (62.0) is above Testshire's upper limit and higher is better.
    assert result.significance == s.WORSE
    assert significance_words(result.figure, result.england) == "Significantly worse than England"


def test_neighbour_average_rank_and_quartile(dataset):
    result = selectors.benchmark(indicator=dataset.ks2, area=dataset.home)
    # Nine neighbours have a figure (Tenthby is suppressed): (40+45+52+55+58+60+62+65+70)/9 = 507/9.
    assert result.neighbour_average.value == approx(507 / 9)
    assert (result.neighbour_count, result.neighbour_average.set_size) == (9, 10)
    # Seven of the ten figures (Testshire and 9 neighbours) are higher than 50: rank 8 of 10.
    assert (result.neighbour_rank, result.ranked_count) == (8, 10)
    # Among the 11 current authorities with a figure (Oldshire is abolished), 8 are higher: position 9,
    # quartile 1 + ⌊4 × 8 / 11⌋ = 3.
    assert (result.quartile, result.quartile_of, result.quartile_note) == (3, 11, "")


def test_neighbours_table(dataset):
    result = selectors.benchmark(indicator=dataset.ks2, area=dataset.home, home=dataset.home)
    names = [row.figure.area.name for row in result.table]
    assert names == [
        "Neighbour 9",
        "Neighbour 8",
        "Neighbour 7",
        "Neighbour 6",
        "Neighbour 5",
        "Neighbour 4",
        "Neighbour 3",
        "Testshire",
        "Neighbour 2",
        "Neighbour 1",
        "Tenthby",
    ]
    ranks = [row.figure.rank for row in result.table]
    assert ranks == [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, None]
    home_row = result.table[7]
    assert (home_row.is_selected, home_row.is_home, home_row.closeness) == (True, True, None)
    first = result.table[-2]  # Neighbour 1: 40 out of 100, Wilson 30.940% to 49.800%, below England
    assert (first.closeness, first.figure.lower, first.figure.upper) == (
        1,
        approx(30.940129),
        approx(49.799741),
    )
    assert first.figure.significance == s.WORSE
    no_counts = result.table[0]
    assert (no_counts.figure.value, no_counts.figure.lower, no_counts.figure.significance) == (
        70.0,
        None,
        s.NOT_COMPARED,
    )
    assert no_counts.figure.note == "No interval: the numerator and denominator were not published."
    suppressed = result.table[-1]
    assert (suppressed.closeness, suppressed.figure.value) == (10, None)
    assert suppressed.figure.suppression == Suppression.CONFIDENTIAL
    assert suppressed.figure.note == 'Suppressed ("c") to protect confidentiality.'


def test_time_series_and_trends(dataset):
    result = selectors.benchmark(indicator=dataset.ks2, area=dataset.home)
    assert [row.period for row in result.series] == result.periods
    assert [row.period_sort for row in result.series] == [2019, 2020, 2021, 2022, 2023]
    assert [row.area.value for row in result.series] == [40.0, 42.5, 45.0, 47.5, 50.0]
    assert [row.england.value for row in result.series] == [60.0, 60.5, 61.0, 61.5, 62.0]
    assert [row.region.value for row in result.series] == [51.0, 52.0, 53.0, 54.0, 55.0]
    # k years before 2023/24 the ten neighbours average (557 − 9k)/10.
    assert [row.neighbour_average for row in result.series] == approx([52.1, 53.0, 53.9, 54.8, 507 / 9])
    assert [row.neighbour_count for row in result.series] == [10, 10, 10, 10, 9]
    assert all(row.area.significance == s.WORSE for row in result.series)
    # Chi-squared test for trend, by hand: p̄ = 0.45, Σn(t − t̄)² = 10,000, Σ(O − np̄)(t − t̄) = 250, so the
    # slope is 2.5 percentage points a year and χ² = 0.025² / (0.45 × 0.55 / 10,000) = 25.2525.
    trend = result.trend
    assert trend.slope.method == "Chi-squared test for trend"
    assert trend.slope.slope == approx(2.5)
    assert trend.slope.statistic == approx(25.252525)
    assert trend.label == "Increasing and getting better"
    assert result.england_trend.slope.method == "Weighted regression"
    assert result.england_trend.slope.slope == approx(0.5)
    assert result.england_trend.label == "Increasing and getting better"
    assert result.neighbour_trend.slope.method == "Least squares"
    assert result.neighbour_trend.slope.slope == approx(1.026667, abs=1e-6)


def test_an_earlier_period(dataset):
    result = selectors.benchmark(indicator=dataset.ks2, area=dataset.home, period="2019/20")
    assert result.figure.value == 40.0
    assert (result.figure.lower, result.figure.upper) == approx((37.007478, 43.069057), abs=1e-6)
    assert result.england.value == 60.0
    assert result.neighbour_average.value == approx(52.1)
    assert result.neighbour_count == 10
    assert result.significance == s.WORSE


def test_a_breakdown_category(dataset):
    breakdown, category = parse_breakdown("Sex:Female")
    result = selectors.benchmark(
        indicator=dataset.ks2, area=dataset.home, breakdown=breakdown, category=category
    )
    assert result.periods == ["2023/24"]
    # 260/500 by the Wilson score method: 47.622% to 56.347%; England's girls 63.0.
    assert (result.figure.value, result.figure.lower, result.figure.upper) == approx(
        (52.0, 47.622345, 56.347157)
    )
    assert result.england.value == 63.0
    assert result.significance == s.WORSE
    assert result.neighbour_average.value is None
    assert (
        result.neighbour_average.note == "Only 0 of 10 neighbours have a figure; an average needs at least 5."
    )
    assert (result.neighbour_rank, result.ranked_count) == (1, 1)
    assert (result.quartile, result.quartile_of) == (1, 1)
    assert result.trend.reason == "Fewer than 3 periods have a value."


def test_rate_per_10000_uses_byar(dataset):
    result = selectors.benchmark(indicator=dataset.cla, area=dataset.home)
    # 82 of 10,000 by Byar's method: 65.2149 to 101.7848 per 10,000; England's 70.0 is inside: similar.
    assert (result.figure.lower, result.figure.upper) == approx((65.2149, 101.7848), abs=1e-4)
    assert result.figure.interval_method == "Byar's"
    assert result.significance == s.SIMILAR
    assert significance_words(result.figure, result.england) == (
        "Similar to England: the difference is not significant"
    )
    assert (
        result.neighbour_average.note == "Only 0 of 10 neighbours have a figure; an average needs at least 5."
    )


def test_a_score_is_not_compared_and_says_why(dataset):
    result = selectors.benchmark(indicator=dataset.score, area=dataset.home)
    assert result.figure.value == 31.2
    assert result.figure.lower is None
    assert result.significance == s.NOT_COMPARED
    assert significance_words(result.figure, result.england) == (
        "Not compared. No interval was published, and none is computed for a score."
    )


def test_a_suppressed_figure_says_why(dataset):
    tenthby = dataset.neighbours[-1]
    result = selectors.benchmark(indicator=dataset.ks2, area=tenthby)
    assert result.figure.value is None
    assert result.neighbour_rank is None
    assert result.quartile is None
    assert result.quartile_note == "No quartile: the area has no figure for this period."
    assert significance_words(result.figure, result.england) == (
        'Not compared. Suppressed ("c") to protect confidentiality.'
    )
    assert result.neighbour_average.note == "The area has no statistical neighbours."


def test_region_and_england_have_no_quartile(dataset):
    result = selectors.benchmark(indicator=dataset.ks2, area=dataset.region)
    assert result.quartile is None
    assert result.quartile_note == "Quartiles are worked out among local authorities only."
    assert result.region is None


def test_unknown_period_lists_the_periods_with_values(dataset):
    with pytest.raises(BenchmarkError) as error:
        selectors.benchmark(indicator=dataset.ks2, area=dataset.home, period="2030/31")
    assert error.value.field == "period"
    assert error.value.message == (
        "Pupils meeting the expected standard has no values for 2030/31. "
        "Periods with values: 2019/20, 2020/21, 2021/22, 2022/23, 2023/24."
    )


def test_unknown_breakdown_and_codes(dataset):
    with pytest.raises(BenchmarkError, match="no values for this breakdown") as error:
        selectors.benchmark(indicator=dataset.ks2, area=dataset.home, breakdown="Sex", category="Other")
    assert error.value.field == "breakdown"
    with pytest.raises(BenchmarkError, match="Write the group as NAME:CATEGORY") as error:
        parse_breakdown("Female")
    assert error.value.not_found is False
    with pytest.raises(BenchmarkError, match="no area with the ONS code E06999999"):
        selectors.area_by_code("E06999999")
    with pytest.raises(BenchmarkError, match="no indicator with the code nope"):
        selectors.indicator_by_code("nope")
    assert selectors.area_by_code("e06000901") == dataset.home
    assert parse_breakdown(" Sex : Female ") == ("Sex", "Female")
    assert parse_breakdown("") == ("", "")


def test_home_area_and_breakdowns(dataset):
    assert selectors.home_area() == dataset.home
    assert selectors.breakdowns_of(dataset.ks2) == [("", ""), ("Sex", "Female")]


def _queries(dataset) -> int:
    with CaptureQueriesContext(connection) as queries:
        selectors.benchmark(indicator=dataset.ks2, area=dataset.home)
    return len(queries)


def test_queries_do_not_grow_with_areas_or_periods(dataset):
    before = _queries(dataset)
    assert before <= 5
    for year in range(2000, 2019):
        for area in [dataset.home, dataset.england, dataset.region, *dataset.neighbours]:
            IndicatorValueFactory(indicator=dataset.ks2, area=area, period=period(year), value=30.0)
    for number in range(40):
        area = AreaFactory(code=f"E08{number + 500:06d}")
        IndicatorValueFactory(indicator=dataset.ks2, area=area, period="2023/24", value=float(number))
    assert _queries(dataset) == before
    result = selectors.benchmark(indicator=dataset.ks2, area=dataset.home)
    assert len(result.series) == 24
    assert result.quartile_of == 51
