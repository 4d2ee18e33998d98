"""The benchmark on real published figures from ../shared/data/indicators, loaded straight into the
database (the importers are tested on their own): Trafford's looked-after children health assessments
with its ten DfE statistical neighbours, and its rate of children looked after from DfE's file."""

import csv
from pathlib import Path

import pytest

from commissioning.needs import statistics as s
from commissioning.needs.benchmark import selectors
from commissioning.needs.models import AreaType, IndicatorValue, Polarity, Unit
from commissioning.needs.tests.factories import (
    AreaFactory,
    IndicatorFactory,
    IndicatorValueFactory,
    neighbours_of,
)

SHARED_DATA = Path(__file__).resolve().parents[5] / "shared" / "data" / "indicators"
HEALTH_ASSESSMENTS = SHARED_DATA / "trafford_sn_cla_health_assessment.csv"
CLA_RATES = SHARED_DATA / "ees_cla_number_and_rate_per_10k_children.csv"
# Trafford's DfE statistical neighbours, closest first (shared data README).
TRAFFORD_NEIGHBOURS = [
    "Hertfordshire",
    "Stockport",
    "Buckinghamshire",
    "Oxfordshire",
    "Surrey",
    "Bromley",
    "Cheshire East",
    "Cambridgeshire",
    "Gloucestershire",
    "Solihull",
]


def shared(path: Path) -> Path:
    if not path.exists():
        pytest.skip(f"The shared indicator data is not available here: {path}")
    return path


def read_csv(path: Path) -> list[dict]:
    with shared(path).open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def area_for(code: str, name: str):
    if code == "E92000001":
        return AreaFactory(code=code, name=name, area_type=AreaType.COUNTRY, authority_kind="")
    return AreaFactory(code=code, name=name, authority_kind=code[:3])


@pytest.fixture
def health_assessments(db):
    indicator = IndicatorFactory(
        code="cla-health-assessment",
        title="Children looked after who had their annual health assessment",
        unit=Unit.PERCENTAGE,
        polarity=Polarity.HIGHER_IS_BETTER,
    )
    areas = {}
    for row in read_csv(HEALTH_ASSESSMENTS):
        area = areas.get(row["area_code"]) or area_for(row["area_code"], row["area_name"])
        areas[area.code] = area
        value = None if row["value"] == "NA" else float(row["value"])
        IndicatorValueFactory(indicator=indicator, area=area, period=row["period"], value=value)
    by_name = {area.name: area for area in areas.values()}
    neighbours_of(by_name["Trafford"], [by_name[name] for name in TRAFFORD_NEIGHBOURS])
    return indicator, by_name


def test_trafford_health_assessments_against_the_file(health_assessments):
    indicator, areas = health_assessments
    result = selectors.benchmark(indicator=indicator, area=areas["Trafford"], period="2024/25")
    # From the file, 2024/25: Trafford 93, England 90; the neighbours 88, 97, 95, 92, 92, 91, 92, 85, 96 and
    # 91, so their average is 919/10 = 91.9 and Stockport (97), Gloucestershire (96) and Buckinghamshire (95)
    # rank above Trafford: 4th of 11, quartile 1 + ⌊4 × 3 / 11⌋ = 2.
    assert (result.figure.value, result.england.value) == (93.0, 90.0)
    assert result.neighbour_average.value == pytest.approx(91.9)
    assert result.neighbour_count == 10
    assert (result.neighbour_rank, result.ranked_count) == (4, 11)
    assert (result.quartile, result.quartile_of) == (2, 11)
    # The file has no numerators or confidence intervals: no comparison with England, and why.
    assert result.significance == s.NOT_COMPARED
    assert result.significance_text == (
        "Not compared. No interval: the numerator and denominator were not published."
    )
    assert result.periods[0] == "2017/18"
    assert len(result.series) == 8
    # The last five years for Trafford, 84, 85, 87, 83, 93: least squares slope Sxy/Sxx = 16/10 = 1.6 a year,
    # not significant (t = 1.195 on 3 degrees of freedom).
    assert result.trend.slope.method == "Least squares"
    assert result.trend.slope.slope == pytest.approx(1.6)
    assert result.trend.label == "No significant change"


@pytest.fixture
def cla_rates(db):
    indicator = IndicatorFactory(
        code="cla-rate-31-march",
        title="Children looked after at 31 March, rate per 10,000 children",
        unit=Unit.RATE_PER_10000,
        polarity=Polarity.NO_JUDGEMENT,
    )
    rows = [
        row
        for row in read_csv(CLA_RATES)
        if row["population_count"] == "Children looked after at 31 March each year"
        and row["time_period"] == "2023"
        and row["geographic_level"] in ("National", "Local authority")
    ]
    areas = {}
    for row in rows:
        national = row["geographic_level"] == "National"
        code = "E92000001" if national else row["new_la_code"]
        if code in areas:
            continue
        areas[code] = area_for(code, "England" if national else row["la_name"])
        rate = number(row["rate_per_10000"])
        IndicatorValueFactory(
            indicator=indicator,
            area=areas[code],
            period="2023",
            value=rate,
            numerator=number(row["number"]),
            denominator=number(row["population_estimate"]),
            suppression="" if rate is not None else row["rate_per_10000"],
        )
    return indicator, areas


def number(text: str) -> float | None:
    """A figure from a DfE file; None for the suppression markers (x, c, z, low)."""
    try:
        return float(text)
    except ValueError:
        return None


def test_trafford_rate_of_children_looked_after_uses_byar(cla_rates):
    indicator, areas = cla_rates
    result = selectors.benchmark(indicator=indicator, area=areas["E08000009"])
    # The file: 350 children looked after out of 55,334, published as 63 per 10,000; England 71.
    # Byar's method by hand: 350·(1 − 1/3150 − 1.959964/(3·√350))³ = 314.28 and
    # 351·(1 − 1/3159 + 1.959964/(3·√351))³ = 388.66, so 56.80 to 70.24 per 10,000.
    assert (result.figure.value, result.figure.numerator, result.figure.denominator) == (63.0, 350, 55334)
    assert (result.figure.lower, result.figure.upper) == pytest.approx((56.7983, 70.2386), abs=1e-4)
    assert result.figure.interval_method == "Byar's"
    assert result.england.value == 71.0
    # England's 71 is above Trafford's upper limit; the indicator makes no judgement, so "lower".
    assert result.significance == s.LOWER
    assert result.significance_text == "Significantly lower than England"
    with_rates = IndicatorValue.objects.filter(
        indicator=indicator, area__area_type=AreaType.LOCAL_AUTHORITY, value__isnull=False
    )
    rates = list(with_rates.values_list("value", flat=True))
    assert result.quartile_of == len(rates)
    # No judgement: the highest rate ranks first, so Trafford's position is 1 + the authorities above 63:
    # 96th of 152, quartile 1 + ⌊4 × 95 / 152⌋ = 3.
    position = 1 + sum(1 for rate in rates if rate > 63)
    assert (position, len(rates)) == (96, 152)
    assert result.quartile == 1 + 4 * (position - 1) // len(rates) == 3
