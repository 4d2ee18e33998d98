"""The portal's services and selectors: registration all-or-nothing, anonymised answers, withdrawals, late bids
and refused reads on the procurement's timeline."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from commissioning.accounts.models import User
from commissioning.core.models import TimelineEvent
from commissioning.organisations.models import Organisation
from commissioning.procurement.bidding import selectors
from commissioning.procurement.bidding import services as bidding
from commissioning.procurement.models import BidStatus, Procurement
from commissioning.procurement.tests.conftest import answers_for, publish

pytestmark = pytest.mark.django_db

REGISTRATION = {
    "name": "Riverside Parents Network",
    "organisation_type": "voluntary_community_faith",
    "sector": "voluntary_community_faith",
    "companies_house_number": "rc123456",
    "charity_number": "",
    "first_name": "Sam",
    "last_name": "Carter",
    "email": "sam@riverside.example.org",
    "password": "a-long-passphrase-for-bids",
}


def summaries(procurement):
    return list(
        TimelineEvent.objects.filter(
            content_type__model="procurement", object_id=str(procurement.pk)
        ).values_list("summary", flat=True)
    )


def test_registration_normalises_the_identifier_and_records_it(db):
    user = bidding.provider_register(data=REGISTRATION)
    organisation = Organisation.objects.get(name="Riverside Parents Network")
    assert organisation.companies_house_number == "RC123456"
    assert user.username == user.email == "sam@riverside.example.org"
    assert TimelineEvent.objects.filter(
        object_id=str(organisation.pk), summary__contains="provider portal"
    ).exists()


def test_registration_writes_nothing_when_the_user_cannot_be_created(db):
    # The email is free, but somebody already signs in with it as a username: the organisation is rolled back.
    User.objects.create_user(
        username="sam@riverside.example.org", email="other@example.org", password="x" * 20
    )
    with pytest.raises(ValidationError) as caught:
        bidding.provider_register(data=REGISTRATION)
    assert "email" in caught.value.message_dict
    assert not Organisation.objects.filter(name="Riverside Parents Network").exists()


def test_an_answer_that_names_the_asker_is_refused(published, bidders, procurement_manager):
    organisation, user = bidders[0]
    clarification = bidding.clarification_ask(
        actor=user, procurement=published, organisation=organisation, question="Can we subcontract?"
    )
    with pytest.raises(ValidationError, match="names the asker"):
        bidding.clarification_answer(
            actor=procurement_manager,
            clarification=clarification,
            published_question=f"{user.get_full_name()} asks: can bidders subcontract?",
            answer="Yes.",
        )
    bidding.clarification_answer(
        actor=procurement_manager,
        clarification=clarification,
        published_question="Subcontracting?",
        answer="Yes.",
    )
    assert "A clarification question and its answer were published to every bidder." in summaries(published)
    with pytest.raises(ValidationError, match="already been answered"):
        bidding.clarification_answer(
            actor=procurement_manager, clarification=clarification, published_question="Again?", answer="No."
        )


def test_a_bid_is_withdrawn_once(published, bidders):
    organisation, user = bidders[0]
    bid = bidding.bid_submit(
        actor=user, procurement=published, organisation=organisation, price=Decimal("1"),
        answers=answers_for(published),
    )  # fmt: skip
    bidding.bid_withdraw(actor=user, bid=bid)
    with pytest.raises(ValidationError, match="it is withdrawn"):
        bidding.bid_withdraw(actor=user, bid=bid)
    assert bid.status == BidStatus.WITHDRAWN


def test_a_late_bid_writes_only_the_refusal(procurement_manager, planned, bidders):
    now = timezone.now()
    procurement = publish(
        procurement_manager, planned, published=now - timedelta(days=40), deadline=now - timedelta(minutes=5)
    )
    organisation, user = bidders[0]
    with pytest.raises(ValidationError, match="A late bid from Brightside Family Support was refused"):
        bidding.bid_submit(
            actor=user, procurement=procurement, organisation=organisation, price=Decimal("1"),
            answers=answers_for(procurement),
        )  # fmt: skip
    assert not procurement.bids.exists()
    assert any(s.startswith("Refused: A late bid") and "5 minutes" in s for s in summaries(procurement))


def test_refused_reads_are_on_the_timeline(published, bidders, administrator):
    organisation, user = bidders[0]
    bid = bidding.bid_submit(
        actor=user, procurement=published, organisation=organisation, price=Decimal("1"),
        answers=answers_for(published),
    )  # fmt: skip
    with pytest.raises(selectors.BidSealed, match="Bids are sealed until the deadline"):
        selectors.bid_for_reading(administrator, bid.pk)
    with pytest.raises(selectors.BidSealed, match="only your own organisation"):
        selectors.bid_for_reading(bidders[1][1], bid.pk)
    assert selectors.bid_for_reading(user, bid.pk) == bid
    refusals = [s for s in summaries(published) if s.startswith("Refused:")]
    assert len(refusals) == 2


def test_opportunities_search_and_exclude_closed(published):
    assert list(selectors.opportunities(search="family support")) == [published]
    assert list(selectors.opportunities(search="cyp-2026-001")) == [published]
    assert not selectors.opportunities(search="nothing like it").exists()
    assert selectors.opportunities(now=published.tender_deadline + timedelta(seconds=1)).count() == 0


def test_a_selective_grant_round_is_open_only_to_the_invited(published, bidders, procurement_manager):
    (invited, invited_user), (other, other_user) = bidders
    published.kind, published.grant_type = "grant_round", "selective"
    published.save()
    published.invited.set([invited])
    assert list(selectors.opportunities(user=invited_user)) == [published]
    assert not selectors.opportunities(user=other_user).exists()
    assert list(selectors.opportunities(user=procurement_manager)) == [published]
    with pytest.raises(Procurement.DoesNotExist):
        selectors.opportunity_detail(published.pk, other_user)
    with pytest.raises(ValidationError, match="is not invited"):
        bidding.bid_submit(
            actor=other_user, procurement=published, organisation=other, price=Decimal("1"), answers={}
        )
    assert not published.bids.exists()
    assert TimelineEvent.objects.filter(
        object_id=str(published.pk), summary__contains="is not invited"
    ).exists()
