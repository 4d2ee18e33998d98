"""Service specifications in the browser, with axe on each page: the demo's specifications from the activity
page and the list; a new specification started from the template (with an error first), its outcomes and
measures filled from the activity, every section written, saved, approved, compared and downloaded."""

import io
import zipfile
from pathlib import Path

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from commissioning.cycle.models import CommissioningActivity
from commissioning.procurement.specifications.models import Specification
from e2e.test_accessibility import sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

REDESIGN = "Early help family support redesign"
HEADINGS = [
    "Service name",
    "Statement of purpose",
    "Overview",
    "Service Objectives",
    "Description of service",
    "Service activities",
    "Service outcomes",
    "Location",
    "Cost",
    "Performance measures",
    "Performance monitoring",
    "Outline terms and conditions and length of contract",
]


def test_specification_journey_passes_axe(live_server, page, axe):
    call_command("load_frameworks")
    call_command("load_demo_data")
    base = live_server.url
    redesign = CommissioningActivity.objects.get(title=REDESIGN)
    sign_in(page, base, "commissioner")

    page.goto(f"{base}/activities/{redesign.pk}/")
    row = page.locator("#service-specification")
    expect(row).to_contain_text("Early help family support service (draft, version 3)")
    axe.check()
    row.get_by_role("link", name="View").click()
    page.get_by_role("heading", name="Service specifications", level=1).wait_for()
    axe.check()
    page.get_by_role("link", name="Clear filters").click()
    page.get_by_label("Status").select_option("approved")
    page.get_by_role("button", name="Apply filters").click()
    table = page.locator("#specifications")
    expect(table).to_contain_text("Single point of access")
    expect(table).not_to_contain_text("Early help family support service")
    page.get_by_role(
        "link", name="Single point of access for children's emotional wellbeing and mental health"
    ).click()
    expect(page.locator("#version-facts")).to_contain_text(
        "Approved by Children and Young People's Partnership Board"
    )
    expect(page.locator("#kpis")).to_contain_text("At least 95%")
    axe.check()

    # Start a new specification for the redesign, with a mistake first.
    page.goto(f"{base}/specifications/start/?activity={redesign.pk}")
    page.get_by_role("heading", name="Start a service specification", level=1).wait_for()
    axe.check()
    page.get_by_label("Title").fill("")
    page.get_by_role("button", name="Start the specification").click()
    expect(page.get_by_role("alert")).to_contain_text("Enter a title for the specification")
    axe.check()
    page.get_by_label("Title").fill("Family support service north")
    page.get_by_role("button", name="Start the specification").click()
    page.get_by_role("heading", name="Change Family support service north", level=1).wait_for()
    expect(page.get_by_role("alert")).to_contain_text("version 1")
    for heading in HEADINGS:
        expect(page.get_by_label(heading, exact=True)).to_be_visible()
    axe.check()

    # Outcomes and measures from the activity.
    page.get_by_role("link", name="Fill the outcomes from the activity's priorities").click()
    page.get_by_role("heading", name="Fill outcomes and measures from the activity", level=1).wait_for()
    expect(page.locator("#suggested-priorities")).to_contain_text("One front door for early help")
    axe.check()
    page.get_by_role("button", name="Fill from the activity").click()
    page.get_by_role("heading", name="Change Family support service north", level=1).wait_for()
    expect(page.get_by_label("Service outcomes", exact=True)).to_have_value(
        "- One front door for early help: A single referral route shared by schools, health visitors and the "
        "police. (strategy priority 1; outcomes: Stay safe, Referrals to children's social care going on to "
        "initial assessment)"
    )
    axe.check()

    # Write every section, set a target, and save.
    for number, heading in enumerate(HEADINGS, start=1):
        field = page.get_by_label(heading, exact=True)
        if not field.input_value():
            field.fill(f"{heading}: agreed with the family support partners ({number}).")
    page.locator("#id_kpis-0-target").fill("At least 60%")
    page.get_by_label("What did you change?").fill("Every section written")
    page.get_by_role("button", name="Save as a new version").click()
    page.get_by_role("heading", name="Family support service north").wait_for()
    expect(page.get_by_role("alert")).to_contain_text("Version 3 has been saved as a draft")
    expect(page.locator("#kpis")).to_contain_text("At least 60%")
    axe.check()

    # Approve.
    page.get_by_role("link", name="Record approval").click()
    page.get_by_role("heading", name="Record the approval of version 3", level=1).wait_for()
    axe.check()
    page.get_by_label("Approved by").fill("Commissioning Board")
    page.get_by_label("Decision or minute reference (optional)").fill("CB 2026/11")
    page.get_by_label("Day").fill("2")
    page.get_by_label("Month").fill("3")
    page.get_by_label("Year").fill("2026")
    page.get_by_role("button", name="Record the approval").click()
    expect(page.get_by_role("alert")).to_contain_text("Version 3 has been approved")
    expect(page.locator("#version-facts")).to_contain_text("Approved by Commissioning Board on 2 March 2026")
    axe.check()
    specification = Specification.objects.get(title="Family support service north")
    assert (specification.status, specification.approved_number) == ("approved", 3)

    # Download both formats.
    with page.expect_download() as pdf:
        page.locator("#version-facts").get_by_role("link", name="PDF").click()
    assert pdf.value.suggested_filename == "family-support-service-north-version-3.pdf"
    with page.expect_download() as docx:
        page.locator("#version-facts").get_by_role("link", name="Word document").click()
    content = Path(docx.value.path()).read_bytes()
    with zipfile.ZipFile(io.BytesIO(content)) as package:
        document = package.read("word/document.xml").decode()
    assert "Approved by Commissioning Board on 2 March 2026, decision CB 2026/11" in document

    # Versions and a comparison.
    page.get_by_role("link", name="Versions").click()
    page.get_by_role("heading", name="Versions", exact=True).wait_for()
    axe.check()
    page.get_by_role("button", name="Compare").click()
    page.get_by_role("heading", name="Version 2 compared with version 3").wait_for()
    expect(page.locator("#compare-summary")).to_contain_text("11 sections changed")
    axe.check()
