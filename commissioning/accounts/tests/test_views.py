import re

import pytest
from django.conf import settings
from django.core.management import call_command
from django.urls import reverse

from commissioning.conftest import PASSWORD


def sign_in(client, username, password):
    return client.post(reverse("accounts:sign-in"), {"username": username, "password": password})


def test_sign_in_with_username_or_email_and_out(client, commissioner):
    response = sign_in(client, "commissioner", PASSWORD)
    assert response.status_code == 302 and response.url == reverse("core:home")
    client.post(reverse("accounts:sign-out"))
    assert client.get(reverse("core:home")).status_code == 302

    response = sign_in(client, commissioner.email.upper(), PASSWORD)
    assert response.status_code == 302


def test_wrong_password_gets_a_clear_error(client, commissioner):
    response = sign_in(client, "commissioner", "not-the-password")
    html = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in html
    assert "Enter a correct username and password" in html
    assert "_auth_user_id" not in client.session


def test_empty_sign_in_names_each_missing_field(client, db):
    html = sign_in(client, "", "").content.decode()
    assert "Enter your username or email address" in html
    assert "Enter your password" in html


def test_lock_out_after_repeated_failures(client, commissioner):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, "commissioner", "wrong-password")
    response = sign_in(client, "commissioner", PASSWORD)
    assert response.status_code == 429
    assert "Your account is locked for now" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_inactive_person_cannot_sign_in(client, commissioner):
    commissioner.is_active = False
    commissioner.save()
    response = sign_in(client, "commissioner", PASSWORD)
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session


def test_password_reset_by_email_end_to_end(client, commissioner, mailoutbox):
    response = client.post(reverse("accounts:password-reset"), {"email": commissioner.email})
    assert response.url == reverse("accounts:password-reset-sent")
    assert len(mailoutbox) == 1
    link = re.search(r"https?://[^/]+(/password-reset/\S+/)", mailoutbox[0].body).group(1)

    form_page = client.get(link, follow=True)
    assert "Choose a new password" in form_page.content.decode()
    set_url = form_page.redirect_chain[-1][0]
    weak = client.post(set_url, {"new_password1": "password", "new_password2": "password"})
    assert "This password is too common" in weak.content.decode()
    done = client.post(
        set_url, {"new_password1": "a-Long-new-passphrase-9", "new_password2": "a-Long-new-passphrase-9"}
    )
    assert done.url == reverse("accounts:password-reset-complete")
    client.logout()
    assert sign_in(client, "commissioner", "a-Long-new-passphrase-9").status_code == 302


def test_reset_for_unknown_address_reveals_nothing(client, db, mailoutbox):
    response = client.post(reverse("accounts:password-reset"), {"email": "nobody@example.org"})
    assert response.url == reverse("accounts:password-reset-sent")
    assert mailoutbox == []


def test_sessions_expire_after_inactivity():
    from config.settings import base

    assert settings.SESSION_COOKIE_AGE == 30 * 60
    # Renewed while the person is active (commissioning/accounts/tests/test_sessions.py), inside SessionMiddleware.
    session = settings.MIDDLEWARE.index("django.contrib.sessions.middleware.SessionMiddleware")
    assert settings.MIDDLEWARE[session + 1] == "commissioning.accounts.sessions.RenewIdleSessionMiddleware"
    assert base.SESSION_RENEW_SECONDS == 60


def test_issue_api_token_command_prints_a_working_token(client, commissioner, capsys):
    call_command("issue_api_token", "commissioner")
    token = capsys.readouterr().out.strip()
    assert re.fullmatch(r"[0-9a-f]{40}", token)
    response = client.get("/api/v1/organisations/", HTTP_AUTHORIZATION=f"Token {token}")
    assert response.status_code == 200


def test_issue_api_token_for_unknown_user_fails(db):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="No person has the username"):
        call_command("issue_api_token", "ghost")


def test_account_page_creates_a_token_once_shown(client_for, commissioner):
    client = client_for(commissioner)
    response = client.post(reverse("accounts:api-token"))
    token = response.context["token"]
    assert token in response.content.decode()
    assert "Replace your API token" in client.get(reverse("accounts:account")).content.decode()
