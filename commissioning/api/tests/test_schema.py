"""The served OpenAPI schema documents the problem-details answers each operation can give."""

import pytest
from rest_framework.test import APIClient

from commissioning.api.schema import PROBLEM_CONTENT_TYPE, error_statuses, problem_responses

PROBLEM_REF = {"$ref": "#/components/schemas/ProblemDetails"}


@pytest.fixture(scope="module")
def served_schema(django_db_blocker):
    with django_db_blocker.unblock():
        response = APIClient().get("/api/v1/schema/", HTTP_ACCEPT="application/json")
    assert response.status_code == 200
    return response.json()


def test_problem_details_component_is_documented(served_schema):
    problem = served_schema["components"]["schemas"]["ProblemDetails"]
    assert problem["required"] == ["type", "title", "status", "detail"]
    assert {"errors", "unmet_conditions"} <= set(problem["properties"])


def test_detail_operation_documents_auth_and_not_found_problems(served_schema):
    responses = served_schema["paths"]["/api/v1/agreements/{id}/"]["get"]["responses"]
    assert {"200", "400", "401", "403", "404", "429"} <= set(responses)
    assert "409" not in responses and "415" not in responses
    assert responses["404"]["content"] == {PROBLEM_CONTENT_TYPE: {"schema": PROBLEM_REF}}


def test_change_with_version_documents_conflict_and_media_type(served_schema):
    responses = served_schema["paths"]["/api/v1/governance/actions/{id}/progress/"]["post"]["responses"]
    assert {"200", "400", "401", "403", "404", "409", "415"} <= set(responses)
    assert "409" not in served_schema["paths"]["/api/v1/governance/decisions/"]["post"]["responses"]


def test_unpaginated_list_without_parameters_has_no_404(served_schema):
    operation = served_schema["paths"]["/api/v1/ocds/release-package/"]["get"]
    assert "404" not in operation["responses"] and "400" not in operation["responses"]
    assert {"401", "403", "429"} <= set(operation["responses"])


def test_gates_are_documented_as_the_plain_list_they_are(served_schema):
    operation = served_schema["paths"]["/api/v1/commissioning-activities/{id}/gates/"]["get"]
    body = operation["responses"]["200"]["content"]["application/json"]["schema"]
    assert body["type"] == "array"
    assert not any(parameter["name"] == "page" for parameter in operation.get("parameters", []))


def test_operation_open_to_anyone_documents_no_authentication_problems():
    operation = {"security": [{"tokenAuth": []}, {}], "parameters": [{"in": "query", "name": "q"}]}
    assert error_statuses(operation, {}) == ["400", "429"]


def test_documented_answer_is_not_replaced():
    own = {"description": "Our own 404", "content": {}}
    result = {
        "paths": {
            "/x/{id}/": {"get": {"parameters": [{"in": "path", "name": "id"}], "responses": {"404": own}}}
        }
    }
    problem_responses(result, None, None, True)
    assert result["paths"]["/x/{id}/"]["get"]["responses"]["404"] is own


def test_post_to_an_unknown_api_address_is_404_problem_not_csrf_failure(db):
    response = APIClient(enforce_csrf_checks=True).post("/api/v1/no-such-thing/", {"a": 1}, format="json")
    assert response.status_code == 404
    assert response["Content-Type"] == PROBLEM_CONTENT_TYPE
    assert response.json()["detail"] == "No API endpoint at /api/v1/no-such-thing/."
