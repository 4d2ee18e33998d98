"""Areas in the browser, with axe on each page: find an area, set the home area, add and remove another name,
change a neighbour set with an error first, and read the histories and a former authority."""

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from commissioning.needs.areas.demo import NEIGHBOURS_FILE
from commissioning.needs.areas.importers import neighbours_import
from commissioning.organisations.models import Role
from commissioning.organisations.tests.factories import PartnerFactory, person_with_role

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PASSWORD = "correct-horse-battery"


def sign_in(page, base, username):
    page.goto(f"{base}/sign-in/")
    page.get_by_label("Username or email address").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{base}/")


def test_areas_neighbours_and_the_home_area_pass_axe(live_server, page, axe):
    call_command("load_areas")
    neighbours_import(content=NEIGHBOURS_FILE.read_bytes(), file_name=NEIGHBOURS_FILE.name)
    person_with_role(Role.ADMINISTRATOR, PartnerFactory(name="Brackenshire Council"), username="areas-admin")
    base = live_server.url
    sign_in(page, base, "areas-admin")

    page.goto(f"{base}/needs/areas/")
    page.get_by_role("heading", name="Areas", level=1).wait_for()
    expect(page.locator("#home-area")).to_contain_text("No home area has been set yet")
    axe.check()
    page.get_by_label("Name, other name or code").fill("City of Bristol")
    page.get_by_role("button", name="Apply filters").click()
    expect(page.locator("#areas").get_by_role("link", name="Bristol, City of")).to_be_visible()
    axe.check()

    page.goto(f"{base}/needs/areas/")
    page.get_by_role("link", name="Set the home area").click()
    page.get_by_role("heading", name="Home area", level=1).wait_for()
    page.get_by_role("button", name="Save home area").click()
    expect(
        page.get_by_role("alert").filter(has_text="Choose the partnership's local authority")
    ).to_be_visible()
    axe.check()
    page.get_by_label("Home area").select_option(label="Trafford")
    page.get_by_role("button", name="Save home area").click()
    expect(page.locator("#home-area")).to_contain_text("Home area: Trafford (E08000009)")

    page.locator("#home-area").get_by_role("link", name="Trafford").click()
    page.get_by_role("heading", name="Trafford Home area", level=1).wait_for()
    expect(page.locator("#neighbour-table tbody tr").first).to_contain_text("Hertfordshire")
    expect(page.locator("#listed-by-table")).to_contain_text("Stockport")
    axe.check()

    page.get_by_role("link", name="Add another name").click()
    page.get_by_label("Other name").fill("Stockport")
    page.get_by_role("button", name="Add other name").click()
    expect(page.get_by_role("alert").filter(has_text="is the name of another area")).to_be_visible()
    expect(page.get_by_label("Other name")).to_have_value("Stockport")
    axe.check()
    page.get_by_label("Other name").fill("Trafford MBC")
    page.get_by_label("Used by (optional)").fill("Ofsted")
    page.get_by_role("button", name="Add other name").click()
    expect(page.locator("#aliases")).to_contain_text("Trafford MBC")

    page.locator("#aliases").get_by_role("link", name="Remove Trafford MBC").click()
    page.get_by_role("heading", name="Remove “Trafford MBC” as another name for Trafford?").wait_for()
    axe.check()
    page.get_by_role("button", name="Remove other name").click()
    expect(page.get_by_text("No other names are recorded.")).to_be_visible()

    page.get_by_role("link", name="Change the statistical neighbours of Trafford").click()
    page.get_by_role("heading", name="Statistical neighbours of Trafford", level=1).wait_for()
    page.get_by_label("Neighbour 2", exact=True).select_option(label="Hertfordshire")
    page.get_by_role("button", name="Save neighbours").click()
    expect(page.get_by_role("alert").filter(has_text="Hertfordshire is already in place 1.")).to_be_visible()
    axe.check()
    page.get_by_label("Neighbour 2", exact=True).select_option(label="Manchester")
    page.get_by_role("button", name="Save neighbours").click()
    expect(page.locator("#neighbour-table tbody tr").nth(1)).to_contain_text("Manchester")

    page.get_by_role("link", name="History of the statistical neighbours of Trafford").click()
    expect(page.get_by_text("Neighbours changed: 1. Hertfordshire; 2. Manchester")).to_be_visible()
    axe.check()
    page.goto(f"{base}/needs/areas/E08000009/history/")
    page.get_by_role("heading", name="History", level=2).wait_for()
    expect(page.get_by_text("Other name removed: Trafford MBC")).to_be_visible()
    axe.check()

    page.goto(f"{base}/needs/areas/E10000021/")
    expect(page.locator("#area-details")).to_contain_text("Former: ended on 1 April 2021")
    axe.check()
