"""Groups side by side and the gap between a group and a comparator, on the groups_dataset of data.py."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from commissioning.needs import statistics as s
from commissioning.needs.benchmark import groups as g
from commissioning.needs.benchmark.figures import BenchmarkError
from commissioning.needs.tests.factories import IndicatorValueFactory

approx = pytest.approx
PERIODS = ["2021/22", "2022/23", "2023/24", "2024/25"]


def test_breakdowns_side_by_side(groups_dataset):
    data = groups_dataset
    result = g.groups(indicator=data.gld, area=data.home)
    assert [table.name for table in result.tables] == ["FSM", "Sex"]
    fsm = result.tables[0]
    assert fsm.periods == PERIODS
    assert [column.label for column in fsm.columns] == ["Everyone", "Eligible", "Not eligible"]
    assert [f.value for f in fsm.columns[0].figures] == [60.0, 62.0, 64.0, 66.0]
    assert [f.value for f in fsm.columns[1].figures] == [40.0, 45.0, 50.0, 55.0]
    assert [f.value for f in fsm.columns[2].figures] == [65.0, 66.0, 67.0, 68.0]
    eligible = fsm.columns[1]
    assert eligible.trend.slope.method == "Chi-squared test for trend"
    assert eligible.trend.slope.slope == approx(5.0)
    assert eligible.trend.label == "Increasing and getting better"
    # 80/200 by the Wilson score method: (163.8415 ∓ 1.959964 × √195.8415) / 407.683 = 33.4606% to 46.9163%.
    assert (eligible.figures[0].lower, eligible.figures[0].upper) == approx((33.4606, 46.9163), abs=1e-4)
    sex = result.tables[1]
    assert [column.label for column in sex.columns] == ["Everyone", "Female"]
    assert [f.value for f in sex.columns[1].figures] == [None, None, None, 64.0]
    assert sex.columns[1].figures[0].note == "No figure was published for this period."
    assert sex.columns[1].trend.label == "Trend not assessed"
    assert result.gap is None


def test_gap_with_the_rest_is_narrowing(groups_dataset):
    data = groups_dataset
    gap = g.groups(indicator=data.gld, area=data.home, group="FSM:Eligible", comparator="rest").gap
    assert (gap.group_label, gap.comparator_label) == ("Eligible", "Everyone except Eligible")
    # The rest: (520 + 10k)/800 = 65%, 66.25%, 67.5%, 68.75%; the gaps 40 − 65 = −25, then +3.75 a year.
    assert [row.comparator.value for row in gap.rows] == [65.0, 66.25, 67.5, 68.75]
    assert [row.gap for row in gap.rows] == [-25.0, -21.25, -17.5, -13.75]
    rest = gap.rows[0].comparator
    assert (rest.numerator, rest.denominator) == (520, 800)
    expected = s.difference_interval(
        40.0, *_wilson(80, 200), 65.0, *_wilson(520, 800)
    )  # MOVER from the Wilson intervals of 80/200 and 520/800
    assert (gap.rows[0].lower, gap.rows[0].upper) == approx((expected.lower, expected.upper))
    assert (gap.rows[0].lower, gap.rows[0].upper) == approx((-32.2920, -17.3065), abs=1e-4)
    assert gap.result.slope.method == "Weighted regression"
    assert gap.result.slope.slope == approx(3.75)
    assert gap.result.slope.p_value == approx(0.02897, abs=1e-5)
    assert gap.result.status == s.NARROWING
    assert gap.status_words == "The gap is narrowing"


def _wilson(numerator, denominator):
    interval = s.wilson_interval(numerator, denominator)
    return interval.lower, interval.upper


def test_gap_with_england_everyone_and_another_group(groups_dataset):
    data = groups_dataset
    england = g.groups(indicator=data.gld, area=data.home, group="FSM:Eligible", comparator="england").gap
    assert england.comparator_label == "England, Eligible"
    assert [row.gap for row in england.rows] == [-20.0, -16.0, -12.0, -8.0]
    assert england.result.slope.slope == approx(4.0)
    assert england.result.status == s.NARROWING
    everyone = g.groups(indicator=data.gld, area=data.home, group="FSM:Eligible", comparator="all").gap
    assert [row.gap for row in everyone.rows] == [-20.0, -17.0, -14.0, -11.0]
    # Closing by 3 points a year, but with the group's wide intervals the slope is not significant.
    assert everyone.result.slope.slope == approx(3.0)
    assert everyone.result.slope.p_value > 0.05
    assert everyone.result.status == s.NO_CHANGE
    assert everyone.status_words == "No significant change in the gap"
    other = g.groups(
        indicator=data.gld, area=data.home, group="FSM:Eligible", comparator="FSM:Not eligible"
    ).gap
    assert other.comparator_label == "Not eligible"
    assert [row.gap for row in other.rows] == [-25.0, -21.0, -17.0, -13.0]
    assert (other.rows[0].lower, other.rows[0].upper) == (None, None)  # "Not eligible" has no interval
    assert other.result.slope.method == "Least squares"
    assert other.result.status == s.NARROWING


def test_a_gap_with_too_few_periods_is_not_assessed(groups_dataset):
    data = groups_dataset
    gap = g.groups(indicator=data.gld, area=data.home, group="Sex:Female", comparator="all").gap
    assert [row.gap for row in gap.rows] == [None, None, None, -2.0]
    assert gap.result.status == s.NOT_ASSESSED
    assert gap.status_words == "Not assessed. Fewer than 3 periods have both values."


def test_the_rest_needs_counts(groups_dataset):
    data = groups_dataset
    gap = g.groups(indicator=data.gld, area=data.home, group="Sex:Female", comparator="rest").gap
    assert gap.rows[-1].comparator.value is None
    assert gap.rows[-1].comparator.note == (
        "The rest cannot be worked out: it needs the numerators and denominators of everyone and the group."
    )


def test_unknown_group_comparator_and_area_without_groups(groups_dataset):
    data = groups_dataset
    with pytest.raises(BenchmarkError, match="no figures for the group FSM:Unknown") as error:
        g.groups(indicator=data.gld, area=data.home, group="FSM:Unknown")
    assert error.value.field == "group"
    with pytest.raises(BenchmarkError, match="no figures for Sex:Male") as error:
        g.groups(indicator=data.gld, area=data.home, group="FSM:Eligible", comparator="Sex:Male")
    assert error.value.field == "comparator"
    with pytest.raises(BenchmarkError, match="Otherborough has no figures by group") as error:
        g.groups(indicator=data.gld, area=data.other)


def test_queries_do_not_grow_with_periods_or_groups(groups_dataset):
    data = groups_dataset

    def count():
        with CaptureQueriesContext(connection) as queries:
            g.groups(indicator=data.gld, area=data.home, group="FSM:Eligible", comparator="rest")
        return len(queries)

    before = count()
    for year in range(2010, 2021):
        for category in ("Eligible", "Not eligible", "Other"):
            IndicatorValueFactory(
                indicator=data.gld,
                area=data.home,
                period=f"{year}/{str(year + 1)[2:]}",
                breakdown="FSM",
                category=category,
            )
    assert count() == before == 2  # England, then the values
