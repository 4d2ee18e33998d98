"""The contracts register in the browser, with axe on each page: import a spreadsheet with an error and then a
good one, open an agreement, record a payment and see the expiry alert."""

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from commissioning.contracts.models import Agreement, Payment
from e2e.test_accessibility import sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

HEADER = (
    "Reference,Title,Type,Provider,Commissioning partner,Annual value,Whole-life value,Start date,End date,"
    "Latest end date,Status,Simplified terms\n"
)


def test_contracts_journey_passes_axe(live_server, page, axe, tmp_path):
    call_command("load_frameworks")
    call_command("load_demo_data")
    base = live_server.url
    sign_in(page, base, "contracts")

    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Contracts").click()
    page.get_by_role("heading", name="Contracts register", level=1).wait_for()
    expect(page.locator("#agreements")).to_contain_text("Targeted family support")
    axe.check()

    page.get_by_role("link", name="Import agreements from a CSV or Excel file").click()
    page.get_by_role("heading", name="Import agreements", level=1).wait_for()
    axe.check()
    bad = tmp_path / "bad.csv"
    bad.write_text(
        HEADER + "CON-2026-090,Holiday activities,Contract,Nobody Ltd,Brackenshire County Council,"
        "50000,50000,2026-04-01,2027-03-31,,Live,No\n",
        encoding="utf-8",
    )
    page.get_by_label("Upload a file").set_input_files(str(bad))
    page.get_by_role("button", name="Check the file").click()
    expect(page.get_by_role("alert")).to_contain_text("The file has 1 problem")
    expect(page.locator("#problems")).to_contain_text("Provider")
    axe.check()
    assert not Agreement.objects.filter(reference="CON-2026-090").exists()

    good = tmp_path / "good.csv"
    good.write_text(
        HEADER + "CON-2026-090,Holiday activities,Contract,Harbour Youth Trust,Brackenshire County Council,"
        "50000,50000,2026-04-01,2027-03-31,2028-03-31,Live,No\n",
        encoding="utf-8",
    )
    page.get_by_label("Upload a file").set_input_files(str(good))
    page.get_by_role("button", name="Check the file").click()
    expect(page.locator("#preview")).to_contain_text("Holiday activities")
    axe.check()
    page.get_by_role("button", name="Import 1 agreement").click()
    expect(page.get_by_role("alert")).to_contain_text("1 agreement added")
    axe.check()

    page.get_by_role("link", name="Holiday activities").click()
    page.get_by_role("heading", name="Holiday activities").wait_for()
    axe.check()
    page.get_by_role("link", name="Record a payment not in the schedule").click()
    page.get_by_role("heading", name="Record a payment for CON-2026-090", level=1).wait_for()
    axe.check()
    due = page.get_by_role("group", name="Due date")
    due.get_by_label("Day").fill("1")
    due.get_by_label("Month").fill("5")
    due.get_by_label("Year").fill("2026")
    page.get_by_label("Amount (£)").fill("4166.67")
    page.get_by_label("Invoice reference").fill("HYT-0501")
    received = page.get_by_role("group", name="Invoice received")
    received.get_by_label("Day").fill("1")
    received.get_by_label("Month").fill("5")
    received.get_by_label("Year").fill("2026")
    paid = page.get_by_role("group", name="Date paid")
    paid.get_by_label("Day").fill("20")
    paid.get_by_label("Month").fill("6")
    paid.get_by_label("Year").fill("2026")
    page.get_by_role("button", name="Record payment").click()
    expect(page.get_by_role("alert")).to_contain_text("Payment recorded")
    expect(page.locator("#payment-table")).to_contain_text("Late")
    axe.check()
    assert Payment.objects.get(invoice_reference="HYT-0501").paid_on.isoformat() == "2026-06-20"

    page.get_by_role("link", name="History").click()
    expect(page.get_by_text("Payment recorded")).to_be_visible()
    axe.check()

    page.get_by_role("link", name="Contracts register").first.click()
    page.get_by_role("link", name="Expiry and notice").click()
    page.get_by_role("heading", name="Expiry and notice", level=1).wait_for()
    expect(page.locator("body")).to_contain_text("Targeted family support")
    axe.check()
    page.get_by_role("link", name="CON-2023-004 Targeted family support").first.click()
    expect(page.locator("#expiring-warning")).to_contain_text("Expiring")
    axe.check()

    page.goto(f"{base}/contracts/payments-compliance/")
    page.get_by_role("heading", name="Payments compliance", level=1).wait_for()
    expect(page.locator("#compliance-figures")).to_contain_text("Average days to pay")
    axe.check()

    # Each alert group has a page of its own, a page of rows at a time.
    page.goto(f"{base}/contracts/alerts/late-payments/")
    page.get_by_role("heading", name="Late payments", level=1).wait_for()
    expect(page.locator("table caption")).to_contain_text(
        "Payments made or due after the date they had to be paid by"
    )
    axe.check()
    page.get_by_role("link", name="Expiry and notice").first.click()
    page.get_by_role("heading", name="Expiry and notice", level=1).wait_for()
