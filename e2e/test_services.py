"""The service register in the browser, with axe on each page: open the register, add a service with an error
first and then correctly, see the gap and overlap matrix, the market analysis and the market position
statement."""

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from commissioning.services.models import Service
from e2e.test_accessibility import sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_service_register_journey_passes_axe(live_server, page, axe):
    call_command("load_frameworks")
    call_command("load_demo_data")
    base = live_server.url
    sign_in(page, base, "commissioner")

    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Services").click()
    page.get_by_role("heading", name="Service register", level=1).wait_for()
    expect(page.locator("#services")).to_contain_text("Family hubs")
    axe.check()
    page.get_by_label("Provider's sector").select_option("private")
    page.get_by_role("button", name="Apply filters").click()
    expect(page.locator("#services")).to_contain_text("Residential children's homes")
    expect(page.locator("#services")).not_to_contain_text("Family hubs")
    axe.check()

    page.goto(f"{base}/services/")
    page.get_by_role("link", name="Add a service").click()
    page.get_by_role("heading", name="Add a service", level=1).wait_for()
    axe.check()
    page.get_by_label("Reference").fill("EH-020")
    page.get_by_label("Name").fill("Evening family support north")
    page.get_by_label("Provider", exact=True).select_option(label="Brightpath Family Support CIC")
    page.get_by_label("Service area").select_option("family_support")
    page.get_by_label("Targeted").check()
    page.get_by_label("Operational or local").check()
    page.get_by_label("Serves the whole area").check()
    page.get_by_label("From age").fill("12")
    page.get_by_label("To age").fill("5")
    page.get_by_label("Annual cost (£)").fill("48000")
    page.get_by_label("Grant").check()
    page.get_by_role("button", name="Add service").click()
    alert = page.get_by_role("alert")
    expect(alert).to_contain_text("The to age must be the same as or more than the from age")
    expect(page.get_by_label("Name")).to_have_value("Evening family support north")
    axe.check()
    assert not Service.objects.filter(reference="EH-020").exists()
    page.get_by_label("From age").fill("0")
    page.get_by_label("To age").fill("18")
    page.get_by_role("button", name="Add service").click()
    page.get_by_role("heading", name="Evening family support north", level=1).wait_for()
    expect(page.get_by_role("alert")).to_contain_text("has been added to the register")
    axe.check()
    assert Service.objects.get(reference="EH-020").age_to == 18

    page.get_by_role("link", name="Service register").click()
    page.get_by_role("link", name="Gaps and overlaps").click()
    page.get_by_role("heading", name="Gaps and overlaps", level=1).wait_for()
    matrix = page.locator("#matrix")
    expect(matrix.get_by_role("columnheader", name="Reduce the effects of child poverty")).to_be_visible()
    findings = matrix.get_by_role("row", name="Finding")
    expect(findings).to_contain_text("Gap")
    expect(findings).to_contain_text("Overlap")
    expect(page.locator("#split-rule")).to_contain_text("equal share")
    axe.check()
    page.get_by_label("Every Child Matters outcomes").check()
    page.get_by_role("button", name="Show").click()
    expect(page.locator("#matrix")).to_contain_text("Be healthy")
    axe.check()

    page.get_by_role("link", name="Market analysis").click()
    page.get_by_role("heading", name="Market analysis", level=1).wait_for()
    expect(page.locator("#concentration")).to_contain_text("Herfindahl-Hirschman index")
    axe.check()
    page.get_by_role("link", name="Children's services market position statement 2026/27").click()
    page.get_by_role("heading", name="Commissioning intentions").wait_for()
    axe.check()
    page.goto(f"{base}/services/import/")
    page.get_by_role("heading", name="Import services", level=1).wait_for()
    axe.check()
