"""Reminders in the browser, with axe on each page: after the daily job, a commissioner sees the home panel,
opens Due soon from the navigation, sees the overdue step first with when they were emailed, and follows the
link to the step."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import expect

from commissioning.core.demo import DEMO_PASSWORD
from commissioning.cycle.models import ActivityStep
from commissioning.cycle.tests.factories import ActivityFactory
from commissioning.organisations.models import Role
from commissioning.organisations.tests.factories import PartnerFactory, person_with_role
from e2e.test_accessibility import sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_due_soon_from_home_to_the_record(live_server, page, axe):
    council = PartnerFactory(name="Brackenshire Council")
    lead = person_with_role(
        Role.COMMISSIONER, council, username="commissioner", email="lead@brackenshire.example"
    )
    lead.set_password(DEMO_PASSWORD)
    lead.save()
    activity = ActivityFactory(title="Early help redesign", lead_commissioner=lead)
    today = timezone.localdate()
    ActivityStep.objects.create(activity=activity, number=1, due_date=today - timedelta(days=2))
    ActivityStep.objects.create(activity=activity, number=2, due_date=today + timedelta(days=6))
    call_command("send_reminders")

    base = live_server.url
    sign_in(page, base, "commissioner")
    expect(page.get_by_text("2 items you look after are due soon, 1 overdue.")).to_be_visible()
    axe.check()

    page.get_by_role("navigation").get_by_role("link", name="Due soon").click()
    expect(page.get_by_role("heading", name="Due soon and overdue")).to_be_visible()
    captions = page.locator("caption").all_inner_texts()
    assert captions == ["Step overdue", "Step due"]
    expect(page.get_by_text("Emailed ").first).to_be_visible()
    axe.check()

    page.get_by_role("link", name="Step 1 of Early help redesign").click()
    page.wait_for_url(f"{base}/activities/{activity.pk}/steps/1/")
