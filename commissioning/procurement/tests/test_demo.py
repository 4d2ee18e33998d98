from django.core.management import call_command

from commissioning.procurement.bidding.selectors import BidSealed, bids_for_reading
from commissioning.procurement.models import Procurement


def test_demo_has_an_open_tender_with_a_sealed_bid(db):
    call_command("load_frameworks")
    call_command("load_demo_data")
    call_command("load_demo_data")
    procurement = Procurement.objects.get(reference="BRK-2026-014")
    assert procurement.status == "open"
    assert procurement.regime == "light_touch"
    assert procurement.steps.count() == 11
    assert procurement.bids.count() == 1
    assert procurement.panel.filter(panel_role="young_person", training_completed_on__isnull=False).exists()
    assert procurement.clarifications.get().published_at is not None
    try:
        bids_for_reading(procurement.lead, procurement)
    except BidSealed as sealed:
        assert "sealed until the deadline" in str(sealed)
    else:
        raise AssertionError("The demo's bid must be sealed")


def test_demo_has_an_awarded_grant_round(db):
    from commissioning.procurement.evaluation.selectors import ranking_for

    call_command("load_frameworks")
    call_command("load_demo_data")
    grants = Procurement.objects.get(reference="BRK-2026-009")
    assert (grants.kind, grants.status, grants.grant_type) == ("grant_round", "award_decided", "competitive")
    assert [(r.bidder, r.total) for r in ranking_for(grants)] == [
        ("Brightpath Family Support CIC", 80),
        ("Harbour Youth Trust", 76),
    ]
    assert grants.awards.count() == 2
    assert grants.bids.get(bidder__name="Brightpath Family Support CIC").grant_agreement.signed_on
    assert grants.bids.filter(letters__kind="award").count() == 2
    assert grants.lessons_learned
