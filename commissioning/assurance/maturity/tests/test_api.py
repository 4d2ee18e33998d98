from rest_framework.test import APIClient

URL = "/api/v1/assurance/maturity/"


def _client(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_assessments_with_ratings_by_subject(board_member, first, second):
    body = _client(board_member).get(URL + "?subject=partnership").json()
    assert [row["id"] for row in body["results"]] == [second.pk, first.pk]
    ratings = {r["dimension"]: r for r in body["results"][0]["ratings"]}
    assert ratings["purpose-and-strategy"]["approach"] == "joint"
    assert ratings["purpose-and-strategy"]["level"] == 3


def test_providers_see_no_assessments(provider_user, first):
    response = _client(provider_user).get(URL)
    assert response.status_code == 403
    assert response["Content-Type"].startswith("application/problem+json")
