"""A signed-in session is renewed at most once a minute, and ends after the idle time without one."""

import pytest
from django.contrib.sessions.models import Session
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from commissioning.accounts import sessions

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def once_a_minute(settings):
    settings.SESSION_RENEW_SECONDS = 60


@pytest.fixture
def clock(monkeypatch):
    now = {"seconds": 1_800_000_000.0}
    monkeypatch.setattr(sessions.time, "time", lambda: now["seconds"])
    return now


def _session_writes(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert (response.status_code, response.context["user"].is_authenticated) == (200, True)  # still signed in
    return sum(1 for query in captured if query["sql"].startswith('UPDATE "django_session"'))


def _expiry(client):
    return Session.objects.get(session_key=client.session.session_key).expire_date


def test_a_session_is_renewed_at_most_once_a_minute(client_for, commissioner, clock):
    client = client_for(commissioner)
    home = reverse("core:home")
    client.get(home)  # renewed: signed in a moment ago
    first = _expiry(client)

    clock["seconds"] += 59
    assert _session_writes(client, home) == 0
    assert _expiry(client) == first

    clock["seconds"] += 1
    assert _session_writes(client, home) == 1
    assert _expiry(client) > first


def test_a_visitor_who_is_not_signed_in_gets_no_session(client):
    client.get(reverse("accounts:sign-in"))

    assert Session.objects.count() == 0


def test_the_session_ends_after_the_idle_time(client_for, commissioner, settings):
    client = client_for(commissioner)
    client.get(reverse("core:home"))
    session = Session.objects.get(session_key=client.session.session_key)
    Session.objects.filter(pk=session.pk).update(expire_date=session.expire_date.replace(year=2000))

    response = client.get(reverse("core:home"))

    assert response.status_code == 302
    assert reverse("accounts:sign-in") in response["Location"]
