"""Creating the agreement from a procurement award: prefilled from the award, linked both ways, once only."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from commissioning.contracts.models import Agreement
from commissioning.procurement.evaluation import services as evaluation
from commissioning.procurement.tests.conftest import (  # noqa: F401 - fixtures
    activity,
    bidders,
    closed,
    evaluator,
    open_gate,
    planned,
    procurement_manager,
)
from commissioning.procurement.tests.evaluation_helpers import moderate_all, score_all


@pytest.fixture
def award(closed, evaluator, procurement_manager):  # noqa: F811
    score_all(evaluator.user, closed)
    moderate_all(procurement_manager, closed)
    return evaluation.award_decide(
        actor=procurement_manager,
        procurement=closed,
        bid=closed.bids.get(bidder__name="Brightside Family Support"),
        data={
            "decided_on": timezone.localdate(),
            "approved_by": "Commissioning Board",
            "reasons": "Highest.",
        },
    )


def date_fields(name, day: date) -> dict:
    return {f"{name}_0": day.day, f"{name}_1": day.month, f"{name}_2": day.year}


def test_create_the_agreement_from_the_award(client_for, contracts_manager, award, council):
    client = client_for(contracts_manager)
    detail = client.get(f"/procurement/{award.procurement.pk}/").content.decode()
    assert f"/contracts/from-award/{award.pk}/" in detail and "Create the agreement" in detail
    form = client.get(f"/contracts/from-award/{award.pk}/")
    initial = form.context["form"].initial
    procurement = award.procurement
    assert initial["title"] == procurement.title and initial["agreement_type"] == "contract"
    assert initial["provider"] == award.bid.bidder_id
    assert initial["whole_life_value"] == Decimal("800000.00")
    assert initial["annual_value"] == Decimal("266666.67")
    starts = procurement.contract_start
    assert initial["starts_on"] == starts and initial["ends_on"] > starts + timedelta(days=1000)
    response = client.post(
        f"/contracts/from-award/{award.pk}/",
        {
            "reference": "CON-2026-077",
            "title": initial["title"],
            "agreement_type": "contract",
            "provider": award.bid.bidder_id,
            "commissioner": council.pk,
            "annual_value": "266666.67",
            "whole_life_value": "800000",
            **date_fields("starts_on", initial["starts_on"]),
            **date_fields("ends_on", initial["ends_on"]),
            "status": "draft",
            "payment_basis": "fixed_price",
            "notice_months": "3",
        },
    )
    agreement = Agreement.objects.get(reference="CON-2026-077")
    assert response.status_code == 302
    assert agreement.award == award and agreement.procurement == procurement
    # Once only: the page then leads to the agreement.
    again = client.get(f"/contracts/from-award/{award.pk}/")
    assert again.url == f"/contracts/{agreement.pk}/"
    assert "CON-2026-077" in client.get(f"/procurement/{procurement.pk}/").content.decode()


def test_unknown_award_is_404(client_for, contracts_manager):
    assert client_for(contracts_manager).get("/contracts/from-award/999/").status_code == 404
