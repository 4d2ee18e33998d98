from datetime import date

from django.urls import reverse

from commissioning.engagement.tests.conftest import consult, involve


def test_involvement_api_lists_numbers_by_group_and_filters(client_for, commissioner, activity):
    involve(
        commissioner, activity, counts={"young_carers": 4}, title="Tender panel", step=7, in_decision=True
    )
    involve(commissioner, activity, counts={"parents": 2}, title="Co-design")
    client = client_for(commissioner)
    data = client.get(reverse("api:involvement-list"), {"group": "young_carers"}).json()
    assert data["count"] == 1
    row = data["results"][0]
    assert row["step"] == 7 and row["in_decision"] is True
    assert row["counts"] == [{"group": "young_carers", "group_label": "Young carers", "number": 4}]
    assert row["service_area"] == "family_support"


def test_consultation_api_gives_the_compact_warning(client_for, commissioner):
    short = consult(commissioner, includes_voluntary_sector=True, ends_on=date(2026, 5, 31))
    data = client_for(commissioner).get(reverse("api:consultation-detail", args=[short.pk])).json()
    assert data["length_days"] == 61 and "less than the 90 days" in data["length_warning"]
    assert data["status"] == "closed" and "responses" not in data


def test_api_refuses_providers_and_panel_members_with_problem_details(
    client_for, provider_user, panel_member
):
    for user in (provider_user, panel_member):
        response = client_for(user).get(reverse("api:involvement-list"))
        assert response.status_code == 403
        assert response["Content-Type"].startswith("application/problem+json")


def test_api_unknown_consultation_is_a_problem(client_for, commissioner):
    response = client_for(commissioner).get(reverse("api:consultation-detail", args=[999]))
    assert response.status_code == 404 and response.json()["status"] == 404
