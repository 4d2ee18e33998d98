"""The portal in the API: opportunities, published clarifications, and bids under the sealing rule."""

from decimal import Decimal

import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from commissioning.procurement.bidding import services as bidding
from commissioning.procurement.models import Clarification
from commissioning.procurement.tests.conftest import answers_for

pytestmark = pytest.mark.django_db


def token_client(user) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=user).key}")
    return client


@pytest.fixture
def submitted(published, bidders):
    organisation, user = bidders[0]
    return bidding.bid_submit(
        actor=user, procurement=published, organisation=organisation, price=Decimal("850000"),
        answers=answers_for(published),
    )  # fmt: skip


def test_opportunities_are_listed_for_any_signed_in_user(published, commissioner, bidders):
    for user in (commissioner, bidders[0][1]):
        body = token_client(user).get("/api/v1/opportunities/").json()
        assert body["count"] == 1
        item = body["results"][0]
        assert item["reference"] == "CYP-2026-001"
        assert item["regime_label"] == "Light-touch regime (Procurement Act 2023)"
        assert item["price_formula"] == "lowest_price"
        assert {q["number"] for q in item["questions"]} == {"S1", "Q1", "Q2", "SV1"}
    assert APIClient().get("/api/v1/opportunities/").status_code == 401


def test_published_clarifications_never_say_who_asked(published, bidders, procurement_manager):
    organisation, user = bidders[0]
    asked = bidding.clarification_ask(
        actor=user, procurement=published, organisation=organisation, question="Can we subcontract?"
    )
    bidding.clarification_ask(
        actor=user, procurement=published, organisation=organisation, question="Unanswered"
    )
    bidding.clarification_answer(
        actor=procurement_manager,
        clarification=asked,
        published_question="May bidders subcontract?",
        answer="Yes.",
    )
    response = token_client(bidders[1][1]).get(f"/api/v1/procurements/{published.pk}/clarifications/")
    assert response.status_code == 200
    results = response.json()["results"]
    assert [r["question"] for r in results] == ["May bidders subcontract?"]
    assert set(results[0]) == {"id", "question", "answer", "published_at"}
    assert "Brightside" not in response.content.decode()
    assert Clarification.objects.count() == 2


def test_an_administrator_cannot_read_bids_before_the_deadline(submitted, administrator, procurement_manager):
    for user in (administrator, procurement_manager):
        client = token_client(user)
        for path in (
            f"/api/v1/procurements/{submitted.procurement_id}/bids/",
            f"/api/v1/bids/{submitted.pk}/",
        ):
            response = client.get(path)
            assert response.status_code == 403
            assert response["Content-Type"] == "application/problem+json"
            assert response.json()["detail"].startswith("Bids are sealed until the deadline")
            assert "850000" not in response.content.decode()


def test_a_provider_token_reads_only_its_own_bid(submitted, bidders):
    own = token_client(bidders[0][1])
    body = own.get(f"/api/v1/bids/{submitted.pk}/").json()
    assert body["price"] == "850000.00" and body["bidder"]["name"] == "Brightside Family Support"
    assert len(body["answers"]) == 4
    listing = own.get(f"/api/v1/procurements/{submitted.procurement_id}/bids/").json()
    assert [bid["id"] for bid in listing["results"]] == [submitted.pk]

    other = token_client(bidders[1][1])
    response = other.get(f"/api/v1/bids/{submitted.pk}/")
    assert response.status_code == 403
    assert response.json()["detail"] == "You can see only your own organisation's bids."
    assert other.get(f"/api/v1/procurements/{submitted.procurement_id}/bids/").json()["count"] == 0


def test_after_opening_the_lead_reads_every_bid(closed, procurement_manager, administrator):
    body = token_client(procurement_manager).get(f"/api/v1/procurements/{closed.pk}/bids/").json()
    assert body["count"] == 2
    assert sorted(bid["price"] for bid in body["results"]) == ["1000000.00", "800000.00"]
    # An administrator who neither leads nor manages procurements is still refused, with the reason.
    response = token_client(administrator).get(f"/api/v1/procurements/{closed.pk}/bids/")
    assert response.status_code == 403
    assert (
        "Only the procurement's lead, procurement managers and the tender panel read bids."
        in response.json()["detail"]
    )


def test_a_planned_procurement_has_no_clarifications_to_show(planned, bidders):
    assert (
        token_client(bidders[0][1]).get(f"/api/v1/procurements/{planned.pk}/clarifications/").status_code
        == 404
    )
