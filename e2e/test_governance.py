"""Boards and decisions in the browser, with axe on each page: the bodies, a body with its members and
delegated authority, the upcoming meeting with its agenda and board pack, a decision above delegated authority
refused and then recorded with an acknowledgement, an action plan progress update, and the public decision log."""

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from commissioning.governance.models import Decision
from e2e.test_accessibility import sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_governance_journey_passes_axe(live_server, page, axe):
    call_command("load_frameworks")
    call_command("load_demo_data")
    base = live_server.url
    sign_in(page, base, "partnership")

    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Boards and decisions").click()
    page.get_by_role("heading", name="Boards and decisions", level=1).wait_for()
    expect(page.locator("#bodies")).to_contain_text("Pooled and Aligned Budgets sub group")
    axe.check()

    page.locator("#bodies").get_by_role("link", name="Commissioning Group", exact=True).click()
    page.get_by_role("heading", name="Commissioning Group", level=1).wait_for()
    expect(page.locator("#authority")).to_contain_text("£250,000.00")
    axe.check()

    page.locator("#meetings").get_by_role("link").first.click()
    page.get_by_role("heading", name="Meeting of").wait_for()
    expect(page.locator("#agenda")).to_contain_text("Performance dashboard")
    axe.check()
    with page.expect_download() as download:
        page.locator("#pack-link").click()
    assert download.value.suggested_filename.endswith(".pdf")

    page.get_by_role("link", name="Add an agenda item").click()
    page.get_by_role("heading", name="Add an agenda item", level=1).wait_for()
    axe.check()
    page.get_by_role("button", name="Add item").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter the title of the item")
    axe.check()
    page.get_by_label("Title").fill("Any other business")
    page.get_by_role("button", name="Add item").click()
    expect(page.locator("#agenda")).to_contain_text("Any other business")

    page.get_by_role("link", name="Record a decision of this meeting").click()
    page.get_by_role("heading", name="Record a decision", level=1).wait_for()
    axe.check()
    page.get_by_label("Reference", exact=True).fill("CG-2026-050")
    page.get_by_label("What was decided").fill("Commission a new short breaks service.")
    page.get_by_label("Amount (£)").fill("300000")
    page.get_by_role("button", name="Record decision").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("is above the delegated authority")
    axe.check()
    assert not Decision.objects.filter(reference="CG-2026-050").exists()
    page.get_by_label("If the amount is above delegated authority: who will ratify it").fill(
        "To be ratified by the council's Executive."
    )
    page.get_by_role("button", name="Record decision").click()
    page.get_by_role("heading", name="Decision CG-2026-050", level=1).wait_for()
    expect(page.locator("#authority-warning")).to_contain_text("Above delegated authority")
    axe.check()

    page.get_by_role("navigation", name="Breadcrumb").get_by_role("link", name="Boards and decisions").click()
    page.get_by_role("navigation", name="Boards and decisions sections").get_by_role(
        "link", name="Action plan"
    ).click()
    page.get_by_role("heading", name="Action Plan for Commissioning", level=1).wait_for()
    axe.check()
    page.locator("#actions").get_by_role("link").first.click()
    page.get_by_role("link", name="Add a progress update").click()
    page.get_by_role("heading", name="Add a progress update", level=1).wait_for()
    axe.check()
    page.get_by_label("Progress").fill("All partners have now sent their figures.")
    page.get_by_role("button", name="Save update").click()
    expect(page.locator("#updates")).to_contain_text("All partners have now sent their figures.")
    axe.check()

    page.goto(f"{base}/public/decisions/")
    page.get_by_role("heading", name="Decision log", level=1).wait_for()
    expect(page.locator("#decisions")).to_contain_text("CG-2026-050")
    axe.check()
