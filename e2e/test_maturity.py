"""Joint commissioning maturity in the browser, with axe on each page: a partnership manager records an
assessment (with an error first) beside the matrix's words, and compares it with last year's."""

from datetime import date

import pytest
from playwright.sync_api import expect

from commissioning.assurance.maturity import services
from commissioning.assurance.maturity.models import Dimension, MaturityAssessment
from commissioning.core.demo import DEMO_PASSWORD
from commissioning.organisations.models import Role
from commissioning.organisations.tests.factories import PartnerFactory, person_with_role
from e2e.test_accessibility import sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_assessment_recorded_and_compared(live_server, page, axe):
    council = PartnerFactory(name="Brackenshire Council")
    manager = person_with_role(
        Role.PARTNERSHIP_MANAGER,
        council,
        username="partnership",
        first_name="Demo",
        last_name="Partnership Manager",
    )
    manager.set_password(DEMO_PASSWORD)
    manager.save()
    services.assessment_create(
        actor=manager,
        subject_kind="partnership",
        assessed_on=date(2025, 4, 1),
        assessor=manager,
        ratings={d: ("separate", "Single agency planning.") for d in Dimension.values},
    )
    base = live_server.url
    sign_in(page, base, "partnership")
    page.goto(f"{base}/assurance/maturity/")
    page.get_by_role("heading", name="Joint commissioning maturity", level=1).wait_for()
    axe.check()
    page.get_by_role("link", name="Record an assessment").click()
    expect(page.locator("body")).to_contain_text("Shared commitment to improve outcomes across client group.")
    axe.check()
    page.get_by_label("Day").fill("1")
    page.get_by_label("Month").fill("4")
    page.get_by_label("Year").fill("2026")
    page.get_by_role("button", name="Save the assessment").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Choose the approach reached for purpose and strategy"
    )
    axe.check()
    for label in (
        "Purpose and strategy",
        "Needs and market intelligence",
        "Stakeholder engagement",
        "Resource allocation and management",
    ):
        page.get_by_role("group", name=f"{label}: approach reached").get_by_label(
            "Joint:", exact=False
        ).check()
        page.get_by_label(f"{label}: evidence").fill("Joint commissioning board minutes")
    page.get_by_role("button", name="Save the assessment").click()
    expect(page.get_by_role("alert")).to_contain_text("The assessment has been saved")
    axe.check()
    assert MaturityAssessment.objects.count() == 2
    page.get_by_role("link", name="Compare with other assessments").click()
    expect(page.locator("#comparison")).to_contain_text("Up 2 (from separate to joint)")
    axe.check()
