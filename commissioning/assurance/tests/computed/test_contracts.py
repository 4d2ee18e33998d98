import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from commissioning.assurance.computed.base import Outcome
from commissioning.assurance.computed.contracts import (
    contract_procedures,
    monitoring_officer,
    payment_schedules,
    signed_contracts,
    simplified_terms,
)
from commissioning.assurance.tests.computed import builders as b
from commissioning.organisations.tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_simplified_terms_counts_only_agreements_under_30000():
    small = b.agreement(
        whole_life_value=Decimal("29999.99"), annual_value=Decimal("10000"), simplified_terms=True
    )
    b.agreement(whole_life_value=Decimal("25000"), annual_value=Decimal("25000"))
    b.agreement(whole_life_value=Decimal("30000"), annual_value=Decimal("30000"))  # not under £30,000

    result = simplified_terms(b.SCOPE)

    assert (result.outcome, result.counted, result.passing) == (Outcome.PARTLY_MET, 2, 1)
    assert result.records[0].url == reverse("contracts:detail", args=[small.pk])
    assert result.records[1].reason == "£25,000.00 over its life; full terms used"


def test_simplified_terms_not_enough():
    b.agreement()  # £360,000
    result = simplified_terms(b.SCOPE)
    assert (result.outcome, result.counted) == (Outcome.NOT_ENOUGH, 0)


def test_payment_schedules():
    with_schedule = b.agreement()
    b.schedule(with_schedule)
    b.agreement()
    b.agreement(area="send")
    b.agreement(starts_on=dt.date(2026, 4, 1), ends_on=dt.date(2027, 3, 31))  # starts after the period
    b.agreement(status="draft", signed=False)  # a draft is not in force

    result = payment_schedules(b.SCOPE)
    assert (result.outcome, result.counted, result.passing) == (Outcome.PARTLY_MET, 2, 1)
    assert "Quarterly in advance" in result.records[0].reason
    assert result.records[1].reason == "No payment schedule"
    assert payment_schedules(b.ALL_AREAS).counted == 3


def test_signed_contracts():
    b.agreement()
    b.agreement(signed=False)
    unsigned_copy = b.agreement(signed=False, signed_on=dt.date(2025, 3, 1))
    late = b.agreement(signed_on=dt.date(2025, 5, 1))

    result = signed_contracts(b.SCOPE)
    reasons = {line.url: line.reason for line in result.records}

    assert (result.outcome, result.counted, result.passing) == (Outcome.PARTLY_MET, 4, 2)
    assert reasons[unsigned_copy.get_absolute_url()] == "Signed on 1 March 2025, but no signed copy is held"
    assert "after the service started" in reasons[late.get_absolute_url()]


def test_signed_contracts_met_and_not_met():
    assert signed_contracts(b.SCOPE).outcome == Outcome.NOT_ENOUGH
    b.agreement(signed=False)
    assert signed_contracts(b.SCOPE).outcome == Outcome.NOT_MET


def test_monitoring_officer_only_for_external_agreements():
    officer = UserFactory(first_name="Demo", last_name="Officer")
    b.agreement(monitoring_officer=officer)
    b.agreement(agreement_type="internal_sla")  # not externally commissioned
    result = monitoring_officer(b.SCOPE)
    assert (result.outcome, result.counted) == (Outcome.MET, 1)
    assert result.records[0].reason == "Monitoring officer: Demo Officer"
    b.agreement(agreement_type="grant_funding")
    assert monitoring_officer(b.SCOPE).outcome == Outcome.PARTLY_MET


def test_contract_procedures():
    complete = b.agreement()
    b.kpi(complete)
    b.plan(complete)
    b.agreement(signed=False)

    result = contract_procedures(b.SCOPE)
    assert (result.outcome, result.passing) == (Outcome.PARTLY_MET, 1)
    assert result.records[0].reason == "Signed; 1 KPIs; monitored quarterly"
    assert result.records[1].reason == "Missing: a signed copy, measures (KPIs), a monitoring plan"
