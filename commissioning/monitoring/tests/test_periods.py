from datetime import date
from decimal import Decimal

from commissioning.monitoring.periods import add_months, frequency_for, period_dates


def test_quarterly_periods_cover_the_term_and_the_last_ends_with_the_agreement():
    periods = period_dates(
        first_start=date(2026, 4, 1), frequency="quarterly", last_day=date(2027, 1, 15), due_days=28
    )
    assert periods == [
        (date(2026, 4, 1), date(2026, 6, 30), date(2026, 7, 28)),
        (date(2026, 7, 1), date(2026, 9, 30), date(2026, 10, 28)),
        (date(2026, 10, 1), date(2026, 12, 31), date(2027, 1, 28)),
        (date(2027, 1, 1), date(2027, 1, 15), date(2027, 2, 12)),
    ]


def test_annual_and_six_monthly_periods():
    assert (
        len(
            period_dates(
                first_start=date(2026, 4, 1), frequency="annual", last_day=date(2029, 3, 31), due_days=1
            )
        )
        == 3
    )
    six = period_dates(
        first_start=date(2026, 1, 31), frequency="six_monthly", last_day=date(2026, 12, 31), due_days=1
    )
    assert six[0][1] == date(2026, 7, 30)


def test_add_months_keeps_to_the_end_of_short_months():
    assert add_months(date(2026, 1, 31), 1) == date(2026, 2, 28)


def test_frequency_from_bands():
    bands = [(Decimal("0"), "annual"), (Decimal("50000"), "six_monthly"), (Decimal("250000"), "quarterly")]
    assert frequency_for(Decimal("10000"), bands) == "annual"
    assert frequency_for(Decimal("50000"), bands) == "six_monthly"
    assert frequency_for(Decimal("900000"), bands) == "quarterly"
    assert frequency_for(Decimal("10"), []) is None
