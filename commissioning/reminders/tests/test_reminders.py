"""The reminders job and each person's list: once per person and event, a moved date reminds again, a failing
source does not stop the others, the email's links, and the page's permission and queries."""

import sys
import types
from collections import Counter
from contextlib import contextmanager
from datetime import timedelta
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import connection
from django.db.models.signals import post_init
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from commissioning.core.reminders import gather_due_items
from commissioning.cycle.tests.factories import ActivityFactory
from commissioning.monitoring.models import Meeting, ReturnPeriod
from commissioning.monitoring.tests.factories import AgreementFactory
from commissioning.organisations import roles
from commissioning.organisations.models import Role
from commissioning.organisations.tests.factories import OrganisationFactory, person_with_role
from commissioning.reminders.models import SentReminder
from commissioning.reminders.selectors import due_list_for
from commissioning.reminders.services import reminders_send
from commissioning.reminders.tests.conftest import TODAY, step

pytestmark = pytest.mark.django_db


def test_second_run_sends_nothing(activity, lead):
    step(activity, 1, TODAY - timedelta(days=1))
    step(activity, 2, TODAY + timedelta(days=3))
    first = reminders_send(today=TODAY)
    assert [(sent.email, len(sent.items)) for sent in first.sent] == [("lead@testshire.example", 2)]
    assert len(mail.outbox) == 1
    second = reminders_send(today=TODAY)
    assert second.sent == [] and second.already_reminded == 2
    assert len(mail.outbox) == 1
    assert SentReminder.objects.filter(user=lead).count() == 2


def test_a_new_item_the_next_day_is_sent_alone(activity, lead):
    step(activity, 1, TODAY + timedelta(days=3))
    reminders_send(today=TODAY)
    step(activity, 2, TODAY + timedelta(days=15))
    report = reminders_send(today=TODAY + timedelta(days=1))
    assert [item.title for item in report.sent[0].items] == ["Step 2 of Early help redesign"]


def test_a_moved_due_date_reminds_again(activity, lead):
    moved = step(activity, 1, TODAY + timedelta(days=3))
    reminders_send(today=TODAY)
    moved.due_date = TODAY + timedelta(days=10)
    moved.save()
    report = reminders_send(today=TODAY)
    assert len(report.sent) == 1 and report.sent[0].items[0].due == TODAY + timedelta(days=10)
    assert len(mail.outbox) == 2


def test_dry_run_sends_and_logs_nothing(activity, lead):
    step(activity, 1, TODAY)
    out = StringIO()
    call_command("send_reminders", "--dry-run", "--date", TODAY.isoformat(), stdout=out)
    assert "Would send to lead@testshire.example: 1 item(s)" in out.getvalue()
    assert "Step due: Step 1 of Early help redesign" in out.getvalue()
    assert mail.outbox == [] and not SentReminder.objects.exists()


def test_command_rejects_a_bad_date():
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        call_command("send_reminders", "--date", "23/11/2026")


def test_email_lists_items_with_absolute_links_in_text_and_html(activity, lead, settings):
    settings.SITE_URL = "https://hub.testshire.example/"
    step(activity, 1, TODAY - timedelta(days=2))
    step(activity, 2, TODAY + timedelta(days=5))
    reminders_send(today=TODAY)
    message = mail.outbox[0]
    assert message.to == ["lead@testshire.example"]
    assert message.subject == "Commissioning Hub: 2 item(s) due soon, 1 overdue"
    link = f"https://hub.testshire.example/activities/{activity.pk}/steps/1/"
    assert link in message.body
    assert "Overdue: was due on 21 November 2026" in message.body
    assert message.body.index("Step 1") < message.body.index("Step 2")
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html"
    assert f'<a href="{link}">Step 1 of Early help redesign</a>' in html
    assert "https://hub.testshire.example/reminders/" in html


def test_people_without_an_email_address_are_reported_not_logged(activity, lead):
    lead.email = ""
    lead.save()
    step(activity, 1, TODAY)
    report = reminders_send(today=TODAY)
    assert report.sent == [] and len(report.no_email) == 1
    assert not SentReminder.objects.exists()


