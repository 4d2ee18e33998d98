"""Evidence from the records in the browser, with axe on each page: a partnership commissioning manager finds the
page in the navigation, chooses a service area and a year, reads the signed contracts check and follows a record
to its page; a provider user cannot reach it."""

import pytest
from django.core.management import call_command
from django.urls import reverse
from playwright.sync_api import expect

from commissioning.assurance.tests.computed import builders as b
from commissioning.core.demo import DEMO_PASSWORD
from commissioning.organisations.models import Role
from commissioning.organisations.tests.factories import OrganisationFactory, PartnerFactory, person_with_role
from e2e.test_accessibility import sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _person(role, organisation, username, last):
    user = person_with_role(role, organisation, username=username, first_name="Demo", last_name=last)
    user.set_password(DEMO_PASSWORD)
    user.save()
    return user


def test_evidence_from_the_records(live_server, page, axe):
    call_command("load_frameworks")
    council = PartnerFactory(name="Brackenshire County Council")
    _person(Role.PARTNERSHIP_MANAGER, council, "partnership", "Partnership Manager")
    _person(
        Role.PROVIDER_USER, OrganisationFactory(name="Brightpath Family Support CIC"), "provider", "Provider"
    )
    b.agreement(title="Family hubs")
    unsigned = b.agreement(title="Parenting programme", signed=False)
    base = live_server.url

    sign_in(page, base, "partnership")
    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Evidence from the records").click()
    page.get_by_role("heading", name="Evidence from the records", level=1).wait_for()
    axe.check()
    page.get_by_label("Service area").select_option(label="Early help")
    page.get_by_label("Financial year").select_option(label="2025/26")
    page.get_by_role("button", name="Show the evidence").click()
    expect(page.get_by_text("Early help, 1 April 2025 to 31 March 2026")).to_be_visible()
    axe.check()
    check = page.locator("#check-signed-contracts")
    expect(check).to_contain_text("The records show it is partly met")
    expect(check).to_contain_text("1 of 2 agreements are signed with a signed copy held")
    check.get_by_text("The 2 records counted").click()
    axe.check()
    check.get_by_role("link", name=f"{unsigned.reference} Parenting programme", exact=False).click()
    page.wait_for_url(f"**{unsigned.get_absolute_url()}")

    page.context.clear_cookies()
    sign_in(page, base, "provider")
    expect(
        page.get_by_role("navigation", name="Menu").get_by_role("link", name="Evidence from the records")
    ).to_have_count(0)
    response = page.goto(base + reverse("assurance:computed"))
    assert response.status == 403
