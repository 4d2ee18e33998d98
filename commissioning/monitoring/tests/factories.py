"""Agreements, KPIs and plans for the monitoring tests, made directly (the contracts register's own pages are
not needed)."""

from datetime import date
from decimal import Decimal

import factory

from commissioning.contracts.models import Agreement, AgreementStatus, Kpi
from commissioning.organisations.tests.factories import OrganisationFactory, PartnerFactory


class AgreementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Agreement
        skip_postgeneration_save = True

    reference = factory.Sequence(lambda n: f"CON-2026-{n:03d}")
    title = factory.Sequence(lambda n: f"Family support {n}")
    agreement_type = "contract"
    provider = factory.SubFactory(OrganisationFactory)
    commissioner = factory.SubFactory(PartnerFactory)
    annual_value = Decimal("120000")
    whole_life_value = Decimal("360000")
    starts_on = date(2026, 4, 1)
    ends_on = date(2029, 3, 31)
    status = AgreementStatus.LIVE
    payment_basis = "fixed_price"


class KpiFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Kpi

    agreement = factory.SubFactory(AgreementFactory)
    name = factory.Sequence(lambda n: f"Families supported {n}")
    kind = "output"
    unit = "families"
    target = Decimal("100")
    polarity = "higher"
    tolerance = Decimal("10")
    position = factory.Sequence(lambda n: n)