@pytest.fixture
def broken_source(monkeypatch):
    """An app whose reminders module fails, placed first so the others must still run after it."""
    from commissioning.core import appmodules

    module = types.ModuleType("commissioning.broken.reminders")

    def due_items(*, today, user=None):
        raise RuntimeError("the database view is missing")
        yield

    module.due_items = due_items
    real = appmodules.app_modules

    def with_broken(name):
        if name == "reminders":
            yield module
        yield from real(name)

    monkeypatch.setitem(sys.modules, module.__name__, module)
    monkeypatch.setattr("commissioning.core.reminders.app_modules", with_broken)


def test_a_failing_source_is_reported_and_the_others_still_run(broken_source, activity, lead):
    step(activity, 1, TODAY)
    out, err = StringIO(), StringIO()
    call_command("send_reminders", "--date", TODAY.isoformat(), stdout=out, stderr=err)
    assert (
        "Reminders from commissioning.broken.reminders failed: RuntimeError: the database view is missing"
        in (err.getvalue())
    )
    assert "Sent to lead@testshire.example: 1 item(s)" in out.getvalue()
    assert "1 source(s) failed" in out.getvalue()
    assert len(mail.outbox) == 1


def test_the_page_shows_only_my_items_overdue_first_with_when_reminded(activity, lead, client_for, council):
    other_lead = person_with_role(Role.COMMISSIONER, council, username="other")
    step(activity, 1, TODAY + timedelta(days=3))
    step(activity, 2, TODAY - timedelta(days=5))
    step(ActivityFactory(title="Youth offer", lead_commissioner=other_lead), 1, TODAY)
    reminders_send(today=TODAY)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(timezone, "localdate", lambda *args: TODAY)
        page = client_for(lead).get(reverse("reminders:due")).content.decode()
    assert "Youth offer" not in page
    assert page.index("Step overdue") < page.index("Step due")
    assert f'href="/activities/{activity.pk}/steps/2/"' in page
    assert page.count("Emailed ") == 2
    assert "2 items, <strong>1 overdue</strong>" in page


def test_the_page_needs_signing_in(client):
    response = client.get(reverse("reminders:due"))
    assert response.status_code == 302 and response.url.startswith("/sign-in/")


def test_nav_and_home_panel_for_staff(activity, lead, client_for):
    step(activity, 1, TODAY - timedelta(days=400))
    page = client_for(lead).get(reverse("core:home")).content.decode()
    assert 'href="/reminders/"' in page
    assert "1 item you look after is due soon, 1 overdue" in page


