"""Bank holidays in England and working days.

The regular bank holidays follow the Banking and Financial Dealings Act 1971 and the usual royal proclamations:
New Year's Day, Good Friday, Easter Monday, the early May and spring bank holidays (the first and last Mondays of
May), the summer bank holiday (the last Monday of August), Christmas Day and Boxing Day, each moved to the next
weekday when it falls at a weekend. One-off changes made by proclamation are listed in SPECIAL, as published on
GOV.UK (https://www.gov.uk/bank-holidays)."""

from datetime import date, timedelta
from functools import cache

# Extra bank holidays, and regular ones moved, by proclamation.
SPECIAL_ADDED = {
    date(2011, 4, 29): "Royal wedding",
    date(2012, 6, 5): "Queen's Diamond Jubilee",
    date(2020, 5, 8): "Early May bank holiday (VE day)",
    date(2022, 6, 3): "Platinum Jubilee bank holiday",
    date(2022, 9, 19): "State Funeral of Queen Elizabeth II",
    date(2023, 5, 8): "Bank holiday for the coronation of King Charles III",
}
SPECIAL_REMOVED = {
    date(2012, 5, 28),  # the spring bank holiday moved to 4 June 2012
    date(2020, 5, 4),  # the early May bank holiday moved to 8 May 2020
    date(2022, 5, 30),  # the spring bank holiday moved to 2 June 2022
}
SPECIAL_MOVED_TO = {
    date(2012, 6, 4): "Spring bank holiday",
    date(2022, 6, 2): "Spring bank holiday",
}


def easter_sunday(year: int) -> date:
    """The Gregorian Easter Sunday (the anonymous algorithm of 1876)."""
    a = year % 19
    b, c = divmod(year, 100)
    d, e = divmod(b, 4)
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    ell = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * ell) // 451
    month, day = divmod(h + ell - 7 * m + 114, 31)
    return date(year, month, day + 1)


def _first_monday(year: int, month: int) -> date:
    day = date(year, month, 1)
    return day + timedelta(days=(7 - day.weekday()) % 7)


def _last_monday(year: int, month: int) -> date:
    following = date(year + (month == 12), month % 12 + 1, 1)
    last = following - timedelta(days=1)
    return last - timedelta(days=last.weekday())


def _substitute(day: date, taken: set[date]) -> date:
    while day.weekday() >= 5 or day in taken:
        day += timedelta(days=1)
    return day


@cache
def bank_holidays(year: int) -> dict[date, str]:
    """England's bank holidays in a year, each with its name."""
    holidays: dict[date, str] = {}
    holidays[_substitute(date(year, 1, 1), set())] = "New Year's Day"
    easter = easter_sunday(year)
    holidays[easter - timedelta(days=2)] = "Good Friday"
    holidays[easter + timedelta(days=1)] = "Easter Monday"
    holidays[_first_monday(year, 5)] = "Early May bank holiday"
    holidays[_last_monday(year, 5)] = "Spring bank holiday"
    holidays[_last_monday(year, 8)] = "Summer bank holiday"
    christmas = _substitute(date(year, 12, 25), set())
    holidays[christmas] = "Christmas Day"
    holidays[_substitute(date(year, 12, 26), {christmas})] = "Boxing Day"
    for removed in SPECIAL_REMOVED:
        holidays.pop(removed, None)
    for added in (SPECIAL_ADDED, SPECIAL_MOVED_TO):
        holidays.update({day: name for day, name in added.items() if day.year == year})
    return dict(sorted(holidays.items()))


def is_working_day(day: date) -> bool:
    return day.weekday() < 5 and day not in bank_holidays(day.year)


def add_working_days(day: date, count: int) -> date:
    """The working day `count` working days after `day` (before it, for a negative count)."""
    step = 1 if count >= 0 else -1
    remaining = abs(count)
    while remaining:
        day += timedelta(days=step)
        if is_working_day(day):
            remaining -= 1
    return day


def previous_working_day(day: date) -> date:
    """The day itself if it is a working day, otherwise the working day before it."""
    while not is_working_day(day):
        day -= timedelta(days=1)
    return day


def holidays_between(start: date, end: date) -> list[tuple[date, str]]:
    """The bank holidays from start to end, both included."""
    found = []
    for year in range(start.year, end.year + 1):
        found += [(day, name) for day, name in bank_holidays(year).items() if start <= day <= end]
    return found
