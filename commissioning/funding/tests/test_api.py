from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from commissioning.api.tests.test_api import token_client
from commissioning.funding import services
from commissioning.funding.tests.conftest import budget_data, stream_data

pytestmark = pytest.mark.django_db


def test_funding_streams_with_filters(finance, council, icb, board_member, service):
    stream = services.stream_create(actor=finance, data=stream_data(council))
    services.stream_create(
        actor=finance, data=stream_data(icb, name="Continuing care", source="ICB baseline")
    )
    services.service_funding_add(
        actor=finance, stream=stream, service=service, annual_amount=Decimal("2500.50")
    )
    client = token_client(board_member)
    body = client.get("/api/v1/funding-streams/").json()
    assert body["count"] == 2
    first = body["results"][0]
    assert first["name"] == "High needs block" and first["financial_year_label"] == "2026/27"
    assert first["amount"] == "1000000.00" and first["partner"] == {"id": council.pk, "name": council.name}
    assert first["services"] == [
        {"service_id": service.pk, "reference": "CC-001", "name": service.name, "annual_amount": "2500.50"}
    ]
    assert client.get("/api/v1/funding-streams/", {"partner": icb.pk}).json()["count"] == 1
    assert client.get("/api/v1/funding-streams/", {"year": 2027}).json()["count"] == 0
    assert client.get("/api/v1/funding-streams/", {"search": "baseline"}).json()["results"][0]["name"] == (
        "Continuing care"
    )


def test_pooled_budgets_with_figures_and_warnings(board_member, dataset, activity):
    client = token_client(board_member)
    body = client.get("/api/v1/pooled-budgets/").json()
    assert body["count"] == 1
    budget = body["results"][0]
    first, second = budget["years"]
    assert (
        first["pooled"],
        first["allocated"],
        first["committed"],
        first["unallocated"],
        first["uncommitted"],
    ) == (
        "500000.00",
        "470000.25",
        "380000.10",
        "29999.75",
        "90000.15",
    )
    assert [c["amount"] for c in first["contributions"]] == ["300000.00", "200000.00"]
    to_activity = first["allocations"][0]
    assert to_activity["target_type"] == "activity" and to_activity["target_id"] == activity.pk
    assert to_activity["committed"] == "250000.10" and len(to_activity["commitments"]) == 2
    assert second["pooled"] == "310000.50"
    assert [w["kind"] for w in second["warnings"]] == ["contribution_missing"]
    assert {w["kind"] for w in budget["warnings"]} == {
        "agreement_unsigned",
        "contribution_missing",
        "over_committed",
    }
    detail = client.get(f"/api/v1/pooled-budgets/{dataset['budget'].pk}/").json()
    assert detail["years"] == budget["years"]
    missing = client.get("/api/v1/pooled-budgets/999999/")
    assert missing.status_code == 404 and missing["Content-Type"] == "application/problem+json"


def test_provider_users_and_strangers_are_refused(provider_user, dataset):
    client = token_client(provider_user)
    refused = client.get("/api/v1/pooled-budgets/")
    assert refused.status_code == 403 and refused["Content-Type"] == "application/problem+json"
    assert client.get("/api/v1/funding-streams/").status_code == 403
    assert client.get(f"/api/v1/pooled-budgets/{dataset['budget'].pk}/").status_code == 403
    assert APIClient().get("/api/v1/funding-streams/").status_code == 401


def test_budget_list_queries_do_not_grow(finance, icb, board_member, dataset):
    client = token_client(board_member)
    with CaptureQueriesContext(connection) as few:
        client.get("/api/v1/pooled-budgets/")
    for n in range(3):
        services.budget_create(
            actor=finance, data=budget_data(icb, name=f"Aligned {n}", arrangement="aligned")
        )
    with CaptureQueriesContext(connection) as many:
        assert client.get("/api/v1/pooled-budgets/").json()["count"] == 4
    assert len(many) == len(few)


def test_the_schema_documents_the_endpoints(board_member):
    schema = token_client(board_member).get("/api/v1/schema/", {"format": "json"}).json()
    assert "/api/v1/funding-streams/" in schema["paths"] and "/api/v1/pooled-budgets/{id}/" in schema["paths"]