def test_the_page_has_bounded_queries_that_do_not_grow_with_items(
    lead, client_for, django_assert_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_for(lead)
    step(ActivityFactory(lead_commissioner=lead), 1, TODAY - timedelta(days=1))
    with CaptureQueriesContext(connection) as one_item:
        client.get(reverse("reminders:due"))
    for number in range(2, 10):
        step(ActivityFactory(lead_commissioner=lead), number, TODAY - timedelta(days=number))
    with django_assert_num_queries(len(one_item.captured_queries)):
        response = client.get(reverse("reminders:due"))
    assert len(one_item.captured_queries) <= 30
    assert response.content.decode().count("govuk-tag--red") == 9


def test_a_provider_user_sees_only_their_own_organisations_returns(
    client_for, provider_org, other_provider_org
):
    from commissioning.monitoring.models import ReturnPeriod
    from commissioning.monitoring.tests.factories import AgreementFactory

    mine = person_with_role(Role.PROVIDER_USER, provider_org, username="mine")
    theirs = person_with_role(Role.PROVIDER_USER, other_provider_org, username="theirs")
    today = timezone.localdate()
    for provider, reference in ((provider_org, "CON-MINE"), (other_provider_org, "CON-THEIRS")):
        agreement = AgreementFactory(provider=provider, reference=reference)
        ReturnPeriod.objects.create(
            agreement=agreement,
            starts_on=today - timedelta(days=120),
            ends_on=today - timedelta(days=30),
            due_on=today - timedelta(days=2),
        )
    page = client_for(mine).get(reverse("reminders:due")).content.decode()
    assert "CON-MINE" in page and "CON-THEIRS" not in page
    page = client_for(theirs).get(reverse("reminders:due")).content.decode()
    assert "CON-THEIRS" in page and "CON-MINE" not in page


def test_due_soon_is_in_the_navigation_for_staff_and_providers_not_panel_members(
    client_for, commissioner, provider_user, council
):
    from commissioning.core.navigation import navigation_for

    panel_member = person_with_role(Role.PANEL_MEMBER, council, username="panel")
    for user, shown in ((commissioner, True), (provider_user, True), (panel_member, False)):
        request = client_for(user).get(reverse("core:home")).wsgi_request
        assert ("Due soon" in [item["label"] for item in navigation_for(request)]) is shown
    assert client_for(panel_member).get(reverse("reminders:due")).status_code == 200


@contextmanager
def records_read():
    """How many records of each model are read from the database inside the block."""
    read = Counter()

    def count(sender, **kwargs):
        read[sender.__name__] += 1

    post_init.connect(count, weak=False)
    try:
        yield read
    finally:
        post_init.disconnect(count)


def return_due(agreement, days):
    due = TODAY + timedelta(days=days)
    return ReturnPeriod.objects.create(
        agreement=agreement, starts_on=due - timedelta(days=120), ends_on=due - timedelta(days=28), due_on=due
    )


def other_peoples_work(council, number):
    """`number` agreements of another provider monitored by someone else, each with returns and a meeting due,
    and as many activities led by someone else with a step due."""
    officer = person_with_role(Role.MONITORING_OFFICER, council)
    provider = OrganisationFactory()
    person_with_role(Role.PROVIDER_USER, provider)
    lead = person_with_role(Role.COMMISSIONER, council)
    for each in range(number):
        agreement = AgreementFactory(provider=provider, commissioner=council, monitoring_officer=officer)
        for days in (-20, -5, 3):
            return_due(agreement, days)
        Meeting.objects.create(agreement=agreement, held_on=TODAY - timedelta(weeks=4), attendees="A")
        step(ActivityFactory(lead_commissioner=lead), 1, TODAY - timedelta(days=each))


@pytest.mark.parametrize("role", [Role.MONITORING_OFFICER, Role.PROVIDER_USER])
def test_my_list_reads_as_much_however_much_other_people_have_due(role, council, provider_org):
    me = person_with_role(role, provider_org if role == Role.PROVIDER_USER else council, username="me")
    mine = AgreementFactory(
        provider=provider_org,
        commissioner=council,
        monitoring_officer=me if role != Role.PROVIDER_USER else None,
    )
    for days in (-10, 4):
        return_due(mine, days)
    Meeting.objects.create(agreement=mine, held_on=TODAY - timedelta(weeks=4), attendees="A")
    other_peoples_work(council, 2)
    roles.role_pairs(
        me
    )  # read before the list on every page (navigation, permissions), and kept for the request
    with CaptureQueriesContext(connection) as few_queries, records_read() as few_records:
        few = due_list_for(me, today=TODAY)
    other_peoples_work(council, 20)
    with CaptureQueriesContext(connection) as many_queries, records_read() as many_records:
        many = due_list_for(me, today=TODAY)
    assert [(group.kind, [entry.item for entry in group.items]) for group in many.groups] == [
        (group.kind, [entry.item for entry in group.items]) for group in few.groups
    ]
    assert many.count == (3 if role == Role.MONITORING_OFFICER else 2) and many.failures == []
    assert len(many_queries.captured_queries) == len(few_queries.captured_queries)
    assert many_records == few_records


def test_every_source_answers_for_one_person_with_their_share_of_everyones_items(council, provider_org):
    officer = person_with_role(Role.MONITORING_OFFICER, council, username="officer")
    provider = person_with_role(Role.PROVIDER_USER, provider_org, username="provider")
    agreement = AgreementFactory(provider=provider_org, commissioner=council, monitoring_officer=officer)
    return_due(agreement, -1)
    other_peoples_work(council, 3)
    everyone = gather_due_items(today=TODAY)
    assert everyone.failures == [] and everyone.items
    found = {}
    for user in (officer, provider, person_with_role(Role.COMMISSIONER, council, username="nobody")):
        theirs = gather_due_items(today=TODAY, user=user)
        assert theirs.failures == []
        assert Counter(theirs.items) == Counter(
            item for item in everyone.items if user.pk in item.recipient_ids
        )
        found[user.username] = len(theirs.items)
    assert found == {"officer": 1, "provider": 1, "nobody": 0}
