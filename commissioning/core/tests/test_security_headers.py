"""The security headers on pages and API answers, and HTTPS-only behaviour with the production settings."""

import importlib
import re
import sys

import pytest
from django.test import Client, override_settings
from django.urls import reverse
from rest_framework.authtoken.models import Token

from commissioning.conftest import PASSWORD

SCRIPT_TAG = re.compile(r"<script\b([^>]*)>", re.IGNORECASE)


def policy(response) -> dict[str, str]:
    """The Content-Security-Policy as {directive: sources}."""
    directives = (part.strip() for part in response["Content-Security-Policy"].split(";"))
    return {name: sources for name, _, sources in (d.partition(" ") for d in directives if d)}


def assert_common_headers(response):
    csp = policy(response)
    assert csp["default-src"] == "'self'"
    assert csp["frame-ancestors"] == "'none'"
    assert csp["object-src"] == "'none'"
    assert csp["base-uri"] == "'self'"
    assert csp["form-action"] == "'self'"
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert "camera=()" in response["Permissions-Policy"]


@pytest.mark.parametrize("name", ["accounts:sign-in", "accounts:password-reset", "core:accessibility"])
def test_public_pages_carry_the_security_headers(client, db, name):
    response = client.get(reverse(name))
    assert response.status_code == 200
    assert_common_headers(response)


def test_signed_in_page_allows_only_its_own_nonce_scripts(client_for, commissioner):
    response = client_for(commissioner).get(reverse("core:home"))
    assert response.status_code == 200
    assert_common_headers(response)
    csp = policy(response)
    assert "'unsafe-inline'" not in csp["script-src"] and "'unsafe-eval'" not in csp["script-src"]
    assert csp["style-src"] == "'self'"
    nonce = re.fullmatch(r"'self' 'nonce-([A-Za-z0-9_-]{16,})'", csp["script-src"]).group(1)
    inline = [
        attributes for attributes in SCRIPT_TAG.findall(response.content.decode()) if "src=" not in attributes
    ]
    assert inline, "the page has its inline script"
    assert all(f'nonce="{nonce}"' in attributes for attributes in inline)


def test_nonce_is_new_on_every_response(client, db):
    first = policy(client.get(reverse("accounts:sign-in")))["script-src"]
    second = policy(client.get(reverse("accounts:sign-in")))["script-src"]
    assert first != second


def test_error_pages_carry_the_security_headers(client, db):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert_common_headers(response)


def test_api_answers_carry_the_security_headers(client, commissioner):
    token = Token.objects.create(user=commissioner)
    answered = client.get("/api/v1/organisations/", HTTP_AUTHORIZATION=f"Token {token.key}")
    refused = client.get("/api/v1/organisations/")
    unknown = client.get("/api/v1/no-such-thing/")
    assert (answered.status_code, refused.status_code, unknown.status_code) == (200, 401, 404)
    for response in (answered, refused, unknown):
        assert_common_headers(response)
        assert "'unsafe-inline'" not in policy(response)["script-src"]


def test_only_the_api_docs_and_admin_relax_inline_scripts(client_for, administrator):
    client = client_for(administrator)
    docs = client.get("/api/v1/docs/")
    assert docs.status_code == 200
    assert "'unsafe-inline'" in policy(docs)["script-src"]
    assert policy(docs)["frame-ancestors"] == "'none'"
    assert "'unsafe-inline'" not in policy(client.get(reverse("core:home")))["script-src"]


@pytest.fixture
def production_security(monkeypatch):
    """The HTTPS and cookie settings exactly as config/settings/production.py sets them."""
    monkeypatch.setenv("DJANGO_SECRET_KEY", "x" * 60)
    monkeypatch.setenv("DJANGO_ALLOWED_HOSTS", "testserver")
    sys.modules.pop("config.settings.production", None)
    try:
        production = importlib.import_module("config.settings.production")
    finally:
        sys.modules.pop("config.settings.production", None)
    names = [
        "SECURE_SSL_REDIRECT",
        "SECURE_PROXY_SSL_HEADER",
        "SECURE_HSTS_SECONDS",
        "SECURE_HSTS_INCLUDE_SUBDOMAINS",
        "SECURE_HSTS_PRELOAD",
        "SESSION_COOKIE_SECURE",
        "CSRF_COOKIE_SECURE",
        "SESSION_COOKIE_NAME",
        "CSRF_COOKIE_NAME",
        "SESSION_COOKIE_HTTPONLY",
        "SESSION_COOKIE_SAMESITE",
        "CSRF_COOKIE_SAMESITE",
    ]
    with override_settings(**{name: getattr(production, name) for name in names}):
        yield


def test_production_redirects_plain_http_to_https(production_security, db):
    response = Client().get(reverse("accounts:sign-in"))
    assert response.status_code == 301
    assert response["Location"] == "https://testserver/sign-in/"


def test_production_sends_hsts_for_a_year_with_subdomains_and_preload(production_security, db):
    response = Client().get(reverse("accounts:sign-in"), secure=True)
    assert response.status_code == 200
    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
    assert_common_headers(response)


def test_production_hsts_also_behind_the_proxy(production_security, db):
    response = Client().get(reverse("accounts:sign-in"), HTTP_X_FORWARDED_PROTO="https")
    assert response.status_code == 200
    assert "max-age=31536000" in response["Strict-Transport-Security"]


def test_production_cookies_are_host_only_secure_httponly_and_same_site(production_security, commissioner):
    client = Client()
    form = client.get(reverse("accounts:sign-in"), secure=True)
    csrf = form.cookies["__Host-csrftoken"]
    assert csrf["secure"] and csrf["samesite"] == "Lax" and csrf["path"] == "/" and not csrf["domain"]
    response = client.post(
        reverse("accounts:sign-in"),
        {"username": commissioner.username, "password": PASSWORD},
        secure=True,
    )
    assert response.status_code == 302
    session = response.cookies["__Host-sessionid"]
    assert session["secure"] and session["httponly"] and session["samesite"] == "Lax"
    assert session["path"] == "/" and not session["domain"]
    assert "sessionid" not in response.cookies and "csrftoken" not in response.cookies
