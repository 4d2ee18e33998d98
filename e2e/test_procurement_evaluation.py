"""The evaluation in the browser, with axe on each page: a panel member declares and scores, then the
procurement manager moderates, ranks, awards and issues the letters."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from commissioning.core.demo import DEMO_PASSWORD
from commissioning.cycle.models import GateRule, GateTransition
from commissioning.cycle.tests.factories import ActivityFactory
from commissioning.organisations.models import Role
from commissioning.organisations.tests.factories import OrganisationFactory, PartnerFactory, person_with_role
from commissioning.procurement.bidding import services as bidding
from commissioning.procurement.evaluation import services as evaluation
from commissioning.procurement.models import Letter, PanelRole
from commissioning.procurement.tests.conftest import add_questions, answers_for, plan, publish
from commissioning.procurement.tests.evaluation_helpers import KNOWN, moderate_all
from e2e.conftest import AxeChecker
from e2e.test_accessibility import sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def person(role, organisation, username, first_name, last_name):
    user = person_with_role(role, organisation, username=username, first_name=first_name, last_name=last_name)
    user.set_password(DEMO_PASSWORD)
    user.save()
    return user


def closed_procurement():
    council = PartnerFactory(name="Riverside Council")
    manager = person(Role.PROCUREMENT_MANAGER, council, "buyer", "Pat", "Buyer")
    evaluator = person(Role.PANEL_MEMBER, council, "panellist", "Jo", "Panellist")
    GateRule.objects.filter(transition=GateTransition.START_PROCUREMENT).update(enabled=False)
    procurement = plan(manager, ActivityFactory(title="Early help for families"))
    add_questions(procurement)
    now = timezone.now()
    procurement = publish(
        manager, procurement, published=now - timedelta(days=40), deadline=now - timedelta(hours=1)
    )
    for name, price in (("Brightside Family Support", "800000"), ("Northgate Youth Trust", "1000000")):
        organisation = OrganisationFactory(name=name)
        bidding.bid_submit(
            actor=person_with_role(Role.PROVIDER_USER, organisation),
            procurement=procurement,
            organisation=organisation,
            price=Decimal(price),
            answers=answers_for(procurement),
            now=now - timedelta(days=2),
        )
    procurement = bidding.bids_open(actor=manager, procurement=procurement)
    evaluation.panel_member_add(
        actor=manager,
        procurement=procurement,
        data={
            "user": evaluator,
            "panel_role": PanelRole.PARENT_CARER,
            "training_completed_on": timezone.localdate(),
        },
    )
    return procurement, manager, evaluator


def test_declare_score_moderate_rank_award_and_write(live_server, browser, page, axe):
    procurement, manager, _evaluator = closed_procurement()
    base = live_server.url

    sign_in(page, base, "panellist")
    page.get_by_role("navigation", name="Menu").get_by_role("link", name="My panels").click()
    page.get_by_role("heading", name="My panels", level=1).wait_for()
    axe.check()
    page.get_by_role("link", name="Declare your interests").click()
    page.get_by_role("heading", name="Declare your interests", level=1).wait_for()
    axe.check()
    page.get_by_role("button", name="Send my declaration").click()
    expect(page.get_by_role("alert")).to_contain_text("Select yes if you have a link")
    axe.check()
    page.get_by_label("No", exact=True).check()
    page.get_by_label("I will tell the panel lead straight away if this changes").check()
    page.get_by_role("button", name="Send my declaration").click()
    page.get_by_role("heading", name="Score the bids", level=1).wait_for()
    axe.check()
    for bidder, scores in KNOWN.items():
        page.get_by_role("link", name=bidder).click()
        page.get_by_role("heading", name=f"Score the bid from {bidder}").wait_for()
        for number, score in scores.items():
            question = procurement.questions.get(number=number)
            page.locator(f"#score-{question.pk}-{score}").check()
            page.locator(f"#justification-{question.pk}").fill("The answer gives clear evidence.")
        axe.check()
        page.get_by_role("button", name="Save my scores").click()
        expect(page.get_by_role("alert")).to_contain_text(f"4 scores saved for {bidder}")
    page.get_by_role("button", name="Submit my scores").click()
    expect(page.get_by_role("alert")).to_contain_text("Your scores have been submitted")
    axe.check()

    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-GB", bypass_csp=True)
    page = context.new_page()
    axe = AxeChecker(page)
    sign_in(page, base, "buyer")
    page.goto(f"{base}/procurement/{procurement.pk}/moderation/")
    page.get_by_role("heading", name="Moderation", level=1).wait_for()
    expect(page.locator("main")).to_contain_text("The answer gives clear evidence.")
    axe.check()
    q1 = procurement.questions.get(number="Q1")
    bid = procurement.bids.get(bidder__name="Northgate Youth Trust")
    page.goto(f"{base}/procurement/{procurement.pk}/moderation/{bid.pk}/{q1.pk}/")
    page.get_by_label("5 Excellent").check()
    page.get_by_label("Feedback for the bidder").fill("A clear plan to reach families.")
    page.get_by_role("button", name="Save consensus score").click()
    expect(page.get_by_role("alert")).to_contain_text("consensus score for Q1 has been recorded")
    axe.check()
    moderate_all(manager, procurement)

    page.get_by_role("link", name="Ranking").click()
    page.get_by_role("heading", name="Ranking", level=1).wait_for()
    expect(page.locator("#ranking")).to_contain_text("86.00")
    axe.check()
    page.get_by_role("link", name="Award", exact=True).click()
    page.get_by_role("heading", name="Award", level=1).wait_for()
    axe.check()
    page.get_by_label("Brightside Family Support: rank 1").check()
    today = timezone.localdate()
    page.get_by_label("Day").fill(str(today.day))
    page.get_by_label("Month").fill(str(today.month))
    page.get_by_label("Year").fill(str(today.year))
    page.get_by_label("Approved by").fill("Commissioning Board")
    page.get_by_label("Reasons").fill("The most advantageous tender.")
    page.get_by_role("button", name="Record the award decision").click()
    expect(page.get_by_role("alert")).to_contain_text(
        "The award to Brightside Family Support has been recorded"
    )
    axe.check()
    page.get_by_role("link", name="Letters").click()
    page.get_by_role("button", name="Issue letters to every bidder").click()
    expect(page.get_by_role("alert")).to_contain_text("2 letters have been issued")
    axe.check()
    assert Letter.objects.filter(bid__procurement=procurement).count() == 2
    page.get_by_role("link", name="Feedback letter").first.click()
    expect(page.locator("#letter-body")).to_contain_text("Your total score: 82.00")
    axe.check()
    context.close()
