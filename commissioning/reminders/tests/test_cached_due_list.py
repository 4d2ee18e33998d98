"""A person's due items are kept in the table cache: gathered once, then served again until a table they were read
from is written; kept apart by person, role and day; and not kept when a source failed (committed transactions,
as in production)."""

from datetime import timedelta

import pytest

from commissioning.conftest import page_text, queries_of
from commissioning.organisations import roles
from commissioning.organisations.models import Membership, Role
from commissioning.reminders.selectors import due_list_for
from commissioning.reminders.tests.conftest import TODAY, step
from commissioning.reminders.tests.test_reminders import broken_source  # noqa: F401 - the fixture

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("empty_cache")]


def titles(due_list) -> list[str]:
    return [entry.item.title for group in due_list.groups for entry in group.items]


def test_gathered_once_then_served_until_a_step_changes(activity, lead):
    step(activity, 1, TODAY + timedelta(days=3))
    gathering = queries_of(lambda: due_list_for(lead, today=TODAY))
    due_list_for(lead, today=TODAY)
    assert queries_of(lambda: due_list_for(lead, today=TODAY)) == 1  # when each was reminded, read each time
    assert gathering > 1
    step(activity, 2, TODAY + timedelta(days=5))
    assert titles(due_list_for(lead, today=TODAY)) == [
        "Step 1 of Early help redesign",
        "Step 2 of Early help redesign",
    ]


def test_kept_apart_by_day_and_by_role(activity, lead, council):
    step(activity, 1, TODAY - timedelta(days=1))
    for _ in range(2):
        assert due_list_for(lead, today=TODAY).groups[0].items[0].overdue
    assert titles(due_list_for(lead, today=TODAY - timedelta(days=400))) == []  # not yet coming up
    before = roles.access_key(lead)
    Membership.objects.create(user=lead, organisation=council, role=Role.MONITORING_OFFICER)
    roles.forget_roles(lead)
    assert roles.access_key(lead) != before


def test_a_gathering_in_which_a_source_failed_is_not_kept(broken_source, activity, lead):  # noqa: F811
    step(activity, 1, TODAY)
    for _ in range(3):
        due = due_list_for(lead, today=TODAY)
        assert due.failures and titles(due) == ["Step 1 of Early help redesign"]
    assert queries_of(lambda: due_list_for(lead, today=TODAY)) > 1


def _page(client) -> str:
    from django.urls import reverse

    return page_text(client, reverse("reminders:due"), "Due soon and overdue</h1>")


@pytest.fixture
def on_the_day(monkeypatch):
    from django.utils import timezone

    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: TODAY)


def test_the_page_is_served_again_until_an_item_changes(client_for, activity, lead, on_the_day):
    step(activity, 1, TODAY + timedelta(days=3))
    client = client_for(lead)
    first = queries_of(lambda: _page(client))  # learns which tables the items read
    _page(client)  # stores them
    assert queries_of(lambda: _page(client)) < first
    step(activity, 2, TODAY + timedelta(days=5))
    assert "Step 2 of Early help redesign" in _page(client)


def test_the_page_is_not_kept_when_a_source_failed(broken_source, client_for, activity, lead, on_the_day):  # noqa: F811
    step(activity, 1, TODAY)
    client = client_for(lead)
    counts = []
    for _ in range(3):
        counts.append(queries_of(lambda: _page(client)))
        assert "could not be checked just now" in _page(client)
    assert counts[0] == counts[1] == counts[2]  # computed each time, never kept
