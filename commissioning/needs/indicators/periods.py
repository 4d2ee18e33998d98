"""Periods as published, normalised: "2019", "2017/18", EES codes such as "202324" shown as "2023/24", and pooled
periods such as "2020/21 - 24/25". Each period also gives the year it starts (for ordering) and the day its
data describes (for choosing between areas that were reorganised: the last day of the period)."""

import re
from dataclasses import dataclass
from datetime import date

_YEAR = re.compile(r"^(\d{4})$")
_SPLIT_YEAR = re.compile(r"^(\d{4})\s*[/-]\s*(\d{2}|\d{4})$")
_EES_SPLIT_YEAR = re.compile(r"^(\d{4})(\d{2})$")
_POOLED = re.compile(r"^(\d{4})\s*/\s*(\d{2})\s*-\s*(\d{2}|\d{4})\s*/\s*(\d{2})$")
_QUARTER = re.compile(r"^(\d{4})\s*(?:Q|-Q|\s+Q)([1-4])$", re.IGNORECASE)

# EES time identifiers whose four-digit time_period is a calendar year (the rest are years starting in it).
CALENDAR_IDENTIFIERS = {"calendar year", "reporting year", ""}
FIRST_YEAR, LAST_YEAR = 1900, 2099
MAX_POOLED_YEARS = 10


class PeriodError(ValueError):
    """A period that cannot be read; str() says why and what is expected."""


@dataclass(frozen=True)
class Period:
    label: str
    sort_year: int
    ends_on: date


def _following(first: int, second: str) -> int:
    """The full year that "2017/18" or "2017-2018" means by its second part; it must follow the first."""
    if len(second) == 4:
        return int(second)
    century = first // 100 * 100
    year = century + int(second)
    return year + 100 if year < first else year


def _split(first: int, second: int, text: str) -> Period:
    if second != first + 1:
        raise PeriodError(f"“{text}” is not a period of one year: {second} does not follow {first}.")
    # Financial (April-March) and academic (September-August) years both end in the second year; 31 March is
    # the day reorganisations took effect, so it chooses the authority that published the figure.
    return Period(f"{first}/{str(second)[2:]}", first, date(second, 3, 31))


def normalise_period(text: str, time_identifier: str = "") -> Period:
    """Read a period as published. `time_identifier` is the EES column of that name, when there is one."""
    raw = (text or "").strip()
    if not raw:
        raise PeriodError("the period is empty.")
    try:
        period = _read(raw, (time_identifier or "").strip().lower())
    except PeriodError:
        raise
    except ValueError as exc:  # a day that the calendar does not have, as in year 0
        raise PeriodError(
            f"“{raw}” is not a period: its years must be from {FIRST_YEAR} to {LAST_YEAR}."
        ) from exc
    if not (period.sort_year >= FIRST_YEAR and period.ends_on.year <= LAST_YEAR):
        raise PeriodError(f"“{raw}” is not a period: its years must be from {FIRST_YEAR} to {LAST_YEAR}.")
    return period


def _read(raw: str, identifier: str) -> Period:
    if match := _YEAR.match(raw):
        year = int(match[1])
        if identifier in CALENDAR_IDENTIFIERS:
            return Period(raw, year, date(year, 12, 31))
        return _split(year, year + 1, raw)
    if match := _EES_SPLIT_YEAR.match(raw):
        first = int(match[1])
        return _split(first, _following(first, match[2]), raw)
    if match := _SPLIT_YEAR.match(raw):
        first = int(match[1])
        return _split(first, _following(first, match[2]), raw)
    if match := _POOLED.match(raw):
        return _pooled(raw, match)
    if match := _QUARTER.match(raw):
        year, quarter = int(match[1]), int(match[2])
        ends = {1: date(year, 3, 31), 2: date(year, 6, 30), 3: date(year, 9, 30), 4: date(year, 12, 31)}
        return Period(f"{year} Q{quarter}", year, ends[quarter])
    raise PeriodError(
        f"“{raw}” is not a period this import understands. Use a year (2019), a financial or academic year "
        "(2017/18, or 201718 as in DfE files), a pooled period (2020/21 - 24/25) or a quarter (2024 Q1)."
    )


def _pooled(raw: str, match: re.Match) -> Period:
    """Years pooled from the first to the last, each of them one year (2020/21 - 24/25), at most ten in all."""
    first = int(match[1])
    last_start = _following(first, match[3])
    if len(match[3]) == 2 and last_start - first >= MAX_POOLED_YEARS:
        last_start -= 100  # "2020/21 - 19/20" ends before it starts; it does not run into the next century
    if last_start < first:
        raise PeriodError(f"“{raw}” ends before it starts.")
    if last_start - first >= MAX_POOLED_YEARS:
        raise PeriodError(f"“{raw}” pools more than {MAX_POOLED_YEARS} years.")
    if _following(first, match[2]) != first + 1 or _following(last_start, match[4]) != last_start + 1:
        raise PeriodError(f"“{raw}” is not a pooled period of whole years, like 2020/21 - 24/25.")
    label = f"{first}/{match[2]} - {str(last_start)[2:]}/{match[4]}"
    return Period(label, first, date(last_start + 1, 3, 31))
