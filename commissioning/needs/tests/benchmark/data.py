"""A small dataset worked by hand: England, one region, Testshire and its ten statistical neighbours, one
other authority, one former authority, five years (2019/20 to 2023/24).

Indicator "ks2-expected" (percentage, higher is better):
- Testshire: 400, 425, 450, 475 and 500 out of 1,000 (40% to 50%), so 50.0% in 2023/24.
- England: 60.0, 60.5, 61.0, 61.5, 62.0 with published intervals ±0.1.
- North West (the region): 55.0 in 2023/24, 1 less each year before.
- Neighbours 1-9 in 2023/24: 40, 45, 52, 55, 58, 60, 62, 65, 70; neighbour 10 ("Tenthby") suppressed ("c")
  in 2023/24. Neighbour 1 is 40 out of 100 every year; the others are k lower k years earlier, Tenthby
  being 50 - k. So the neighbour average is 507/9 in 2023/24 and (557 - 9k)/10 k years earlier.
- Otherborough (not a neighbour): 80.0. Oldshire (abolished): 10.0, so not in the quartiles.
- Testshire, Sex:Female: 260 out of 500 (52%); England, Sex:Female: 63.0 (62.9-63.1).

Indicator "cla-rate" (rate per 10,000, lower is better): Testshire 82 of 10,000 children in 2023/24, England 70.0.
Indicator "wellbeing-score" (score, no judgement): Testshire 31.2, England 30.0, no intervals.
"""

import datetime

from commissioning.needs.models import Polarity, Suppression, Unit
from commissioning.needs.tests.factories import (
    AreaFactory,
    EnglandFactory,
    IndicatorFactory,
    IndicatorValueFactory,
    RegionFactory,
    neighbours_of,
    set_home_area,
)

YEARS = [2019, 2020, 2021, 2022, 2023]
NEIGHBOUR_VALUES = [40, 45, 52, 55, 58, 60, 62, 65, 70, 50]


def period(year: int) -> str:
    return f"{year}/{str(year + 1)[2:]}"


class Dataset:
    pass


def build_dataset() -> Dataset:
    data = Dataset()
    data.england = EnglandFactory()
    data.region = RegionFactory(code="E12000002", name="North West")
    data.home = AreaFactory(code="E06000901", name="Testshire", parent=data.region)
    data.neighbours = [
        AreaFactory(code=f"E06000{910 + i}", name=f"Neighbour {i + 1}", parent=data.region) for i in range(9)
    ]
    data.neighbours.append(AreaFactory(code="E06000919", name="Tenthby", parent=data.region))
    data.other = AreaFactory(code="E09000999", name="Otherborough")
    data.former = AreaFactory(code="E10000999", name="Oldshire", end_date=datetime.date(2023, 4, 1))
    neighbours_of(data.home, data.neighbours)
    set_home_area(data.home)

    data.ks2 = IndicatorFactory(
        code="ks2-expected", title="Pupils meeting the expected standard", unit=Unit.PERCENTAGE
    )
    for k, year in enumerate(reversed(YEARS)):  # k years before 2023/24
        p = period(year)
        value = dict(indicator=data.ks2, period=p)
        IndicatorValueFactory(
            area=data.home, value=50.0 - 2.5 * k, numerator=500 - 25 * k, denominator=1000, **value
        )
        IndicatorValueFactory(
            area=data.england, value=62.0 - 0.5 * k, lower_ci=61.9 - 0.5 * k, upper_ci=62.1 - 0.5 * k, **value
        )
        IndicatorValueFactory(area=data.region, value=55.0 - k, **value)
        for index, (neighbour, figure) in enumerate(zip(data.neighbours, NEIGHBOUR_VALUES, strict=True)):
            extra = {"numerator": 40, "denominator": 100} if index == 0 else {}
            if neighbour.name == "Tenthby" and k == 0:
                IndicatorValueFactory(
                    area=neighbour, value=None, suppression=Suppression.CONFIDENTIAL, **value
                )
            elif index == 0:
                IndicatorValueFactory(area=neighbour, value=40.0, **extra, **value)
            else:
                IndicatorValueFactory(area=neighbour, value=float(figure - k), **value)
        IndicatorValueFactory(area=data.other, value=80.0, **value)
        IndicatorValueFactory(area=data.former, value=10.0, **value)
    IndicatorValueFactory(
        indicator=data.ks2,
        area=data.home,
        period="2023/24",
        breakdown="Sex",
        category="Female",
        value=52.0,
        numerator=260,
        denominator=500,
    )
    IndicatorValueFactory(
        indicator=data.ks2,
        area=data.england,
        period="2023/24",
        breakdown="Sex",
        category="Female",
        value=63.0,
        lower_ci=62.9,
        upper_ci=63.1,
    )

    data.cla = IndicatorFactory(
        code="cla-rate",
        title="Children looked after",
        unit=Unit.RATE_PER_10000,
        polarity=Polarity.LOWER_IS_BETTER,
    )
    IndicatorValueFactory(indicator=data.cla, area=data.home, value=82.0, numerator=82, denominator=10_000)
    IndicatorValueFactory(indicator=data.cla, area=data.england, value=70.0)

    data.score = IndicatorFactory(
        code="wellbeing-score", title="Wellbeing score", unit=Unit.SCORE, polarity=Polarity.NO_JUDGEMENT
    )
    IndicatorValueFactory(indicator=data.score, area=data.home, value=31.2)
    IndicatorValueFactory(indicator=data.score, area=data.england, value=30.0)
    return data


def add_groups(dataset: Dataset) -> Dataset:
    """Indicator "gld" (percentage, higher is better) for Testshire by free school meals (FSM) and sex,
    2021/22 to 2024/25 (k = 0 to 3 years after 2021/22):
    - everyone: 600 + 20k out of 1,000; FSM:Eligible 80 + 10k out of 200 (40% + 5k);
      so everyone else (the rest) is (520 + 10k) out of 800;
    - FSM:Not eligible: 65 + k as published, without counts;
    - England, FSM:Eligible: 60 + k with published intervals ±0.5;
    - Sex:Female 64.0 in 2024/25 only, no counts.
    """
    data = dataset
    data.gld = IndicatorFactory(code="gld", title="Good level of development", unit=Unit.PERCENTAGE)
    for k, year in enumerate([2021, 2022, 2023, 2024]):
        value = dict(indicator=data.gld, period=period(year))
        IndicatorValueFactory(
            area=data.home, value=60.0 + 2 * k, numerator=600 + 20 * k, denominator=1000, **value
        )
        IndicatorValueFactory(
            area=data.home,
            breakdown="FSM",
            category="Eligible",
            value=40.0 + 5 * k,
            numerator=80 + 10 * k,
            denominator=200,
            **value,
        )
        IndicatorValueFactory(
            area=data.home, breakdown="FSM", category="Not eligible", value=65.0 + k, **value
        )
        IndicatorValueFactory(
            area=data.england,
            breakdown="FSM",
            category="Eligible",
            value=60.0 + k,
            lower_ci=59.5 + k,
            upper_ci=60.5 + k,
            **value,
        )
    IndicatorValueFactory(
        indicator=data.gld, area=data.home, period="2024/25", breakdown="Sex", category="Female", value=64.0
    )
    return data
