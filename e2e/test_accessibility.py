"""Every main page, with the real framework library and the demo partnership, passes axe (WCAG 2.2 AA)."""

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from commissioning.core.demo import DEMO_PASSWORD

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

ADMIN_PAGES = [
    "/",
    "/organisations/",
    "/organisations/?q=trust&sector=voluntary_community_faith",
    "/organisations/add/",
    "/people/",
    "/people/add/",
    "/activities/",
    "/activities/start/",
    "/activities/calendar/",
    "/activities/calendar/?year=2025&mine=yes",
    "/activities/gate-rules/",
    "/activities/gate-rules/add/",
    "/frameworks/",
    "/frameworks/dcsf-nine-step-cycle/",
    "/frameworks/islington-commissioning-standards/",
    "/frameworks/islington-commissioning-standards/items/7.1/",
    "/frameworks/joint-commissioning-matrix/",
    "/frameworks/gateshead-quality-standards/items/1/",
    "/frameworks/gateshead-quality-standards/items/1/local/",
    "/frameworks/search/?q=pooled+budget",
    "/account/",
    "/accessibility/",
    "/no-such-page/",
]


def sign_in(page, base, username):
    page.goto(f"{base}/sign-in/")
    page.get_by_label("Username or email address").fill(username)
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{base}/")


def test_main_pages_have_no_accessibility_violations(live_server, page, axe):
    call_command("load_frameworks")
    call_command("load_demo_data")
    sign_in(page, live_server.url, "admin")
    for path in ADMIN_PAGES:
        page.goto(f"{live_server.url}{path}")
        axe.check()

    organisation_link = page.goto(f"{live_server.url}/organisations/") and page.get_by_role(
        "link", name="Brightpath Family Support CIC"
    )
    organisation_link.click()
    page.get_by_role("heading", name="Brightpath Family Support CIC", level=1).wait_for()
    axe.check()
    page.get_by_role("link", name="History").click()
    page.get_by_role("heading", name="History", level=2).wait_for()
    axe.check()

    page.goto(f"{live_server.url}/activities/")
    page.locator("#activities").get_by_role("link", name="Early help family support redesign").click()
    page.get_by_role("heading", name="Early help family support redesign", level=1).wait_for()
    axe.check()
    page.get_by_role("link", name="Identify resources and set priorities").click()
    page.get_by_role("heading", name="Step 4: Identify resources and set priorities", level=1).wait_for()
    axe.check()
    page.get_by_role("link", name="Answer these questions for this activity").click()
    page.get_by_role("heading", name="Step 4: Identify resources and set priorities", level=1).wait_for()
    page.locator("#answer-1-yes").check()
    page.get_by_role("button", name="Save answers").click()
    expect(page.get_by_role("alert").filter(has_text="give the evidence for your answer")).to_be_visible()
    axe.check()
    page.get_by_role("link", name="Back to step 4").click()
    page.get_by_role("heading", name="Step 4: Identify resources and set priorities", level=1).wait_for()
    page.locator(".govuk-details__summary-text").get_by_text("Add evidence", exact=True).click()
    page.get_by_role("radio", name="Text", exact=True).check()
    page.get_by_label("What is it?").fill("Finance workshop")
    page.get_by_role("button", name="Add evidence").click()
    expect(page.get_by_role("alert").filter(has_text="Enter the evidence")).to_be_visible()
    axe.check()
    page.get_by_role("radio", name="Not applicable").check()
    page.get_by_role("button", name="Save status").click()
    expect(page.get_by_role("alert").filter(has_text="Enter why this step does not apply")).to_be_visible()
    axe.check()

    page.goto(f"{live_server.url}/activities/")
    page.locator("#activities").get_by_role("link", name="Early help family support redesign").click()
    page.get_by_role("link", name="View equality impact assessment").click()
    page.get_by_role("heading", name="Equality impact assessment", level=1).wait_for()
    axe.check()
    page.get_by_role("link", name="Record impacts").click()
    page.get_by_label("Sex: impact").select_option("negative")
    page.get_by_label("Sex: evidence").fill("")
    page.get_by_role("button", name="Save impacts").click()
    expect(
        page.get_by_role("alert").filter(has_text="Sex: give the evidence for the negative impact")
    ).to_be_visible()
    axe.check()
    page.get_by_role("link", name="Back", exact=True).click()
    page.get_by_role("link", name="Mark as final").click()
    page.get_by_role("button", name="Change status").click()
    expect(
        page.get_by_role("alert").filter(has_text="Choose the conclusion of the assessment")
    ).to_be_visible()
    axe.check()
    page.goto(f"{live_server.url}/needs/")
    page.get_by_role("heading", name="Needs assessment", level=1).wait_for()
    axe.check()
    page.get_by_role("link", name="All needs analyses").click()
    page.get_by_role("link", name="Family support needs analysis 2026").click()
    page.get_by_role("heading", name="Family support needs analysis 2026").wait_for()
    axe.check()
    page.get_by_role("link", name="Report card for Help families earlier, in their locality").click()
    page.get_by_role("heading", name="Help families earlier, in their locality", level=1).wait_for()
    axe.check()
    page.goto(f"{live_server.url}/needs/analyses/start/")
    page.get_by_role("button", name="Start needs analysis").click()
    expect(page.get_by_role("alert").filter(has_text="Enter a title for the needs analysis")).to_be_visible()
    axe.check()

    page.goto(f"{live_server.url}/organisations/add/")
    page.get_by_role("button", name="Add organisation").click()
    expect(page.get_by_role("alert").filter(has_text="There is a problem")).to_be_visible()
    axe.check()


def test_provider_sees_only_its_own_organisation_in_the_browser(live_server, page, axe):
    call_command("load_frameworks")
    call_command("load_demo_data")
    sign_in(page, live_server.url, "provider")
    page.goto(f"{live_server.url}/organisations/")
    rows = page.locator("#organisations tbody tr")
    assert rows.count() == 1
    assert "Brightpath Family Support CIC" in rows.first.inner_text()
    axe.check()
    menu = page.get_by_role("navigation", name="Menu")
    assert menu.get_by_role("link", name="People").count() == 0
