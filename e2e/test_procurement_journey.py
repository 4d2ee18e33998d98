"""The whole procurement in the browser, from publishing the opportunity to the award, with axe on each page:
the procurement manager publishes, a provider bids, the deadline passes, the bids are opened, the panel's scores
are moderated, the award is recorded, letters go to every bidder and the provider reads its award letter."""

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
from commissioning.procurement.models import PanelRole, Procurement
from commissioning.procurement.tenders import services as tenders
from commissioning.procurement.tests.conftest import add_questions, answers_for, plan
from commissioning.procurement.tests.evaluation_helpers import moderate_all, score_all

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def person(role, organisation, username):
    user = person_with_role(role, organisation, username=username)
    user.set_password(DEMO_PASSWORD)
    user.save()
    return user


def sign_in(page, base, username):
    page.goto(f"{base}/sign-in/")
    page.get_by_label("Username or email address").fill(username)
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{base}/")


def sign_out(page):
    page.get_by_role("button", name="Sign out").click()


def fill_date(page, group, day):
    fieldset = page.get_by_role("group", name=group)
    fieldset.get_by_label("Day").fill(str(day.day))
    fieldset.get_by_label("Month").fill(str(day.month))
    fieldset.get_by_label("Year").fill(str(day.year))


def test_from_publishing_to_award(live_server, page, axe):
    council = PartnerFactory(name="Riverside Council")
    manager = person(Role.PROCUREMENT_MANAGER, council, "buyer")
    evaluator = person(Role.COMMISSIONER, council, "evaluator")
    brightside = OrganisationFactory(name="Brightside Family Support")
    person(Role.PROVIDER_USER, brightside, "brightside")
    northgate = OrganisationFactory(name="Northgate Youth Trust")
    GateRule.objects.filter(transition=GateTransition.START_PROCUREMENT).update(enabled=False)
    procurement = plan(manager, ActivityFactory(title="Early help for families"))
    add_questions(procurement)
    tenders.conflict_assessment_record(
        actor=manager,
        procurement=procurement,
        data={
            "assessed_on": timezone.localdate(),
            "conflicts_identified": "None identified",
            "next_review_on": timezone.localdate() + timedelta(days=60),
        },
    )
    base = live_server.url

    sign_in(page, base, "buyer")
    page.goto(f"{base}/procurement/{procurement.pk}/publish/")
    fill_date(page, "Closing date for bids", timezone.localdate() + timedelta(days=2))
    page.get_by_role("button", name="Publish").click()
    expect(page.locator(".govuk-tag").first).to_have_text("Open for bids")
    axe.check()
    sign_out(page)

    sign_in(page, base, "brightside")
    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Opportunities").click()
    page.get_by_role("link", name="Family support service").click()
    page.get_by_role("link", name="Submit your bid").click()
    page.get_by_label("Your price, in pounds").fill("800000")
    page.get_by_label("S1: Do you hold the insurances the contract requires?").fill("Yes, all of them.")
    page.get_by_label("Q1: How will you reach families?").fill("Through schools and family hubs.")
    page.get_by_label("Q2: How will you safeguard children?").fill("Trained staff and clear procedures.")
    page.get_by_label("SV1: What added value will you bring?").fill("Volunteers from the community.")
    axe.check()
    page.get_by_role("button", name="Submit bid").click()
    page.get_by_role("heading", name="Bid received", level=1).wait_for()
    axe.check()
    sign_out(page)

    procurement.refresh_from_db()
    bidding.bid_submit(
        actor=person_with_role(Role.PROVIDER_USER, northgate),
        procurement=procurement,
        organisation=northgate,
        price=Decimal("1000000"),
        answers=answers_for(procurement),
    )
    # The deadline passes.
    Procurement.objects.filter(pk=procurement.pk).update(
        tender_deadline=timezone.now() - timedelta(minutes=1)
    )
    member = evaluation.panel_member_add(
        actor=manager,
        procurement=procurement,
        data={
            "user": evaluator,
            "panel_role": PanelRole.OFFICER,
            "training_completed_on": timezone.localdate(),
        },
    )
    evaluation.conflict_declare(actor=evaluator, member=member, has_conflict=False, interests="")

    sign_in(page, base, "buyer")
    page.goto(f"{base}/procurement/{procurement.pk}/")
    page.get_by_role("navigation", name="Procurement sections").get_by_role("link", name="Bids").click()
    page.get_by_role("button", name="Open bids").click()
    page.get_by_role("link", name="Brightside Family Support").click()
    expect(page.get_by_role("main")).to_contain_text("Through schools and family hubs.")
    axe.check()

    procurement.refresh_from_db()
    score_all(evaluator, procurement)
    moderate_all(manager, procurement)

    page.goto(f"{base}/procurement/{procurement.pk}/ranking/")
    expect(page.get_by_role("main")).to_contain_text("86.00")
    axe.check()
    page.goto(f"{base}/procurement/{procurement.pk}/award/")
    page.get_by_label("Brightside Family Support: rank 1").check()
    today = timezone.localdate()
    page.get_by_label("Day").fill(str(today.day))
    page.get_by_label("Month").fill(str(today.month))
    page.get_by_label("Year").fill(str(today.year))
    page.get_by_label("Approved by").fill("Commissioning Board")
    page.get_by_label("Reasons").fill("The most advantageous tender.")
    page.get_by_role("button", name="Record the award decision").click()
    axe.check()
    page.get_by_role("link", name="Letters").click()
    page.get_by_role("button", name="Issue letters to every bidder").click()
    expect(page.get_by_role("alert")).to_contain_text("2 letters have been issued")
    axe.check()
    sign_out(page)

    sign_in(page, base, "brightside")
    page.goto(f"{base}/procurement/portal/letters/")
    page.get_by_role("link", name="Award letter").click()
    expect(page.locator("#letter-body")).to_contain_text(
        "your bid for CYP-2026-001 Family support service has been successful"
    )
    axe.check()
