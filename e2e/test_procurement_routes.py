"""Route advice in the browser, with axe on each page: a form with errors, then advice for a light-touch service,
and the thresholds and local rules behind it."""

import pytest
from playwright.sync_api import expect

from commissioning.organisations.models import Role
from commissioning.organisations.tests.factories import PartnerFactory, person_with_role

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def sign_in(page, base, username):
    page.goto(f"{base}/sign-in/")
    page.get_by_label("Username or email address").fill(username)
    page.get_by_label("Password").fill("correct-horse-battery")
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{base}/")


def test_route_advice_for_a_light_touch_service(live_server, page, axe):
    person_with_role(Role.PROCUREMENT_MANAGER, PartnerFactory(), username="procurement-manager")
    base = live_server.url
    sign_in(page, base, "procurement-manager")

    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Procurement").click()
    page.get_by_role("navigation", name="Procurement and grants").get_by_role(
        "link", name="Route advice"
    ).click()
    page.get_by_role("heading", name="Route advice", level=1).wait_for()
    page.get_by_label("Estimated value over the whole life of the agreement, in pounds").fill("a lot")
    page.get_by_role("button", name="Get advice").click()
    expect(page.get_by_role("alert")).to_contain_text("Enter the estimated value as a number of pounds")
    axe.check()

    page.get_by_label("Estimated value over the whole life of the agreement, in pounds").fill("600000")
    page.get_by_label("No, VAT is to be added").check()
    page.get_by_label(
        "Light-touch services (most children's social care, education and health-related services)"
    ).check()
    page.get_by_label("How long will it last, in months, including extensions?").fill("36")
    page.get_by_role("button", name="Get advice").click()
    expect(page.locator("#regime")).to_have_text(
        "Light-touch contract above threshold: the Procurement Act 2023 applies, with flexibility"
    )
    expect(page.locator("#advice-summary")).to_contain_text("Full competitive procurement process")
    expect(page.locator("#reasons")).to_contain_text("£600,000 without VAT is £720,000 with VAT at 20%")
    axe.check()

    page.get_by_role("link", name="thresholds and local rules", exact=True).click()
    page.get_by_role("heading", name="Thresholds and local rules", level=1).wait_for()
    expect(page.locator("#thresholds")).to_contain_text("£663,540")
    axe.check()
