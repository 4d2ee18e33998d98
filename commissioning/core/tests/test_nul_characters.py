"""A NUL character in the address or a query parameter is refused with 400, never a server error (PostgreSQL
refuses NUL in text)."""

import pytest
from rest_framework.test import APIClient


@pytest.fixture
def api(administrator):
    client = APIClient()
    client.force_authenticate(administrator)
    return client


@pytest.mark.parametrize(
    "query",
    [
        {"search": "family\x00hub"},
        {"search": "ok", "status": "\x00"},
        {"sea\x00rch": "ok"},
    ],
)
def test_api_query_with_nul_is_400_problem_details(api, query):
    response = api.get("/api/v1/procurements/", query)
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    body = response.json()
    assert body["status"] == 400 and "NUL character" in body["detail"]
    assert response["X-Content-Type-Options"] == "nosniff"


def test_api_path_with_nul_is_400(api):
    response = api.get("/api/v1/frameworks/dcsf/items/a%00b/")
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"


def test_page_query_with_nul_is_400_not_a_server_error(client_for, commissioner):
    response = client_for(commissioner).get("/procurement/", {"search": "\x00"})
    assert response.status_code == 400


def test_the_same_search_without_nul_is_answered(api):
    response = api.get("/api/v1/procurements/", {"search": "family hub"})
    assert response.status_code == 200 and response.json()["count"] == 0
