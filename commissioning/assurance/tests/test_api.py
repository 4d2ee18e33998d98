from datetime import date

import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from commissioning.assurance import computed, services
from commissioning.assurance.computed.base import ComputedEvidence, RegisteredCheck

pytestmark = pytest.mark.django_db


def token_client(user):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.get_or_create(user=user)[0].key}")
    return client


def test_programmes_and_audits(board_member, started):
    client = token_client(board_member)
    programmes = client.get("/api/v1/assurance/programmes/").json()["results"]
    assert programmes[0]["financial_year_label"] == "2026/27" and programmes[0]["audit_count"] == 1
    audits = client.get("/api/v1/assurance/audits/", {"service_area": "early_help"}).json()["results"]
    assert audits[0]["framework"] == "islington-commissioning-standards"
    assert audits[0]["status"] == "in_progress" and audits[0]["due_on"] == "2026-09-30"
    assert client.get("/api/v1/assurance/audits/", {"service_area": "send"}).json()["results"] == []


def test_audit_detail_has_ratings_with_computed_evidence(board_member, manager, started, monkeypatch):
    def check(scope):
        return ComputedEvidence(
            "eia", "Every strategy has an EIA", scope.describe_period(), "not_enough", "None", 0, 0
        )

    registry = {"eia": RegisteredCheck("eia", "islington-commissioning-standards", ("3.8",), "EIA", check)}
    monkeypatch.setattr(computed, "load_checks", lambda: registry)
    assessment = started.assessments.get(item__ref="3.8")
    services.assessment_save(
        actor=manager, assessment=assessment, data={"rating": "not_met"}, expected_version=assessment.version
    )
    services.action_add(
        actor=manager,
        assessment=assessment,
        data={"description": "Complete the EIA", "owner": manager, "due_on": date(2099, 1, 1)},
    )
    body = token_client(board_member).get(f"/api/v1/assurance/audits/{started.pk}/").json()
    rating = next(r for r in body["ratings"] if r["criterion"] == "3.8")
    assert rating["rating"] == "not_met" and rating["rating_label"] == "Not met"
    assert rating["actions"][0]["description"] == "Complete the EIA"
    assert rating["computed_evidence"][0]["outcome_label"] == "Not enough records to say"
    ratings = token_client(board_member).get("/api/v1/assurance/ratings/", {"rating": "not_met"}).json()
    assert [r["criterion"] for r in ratings["results"]] == ["3.8"]


def test_providers_get_problem_details(provider_user, other_provider_user, started):
    for user in (provider_user, other_provider_user):
        response = token_client(user).get("/api/v1/assurance/audits/")
        assert response.status_code == 403
        assert response["Content-Type"] == "application/problem+json"
    assert token_client(provider_user).get(f"/api/v1/assurance/audits/{started.pk}/").status_code == 403


def test_unknown_audit_is_404_problem(board_member, db):
    response = token_client(board_member).get("/api/v1/assurance/audits/999999/")
    assert response.status_code == 404 and response.json()["status"] == 404


def test_the_auditor_rates_a_criterion(manager, board_member, started):
    assessment = started.assessments.get(item__ref="1.1")
    url = f"/api/v1/assurance/ratings/{assessment.pk}/rate/"
    client = token_client(manager)
    refused = client.post(url, {"rating": "met", "version": 1}, format="json")
    assert refused.status_code == 400 and "evidence" in refused.json()["errors"]
    done = client.post(
        url,
        {"rating": "met", "links": ["/assurance/"], "source_role": "commissioner", "version": 1},
        format="json",
    )
    assert (
        done.status_code == 200 and done.json()["rating"] == "met" and done.json()["links"] == ["/assurance/"]
    )
    stale = client.post(url, {"rating": "not_met", "version": 1}, format="json")
    assert stale.status_code == 409 and stale["Content-Type"] == "application/problem+json"
    assert (
        token_client(board_member).post(url, {"rating": "not_met", "version": 2}, format="json").status_code
        == 403
    )
