"""Quality assurance in the browser, with axe on each page: the partnership commissioning manager plans an audit
in the programme (with an error first), starts it, rates standards (with an error first), adds an action for
one not met, completes the audit and downloads the report; a provider user cannot reach any of it."""

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from commissioning.assurance import services
from commissioning.assurance.models import Audit, AuditStatus
from commissioning.core.demo import DEMO_PASSWORD
from commissioning.organisations.models import Role
from commissioning.organisations.tests.factories import OrganisationFactory, PartnerFactory, person_with_role
from e2e.test_accessibility import sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _person(role, organisation, username, first="Demo", last="Person"):
    user = person_with_role(role, organisation, username=username, first_name=first, last_name=last)
    user.set_password(DEMO_PASSWORD)
    user.save()
    return user


def test_an_audit_from_plan_to_report(live_server, page, axe):
    call_command("load_frameworks")
    council = PartnerFactory(name="Brackenshire County Council")
    manager = _person(Role.PARTNERSHIP_MANAGER, council, "partnership", last="Partnership Manager")
    _person(Role.PROVIDER_USER, OrganisationFactory(name="Brightpath Family Support CIC"), "provider")
    programme = services.programme_create(actor=manager, data={"financial_year": 2026})
    base = live_server.url

    sign_in(page, base, "partnership")
    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Quality assurance").click()
    page.get_by_role("heading", name="Quality assurance", level=1).wait_for()
    axe.check()
    page.get_by_role("link", name=programme.title).click()
    page.get_by_role("heading", name=programme.title, level=1).wait_for()
    axe.check()
    page.get_by_role("link", name="Plan an audit").click()
    page.get_by_role("button", name="Add to the programme").click()
    expect(page.get_by_role("alert")).to_contain_text("Select the standards framework")
    axe.check()
    page.get_by_label("Standards framework").select_option(
        label="Central Bedfordshire Commissioning Standards"
    )
    page.get_by_label("Service area").select_option(label="Youth justice")
    page.get_by_label("Quarter 3 (October to December)").check()
    page.get_by_role("button", name="Add to the programme").click()
    page.get_by_role("heading", name="Audit of youth justice", level=1).wait_for()
    axe.check()
    audit = Audit.objects.get()
    assert (audit.period_start.isoformat(), audit.period_end.isoformat()) == ("2026-01-01", "2026-12-31")

    page.get_by_role("button", name="Start the audit").click()
    expect(page.get_by_text("The audit has started")).to_be_visible()
    axe.check()
    # Standards 3 to 14 are rated behind the scenes; the journey rates standards 1 and 2.
    for assessment in audit.assessments.select_related("item"):
        if assessment.item.ref not in ("1", "2"):
            services.assessment_save(
                actor=manager,
                assessment=assessment,
                data={"rating": "met", "evidence": "Seen in the youth justice plan."},
                expected_version=assessment.version,
            )
    page.reload()
    page.get_by_role("link", name="Rate standard 1", exact=True).click()
    page.get_by_role("heading", name="Rate standard 1", level=1).wait_for()
    axe.check()
    page.get_by_label("Met", exact=True).check()
    page.get_by_role("button", name="Save rating").click()
    expect(page.get_by_role("alert")).to_contain_text("Enter the evidence, or links to the records")
    axe.check()
    page.get_by_label("Evidence", exact=True).fill("The partners signed the shared vision in the plan.")
    page.get_by_label("Source (the role that confirmed it)").select_option(label="Commissioner")
    page.get_by_role("button", name="Save rating").click()
    expect(page.get_by_text("Standard 1 has been rated.")).to_be_visible()

    page.get_by_role("link", name="Rate standard 2", exact=True).click()
    page.get_by_label("Not met").check()
    page.get_by_label("Evidence", exact=True).fill("The board's terms of reference are out of date.")
    page.get_by_role("button", name="Save rating").click()
    page.get_by_role("link", name="Add an action for standard 2", exact=True).click()
    page.get_by_role("heading", name="Add an action for standard 2", level=1).wait_for()
    axe.check()
    page.get_by_label("What will be done").fill("Refresh the board's terms of reference")
    page.get_by_label("Owner").select_option(label="Demo Partnership Manager")
    page.get_by_label("Day").fill("31")
    page.get_by_label("Month").fill("3")
    page.get_by_label("Year").fill("2099")
    page.get_by_role("button", name="Add action").click()
    expect(page.get_by_role("link", name="Refresh the board's terms of reference")).to_be_visible()
    axe.check()

    page.get_by_role("link", name="Complete the audit").click()
    page.get_by_label("Conclusion for the Commissioning Board").fill(
        "Youth justice meets 13 of 14 standards."
    )
    axe.check()
    page.get_by_role("button", name="Complete the audit").click()
    expect(page.get_by_text("The audit has been completed.")).to_be_visible()
    axe.check()
    audit.refresh_from_db()
    assert audit.status == AuditStatus.COMPLETED
    pdf = page.request.get(f"{base}/assurance/audits/{audit.pk}/report.pdf")
    assert pdf.status == 200 and pdf.body().startswith(b"%PDF")

    page.goto(f"{base}/assurance/programmes/{programme.pk}/summary/")
    page.get_by_role("heading", name="Quality assurance annual summary 2026/27", level=1).wait_for()
    axe.check()

    page.context.clear_cookies()
    sign_in(page, base, "provider")
    expect(
        page.get_by_role("navigation", name="Menu").get_by_role("link", name="Quality assurance")
    ).to_have_count(0)
    assert page.goto(f"{base}/assurance/").status == 403
