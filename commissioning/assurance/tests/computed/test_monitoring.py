import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from commissioning.assurance.computed.base import Outcome
from commissioning.assurance.computed.monitoring import (
    minutes_sent,
    monitored_regularly,
    monitoring_proportionate,
    returns_received,
    visits_and_feedback,
)
from commissioning.assurance.tests.computed import builders as b
from commissioning.monitoring.models import FrequencyBand

pytestmark = pytest.mark.django_db


def test_returns_received_on_time():
    agreement = b.agreement()
    q1 = b.period(
        agreement, starts_on=dt.date(2025, 4, 1), ends_on=dt.date(2025, 6, 30), due_on=dt.date(2025, 7, 28)
    )
    b.provider_return(q1, submitted_on=dt.date(2025, 7, 20), status="accepted")
    q2 = b.period(
        agreement, starts_on=dt.date(2025, 7, 1), ends_on=dt.date(2025, 9, 30), due_on=dt.date(2025, 10, 28)
    )
    b.provider_return(q2, submitted_on=dt.date(2025, 11, 3))
    b.period(
        agreement, starts_on=dt.date(2025, 10, 1), ends_on=dt.date(2025, 12, 31), due_on=dt.date(2026, 1, 28)
    )
    b.period(
        agreement, starts_on=dt.date(2026, 1, 1), ends_on=dt.date(2026, 3, 31), due_on=dt.date(2026, 4, 28)
    )

    result = returns_received(b.SCOPE)

    assert (result.outcome, result.counted, result.passing) == (Outcome.PARTLY_MET, 3, 1)
    assert result.records[0].url == reverse("monitoring:period", args=[q1.pk])
    assert result.records[0].reason == "First submitted on 20 July 2025, on time"
    assert result.records[1].reason == "First submitted on 3 November 2025, late (due 28 October 2025)"
    assert result.records[2].reason == "No return received (due 28 January 2026)"


def test_returns_received_not_enough():
    b.agreement()
    assert returns_received(b.SCOPE).outcome == Outcome.NOT_ENOUGH


def test_minutes_sent_within_three_weeks():
    agreement = b.agreement()
    on_time = b.meeting(agreement, held_on=dt.date(2025, 5, 1), minutes_sent_on=dt.date(2025, 5, 22))
    b.meeting(agreement, held_on=dt.date(2025, 8, 1), minutes_sent_on=dt.date(2025, 8, 23))
    b.meeting(agreement, held_on=dt.date(2025, 11, 1))
    b.meeting(agreement, held_on=dt.date(2026, 4, 1))  # after the period

    result = minutes_sent(b.SCOPE)

    assert (result.outcome, result.counted, result.passing) == (Outcome.PARTLY_MET, 3, 1)
    assert result.records[0].url == reverse("monitoring:meeting", args=[on_time.pk])
    assert result.records[0].reason == "Minutes sent on 22 May 2025, 21 days after"
    assert result.records[2].reason == "No minutes sent by 22 November 2025"


def test_minutes_not_enough_then_met():
    assert minutes_sent(b.SCOPE).outcome == Outcome.NOT_ENOUGH
    b.meeting(b.agreement(), held_on=dt.date(2025, 5, 1), minutes_sent_on=dt.date(2025, 5, 2))
    assert minutes_sent(b.SCOPE).outcome == Outcome.MET


def test_monitoring_proportionate_to_value_bands():
    FrequencyBand.objects.all().delete()  # the partnership's own bands, replacing the defaults
    FrequencyBand.objects.create(from_value=Decimal("0"), frequency="annual")
    FrequencyBand.objects.create(from_value=Decimal("100000"), frequency="quarterly")
    b.plan(b.agreement(annual_value=Decimal("120000")), "quarterly")
    b.plan(b.agreement(annual_value=Decimal("20000")), "quarterly")  # more than its value calls for
    b.agreement(annual_value=Decimal("50000"))

    result = monitoring_proportionate(b.SCOPE)

    assert (result.outcome, result.counted, result.passing) == (Outcome.PARTLY_MET, 3, 1)
    assert result.records[1].reason == "Monitored quarterly; £20,000.00 a year calls for annual"
    assert result.records[2].reason.startswith("No monitoring plan")


def test_monitoring_proportionate_without_bands_is_not_enough():
    FrequencyBand.objects.all().delete()
    b.plan(b.agreement(), "quarterly")
    assert monitoring_proportionate(b.SCOPE).outcome == Outcome.NOT_ENOUGH


def test_monitored_regularly():
    agreement = b.agreement()
    b.kpi(agreement)
    q1 = b.period(
        agreement, starts_on=dt.date(2025, 4, 1), ends_on=dt.date(2025, 6, 30), due_on=dt.date(2025, 7, 28)
    )
    b.provider_return(q1, submitted_on=dt.date(2025, 7, 20), status="accepted")
    only_kpis = b.agreement()
    b.kpi(only_kpis)
    b.agreement()

    result = monitored_regularly(b.SCOPE)

    assert (result.outcome, result.counted, result.passing) == (Outcome.PARTLY_MET, 3, 1)
    assert result.records[0].reason == "1 KPIs; 1 returns accepted for the period"
    assert result.records[1].reason.startswith("KPIs set, but no return accepted")
    assert result.records[2].reason == "No measures (KPIs) set"


def test_visits_and_independent_feedback():
    both = b.agreement()
    b.visit(both, visited_on=dt.date(2025, 9, 1))
    b.feedback(both, gathered_on=dt.date(2025, 3, 31))  # within the 12 months to the end of the period
    old = b.agreement()
    b.visit(old, visited_on=dt.date(2025, 9, 1))
    b.feedback(old, gathered_on=dt.date(2025, 3, 30))  # more than 12 months before the end
    b.feedback(old, gathered_on=dt.date(2025, 9, 1), independent=False)

    result = visits_and_feedback(b.SCOPE)

    assert (result.outcome, result.counted, result.passing) == (Outcome.PARTLY_MET, 2, 1)
    assert result.records[0].reason == "Visited on 1 September 2025; independent feedback on 31 March 2025"
    assert result.records[1].reason == "Visited on 1 September 2025; no independent feedback in the year"
