from django.urls import reverse


def test_procurements_list_and_detail(client_for, procurement_manager, planned):
    client = client_for(procurement_manager)
    listing = client.get(reverse("api:procurement-list"), {"search": "family"}).json()
    assert listing["count"] == 1
    row = listing["results"][0]
    assert row["reference"] == "CYP-2026-001"
    assert row["regime"] == "light_touch"
    assert row["bids_received"] == 0
    detail = client.get(reverse("api:procurement-detail", args=[planned.pk])).json()
    assert {m["key"] for m in detail["milestones"]} >= {"contract_start", "tenders_close"}
    assert detail["reasons"]
    assert client.get(reverse("api:procurement-list"), {"status": "open"}).json()["count"] == 0


def test_questions_with_weights_and_problems(client_for, procurement_manager, planned):
    data = client_for(procurement_manager).get(reverse("api:procurement-questions", args=[planned.pk])).json()
    assert data["price_weight"] == "40.00"
    assert [q["number"] for q in data["questions"]] == ["Q1", "Q2", "SV1", "S1"]
    assert data["problems"] == []
    assert data["scoring_scale"][0]["score"] == 0


def test_provider_users_are_refused_with_problem_details(client_for, provider_user, planned):
    response = client_for(provider_user).get(reverse("api:procurement-detail", args=[planned.pk]))
    assert response.status_code == 403
    assert response["Content-Type"].startswith("application/problem+json")
