"""A commissioner starts an activity and works it through the Assess quadrant (steps 1 to 3), with axe on
every page on the way; then meets the step 7 gate."""

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from commissioning.cycle.models import CommissioningActivity
from e2e.test_accessibility import sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

ASSESS_STEPS = [
    (1, "Look at outcomes for children and young people"),
    (2, "Look at particular groups of children and young people"),
    (3, "Develop the needs assessment with user and staff views"),
]
TITLE = "Young carers support recommissioning"


def test_start_an_activity_and_complete_the_assess_quadrant(live_server, page, axe):
    call_command("load_frameworks")
    call_command("load_demo_data")
    base = live_server.url
    sign_in(page, base, "commissioner")

    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Commissioning activities").click()
    page.get_by_role("link", name="Start an activity").click()
    page.get_by_role("heading", name="Start a commissioning activity", level=1).wait_for()
    axe.check()
    page.get_by_role("button", name="Start activity").click()
    expect(page.get_by_role("alert").filter(has_text="Enter a title for the activity")).to_be_visible()
    axe.check()

    page.get_by_label("Title").fill(TITLE)
    page.get_by_role("radio", name="Service redesign").check()
    page.get_by_label("Purpose").fill("Recommission support for young carers so that fewer miss school.")
    page.get_by_label("Service area").select_option(label="Family support")
    page.get_by_label("Lead commissioner").select_option(label="Demo Commissioner")
    page.get_by_label("Lead organisation").select_option(label="Brackenshire County Council")
    page.get_by_role("radio", name="Operational or local").check()
    page.get_by_role("checkbox", name="Targeted").check()
    page.get_by_role("radio", name="Parallel").check()
    page.get_by_label("Cycle year").fill("2026")
    page.get_by_role("button", name="Start activity").click()
    page.get_by_role("heading", name=TITLE, level=1).wait_for()
    axe.check()

    for number, title in ASSESS_STEPS:
        page.get_by_role("link", name=title).click()
        heading = f"Step {number}: {title}"
        page.get_by_role("heading", name=heading, level=1).wait_for()
        axe.check()
        page.locator(".govuk-details__summary-text").get_by_text("Add evidence", exact=True).click()
        page.get_by_role("radio", name="Text", exact=True).check()
        page.get_by_label("What is it?").fill(f"Step {number} notes")
        page.get_by_label("Evidence (for text)").fill("Presented to the Commissioning Group.")
        page.get_by_role("button", name="Add evidence").click()
        expect(page.get_by_text(f"Evidence added: Step {number} notes.")).to_be_visible()
        page.get_by_role("radio", name="Complete").check()
        page.get_by_role("button", name="Save status").click()
        expect(page.get_by_text(f"Step {number} is now complete.")).to_be_visible()
        axe.check()
        page.get_by_role("link", name=TITLE).first.click()
        page.get_by_role("heading", name=TITLE, level=1).wait_for()

    activity = CommissioningActivity.objects.get(title=TITLE)
    assert list(activity.steps.filter(status="complete").values_list("number", flat=True)) == [1, 2, 3]
    assert activity.steps.get(number=1).evidence.count() == 1

    page.get_by_role("link", name="Commission – including the use of pooled resources").click()
    page.get_by_role("heading", name="Before step 7 can be completed").wait_for()
    page.get_by_role("radio", name="Complete").check()
    page.get_by_role("button", name="Save status").click()
    alert = page.get_by_role("alert")
    expect(alert.filter(has_text="Record the budget agreed for this activity")).to_be_visible()
    expect(alert.filter(has_text="Carry out an equality impact assessment")).to_be_visible()
    expect(alert.filter(has_text="Attach the service specification")).to_be_visible()
    axe.check()
    assert activity.steps.get(number=7).status == "not_started"
