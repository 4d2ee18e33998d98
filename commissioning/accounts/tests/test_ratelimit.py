"""Limits per client address, across usernames: failed sign-ins, password reset requests, password changes and
API token requests. The suite's settings raise the limits; these tests set small ones."""

import importlib
import sys

import pytest
from django.core.cache import caches
from django.test import Client
from django.urls import reverse

from commissioning.accounts import ratelimit
from commissioning.conftest import PASSWORD
from commissioning.organisations.models import Role
from commissioning.organisations.tests.factories import person_with_role

PERIOD = 15 * 60
ATTACKER = "203.0.113.9"
NEIGHBOUR = "198.51.100.66"


@pytest.fixture(autouse=True)
def small_limits(settings):
    settings.RATE_LIMIT_PERIOD_SECONDS = PERIOD
    settings.RATE_LIMITS = {"sign-in": 3, "password-reset": 2, "password-change": 2, "api-token": 2}
    caches[settings.RATE_LIMIT_CACHE].clear()
    yield
    caches[settings.RATE_LIMIT_CACHE].clear()


@pytest.fixture
def clock(monkeypatch):
    """A clock at the start of a window, moved on by the test."""
    now = {"t": 1_800_000_000.0 - 1_800_000_000.0 % PERIOD}
    monkeypatch.setattr(ratelimit, "_now", lambda: now["t"])
    return now


@pytest.fixture
def people(council):
    return [person_with_role(Role.COMMISSIONER, council, username=f"officer{n}") for n in range(5)]


def sign_in(client, username, password, address=ATTACKER):
    return client.post(
        reverse("accounts:sign-in"), {"username": username, "password": password}, REMOTE_ADDR=address
    )


def assert_refused_with_the_govuk_page(response, what):
    assert response.status_code == 429
    page = response.content.decode()
    assert "govuk-template" in page and '<h1 class="govuk-heading-l">Too many attempts</h1>' in page
    assert f"too many attempts to {what} from your network" in page
    assert 0 < int(response["Retry-After"]) <= PERIOD
    assert "frame-ancestors 'none'" in response["Content-Security-Policy"]


def test_spraying_many_usernames_from_one_address_is_stopped(clock, people):
    client = Client()
    for count, person in enumerate(people[:3], start=1):
        failed = sign_in(client, person.username, "Summer2026!")
        assert failed.status_code == 200 and failed.context["form"].errors  # the form again, with its error
        assert ratelimit.count("sign-in", ATTACKER) == count
    # Each username failed once only (the lock-out per username never trips), but the address is stopped,
    # even with the right password for another person.
    response = sign_in(client, people[3].username, PASSWORD)
    assert_refused_with_the_govuk_page(response, "sign in")
    assert response["Retry-After"] == str(PERIOD)
    assert "_auth_user_id" not in client.session
    # The form itself is still shown; another address still signs in.
    form_page = client.get(reverse("accounts:sign-in"), REMOTE_ADDR=ATTACKER)
    assert form_page.status_code == 200 and 'name="password"' in form_page.content.decode()
    assert sign_in(Client(), people[3].username, PASSWORD, address=NEIGHBOUR).status_code == 302


def test_the_address_may_try_again_in_the_next_window(clock, people):
    client = Client()
    for person in people[:3]:
        sign_in(client, person.username, "Summer2026!")
    clock["t"] += PERIOD - 60
    refused = sign_in(client, people[3].username, PASSWORD)
    assert refused.status_code == 429 and refused["Retry-After"] == "60"
    clock["t"] += 60
    assert sign_in(client, people[3].username, PASSWORD).status_code == 302


def test_successful_sign_ins_do_not_count(clock, people):
    client = Client()
    for _ in range(2):
        for person in people:
            assert sign_in(client, person.username, PASSWORD).status_code == 302
            client.post(reverse("accounts:sign-out"))
    assert ratelimit.count("sign-in", ATTACKER) == 0


def test_failures_on_the_admin_sign_in_count_too(clock, people):
    client = Client()
    for person in people[:3]:
        response = client.post(
            reverse("admin:login"), {"username": person.username, "password": "x"}, REMOTE_ADDR=ATTACKER
        )
        assert response.status_code == 200 and "_auth_user_id" not in client.session
    assert ratelimit.count("sign-in", ATTACKER) == 3
    assert_refused_with_the_govuk_page(sign_in(client, people[3].username, PASSWORD), "sign in")


