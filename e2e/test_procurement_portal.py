"""The provider portal in the browser, with axe on each page: register an organisation (with an error first),
find the opportunity, ask a clarification question, submit a sealed bid and see the receipt."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from commissioning.cycle.models import GateRule, GateTransition
from commissioning.cycle.tests.factories import ActivityFactory
from commissioning.organisations.models import Organisation, Role
from commissioning.organisations.tests.factories import PartnerFactory, person_with_role
from commissioning.procurement.models import Bid, Clarification
from commissioning.procurement.tests.conftest import add_questions, plan, publish

PASSWORD = "correct-horse-battery"  # the test factories' password

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def published_tender():
    GateRule.objects.filter(transition=GateTransition.START_PROCUREMENT).update(enabled=False)
    manager = person_with_role(
        Role.PROCUREMENT_MANAGER, PartnerFactory(name="Testshire County Council"), username="procurement"
    )
    procurement = plan(manager, ActivityFactory(title="Early help for families"))
    add_questions(procurement)
    now = timezone.now()
    return publish(manager, procurement, published=now, deadline=now + timedelta(days=30))


def test_provider_registers_asks_and_bids_passing_axe(live_server, page, axe):
    procurement = published_tender()
    base = live_server.url

    page.goto(f"{base}/sign-in/")
    page.get_by_role("link", name="Register your organisation").click()
    page.get_by_role("heading", name="Register your organisation", level=1).wait_for()
    axe.check()
    page.get_by_label("Organisation's name").fill("Riverside Parents Network")
    page.get_by_label("Voluntary, community or faith organisation").check()
    page.get_by_label("Voluntary, community and faith").check()
    page.get_by_label("Your first name").fill("Sam")
    page.get_by_label("Your last name").fill("Carter")
    page.get_by_label("Your email address").fill("sam@riverside.example.org")
    page.get_by_label("Choose a password").fill("a-long-passphrase-for-bids")
    page.get_by_role("button", name="Register").click()
    expect(page.get_by_role("alert")).to_contain_text(
        "Enter your Companies House number or your charity number"
    )
    assert not Organisation.objects.filter(name="Riverside Parents Network").exists()
    axe.check()
    page.get_by_label("Charity number").fill("1187654")
    page.get_by_label("Choose a password").fill("a-long-passphrase-for-bids")
    page.get_by_role("button", name="Register").click()

    page.get_by_role("heading", name="Opportunities", level=1).wait_for()
    expect(page.get_by_role("alert")).to_contain_text("Riverside Parents Network is registered")
    expect(page.locator("#opportunities")).to_contain_text("£500,000 to £1 million")
    axe.check()
    page.get_by_label("Title, description or reference").fill("family")
    page.get_by_role("button", name="Search").click()
    page.get_by_role("link", name="Family support service").click()

    page.get_by_role("heading", name="Family support service", level=1).wait_for()
    expect(page.locator("#questions")).to_contain_text("How will you safeguard children?")
    axe.check()
    page.get_by_label("Your question").fill("Can the service be delivered by a consortium?")
    page.get_by_role("button", name="Send your question").click()
    expect(page.get_by_role("alert")).to_contain_text("Your question has been sent")
    assert Clarification.objects.get(procurement=procurement).question.startswith("Can the service")
    axe.check()

    page.get_by_role("link", name="Submit your bid").click()
    page.get_by_role("heading", name="Submit your bid", level=1).wait_for()
    axe.check()
    page.get_by_label("Your price, in pounds").fill("850000")
    page.get_by_label("S1: Do you hold the insurances the contract requires?").fill("Yes, all of them.")
    page.get_by_label("Q1: How will you reach families?").fill("Through schools and family hubs.")
    page.get_by_role("button", name="Submit bid").click()
    alert = page.get_by_role("alert")
    expect(alert).to_contain_text("Answer question Q2")
    expect(page.get_by_label("Q1: How will you reach families?")).to_have_value(
        "Through schools and family hubs."
    )
    assert not Bid.objects.exists()
    axe.check()
    page.get_by_label("Q2: How will you safeguard children?").fill("Trained staff and clear procedures.")
    page.get_by_label("SV1: What added value will you bring?").fill("Volunteers from the community.")
    page.get_by_role("button", name="Submit bid").click()

    page.get_by_role("heading", name="Bid received", level=1).wait_for()
    bid = Bid.objects.get()
    expect(page.locator("#digest")).to_have_text(bid.receipt)
    assert bid.bidder.name == "Riverside Parents Network"
    axe.check()

    # The procurement manager answers the question and sees only the count of sealed bids.
    page.get_by_role("button", name="Sign out").click()
    page.goto(f"{base}/sign-in/")
    page.get_by_label("Username or email address").fill("procurement")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{base}/")
    page.goto(f"{base}/procurement/portal/opportunities/{procurement.pk}/")
    page.get_by_role("link", name="Clarification questions received").click()
    page.get_by_role("heading", name="Clarification questions", level=1).wait_for()
    expect(page.locator("#unanswered")).to_contain_text("Riverside Parents Network")
    axe.check()
    page.locator("#unanswered").get_by_role("link", name="Answer").click()
    page.get_by_label("The question as it will be published").fill("Can a consortium deliver the service?")
    page.get_by_label("Answer").fill("Yes, with a lead provider.")
    page.get_by_role("button", name="Publish the answer").click()
    expect(page.locator("#published")).to_contain_text("Yes, with a lead provider.")
    axe.check()
    page.get_by_role("link", name="Bids", exact=True).click()
    expect(page.locator("#count")).to_have_text("1 bid received.")
    expect(page.locator("#sealed")).to_contain_text("Bids are sealed until the deadline")
    expect(page.get_by_role("main")).not_to_contain_text("Riverside")
    axe.check()
