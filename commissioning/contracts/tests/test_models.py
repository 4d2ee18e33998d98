from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.db import IntegrityError

from commissioning.contracts.models import INVOICE_DAYS, Agreement, Payment
from commissioning.organisations.tests.factories import OrganisationFactory, PartnerFactory


def make(**extra):
    data = {
        "reference": "CON-1",
        "title": "Family support",
        "agreement_type": "contract",
        "provider": OrganisationFactory(),
        "commissioner": PartnerFactory(),
        "annual_value": Decimal("100000"),
        "whole_life_value": Decimal("300000"),
        "starts_on": date(2026, 4, 1),
        "ends_on": date(2029, 3, 31),
        "payment_basis": "fixed_price",
        **extra,
    }
    return Agreement.objects.create(**data)


def test_an_agreement_cannot_end_before_it_starts(db):
    with pytest.raises(IntegrityError):
        make(ends_on=date(2026, 3, 31))


def test_extensions_end_after_the_agreement(db):
    with pytest.raises(IntegrityError):
        make(latest_end_on=date(2029, 3, 30))


def test_reference_and_link(db):
    agreement = make(latest_end_on=date(2031, 3, 31))
    assert str(agreement) == "CON-1 Family support"
    assert agreement.notice_months == 3


# Lateness in SQL and in Python -----------------------------------------------------------------------------------


def lateness_cases(agreement) -> list[Payment]:
    """Every kind of payment the lateness rules tell apart: no invoice, an invoice received before, on or after the
    due date (across a year end and a leap February), disputed or not, unpaid or paid the day before, on and after
    the date it had to be paid by."""
    payments = []
    for due_on in (date(2026, 10, 31), date(2026, 12, 31), date(2028, 2, 15)):
        for received in (None, due_on - timedelta(days=40), due_on, due_on + timedelta(days=10)):
            for disputed in (False, True):
                pay_by = received + timedelta(days=INVOICE_DAYS) if received and not disputed else due_on
                for paid_on in (None, pay_by - timedelta(days=1), pay_by, pay_by + timedelta(days=1)):
                    if paid_on and received and paid_on < received:
                        continue  # cannot be paid before the invoice arrives
                    payments.append(
                        Payment(
                            agreement=agreement,
                            due_on=due_on,
                            amount=Decimal("100.00"),
                            invoice_received_on=received,
                            disputed=disputed,
                            paid_on=paid_on,
                        )
                    )
    return Payment.objects.bulk_create(payments)


def test_lateness_in_sql_follows_the_python_rules(db):
    payments = lateness_cases(make())
    assert len(payments) > 80
    by_pk = {payment.pk: payment for payment in payments}
    for annotated in Payment.objects.with_pay_by().with_days_to_pay():
        assert annotated.must_pay_by == by_pk[annotated.pk].pay_by
        assert annotated.days_taken == by_pk[annotated.pk].days_to_pay
    days = sorted({payment.pay_by + timedelta(days=shift) for payment in payments for shift in (-1, 0, 1)})
    for today in days:
        expected = {payment.pk for payment in payments if payment.is_late(today)}
        assert set(Payment.objects.late(today).values_list("pk", flat=True)) == expected, today
    # The table has each outcome: late when paid, late when unpaid, on time, and disputed (never late).
    today = date(2026, 12, 1)
    late = set(Payment.objects.late(today).values_list("pk", flat=True))
    assert {p.paid_on is None for p in payments if p.pk in late} == {True, False}
    assert not any(by_pk[pk].disputed for pk in late)
    assert Payment.objects.filter(disputed=False).exclude(pk__in=late).exists()
