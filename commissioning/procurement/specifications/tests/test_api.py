import pytest
from django.urls import reverse

from commissioning.procurement.specifications import services

pytestmark = pytest.mark.django_db


def test_list_and_detail(client_for, commissioner, approved, activity):
    services.specification_save(
        actor=commissioner,
        specification=approved,
        sections={"H1": "Renamed"},
        kpis=[{"measure": "Families helped", "target": "500", "frequency": "quarterly"}],
        change_note="Renamed",
        expected_version=None,
    )
    client = client_for(commissioner)
    listed = client.get("/api/v1/specifications/").json()
    assert listed["count"] == 1
    row = listed["results"][0]
    assert row["title"] == "Family support service"
    assert (row["status"], row["current_number"], row["approved_number"]) == ("draft", 3, 2)
    assert row["activity"]["id"] == activity.pk
    detail = client.get(f"/api/v1/specifications/{approved.pk}/").json()
    assert [s["ref"] for s in detail["sections"]][:2] == ["H1", "H2"]
    assert detail["sections"][0] == {"ref": "H1", "heading": "Service name", "text": "Renamed"}
    assert detail["kpis"][0]["measure"] == "Families helped"
    assert detail["kpis"][0]["frequency"] == "quarterly"
    assert detail["approved_kpis"] == []
    assert [v["number"] for v in detail["versions"]] == [3, 2, 1]
    assert detail["versions"][1]["approved_by_body"] == "Commissioning Board"


def test_filters(client_for, commissioner, approved, activity):
    services.specification_start(actor=commissioner, activity=activity, title="Youth work")
    client = client_for(commissioner)
    assert [r["title"] for r in client.get("/api/v1/specifications/?status=approved").json()["results"]] == [
        "Family support service"
    ]
    assert [r["title"] for r in client.get("/api/v1/specifications/?search=youth").json()["results"]] == [
        "Youth work"
    ]


def test_read_only(client_for, commissioner, approved):
    client = client_for(commissioner)
    assert client.post("/api/v1/specifications/", {}).status_code == 405
    assert client.delete(f"/api/v1/specifications/{approved.pk}/").status_code == 405


def test_providers_and_strangers_get_nothing(client, client_for, provider_user, approved):
    assert client.get("/api/v1/specifications/").status_code in (401, 403)
    assert client_for(provider_user).get("/api/v1/specifications/").status_code == 403
    assert client_for(provider_user).get(f"/api/v1/specifications/{approved.pk}/").status_code == 403


def test_the_schema_lists_the_endpoint(client_for, commissioner, library):
    schema = client_for(commissioner).get(reverse("api:schema")).content.decode()
    assert "/api/v1/specifications/{id}/" in schema
