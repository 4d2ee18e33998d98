"""Provider quality checks in the browser, with axe on each page: a provider user gives evidence (with an error
first) in the portal, a commissioner rejects it with a reason, the provider updates it, and the commissioner
verifies it; a second provider never sees the first's checks."""

import pytest
from playwright.sync_api import expect

from commissioning.assurance.quality.models import CheckStatus, ProviderCheck, Requirement
from commissioning.assurance.quality.seed import seed_requirements
from commissioning.core.demo import DEMO_PASSWORD
from commissioning.monitoring.tests.factories import AgreementFactory
from commissioning.organisations.models import Role
from commissioning.organisations.tests.factories import OrganisationFactory, PartnerFactory, person_with_role
from e2e.conftest import AxeChecker
from e2e.test_accessibility import sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _person(role, organisation, username):
    user = person_with_role(role, organisation, username=username)
    user.set_password(DEMO_PASSWORD)
    user.save()
    return user


def test_evidence_given_rejected_updated_and_verified(live_server, browser, page, axe):
    seed_requirements(Requirement)
    council = PartnerFactory(name="Brackenshire Council")
    provider = OrganisationFactory(name="Brightpath Family Support CIC")
    other = OrganisationFactory(name="Harbour Youth Trust")
    _person(Role.COMMISSIONER, council, "commissioner")
    _person(Role.PROVIDER_USER, provider, "provider")
    _person(Role.PROVIDER_USER, other, "provider2")
    AgreementFactory(provider=provider, commissioner=council)
    base = live_server.url

    # The provider gives evidence, with an error first.
    sign_in(page, base, "provider")
    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Quality checks").click()
    page.get_by_role("heading", name="Brightpath Family Support CIC", level=1).wait_for()
    axe.check()
    page.get_by_role("link", name="Provide evidence for Safeguarding policy and procedures").click()
    page.get_by_role("heading", name="Safeguarding policy and procedures", level=1).wait_for()
    axe.check()
    page.get_by_role("button", name="Send for verification").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Describe the evidence you have in place")
    axe.check()
    page.get_by_label("What you have in place").fill("Safeguarding policy; designated lead named.")
    page.get_by_role("button", name="Send for verification").click()
    expect(page.get_by_role("alert")).to_contain_text("has been sent for verification")
    axe.check()
    check = ProviderCheck.objects.get()
    assert check.status == CheckStatus.AWAITING

    # A second provider cannot see it.
    other_page = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-GB").new_page()
    sign_in(other_page, base, "provider2")
    response = other_page.goto(f"{base}/assurance/provider-checks/checks/{check.pk}/")
    assert response.status == 404
    other_page.goto(f"{base}/assurance/provider-checks/mine/")
    expect(other_page.get_by_role("heading", level=1)).to_have_text("Harbour Youth Trust")
    expect(other_page.locator("body")).not_to_contain_text("designated lead named")

    # The commissioner finds it on the register and rejects it with a reason.
    staff = browser.new_context(
        viewport={"width": 1280, "height": 900}, locale="en-GB", bypass_csp=True
    ).new_page()
    staff_axe = AxeChecker(staff)
    sign_in(staff, base, "commissioner")
    staff.goto(f"{base}/assurance/provider-checks/?status=awaiting")
    staff.get_by_role("heading", name="Provider quality checks", level=1).wait_for()
    staff_axe.check()
    staff.locator("#checks").get_by_role("link", name="Safeguarding policy and procedures").click()
    staff_axe.check()
    staff.get_by_role("link", name="Reject the evidence").click()
    staff.get_by_role("button", name="Reject the evidence").click()
    expect(staff.locator(".govuk-error-summary")).to_contain_text("Enter why the evidence is not accepted")
    staff_axe.check()
    staff.get_by_label("Why the evidence is not accepted").fill("Send the policy with its review date.")
    staff.get_by_role("button", name="Reject the evidence").click()
    expect(staff.get_by_role("alert")).to_contain_text("has been rejected")
    staff_axe.check()

    # The provider sees why, and updates the evidence.
    page.reload()
    expect(page.locator("#checks")).to_contain_text("Not accepted: Send the policy with its review date.")
    page.get_by_role("link", name="Update for Safeguarding policy and procedures").click()
    page.get_by_label("Day").first.fill("1")
    page.get_by_label("Month").first.fill("4")
    page.get_by_label("Year").first.fill("2025")
    page.get_by_role("button", name="Send for verification").click()
    expect(page.get_by_role("alert")).to_contain_text("has been sent for verification")

    # The commissioner verifies it; the history says what happened.
    staff.reload()
    staff.get_by_role("button", name="Verify the evidence").click()
    expect(staff.get_by_role("alert")).to_contain_text("has been verified")
    staff_axe.check()
    staff.get_by_role("link", name="History").click()
    expect(staff.locator(".app-history")).to_contain_text(
        "Evidence rejected: Send the policy with its review date."
    )
    staff_axe.check()
    assert ProviderCheck.objects.get().status == CheckStatus.VERIFIED
