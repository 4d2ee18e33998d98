from datetime import date
from decimal import Decimal

import pytest
from django.db import IntegrityError

from commissioning.contracts.models import Agreement
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
