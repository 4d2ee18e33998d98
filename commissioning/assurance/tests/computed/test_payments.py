import datetime as dt

import pytest

from commissioning.assurance.computed.base import Outcome
from commissioning.assurance.computed.payments import payments_prompt
from commissioning.assurance.tests.computed import builders as b

pytestmark = pytest.mark.django_db


def test_payments_within_30_days_of_the_invoice():
    agreement = b.agreement()
    b.payment(
        agreement, due_on=dt.date(2025, 4, 1), invoice_on=dt.date(2025, 4, 1), paid_on=dt.date(2025, 5, 1)
    )
    b.payment(
        agreement, due_on=dt.date(2025, 7, 1), invoice_on=dt.date(2025, 7, 1), paid_on=dt.date(2025, 8, 1)
    )
    b.payment(agreement, due_on=dt.date(2025, 10, 1))  # no invoice, never paid: late against its due date
    b.payment(
        agreement, due_on=dt.date(2026, 1, 1), invoice_on=dt.date(2026, 1, 2), disputed=True
    )  # not counted
    b.payment(agreement, due_on=dt.date(2026, 4, 1))  # outside the period

    result = payments_prompt(b.SCOPE)

    assert (result.outcome, result.counted, result.passing) == (Outcome.PARTLY_MET, 3, 1)
    first, second, third = result.records
    assert first.passes and first.reason == "Paid on 1 May 2025 (30 days after the invoice)"
    assert not second.passes and "after 31 July 2025 (31 days" in second.reason
    assert third.reason == "Not paid; it should have been paid by 1 October 2025"
    assert first.url == agreement.get_absolute_url()


def test_payments_not_enough_and_met():
    assert payments_prompt(b.SCOPE).outcome == Outcome.NOT_ENOUGH
    b.payment(b.agreement(), due_on=dt.date(2025, 4, 1), paid_on=dt.date(2025, 4, 1))
    assert payments_prompt(b.SCOPE).outcome == Outcome.MET
    assert payments_prompt(b.Scope("send", b.START, b.END)).outcome == Outcome.NOT_ENOUGH