def test_forged_posts_without_the_csrf_token_count_for_nothing(clock, people):
    client = Client(enforce_csrf_checks=True)
    for person in people:
        assert sign_in(client, person.username, "x").status_code == 403
    assert ratelimit.count("sign-in", ATTACKER) == 0


def test_the_address_is_the_one_the_lock_out_uses(clock, people, settings):
    settings.AXES_CLIENT_IP_CALLABLE = lambda request: request.META.get("HTTP_X_FORWARDED_FOR")
    client = Client()
    for person in people[:3]:
        client.post(
            reverse("accounts:sign-in"),
            {"username": person.username, "password": "x"},
            REMOTE_ADDR="10.0.0.5",
            HTTP_X_FORWARDED_FOR=ATTACKER,
        )
    behind_same_proxy = client.post(
        reverse("accounts:sign-in"),
        {"username": people[3].username, "password": PASSWORD},
        REMOTE_ADDR="10.0.0.5",
        HTTP_X_FORWARDED_FOR=NEIGHBOUR,
    )
    assert behind_same_proxy.status_code == 302
    assert ratelimit.count("sign-in", ATTACKER) == 3 and ratelimit.count("sign-in", NEIGHBOUR) == 0


def test_password_reset_requests_are_limited_and_send_no_more_email(clock, commissioner, mailoutbox):
    client = Client()
    url = reverse("accounts:password-reset")
    for _ in range(2):
        assert client.post(url, {"email": commissioner.email}, REMOTE_ADDR=ATTACKER).status_code == 302
    response = client.post(url, {"email": commissioner.email}, REMOTE_ADDR=ATTACKER)
    assert_refused_with_the_govuk_page(response, "ask for a password reset")
    assert len(mailoutbox) == 2


def test_api_token_requests_are_limited(clock, commissioner):
    client = Client()
    client.force_login(commissioner)
    url = reverse("accounts:api-token")
    tokens = [client.post(url, REMOTE_ADDR=ATTACKER).context["token"] for _ in range(2)]
    assert len(set(tokens)) == 2
    assert_refused_with_the_govuk_page(client.post(url, REMOTE_ADDR=ATTACKER), "create an API token")


def test_password_changes_are_limited(clock, commissioner):
    client = Client()
    client.force_login(commissioner)
    url = reverse("accounts:password-change")
    for guess in ("guess-one", "guess-two"):
        data = {"old_password": guess, "new_password1": "a-new-long-passphrase", "new_password2": "x"}
        refused = client.post(url, data, REMOTE_ADDR=ATTACKER)
        assert refused.status_code == 200 and "old_password" in refused.context["form"].errors
    commissioner.refresh_from_db()
    assert commissioner.check_password(PASSWORD)
    response = client.post(url, {"old_password": PASSWORD}, REMOTE_ADDR=ATTACKER)
    assert_refused_with_the_govuk_page(response, "change your password")


def test_the_cache_holds_no_address():
    key = ratelimit._key("sign-in", ATTACKER, 2_000_000)
    assert ATTACKER not in key and key.startswith("rate-limit:sign-in:")


def test_limits_and_period_come_from_the_environment(monkeypatch):
    monkeypatch.setenv("RATE_LIMIT_SIGN_IN_FAILURES", "50")
    monkeypatch.setenv("RATE_LIMIT_PASSWORD_RESETS", "4")
    monkeypatch.setenv("RATE_LIMIT_PERIOD_SECONDS", "600")
    base = sys.modules.pop("config.settings.base")
    try:
        fresh = importlib.import_module("config.settings.base")
    finally:
        sys.modules["config.settings.base"] = base
    assert fresh.RATE_LIMITS == {"sign-in": 50, "password-reset": 4, "password-change": 10, "api-token": 10}
    assert fresh.RATE_LIMIT_PERIOD_SECONDS == 600
    assert "commissioning.accounts.ratelimit.RateLimitMiddleware" in fresh.MIDDLEWARE
    csrf = fresh.MIDDLEWARE.index("django.middleware.csrf.CsrfViewMiddleware")
    assert fresh.MIDDLEWARE.index("commissioning.accounts.ratelimit.RateLimitMiddleware") > csrf
