"""Open data in the browser, with axe on each state: the three exports with their counts and validation results, a
check asked for again, a wrong quarter explained, another quarter chosen, and the downloads."""

import csv
import io
import json
from pathlib import Path

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from commissioning.procurement.models import GrantAgreement
from commissioning.publishing import transparency, validation
from e2e.test_accessibility import sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_open_data_journey_passes_axe(live_server, page, axe):
    call_command("load_frameworks")
    call_command("load_demo_data")
    grant = GrantAgreement.objects.select_related("bid__award").order_by("pk").first()
    quarter = transparency.Quarter.containing(grant.bid.award.decided_on)
    base = live_server.url
    sign_in(page, base, "commissioner")

    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Open data").click()
    page.get_by_role("heading", name="Open data", level=1).wait_for()
    expect(page.get_by_test_id("result-ocds")).to_contain_text("Valid")
    expect(page.get_by_test_id("result-360giving")).to_contain_text("Valid")
    expect(page.get_by_test_id("count-360giving")).not_to_contain_text("0 grants")
    expect(page.get_by_test_id("checked-ocds")).to_contain_text("Checked")
    axe.check()

    page.get_by_role("button", name="Check again the Contracting data (OCDS) file").click()
    expect(page.get_by_text("Contracting data (OCDS) checked. Valid:")).to_be_visible()
    expect(page.get_by_test_id("result-ocds")).to_contain_text("Valid")
    axe.check()

    page.get_by_label("Quarter").fill("2026 Q3")
    page.get_by_role("button", name="Show quarter").click()
    expect(page.get_by_role("alert")).to_contain_text("Give the quarter as YEAR-Qn")
    axe.check()

    page.get_by_label("Quarter").fill(str(quarter))
    page.get_by_role("button", name="Show quarter").click()
    expect(page.get_by_test_id("count-transparency")).not_to_contain_text("0 contracts")
    expect(page.get_by_test_id("result-transparency")).to_contain_text("Valid")
    axe.check()

    with page.expect_download() as download:
        page.get_by_role("link", name="Download ocds-release-package.json").click()
    package = json.loads(Path(download.value.path()).read_text(encoding="utf-8"))
    assert validation.validate_ocds(package).valid
    with page.expect_download() as download:
        page.get_by_role("link", name=f"Download the contracts for {quarter}").click()
    assert download.value.suggested_filename == f"transparency-contracts-{quarter}.csv"
    rows = list(csv.DictReader(io.StringIO(Path(download.value.path()).read_text(encoding="utf-8"))))
    assert rows
    assert list(rows[0]) == transparency.COLUMNS
    assert all(float(row["Value"]) > transparency.THRESHOLD for row in rows)
