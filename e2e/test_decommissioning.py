"""Budgets, reviews and decommissioning in the browser, with axe on each page: the budgets list, the review form
with an error, a decommissioning with its warnings, and a status change refused with every unmet condition."""

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from commissioning.cycle.models import CommissioningActivity, Decommissioning
from e2e.test_accessibility import sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

REDESIGN = "Early help family support redesign"
REVIEW = "Early help family support review"


def test_budgets_reviews_and_decommissioning_pass_axe(live_server, page, axe):
    call_command("load_frameworks")
    call_command("load_demo_data")
    base = live_server.url
    redesign = CommissioningActivity.objects.get(title=REDESIGN)
    review_activity = CommissioningActivity.objects.get(title=REVIEW)
    sign_in(page, base, "commissioner")

    page.goto(f"{base}/activities/{redesign.pk}/budgets/")
    page.get_by_role("heading", name="Agreed budgets", level=1).wait_for()
    expect(page.locator("#budgets")).to_contain_text("£1,250,000.00")
    expect(page.locator("#budgets")).to_contain_text("Children and Young People's Partnership Board")
    axe.check()

    page.goto(f"{base}/activities/{review_activity.pk}/reviews/")
    page.get_by_role("heading", name="Reviews", level=1).wait_for()
    expect(page.get_by_text("Continue with changes")).to_be_visible()
    axe.check()
    page.get_by_role("link", name="Record a review").click()
    page.get_by_role("heading", name="Record a review", level=1).wait_for()
    page.get_by_label("What the review found").fill("Families waited too long for support.")
    page.get_by_role("button", name="Save review").click()
    alert = page.get_by_role("alert")
    expect(alert.filter(has_text="Enter the date of the review")).to_be_visible()
    expect(alert.filter(has_text="Select what the review recommends")).to_be_visible()
    expect(page.get_by_label("What the review found")).to_have_value("Families waited too long for support.")
    axe.check()

    record = Decommissioning.objects.get(activity=redesign)
    page.goto(f"{base}{record.get_absolute_url()}")
    page.get_by_role("heading", name="Family support outreach service", level=1).wait_for()
    warnings = page.locator("#warnings")
    expect(warnings).to_contain_text("Notice to the provider is less than 3 months before the service ends")
    expect(warnings.get_by_role("link", name="Compact standard C6")).to_be_visible()
    axe.check()

    page.goto(f"{base}/activities/{redesign.pk}/decommissioning/")
    page.get_by_role("heading", name="Decommissioning services", level=1).wait_for()
    axe.check()
    page.get_by_role("link", name="Propose decommissioning a service").click()
    page.get_by_role("heading", name="Propose decommissioning a service", level=1).wait_for()
    page.get_by_label("Service", exact=True).fill("Parenting drop-in sessions")
    page.get_by_label("Provider (optional)").select_option(label="Harbour Youth Trust")
    page.get_by_label("Why is the service being decommissioned?").fill("Few families use the sessions.")
    page.get_by_role("button", name="Save proposal").click()
    page.get_by_role("heading", name="Parenting drop-in sessions", level=1).wait_for()
    expect(page.locator("#warnings")).to_contain_text("no consultation with the voluntary sector is recorded")
    axe.check()

    page.get_by_role("link", name="Change status").click()
    page.get_by_role("radio", name="Agreed").check()
    page.get_by_role("button", name="Save status").click()
    alert = page.get_by_role("alert")
    expect(alert.filter(has_text="Record the evidence behind the decision.")).to_be_visible()
    expect(alert.filter(has_text="Record the transition plan")).to_be_visible()
    assert alert.locator("li").count() == 4
    axe.check()
    assert Decommissioning.objects.get(service_name="Parenting drop-in sessions").status == "proposed"
