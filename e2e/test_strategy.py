"""The strategy or plan in the browser, with axe on each page: the approved strategy, the draft plan and its
approval form refused with every unmet condition, and the public page read by a visitor who is not signed in."""

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from commissioning.cycle.models import CommissioningActivity, Strategy
from e2e.test_accessibility import sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

WELLBEING = "Children's emotional wellbeing and mental health strategy"
REDESIGN = "Early help family support redesign"
BOARD = "Children and Young People's Partnership Board"


def test_strategy_pages_pass_axe(live_server, page, axe, browser):
    call_command("load_frameworks")
    call_command("load_demo_data")
    base = live_server.url
    wellbeing = CommissioningActivity.objects.get(title=WELLBEING)
    redesign = CommissioningActivity.objects.get(title=REDESIGN)
    sign_in(page, base, "commissioner")

    page.goto(f"{base}/activities/{wellbeing.pk}/strategy/")
    page.get_by_role("heading", name="Priorities, linked to outcomes").wait_for()
    expect(page.locator("#approval")).to_contain_text(BOARD)
    expect(page.locator("#publication")).to_contain_text("Published on")
    axe.check()

    page.goto(f"{base}/activities/{redesign.pk}/strategy/")
    page.get_by_role("heading", name="Early help family support redesign plan").wait_for()
    expect(page.get_by_role("link", name="Change the strategy")).to_be_visible()
    axe.check()
    page.get_by_role("link", name="Record approval").click()
    page.get_by_role("heading", name="Record the approval of the strategy", level=1).wait_for()
    page.get_by_label("Board or body that approved it").fill(BOARD)
    page.get_by_role("button", name="Record approval").click()
    alert = page.get_by_role("alert")
    expect(alert.filter(has_text="Enter the date the strategy was approved")).to_be_visible()
    expect(alert.filter(has_text="Enter the minute reference of the decision")).to_be_visible()
    expect(page.get_by_label("Board or body that approved it")).to_have_value(BOARD)
    axe.check()
    assert Strategy.objects.get(activity=redesign).status == "draft"

    page.goto(f"{base}/activities/{redesign.pk}/strategy/")
    page.get_by_role("link", name="Add a priority").click()
    page.get_by_role("heading", name="Add a priority", level=1).wait_for()
    page.get_by_label("Priority", exact=True).fill("Support for young carers")
    page.get_by_role("button", name="Add priority").click()
    expect(page.get_by_role("alert")).to_contain_text("Select at least one outcome the priority is linked to")
    axe.check()
    page.get_by_role("link", name="Cancel").click()
    page.get_by_role("link", name="Remove the priority: One front door for early help").click()
    page.get_by_role("heading", name="Are you sure you want to remove this priority?").wait_for()
    axe.check()
    page.goto(f"{base}/activities/{redesign.pk}/strategy/history/")
    page.get_by_role("heading", name="History").wait_for()
    axe.check()
    grant_round = CommissioningActivity.objects.get(title="SEND short breaks grant round")
    page.goto(f"{base}/activities/{grant_round.pk}/strategy/")
    expect(page.get_by_role("link", name="Draft the strategy")).to_be_visible()
    axe.check()
    page.goto(f"{base}/activities/{wellbeing.pk}/strategy/")

    published = Strategy.objects.get(activity=wellbeing)
    visitor = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-GB", bypass_csp=True)
    public = visitor.new_page()
    public_axe = type(axe)(public)
    public.goto(f"{base}/public/strategies/")
    public.get_by_role("link", name=published.title).click()
    public.get_by_role("heading", name=published.title, level=1).wait_for()
    expect(public.locator("#approval")).to_contain_text(BOARD)
    expect(public.locator("#approval")).to_contain_text("CYPPB 2025/37")
    expect(public.get_by_role("button", name="Sign out")).to_have_count(0)
    public_axe.check()
    draft = Strategy.objects.get(activity=redesign)
    response = public.goto(f"{base}/public/strategies/{draft.slug}/")
    assert response.status == 404
    visitor.close()
