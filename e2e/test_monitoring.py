"""Contract monitoring in the browser, with axe on each page: a provider submits a return (with an error
first), the monitoring officer queries it, the provider resubmits, and the officer accepts it. The agreement
is made directly, so the journey does not depend on the contracts register's pages."""

from datetime import date
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from commissioning.core.demo import DEMO_PASSWORD
from commissioning.monitoring import services
from commissioning.monitoring.models import ProviderReturn, ReturnStatus
from commissioning.monitoring.tests.factories import AgreementFactory, KpiFactory
from commissioning.organisations.models import Role
from commissioning.organisations.tests.factories import OrganisationFactory, PartnerFactory, person_with_role
from e2e.conftest import AxeChecker
from e2e.test_accessibility import sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PERIOD = "1 Apr 2026 to 30 Jun 2026"


def _person(role, organisation, username):
    user = person_with_role(role, organisation, username=username)
    user.set_password(DEMO_PASSWORD)
    user.save()
    return user


def test_return_submitted_queried_resubmitted_and_accepted(live_server, browser, page, axe):
    council = PartnerFactory(name="Brackenshire Council")
    provider = OrganisationFactory(name="Brightpath Family Support CIC")
    officer = _person(Role.MONITORING_OFFICER, council, "monitoring")
    _person(Role.PROVIDER_USER, provider, "provider")
    agreement = AgreementFactory(
        reference="CON-2026-101",
        title="Family support north",
        provider=provider,
        commissioner=council,
        starts_on=date(2026, 4, 1),
        ends_on=date(2028, 3, 31),
    )
    KpiFactory(agreement=agreement, name="Families supported", target=Decimal("60"), position=1)
    KpiFactory(
        agreement=agreement,
        name="Days to first contact",
        unit="days",
        target=Decimal("10"),
        polarity="lower",
        position=2,
    )
    services.plan_save(
        actor=officer,
        agreement=agreement,
        data={"frequency": "quarterly", "first_period_starts_on": date(2026, 4, 1), "due_days": 28},
    )
    base = live_server.url

    # The provider submits, with an error first.
    sign_in(page, base, "provider")
    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Monitoring returns").click()
    page.get_by_role("heading", name="Monitoring returns", level=1).wait_for()
    axe.check()
    page.get_by_role("link", name=f"Submit the return for {PERIOD}").click()
    page.get_by_role("heading", name=f"Return for {PERIOD}", level=1).wait_for()
    axe.check()
    page.get_by_label("Families supported (families)").fill("48")
    page.get_by_label("Days to first contact (days)").fill("9")
    page.get_by_label("Narrative").fill("Referrals were slow in the first month.")
    page.get_by_label("Number of service users in the period").fill("10")
    page.get_by_label("Female").fill("22")
    page.get_by_label("Male", exact=True).fill("18")
    page.get_by_role("button", name="Submit return").click()
    expect(page.get_by_role("alert")).to_contain_text("more than the 10 service users")
    axe.check()
    assert not ProviderReturn.objects.exists()
    page.get_by_label("Number of service users in the period").fill("40")
    page.get_by_role("button", name="Submit return").click()
    expect(page.get_by_role("alert")).to_contain_text("has been submitted")
    axe.check()

    # The officer queries it.
    officer_page = browser.new_context(
        viewport={"width": 1280, "height": 900}, locale="en-GB", bypass_csp=True
    ).new_page()
    officer_axe = AxeChecker(officer_page)
    sign_in(officer_page, base, "monitoring")
    officer_page.get_by_role("navigation", name="Menu").get_by_role("link", name="Monitoring").click()
    officer_page.get_by_role("heading", name="Contract monitoring", level=1).wait_for()
    expect(officer_page.locator("#agreements")).to_contain_text("1 to review")
    officer_axe.check()
    officer_page.get_by_role("link", name="CON-2026-101").click()
    officer_page.get_by_role("heading", name="Family support north", level=1).wait_for()
    expect(officer_page.locator("#periods")).to_contain_text("Red")
    officer_axe.check()
    officer_page.locator("#periods").get_by_role("link", name=PERIOD).click()
    officer_axe.check()
    officer_page.get_by_role("link", name="Query the return").click()
    officer_axe.check()
    officer_page.get_by_role("button", name="Send query to the provider").click()
    expect(officer_page.get_by_role("alert")).to_contain_text("Enter what the provider must explain")
    officer_axe.check()
    officer_page.get_by_label("What the provider must explain or correct").fill(
        "Families supported is well below target; please check the figure."
    )
    officer_page.get_by_role("button", name="Send query to the provider").click()
    expect(officer_page.get_by_role("alert")).to_contain_text("has been queried")
    assert ProviderReturn.objects.get().status == ReturnStatus.QUERIED

    # The provider resubmits, starting from the queried answers.
    page.goto(f"{base}/monitoring/returns/")
    page.get_by_role("link", name=f"Resubmit the return for {PERIOD}").click()
    expect(page.locator(".govuk-inset-text")).to_contain_text("please check the figure")
    expect(page.get_by_label("Narrative")).to_have_value("Referrals were slow in the first month.")
    axe.check()
    page.get_by_label("Families supported (families)").fill("58")
    page.get_by_role("button", name="Submit return").click()
    expect(page.get_by_role("alert")).to_contain_text("has been submitted")
    axe.check()

    # The officer accepts it; the queried return stays in the history.
    officer_page.reload()
    officer_page.get_by_role("button", name="Accept the return").click()
    expect(officer_page.get_by_role("alert")).to_contain_text("has been accepted")
    expect(
        officer_page.get_by_role("heading", name="Earlier return: Superseded by a resubmission")
    ).to_be_visible()
    officer_axe.check()
    statuses = sorted(ProviderReturn.objects.values_list("status", flat=True))
    assert statuses == [ReturnStatus.ACCEPTED, ReturnStatus.SUPERSEDED]

    # A second quarter's return gives a trend chart; the officer's other pages pass axe too.
    supplier = ProviderReturn.objects.get(status=ReturnStatus.ACCEPTED).submitted_by
    second = agreement.return_periods.order_by("starts_on")[1]
    kpis = list(agreement.kpis.order_by("position"))
    later = services.return_submit(
        actor=supplier,
        period=second,
        data={
            "actuals": {kpis[0].pk: "63", kpis[1].pk: "12"},
            "narrative": "Referrals picked up.",
            "service_users": "45",
            "complaints": "0",
            "safeguarding_incidents": "0",
        },
        today=date(2026, 10, 5),
    )
    services.return_accept(actor=officer, provider_return=later)
    officer_page.get_by_role("link", name="CON-2026-101").click()
    officer_page.get_by_role("heading", name="Family support north", level=1).wait_for()
    expect(
        officer_page.get_by_role("img", name="Each KPI's actual as a percentage of its target")
    ).to_be_visible()
    expect(officer_page.locator("#trend")).to_contain_text("63")
    officer_axe.check()
    for link, heading in [
        ("Change the plan", "Monitoring plan for CON-2026-101"),
        ("Add a KPI", "Add a KPI"),
        ("Record a meeting", "Record a monitoring meeting"),
        ("Agree an improvement plan", "Agree a performance improvement plan"),
        ("Record the annual review", "Record the annual review"),
    ]:
        officer_page.get_by_role("link", name=link).click()
        officer_page.get_by_role("heading", name=heading, level=1).wait_for()
        officer_axe.check()
        officer_page.go_back()
    officer_page.get_by_role("link", name="History").click()
    officer_page.get_by_role("heading", name="History").wait_for()
    officer_axe.check()
    officer_page.context.close()
