"""Registering a provider organisation and its first user through the public page."""

import pytest
from django.urls import reverse

from commissioning.accounts.models import User
from commissioning.organisations.models import Membership, Organisation, Role
from commissioning.organisations.tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db

REGISTER = reverse("procurement:portal-register")

VALID = {
    "name": "Riverside Parents Network",
    "organisation_type": "voluntary_community_faith",
    "sector": "voluntary_community_faith",
    "companies_house_number": "",
    "charity_number": "1187654",
    "first_name": "Sam",
    "last_name": "Carter",
    "email": "Sam.Carter@riverside.example.org",
    "password": "a-long-passphrase-for-bids",
}


def counts():
    return Organisation.objects.count(), User.objects.count(), Membership.objects.count()


def test_the_sign_in_page_links_to_registration(client):
    page = client.get(reverse("accounts:sign-in")).content.decode()
    assert f'href="{REGISTER}"' in page
    assert "Register your organisation" in page


def test_registration_is_public_and_asks_for_the_organisation_and_first_user(client):
    page = client.get(REGISTER).content.decode()
    assert "Register your organisation" in page
    page = page.replace("&#x27;", "'")
    for label in ("Organisation's name", "Companies House number", "Charity number", "Your email address"):
        assert label in page
    assert "<div hidden>" in page  # the honeypot is not shown


def test_registering_creates_the_provider_and_signs_in(client):
    response = client.post(REGISTER, VALID)
    assert response.status_code == 302
    assert response.url == reverse("procurement:portal-home")
    organisation = Organisation.objects.get(name="Riverside Parents Network")
    assert organisation.is_provider and not organisation.is_partner
    assert organisation.charity_number == "1187654"
    user = User.objects.get(email="sam.carter@riverside.example.org")
    assert user.check_password(VALID["password"])
    assert Membership.objects.get(user=user).role == Role.PROVIDER_USER
    home = client.get(reverse("procurement:portal-home"))
    assert home.status_code == 200
    assert "You bid for Riverside Parents Network" in home.content.decode()
    assert ">Opportunities<" in home.content.decode() or "Opportunities\n" in home.content.decode()


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"name": "Brightside Family Support"}, "An organisation with this name is already registered"),
        ({"name": "brightside family support"}, "An organisation with this name is already registered"),
        ({"charity_number": "1100001"}, "Another organisation already has this charity number"),
        (
            {"charity_number": "", "companies_house_number": ""},
            "Enter your Companies House number or your charity",
        ),
        (
            {"charity_number": "", "companies_house_number": "123"},
            "Enter a Companies House number of 8 characters",
        ),
        ({"charity_number": "abc"}, "Enter a charity number as registered"),
        ({"password": "short"}, "This password is too short"),
        ({"password": "123456789012345"}, "This password is entirely numeric"),
        ({"email": "not-an-email"}, "Enter an email address like name@example.org"),
        ({"email": "existing@example.org"}, "An account with this email address already exists"),
        ({"organisation_type": ""}, "Choose the type of organisation"),
    ],
)
def test_bad_registrations_are_refused_with_a_reason_and_write_nothing(client, change, message):
    OrganisationFactory(name="Brightside Family Support", charity_number="1100001")
    User.objects.create_user(username="existing", email="existing@example.org", password="x" * 20)
    before = counts()
    response = client.post(REGISTER, {**VALID, **change})
    page = response.content.decode().replace("&#x27;", "'")
    assert response.status_code == 200
    assert "There is a problem" in page
    assert message in page
    assert counts() == before
    assert "_auth_user_id" not in client.session


def test_the_honeypot_refuses_automated_registrations(client):
    before = counts()
    response = client.post(REGISTER, {**VALID, "fax_number": "0161 000 0000"})
    assert "We could not register your organisation" in response.content.decode()
    assert counts() == before


def test_a_signed_in_user_is_sent_to_the_portal(client_for, provider_user):
    response = client_for(provider_user).get(REGISTER)
    assert response.status_code == 302
    assert response.url == reverse("procurement:portal-home")
