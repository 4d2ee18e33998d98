from datetime import date

import pytest

from commissioning.procurement.timetable.calendar import (
    add_working_days,
    bank_holidays,
    easter_sunday,
    holidays_between,
    is_working_day,
    previous_working_day,
)


@pytest.mark.parametrize(
    ("year", "easter"),
    [(2019, date(2019, 4, 21)), (2024, date(2024, 3, 31)), (2025, date(2025, 4, 20)), (2026, date(2026, 4, 5)),
     (2027, date(2027, 3, 28))],
)  # fmt: skip
def test_easter(year, easter):
    assert easter_sunday(year) == easter


def test_the_bank_holidays_of_2026_as_published():
    assert list(bank_holidays(2026)) == [
        date(2026, 1, 1),
        date(2026, 4, 3),
        date(2026, 4, 6),
        date(2026, 5, 4),
        date(2026, 5, 25),
        date(2026, 8, 31),
        date(2026, 12, 25),
        date(2026, 12, 28),  # Boxing Day is a Saturday: the substitute is Monday 28 December
    ]


def test_christmas_and_boxing_day_at_a_weekend_move_to_the_next_weekdays():
    # 2021: Christmas Day a Saturday, Boxing Day a Sunday: 27 and 28 December.
    assert {d for d in bank_holidays(2021) if d.month == 12} == {date(2021, 12, 27), date(2021, 12, 28)}
    # 2022: Christmas Day a Sunday: 26 and 27 December.
    assert {d for d in bank_holidays(2022) if d.month == 12} == {date(2022, 12, 26), date(2022, 12, 27)}


def test_one_off_changes_by_proclamation():
    holidays_2022 = bank_holidays(2022)
    assert date(2022, 6, 2) in holidays_2022 and date(2022, 6, 3) in holidays_2022
    assert date(2022, 5, 30) not in holidays_2022
    assert date(2022, 9, 19) in holidays_2022
    assert bank_holidays(2023)[date(2023, 5, 8)] == "Bank holiday for the coronation of King Charles III"
    assert date(2020, 5, 8) in bank_holidays(2020) and date(2020, 5, 4) not in bank_holidays(2020)


def test_working_days_skip_weekends_and_bank_holidays():
    # Thursday 2 April 2026 + 1 working day: Good Friday and Easter Monday are holidays, so Tuesday 7 April.
    assert add_working_days(date(2026, 4, 2), 1) == date(2026, 4, 7)
    # 8 working days of standstill from Wednesday 23 December 2026: 24, 29, 30, 31 Dec, 4, 5, 6, 7 Jan.
    assert add_working_days(date(2026, 12, 23), 8) == date(2027, 1, 7)
    assert add_working_days(date(2027, 1, 7), -8) == date(2026, 12, 23)
    assert not is_working_day(date(2026, 12, 28))
    assert previous_working_day(date(2026, 12, 28)) == date(2026, 12, 24)
    assert [name for _, name in holidays_between(date(2026, 12, 20), date(2027, 1, 5))] == [
        "Christmas Day",
        "Boxing Day",
        "New Year's Day",
    ]
