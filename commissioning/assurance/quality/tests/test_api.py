from rest_framework.test import APIClient

from commissioning.assurance.quality.models import CheckStatus


def _client(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


URL = "/api/v1/assurance/provider-checks/"


def test_a_provider_token_sees_only_its_own_checks(submitted, other_provider_user, provider_user):
    assert _client(other_provider_user).get(URL).json()["count"] == 0
    assert _client(other_provider_user).get(f"{URL}{submitted.pk}/").status_code == 404
    body = _client(provider_user).get(URL).json()
    assert [row["id"] for row in body["results"]] == [submitted.pk]
    assert body["results"][0]["status"] == "awaiting"


def test_a_provider_cannot_submit_for_another(other_provider_user, provider_org, dbs):
    response = _client(other_provider_user).post(
        f"{URL}submit/",
        {"provider": provider_org.pk, "requirement": dbs.pk, "evidence_text": "x"},
        format="json",
    )
    assert response.status_code == 403
    assert response["Content-Type"].startswith("application/problem+json")


def test_submit_with_bad_input_is_a_problem_with_field_errors(provider_user, provider_org, dbs):
    response = _client(provider_user).post(
        f"{URL}submit/",
        {
            "provider": provider_org.pk,
            "requirement": dbs.pk,
            "evidence_text": " ",
            "expires_on": "2020-01-01",
        },
        format="json",
    )
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert errors["evidence_text"] == ["Describe the evidence you have in place"]
    assert "expires_on" in errors


def test_verify_and_a_stale_version_conflicts(submitted, commissioner, provider_user):
    assert (
        _client(provider_user).post(f"{URL}{submitted.pk}/verify/", {"version": 1}, format="json").status_code
        == 403
    )
    client = _client(commissioner)
    response = client.post(f"{URL}{submitted.pk}/verify/", {"version": submitted.version}, format="json")
    assert response.status_code == 200 and response.json()["status"] == CheckStatus.VERIFIED
    stale = client.post(
        f"{URL}{submitted.pk}/reject/", {"version": submitted.version, "reason": "x"}, format="json"
    )
    assert stale.status_code == 409
    assert client.get(URL + "?status=verified").json()["count"] == 1


def test_requirements_are_listed(provider_user):
    body = _client(provider_user).get("/api/v1/assurance/quality-requirements/").json()
    assert body["count"] == 10
    assert any(row["code"] == "dbs-checks" and row["standard_ref"] == "1" for row in body["results"])


def test_someone_who_provides_for_no_organisation_is_refused_before_their_input_is_read(board_member):
    response = _client(board_member).post(f"{URL}submit/", {}, format="json")
    assert response.status_code == 403
    assert "only for your own organisation" in response.json()["detail"]
