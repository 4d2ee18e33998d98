"""The provider portal's pages and the officers' clarification and bid pages, with the sealing rule."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from commissioning.core.models import TimelineEvent
from commissioning.procurement.bidding import services as bidding
from commissioning.procurement.models import Bid, BidStatus, Clarification, Procurement
from commissioning.procurement.tests.conftest import add_questions, answers_for, plan, publish

pytestmark = pytest.mark.django_db


def url(name, *args):
    return reverse(f"procurement:{name}", args=args)


def text(response) -> str:
    return response.content.decode().replace("&#x27;", "'").replace("&quot;", '"')


def bid_data(procurement, text="We will work with families in their homes.", price="850000"):
    data = {"price": price}
    data.update({f"answer_{pk}": text for pk in answers_for(procurement)})
    return data


def timeline(procurement):
    return list(
        TimelineEvent.objects.filter(
            object_id=str(procurement.pk), content_type__model="procurement"
        ).values_list("summary", flat=True)
    )


@pytest.fixture
def past_deadline(procurement_manager, planned):
    now = timezone.now()
    return publish(
        procurement_manager, planned, published=now - timedelta(days=40), deadline=now - timedelta(hours=1)
    )


@pytest.fixture
def submitted(published, bidders):
    (organisation, user), _ = bidders
    return bidding.bid_submit(
        actor=user, procurement=published, organisation=organisation, price=Decimal("850000"),
        answers=answers_for(published),
    )  # fmt: skip


# The portal home -------------------------------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("empty_cache")
def test_opportunities_are_served_again_until_one_closes_by_the_clock(
    client_for, published, bidders, monkeypatch
):
    from types import SimpleNamespace

    from commissioning.conftest import queries_of
    from commissioning.procurement.bidding import selectors as bidding_selectors
    from commissioning.procurement.models import tenders as tenders_models

    client = client_for(bidders[0][1])
    listed = reverse("procurement:portal-opportunity", args=[published.pk])

    def home() -> str:
        return text(client.get(url("portal-home")))

    first = queries_of(home)  # learns which tables the opportunities read
    home()  # stores them
    assert queries_of(home) < first
    assert listed in home()
    # Nothing written: only the clock moved on, for the opportunities (signing in keeps its own clock).
    clock = SimpleNamespace(now=lambda: published.tender_deadline + timedelta(minutes=1))
    monkeypatch.setattr(tenders_models, "timezone", clock)
    monkeypatch.setattr(bidding_selectors, "timezone", clock)
    assert listed not in home() and "No open opportunities" in home()


def test_opportunities_list_open_procurements_with_their_details(client_for, published, bidders):
    _, user = bidders[0]
    page = text(client_for(user).get(url("portal-home")))
    assert "Family support service" in page
    assert "£500,000 to £1 million" in page  # the value band, not the estimate to the pound
    assert "900000" not in page
    assert "Light-touch regime (Procurement Act 2023)" in page
    assert f"Bids close {timezone.localtime(published.tender_deadline):%-d %B %Y, %H:%M}" in page
    assert "Questions close when bids close" in page
    assert 'href="/procurement/portal/"' in page and ">Opportunities<" in page.replace("\n", "").replace(
        " ", ""
    )


def test_opportunities_exclude_planned_and_closed_and_can_be_searched(
    client_for, published, bidders, procurement_manager, activity
):
    planned = plan(procurement_manager, activity, reference="CYP-2026-002", title="Youth mentoring")
    add_questions(planned)
    _, user = bidders[0]
    client = client_for(user)
    page = text(client.get(url("portal-home")))
    assert "Youth mentoring" not in page
    assert "1 open opportunity" in page
    assert "No open opportunities match" in text(client.get(url("portal-home"), {"q": "mentoring"}))
    assert "Family support service" in text(client.get(url("portal-home"), {"q": "family"}))
    csv = client.get(url("portal-home"), {"format": "csv"}).content.decode()
    assert "CYP-2026-001,Family support service" in csv


def test_the_opportunities_page_makes_a_bounded_number_of_queries(
    client_for, published, bidders, procurement_manager, activity
):
    for number in range(2, 8):
        extra = plan(procurement_manager, activity, reference=f"CYP-2026-0{number}{number}")
        add_questions(extra)
        publish(
            procurement_manager, extra, published=timezone.now(), deadline=timezone.now() + timedelta(days=20)
        )
    _, user = bidders[0]
    client = client_for(user)
    client.get(url("portal-home"))
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url("portal-home"))
    assert "7 open opportunities" in text(response)
    assert len(queries) <= 14  # the same for 1 or 100 opportunities: no query per row


def test_people_without_the_portal_get_403(client_for, bidders, council, published):
    from commissioning.organisations.models import Role
    from commissioning.organisations.tests.factories import person_with_role

    panel_member = person_with_role(Role.PANEL_MEMBER, council, username="young-person")
    assert client_for(panel_member).get(url("portal-home")).status_code == 403


def test_signed_out_visitors_are_sent_to_sign_in(client, published):
    response = client.get(url("portal-opportunity", published.pk))
    assert response.status_code == 302
    assert "/sign-in/" in response.url


# The opportunity -------------------------------------------------------------------------------------------


def test_the_opportunity_shows_how_bids_are_scored(client_for, published, bidders):
    page = text(client_for(bidders[0][1]).get(url("portal-opportunity", published.pk)))
    assert "How bids are scored" in page
    assert "Lowest price ÷ bid price × price weight" in page
    for expected in ("40%", "50%", "10%", "How will you reach families?", "Pass or fail", "5 Excellent"):
        assert expected in page
    assert "Submit your bid" in page
    assert "Ask a question" in page


def test_a_planned_procurement_is_not_an_opportunity(client_for, planned, bidders):
    assert client_for(bidders[0][1]).get(url("portal-opportunity", planned.pk)).status_code == 404


def test_asking_a_question_records_it_for_the_officers(client_for, published, bidders):
    organisation, user = bidders[0]
    client = client_for(user)
    response = client.post(
        url("portal-opportunity", published.pk), {"question": "Can we bid as a consortium?"}
    )
    assert response.status_code == 302
    clarification = Clarification.objects.get()
    assert clarification.asked_by_organisation == organisation
    assert clarification.published_at is None
    empty = client.post(url("portal-opportunity", published.pk), {"question": ""})
    assert "Enter your question" in text(empty)
    assert Clarification.objects.count() == 1


def test_questions_after_the_clarification_deadline_are_refused_on_record(client_for, published, bidders):
    Procurement.objects.filter(pk=published.pk).update(
        clarification_deadline=timezone.now() - timedelta(minutes=1)
    )
    response = client_for(bidders[0][1]).post(url("portal-opportunity", published.pk), {"question": "Late?"})
    page = text(response)
    assert "There is a problem" in page
    assert "Clarification questions closed on" in page
    assert not Clarification.objects.exists()
    assert any(
        summary.startswith("Refused: Clarification questions closed") for summary in timeline(published)
    )


def test_officers_answer_and_bidders_see_the_answer_without_the_asker(
    client_for, published, bidders, procurement_manager
):
    _, user = bidders[0]
    client = client_for(user)
    client.post(
        url("portal-opportunity", published.pk),
        {"question": "Brightside Family Support asks: may we subcontract?"},
    )
    clarification = Clarification.objects.get()

    officer = client_for(procurement_manager)
    listing = text(officer.get(url("portal-clarifications", published.pk)))
    assert "Brightside Family Support" in listing  # the officer sees who asked
    answer_url = url("portal-clarification-answer", published.pk, clarification.pk)
    named = officer.post(answer_url, {"published_question": clarification.question, "answer": "Yes."})
    assert "The published question names the asker (Brightside Family Support): remove it" in text(named)
    assert Clarification.objects.get().published_at is None
    officer.post(
        answer_url, {"published_question": "May a bidder subcontract?", "answer": "Yes, up to half."}
    )
    assert Clarification.objects.get().published_at is not None

    other = client_for(bidders[1][1])
    page = text(other.get(url("portal-opportunity", published.pk)))
    assert "May a bidder subcontract?" in page
    assert "Yes, up to half." in page
    assert "Brightside" not in page
    assert user.get_full_name() not in page


def test_providers_cannot_see_the_officers_pages(client_for, published, bidders):
    client = client_for(bidders[0][1])
    assert client.get(url("portal-clarifications", published.pk)).status_code == 403
    assert client.get(url("portal-bids", published.pk)).status_code == 403


# Submitting a bid ------------------------------------------------------------------------------------------


def test_submitting_a_bid_gives_a_receipt(client_for, published, bidders):
    organisation, user = bidders[0]
    client = client_for(user)
    form = text(client.get(url("portal-bid", published.pk)))
    assert 'inputmode="decimal"' in form
    response = client.post(url("portal-bid", published.pk), bid_data(published))
    bid = Bid.objects.get()
    assert response.url == url("portal-receipt", bid.pk)
    assert bid.bidder == organisation and bid.price == Decimal("850000")
    receipt = text(client.get(response.url))
    assert "Bid received" in receipt
    assert bid.receipt in receipt and len(bid.receipt) == 64
    assert "A sealed bid was received" in timeline(published)[0]
    # The opportunity now points to the receipt and no longer offers the form.
    page = text(client.get(url("portal-opportunity", published.pk)))
    assert "See your receipt" in page


def test_a_bid_with_a_missing_or_long_answer_writes_nothing(client_for, published, bidders):
    question = published.questions.get(number="Q1")
    question.word_limit = 5
    question.save()
    client = client_for(bidders[0][1])
    data = bid_data(published)
    data[f"answer_{question.pk}"] = "one two three four five six seven"
    data["price"] = "lots"
    page = text(client.post(url("portal-bid", published.pk), data))
    assert "There is a problem" in page
    assert "Enter your price as a number of pounds" in page
    data["price"] = "850000"
    page = text(client.post(url("portal-bid", published.pk), data))
    assert "Your answer to question Q1 has 7 words: the limit is 5." in page
    assert "Up to 5 words." in page
    del data[f"answer_{question.pk}"]
    assert "Answer question Q1" in text(client.post(url("portal-bid", published.pk), data))
    assert not Bid.objects.exists()


def test_a_late_bid_is_refused_with_the_reason_and_on_record(client_for, past_deadline, bidders):
    client = client_for(bidders[0][1])
    page = text(client.get(url("portal-bid", past_deadline.pk)))
    assert "bids can no longer be submitted" in page
    assert "Submit bid</button>" not in page
    response = client.post(url("portal-bid", past_deadline.pk), bid_data(past_deadline))
    page = text(response)
    assert 'class="govuk-error-summary"' in page
    assert "A late bid from Brightside Family Support was refused: bids closed on" in page
    assert not Bid.objects.exists()
    assert any("Refused: A late bid from Brightside Family Support" in s for s in timeline(past_deadline))
    opportunity = text(client.get(url("portal-opportunity", past_deadline.pk)))
    assert "This opportunity closed on" in opportunity
    assert "Ask a question" not in opportunity


def test_a_bidder_can_withdraw_and_submit_again(client_for, submitted, bidders):
    client = client_for(bidders[0][1])
    assert "Withdraw this bid" in text(client.get(url("portal-receipt", submitted.pk)))
    response = client.post(url("portal-withdraw", submitted.pk), {"reason": ""})
    assert response.status_code == 302
    submitted.refresh_from_db()
    assert submitted.status == BidStatus.WITHDRAWN
    again = client.post(
        url("portal-bid", submitted.procurement_id), bid_data(submitted.procurement, price="800000")
    )
    assert again.status_code == 302
    assert Bid.objects.filter(status=BidStatus.SUBMITTED).get().price == Decimal("800000")


def test_a_provider_cannot_see_another_providers_bid(client_for, submitted, bidders):
    other = client_for(bidders[1][1])
    for name in ("portal-receipt", "portal-bid-detail", "portal-withdraw"):
        response = other.get(url(name, submitted.pk))
        assert response.status_code == 403
        assert "You can see only your own organisation's bids." in text(response)
    submitted.refresh_from_db()
    assert submitted.status == BidStatus.SUBMITTED
    assert any("Refused: northgate asked to read bids" in s for s in timeline(submitted.procurement))


def test_documents_are_checked_for_type_and_size(
    client_for, published, bidders, monkeypatch, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    client = client_for(bidders[0][1])
    data = bid_data(published)
    data["documents"] = [SimpleUploadedFile("run-me.exe", b"MZ")]
    page = text(client.post(url("portal-bid", published.pk), data))
    assert "run-me.exe is not a file type bids accept" in page
    monkeypatch.setattr(bidding, "MAX_DOCUMENT_BYTES", 10)
    data["documents"] = [SimpleUploadedFile("method.pdf", b"%PDF-1.7 far too long")]
    assert "method.pdf is larger than 20 MB." in text(client.post(url("portal-bid", published.pk), data))
    assert not Bid.objects.exists()
    monkeypatch.setattr(bidding, "MAX_DOCUMENT_BYTES", 20 * 1024 * 1024)
    data["documents"] = [
        SimpleUploadedFile("method.pdf", b"%PDF-1.7"),
        SimpleUploadedFile("prices.csv", b"a,b"),
    ]
    assert client.post(url("portal-bid", published.pk), data).status_code == 302
    assert sorted(Bid.objects.get().documents.values_list("name", flat=True)) == ["method.pdf", "prices.csv"]


# The officers' bid pages -----------------------------------------------------------------------------------


def test_before_the_deadline_officers_see_only_the_count(
    client_for, submitted, procurement_manager, administrator
):
    page = text(client_for(procurement_manager).get(url("portal-bids", submitted.procurement_id)))
    assert "1 bid received." in page
    assert "Bids are sealed until the deadline" in page
    assert "Brightside" not in page
    assert "Open bids" not in page


def test_an_administrator_cannot_read_a_bid_before_the_deadline(
    client_for, submitted, administrator, settings, tmp_path
):
    client = client_for(administrator)
    response = client.get(url("portal-bid-detail", submitted.pk))
    assert response.status_code == 403
    assert "Bids are sealed until the deadline" in text(response)
    assert "We will work with families" not in text(response)
    assert any(
        s.startswith("Refused: administrator asked to read bids.") for s in timeline(submitted.procurement)
    )


def test_after_the_deadline_the_officer_opens_the_bids_and_reads_them(
    client_for, past_deadline, bidders, procurement_manager, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    organisation, user = bidders[0]
    bid = bidding.bid_submit(
        actor=user, procurement=past_deadline, organisation=organisation, price=Decimal("800000"),
        answers=answers_for(past_deadline), documents=[SimpleUploadedFile("method.pdf", b"%PDF-1.7 method")],
        now=timezone.now() - timedelta(days=1),
    )  # fmt: skip
    document = bid.documents.get()
    client = client_for(procurement_manager)
    assert client.get(url("portal-bid-document", bid.pk, document.pk)).status_code == 403
    page = text(client.get(url("portal-bids", past_deadline.pk)))
    assert "The deadline has passed, but the bids have not been opened yet." in page
    assert "Open bids</button>" in page
    client.post(url("portal-bids-open", past_deadline.pk))
    past_deadline.refresh_from_db()
    assert past_deadline.bids_opened_by == procurement_manager
    page = text(client.get(url("portal-bids", past_deadline.pk)))
    assert "Brightside Family Support" in page and "£800,000.00" in page
    detail = text(client.get(url("portal-bid-detail", bid.pk)))
    assert "Our answer." in detail and "method.pdf" in detail
    download = client.get(url("portal-bid-document", bid.pk, document.pk))
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == b"%PDF-1.7 method"
    other = client_for(bidders[1][1])
    assert other.get(url("portal-bid-document", bid.pk, document.pk)).status_code == 403


def test_bids_cannot_be_opened_before_the_deadline(client_for, submitted, procurement_manager):
    response = client_for(procurement_manager).post(url("portal-bids-open", submitted.procurement_id))
    assert response.status_code == 403
    assert "Bids cannot be opened before the deadline" in text(response)
    submitted.procurement.refresh_from_db()
    assert submitted.procurement.bids_opened_at is None
