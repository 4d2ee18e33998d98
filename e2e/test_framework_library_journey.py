"""Sign in, open the framework library, search, open an item, view its history: no axe violations."""

import textwrap

import pytest
from playwright.sync_api import expect

from commissioning.conftest import PASSWORD
from commissioning.frameworks.services import library_load
from commissioning.frameworks.tests.test_schema import GOOD
from commissioning.organisations.models import Role
from commissioning.organisations.tests.factories import PartnerFactory, person_with_role

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def library(tmp_path):
    (tmp_path / "sample-standards.yaml").write_text(textwrap.dedent(GOOD))
    library_load(directory=tmp_path)


def test_framework_library_journey(live_server, page, axe, library):
    person_with_role(Role.COMMISSIONER, PartnerFactory(name="Testshire County Council"), username="journey")

    page.goto(f"{live_server.url}/")
    assert page.url.startswith(f"{live_server.url}/sign-in/")
    axe.check()

    page.get_by_label("Username or email address").fill("journey")
    page.get_by_label("Password").fill("wrong password")
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("alert").filter(has_text="There is a problem")).to_be_visible()
    axe.check()

    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.get_by_role("heading", name="Commissioning Hub", level=1).wait_for()
    axe.check()

    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Framework library").click()
    page.get_by_role("heading", name="Framework library", level=1).wait_for()
    axe.check()

    page.get_by_label("Search every framework").fill("criterion")
    page.get_by_role("button", name="Search", exact=True).click()
    page.get_by_role("heading", name="1 result for “criterion”").wait_for()
    axe.check()

    page.get_by_role("link", name="A criterion.").click()
    page.get_by_role("heading", level=1).filter(has_text="Criterion 1.1").wait_for()
    expect(page.get_by_text("Testshire (2009), Sample")).to_be_visible()
    axe.check()

    page.get_by_role("navigation", name="Record sections").get_by_role("link", name="History").click()
    page.get_by_role("heading", name="History", level=2).wait_for()
    expect(page.get_by_text("Created by System")).to_be_visible()
    axe.check()

    page.goto(f"{live_server.url}/frameworks/sample-standards/")
    expect(page.get_by_text("Missing from the source document").first).to_be_visible()
    axe.check()
    assert len(axe.checked) == 8
