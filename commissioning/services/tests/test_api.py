"""The services API: the register with filters and a count, and the gap analysis as JSON."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from commissioning.api.tests.test_api import token_client
from commissioning.services.tests.factories import ServiceFactory
from commissioning.services.tests.test_analysis import register  # noqa: F401 - the fixture

pytestmark = pytest.mark.django_db


def test_list_with_filters_and_count(commissioner, register):  # noqa: F811
    client = token_client(commissioner)
    body = client.get("/api/v1/services/").json()
    assert body["count"] == 5
    assert [s["reference"] for s in body["results"]] == ["S1", "S2", "S3", "S5", "S4"]
    hub = body["results"][0]
    assert hub["provider"] == {
        "id": hub["provider"]["id"],
        "name": "Harbour Youth Trust",
        "sector": "voluntary_community_faith",
        "sector_label": "Voluntary, community and faith",
    }
    assert hub["localities"] == [{"code": "E05000001", "name": "North"}]
    assert hub["outcomes"] == ["ECM2", "ECM5"]
    assert [p["title"] for p in hub["priorities"]] == [
        "Help families earlier",
        "Reduce the effects of child poverty",
    ]
    assert hub["annual_cost"] == "60000.00" and hub["tier_label"] == "Targeted"
    assert client.get("/api/v1/services/", {"sector": "private"}).json()["count"] == 2
    assert client.get("/api/v1/services/", {"status": "planned", "tier": "targeted"}).json()["count"] == 1
    assert client.get("/api/v1/services/", {"include_archived": "true"}).json()["count"] == 6
    detail = client.get(f"/api/v1/services/{register['S6'].pk}/").json()
    assert detail["archived"] is True  # an archived service can still be read by its address


def test_gap_analysis_json(commissioner, register):  # noqa: F811
    client = token_client(commissioner)
    body = client.get("/api/v1/services/gap-analysis/", {"by": "priority"}).json()
    assert body["services"] == ["S1", "S2", "S3", "S4"]
    rows = {row["label"]: row for row in body["rows"]}
    assert rows["Help families earlier"]["finding"] == "overlap"
    assert rows["Help families earlier"]["services"] == ["S1", "S2", "S3"]
    assert rows["Help families earlier"]["spend"] == "60000.00"
    assert rows["Support young carers"]["finding"] == "gap"
    assert body["gaps"] == ["Support young carers"] and body["overlaps"] == ["Help families earlier"]
    assert body["total_spend"] == "100000.00"
    assert "equal share" in body["split_rule"]
    whole = body["localities"][-1]
    assert whole["whole_area"] is True and whole["spend"] == "40000.00"
    outcomes = client.get("/api/v1/services/gap-analysis/", {"by": "outcome"}).json()
    assert {row["label"] for row in outcomes["rows"] if row["finding"] == "gap"} == {
        "Be healthy",
        "Enjoy and achieve",
        "Make a positive contribution",
    }
    bad = client.get("/api/v1/services/gap-analysis/", {"by": "colour"})
    assert bad.status_code == 400 and bad["Content-Type"] == "application/problem+json"
    assert bad.json()["errors"]["by"] == ["Use by=priority or by=outcome."]


def test_provider_gets_nothing(provider_user, voluntary):
    service = ServiceFactory(provider=voluntary)
    client = token_client(provider_user)
    assert client.get("/api/v1/services/").status_code == 403
    assert client.get(f"/api/v1/services/{service.pk}/").status_code == 403
    assert client.get("/api/v1/services/gap-analysis/").status_code == 403


def test_api_does_not_write(commissioner, voluntary):
    service = ServiceFactory(provider=voluntary)
    client = token_client(commissioner)
    assert client.delete(f"/api/v1/services/{service.pk}/").status_code == 405
    assert client.post("/api/v1/services/", {}).status_code == 405


def test_list_queries_do_not_grow_with_rows(commissioner, voluntary, north, priorities, outcomes):
    client = token_client(commissioner)

    def make(count, start):
        for n in range(count):
            ServiceFactory(
                reference=f"Q-{start + n}",
                provider=voluntary,
                covers_whole_area=False,
                localities=[north],
                priorities=[priorities["early"]],
                outcomes=[outcomes["ECM1"], outcomes["ECM2"]],
            )

    make(2, 0)
    client.get("/api/v1/services/")
    with CaptureQueriesContext(connection) as few:
        client.get("/api/v1/services/")
    make(30, 100)
    with CaptureQueriesContext(connection) as many:
        body = client.get("/api/v1/services/").json()
    assert body["count"] == 32
    assert len(many) == len(few)
