"""Planning a procurement in the browser, with axe on each page: refused while the activity's gate is closed,
planned once it is open, then the questions and weights, the conflicts assessment, and publishing."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from commissioning.cycle.models import GateRule, GateTransition
from commissioning.cycle.tests.factories import ActivityFactory
from commissioning.organisations.models import Role
from commissioning.organisations.tests.factories import PartnerFactory, person_with_role

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def sign_in(page, base, username):
    page.goto(f"{base}/sign-in/")
    page.get_by_label("Username or email address").fill(username)
    page.get_by_label("Password").fill("correct-horse-battery")
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{base}/")


def fill_date(page, group, day):
    fieldset = page.get_by_role("group", name=group)
    fieldset.get_by_label("Day").fill(str(day.day))
    fieldset.get_by_label("Month").fill(str(day.month))
    fieldset.get_by_label("Year").fill(str(day.year))


def test_plan_and_publish_a_procurement(live_server, page, axe):
    person_with_role(Role.PROCUREMENT_MANAGER, PartnerFactory(), username="procurement-manager")
    ActivityFactory(title="Young carers support")
    base = live_server.url
    sign_in(page, base, "procurement-manager")

    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Procurement").click()
    page.get_by_role("heading", name="Procurements and grant rounds", level=1).wait_for()
    expect(page.locator("#empty")).to_contain_text("No procurements or grant rounds yet")
    axe.check()

    page.get_by_role("link", name="Plan a procurement").click()
    page.get_by_label("Commissioning activity").select_option(label="Young carers support")
    page.get_by_label("Reference").fill("CYP-2026-020")
    page.get_by_label("Title").fill("Young carers support service")
    page.get_by_label(
        "Light-touch services (most children's social care, education and health-related services)"
    ).check()
    page.get_by_label("Estimated value over the whole life of the agreement, in pounds").fill("900000")
    page.get_by_label("No, VAT is to be added").check()
    page.get_by_label("How long will it last, in months, including extensions?").fill("36")
    fill_date(page, "When must the service start?", timezone.localdate() + timedelta(days=300))
    page.get_by_role("button", name="Plan it").click()
    expect(page.get_by_role("alert")).to_contain_text("The activity's gate is closed")
    axe.check()

    GateRule.objects.filter(transition=GateTransition.START_PROCUREMENT).update(enabled=False)
    page.get_by_role("button", name="Plan it").click()
    expect(page.locator("#regime")).to_have_text("Light-touch regime (Procurement Act 2023)")
    expect(page.locator("#milestones")).to_contain_text("Contract award notice published; standstill begins")
    axe.check()

    sections = page.get_by_role("navigation", name="Procurement sections")
    sections.get_by_role("link", name="Questions and weights").click()
    expect(page.locator("#weight-problems")).to_contain_text("they must total 100%")
    axe.check()
    page.get_by_role("link", name="Change the weights, price formula and scale").click()
    page.get_by_label("Price (%)").fill("40")
    page.get_by_label("Quality (%)").fill("60")
    page.get_by_label("Social value (%)").fill("0")
    page.get_by_role("button", name="Save").click()
    page.get_by_role("link", name="Add a question").click()
    page.get_by_label("Number").fill("Q1")
    page.get_by_label("Question", exact=True).fill(
        "How will you find young carers who are not known to services?"
    )
    page.get_by_label("Weight (%)").fill("60")
    axe.check()
    page.get_by_role("button", name="Save").click()
    expect(page.locator("#weight-problems")).to_have_count(0)

    sections.get_by_role("link", name="Conflicts").click()
    page.get_by_role("link", name="Record the conflicts assessment").click()
    fill_date(page, "Date of the assessment", timezone.localdate())
    page.get_by_label("Conflicts identified").fill("None identified")
    fill_date(page, "Date of the next review", timezone.localdate() + timedelta(days=30))
    page.get_by_role("button", name="Save").click()
    expect(page.locator("#assessments")).to_contain_text("None identified")
    axe.check()

    sections.get_by_role("link", name="Overview").click()
    page.get_by_role("link", name="Publish the opportunity").click()
    fill_date(page, "Closing date for bids", timezone.localdate() - timedelta(days=1))
    page.get_by_role("button", name="Publish").click()
    expect(page.get_by_role("alert")).to_contain_text("The closing date must be in the future.")
    axe.check()
    fill_date(page, "Closing date for bids", timezone.localdate() + timedelta(days=30))
    page.get_by_role("button", name="Publish").click()
    expect(page.locator(".govuk-tag").first).to_have_text("Open for bids")
    axe.check()
