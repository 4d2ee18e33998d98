"""Importing indicator figures in the browser, with axe on each page: a file with problems and its error summary,
a good file with its preview, the confirmation, the import's page and the catalogue."""

import pytest
from playwright.sync_api import expect

from commissioning.needs.areas.importers import areas_load
from commissioning.organisations.models import Role
from commissioning.organisations.tests.factories import PartnerFactory, person_with_role

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

HEADER = "area_code,area_name,period,indicator,measure,unit,value\n"
GOOD = HEADER + (
    "E08000009,Trafford,2023/24,Young carers identified,Per 1000 aged 5-17,Children,11.2\n"
    "E08000009,Trafford,2024/25,Young carers identified,Per 1000 aged 5-17,Children,12.8\n"
    "E92000001,England,2024/25,Young carers identified,Per 1000 aged 5-17,Children,9.9\n"
)
BAD = (
    GOOD.replace("11.2", "eleven")
    + "E06000999,Nowhere,2024/25,Young carers identified,Per 1000 aged 5-17,C,1\n"
)


def sign_in(page, base, username):
    page.goto(f"{base}/sign-in/")
    page.get_by_label("Username or email address").fill(username)
    page.get_by_label("Password").fill("correct-horse-battery")
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{base}/")


def test_import_a_file_after_correcting_it(live_server, page, axe, tmp_path):
    areas_load()
    person_with_role(Role.COMMISSIONER, PartnerFactory(), username="data-analyst")
    bad, good = tmp_path / "young-carers.csv", tmp_path / "young-carers-corrected.csv"
    bad.write_text(BAD, encoding="utf-8")
    good.write_text(GOOD, encoding="utf-8")
    base = live_server.url
    sign_in(page, base, "data-analyst")

    page.goto(f"{base}/needs/")
    page.get_by_role("link", name="Import figures").click()
    page.get_by_role("heading", name="Import indicator figures", level=1).wait_for()
    axe.check()

    page.get_by_label("Indicator file (CSV, UTF-8)").set_input_files(str(bad))
    page.get_by_role("button", name="Check the file").click()
    problems = page.locator("#file-problems")
    expect(problems).to_contain_text("Row 2, column value: “eleven” is not a number")
    expect(problems).to_contain_text("Row 5, column area_code: No area has the code E06000999.")
    axe.check()

    page.get_by_label("Indicator file (CSV, UTF-8)").set_input_files(str(good))
    page.get_by_role("button", name="Check the file").click()
    page.get_by_role("heading", name="Check the import before it is written", level=1).wait_for()
    expect(page.locator("#import-indicators")).to_contain_text("young-carers-identified-per-1000-aged-5-17")
    expect(page.locator("#import-summary")).to_contain_text("2023/24, 2024/25")
    axe.check()

    page.get_by_role("button", name="Import 3 figures").click()
    page.get_by_role("heading", name="young-carers-corrected.csv", level=1).wait_for()
    expect(page.locator("#batch-summary")).to_contain_text("3 new, 0 changed, 0 unchanged")
    axe.check()

    page.get_by_role("link", name="Young carers identified (per 1000 aged 5-17)").click()
    expect(page.locator("#indicator-details")).to_contain_text("Rate per 1,000")
    axe.check()
