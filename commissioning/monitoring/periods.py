"""Monitoring periods from a plan: pure date arithmetic."""

import calendar
from datetime import date, timedelta
from decimal import Decimal

from commissioning.monitoring.models import FREQUENCY_MONTHS


def add_months(day: date, months: int) -> date:
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def period_dates(
    *, first_start: date, frequency: str, last_day: date, due_days: int
) -> list[tuple[date, date, date]]:
    """(start, end, due) for each period from first_start to the agreement's last day; the last period ends on
    that day."""
    months = FREQUENCY_MONTHS[frequency]
    result = []
    start = first_start
    index = 0
    while start <= last_day:
        end = min(add_months(first_start, months * (index + 1)) - timedelta(days=1), last_day)
        result.append((start, end, end + timedelta(days=due_days)))
        index += 1
        start = add_months(first_start, months * index)
    return result


def frequency_for(annual_value: Decimal, bands) -> str | None:
    """The frequency of the highest band whose lower bound the value reaches; bands are (from_value, frequency)."""
    chosen = None
    for from_value, frequency in sorted(bands, key=lambda band: band[0]):
        if annual_value >= from_value:
            chosen = frequency
    return chosen
