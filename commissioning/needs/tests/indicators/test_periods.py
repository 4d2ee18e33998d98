from datetime import date

import pytest

from commissioning.needs.indicators.periods import PeriodError, normalise_period


@pytest.mark.parametrize(
    ("text", "identifier", "label", "sort_year", "ends_on"),
    [
        ("2019", "", "2019", 2019, date(2019, 12, 31)),
        ("2023", "Calendar year", "2023", 2023, date(2023, 12, 31)),
        ("2017/18", "", "2017/18", 2017, date(2018, 3, 31)),
        ("2017-18", "", "2017/18", 2017, date(2018, 3, 31)),
        ("202324", "Academic year", "2023/24", 2023, date(2024, 3, 31)),
        ("202324", "Financial year", "2023/24", 2023, date(2024, 3, 31)),
        ("1999/00", "", "1999/00", 1999, date(2000, 3, 31)),
        ("2020/21 - 24/25", "", "2020/21 - 24/25", 2020, date(2025, 3, 31)),
        ("2022/23-24/25", "", "2022/23 - 24/25", 2022, date(2025, 3, 31)),
        ("2024 Q1", "", "2024 Q1", 2024, date(2024, 3, 31)),
        (" 2021/22 ", "", "2021/22", 2021, date(2022, 3, 31)),
    ],
)
def test_periods_as_published_are_normalised(text, identifier, label, sort_year, ends_on):
    period = normalise_period(text, identifier)
    assert (period.label, period.sort_year, period.ends_on) == (label, sort_year, ends_on)


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("", "the period is empty."),
        ("2017/19", "“2017/19” is not a period of one year: 2019 does not follow 2017."),
        ("last year", "“last year” is not a period this import understands."),
        ("202399", "“202399” is not a period of one year"),
    ],
)
def test_periods_that_cannot_be_read_say_why(text, reason):
    with pytest.raises(PeriodError) as caught:
        normalise_period(text)
    assert str(caught.value).startswith(reason)
