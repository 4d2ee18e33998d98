"""Whole-number query parameters: text that is not one, or a number too large for the database, is never a
server error."""

import pytest
from rest_framework.test import APIClient

from commissioning.core.params import LARGEST, whole_number

NOT_WHOLE_NUMBERS = ["²", "٣", "-1", "1.5", " 7", "9" * 30, str(LARGEST + 1)]


@pytest.mark.parametrize(("text", "number"), [("0", 0), ("42", 42), (str(LARGEST), LARGEST), ("", None)])
def test_whole_numbers_are_read(text, number):
    assert whole_number(text) == number


@pytest.mark.parametrize("text", NOT_WHOLE_NUMBERS)
def test_anything_else_is_none(text):
    assert whole_number(text) is None


def test_a_smaller_largest():
    assert whole_number("1200", largest=1200) == 1200 and whole_number("1201", largest=1200) is None


@pytest.fixture
def api(administrator):
    client = APIClient()
    client.force_authenticate(administrator)
    return client


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/services/?provider={}",
        "/api/v1/services/gap-analysis/?analysis={}",
        "/api/v1/funding-streams/?partner={}",
        "/api/v1/funding-streams/?year={}",
        "/api/v1/pooled-budgets/?partner={}",
        "/api/v1/specifications/?activity={}",
        "/api/v1/commissioning-activities/?year={}",
        "/api/v1/involvement/?activity={}",
        "/api/v1/involvement/?step={}",
        "/api/v1/assurance/audits/?programme={}",
        "/api/v1/assurance/ratings/?audit={}",
        "/api/v1/assurance/provider-checks/?provider={}",
        "/api/v1/assurance/provider-checks/?requirement={}",
    ],
)
@pytest.mark.parametrize("text", NOT_WHOLE_NUMBERS)
def test_a_filter_that_is_not_a_whole_number_is_left_out(api, url, text):
    response = api.get(url.format(text))
    assert response.status_code == 200


@pytest.mark.parametrize(
    ("url", "name"),
    [
        ("/api/v1/agreements/?provider={}", "provider"),
        ("/api/v1/agreements/?monitoring_officer={}", "monitoring_officer"),
        ("/api/v1/agreements/?expiring_within={}", "expiring_within"),
        ("/api/v1/governance/decisions/?body={}", "body"),
    ],
)
@pytest.mark.parametrize("text", NOT_WHOLE_NUMBERS)
def test_a_strict_filter_that_is_not_a_whole_number_is_400(api, url, name, text):
    response = api.get(url.format(text))
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    assert name in response.json()["errors"]


def test_agreements_expiring_within_is_at_most_a_hundred_years(api):
    longest = api.get("/api/v1/agreements/?expiring_within=1200")
    assert longest.status_code == 200 and "results" in longest.json()  # a hundred years is answered as a list
    refused = api.get("/api/v1/agreements/?expiring_within=5000000")
    assert refused.status_code == 400
    assert refused.json()["errors"]["expiring_within"] == ["Give a whole number from 0 to 1200."]
