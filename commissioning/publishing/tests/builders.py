"""Records to publish, built in the test: a tender with an award and an agreement, a grant round with a funding
agreement, and an agreement entered directly."""

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from commissioning.contracts.models import Agreement, AgreementStatus, AgreementType, PaymentBasis
from commissioning.cycle.tests.factories import ActivityFactory
from commissioning.organisations.models import Sector
from commissioning.organisations.tests.factories import OrganisationFactory, PartnerFactory, UserFactory
from commissioning.procurement.models import (
    AwardDecision,
    Bid,
    GrantAgreement,
    GrantType,
    Notice,
    Procedure,
    Procurement,
    ProcurementKind,
    ProcurementStatus,
)


def council():
    return PartnerFactory(
        name="Testshire County Council", address="County Hall\nHigh Street\nTestford", postcode="TS1 1AA"
    )


def _procurement(activity, lead, **fields):
    values = {
        "reference": "CYP-2026-001",
        "title": "Family support service",
        "description": "Early help for families with children under 11.",
        "activity": activity,
        "lead": lead,
        "category": "light_touch_services",
        "estimated_value": Decimal("900000"),
        "duration_months": 36,
        "regime": "light_touch",
        "procedure": Procedure.OPEN,
        "contract_start": dt.date(2026, 7, 1),
        "status": ProcurementStatus.AWARDED,
        "published_at": timezone.make_aware(dt.datetime(2026, 2, 2, 9, 0)),
        "tender_deadline": timezone.make_aware(dt.datetime(2026, 3, 4, 12, 0)),
        "price_weight": Decimal("40"),
        "quality_weight": Decimal("50"),
        "social_value_weight": Decimal("10"),
    }
    return Procurement.objects.create(**(values | fields))


def _bid(procurement, bidder, price):
    return Bid.objects.create(
        procurement=procurement,
        bidder=bidder,
        submitted_by=UserFactory(),
        submitted_at=procurement.tender_deadline - dt.timedelta(days=1),
        price=price,
        receipt="0" * 64,
    )


def _award(bid, *, amount=None, decided_on=dt.date(2026, 4, 1), **fields):
    return AwardDecision.objects.create(
        procurement=bid.procurement,
        bid=bid,
        amount=amount,
        decided_on=decided_on,
        approved_by="Children's commissioning board",
        recorded_by=UserFactory(),
        reasons="The most advantageous bid.",
        **fields,
    )


def tender_with_award_and_agreement(buyer):
    """A tender, two bids, an award to a company and the agreement in the contracts register."""
    activity = ActivityFactory(lead_organisation=buyer)
    procurement = _procurement(activity, activity.lead_commissioner)
    Notice.objects.create(
        procurement=procurement,
        name="Tender notice (section 21)",
        published_on=dt.date(2026, 2, 2),
        reference="FTS-1",
    )
    Notice.objects.create(
        procurement=procurement, name="Contract award notice, which starts the standstill", position=1
    )
    winner = OrganisationFactory(
        name="Brightside Family Support Ltd",
        organisation_type="company",
        sector=Sector.PRIVATE,
        companies_house_number="01234567",
        email="info@brightside.example",
        website="https://brightside.example",
    )
    other = OrganisationFactory(name="Northgate Youth Trust", charity_number="1123456")
    award = _award(_bid(procurement, winner, Decimal("800000")))
    _bid(procurement, other, Decimal("1000000"))
    agreement = Agreement.objects.create(
        reference="CON-2026-001",
        title="Family support service",
        agreement_type=AgreementType.CONTRACT,
        provider=winner,
        commissioner=buyer,
        activity=activity,
        procurement=procurement,
        award=award,
        annual_value=Decimal("266666.67"),
        whole_life_value=Decimal("800000"),
        starts_on=dt.date(2026, 7, 1),
        ends_on=dt.date(2029, 6, 30),
        latest_end_on=dt.date(2030, 6, 30),
        status=AgreementStatus.LIVE,
        signed_on=dt.date(2026, 5, 20),
        payment_basis=PaymentBasis.FIXED_PRICE,
    )
    return procurement, award, agreement


def grant_round_with_funding_agreement(buyer, *, recipient=None):
    activity = ActivityFactory(lead_organisation=buyer)
    procurement = _procurement(
        activity,
        activity.lead_commissioner,
        reference="GR-2026-002",
        title="Young carers grants",
        kind=ProcurementKind.GRANT_ROUND,
        category="grant",
        regime="grant",
        procedure=Procedure.GRANT_APPLICATION,
        grant_type=GrantType.COMPETITIVE,
        estimated_value=Decimal("50000"),
        duration_months=12,
        price_weight=Decimal("0"),
        quality_weight=Decimal("100"),
        social_value_weight=Decimal("0"),
        contract_start=dt.date(2026, 8, 1),
    )
    recipient = recipient or OrganisationFactory(
        name="Harbour Young Carers", charity_number="1199999", postcode="TS2 2BB", address="1 Quay Street"
    )
    bid = _bid(procurement, recipient, Decimal("30000"))
    award = _award(bid, amount=Decimal("25000"), decided_on=dt.date(2026, 7, 10))
    grant = GrantAgreement.objects.create(
        bid=bid,
        amount=Decimal("25000"),
        starts_on=dt.date(2026, 8, 1),
        ends_on=dt.date(2027, 7, 31),
        payment_schedule="Quarterly in advance.",
        outputs_and_outcomes="60 young carers supported.",
        recorded_by=UserFactory(),
    )
    return procurement, award, grant


def direct_agreement(buyer, provider, **fields):
    values = {
        "reference": "SLA-2026-003",
        "title": "Speech and language therapy",
        "agreement_type": AgreementType.INTERNAL_SLA,
        "provider": provider,
        "commissioner": buyer,
        "annual_value": Decimal("40000"),
        "whole_life_value": Decimal("80000"),
        "starts_on": dt.date(2026, 4, 1),
        "ends_on": dt.date(2028, 3, 31),
        "status": AgreementStatus.LIVE,
        "payment_basis": PaymentBasis.COST_AND_VOLUME,
    }
    return Agreement.objects.create(**(values | fields))
