import textwrap

import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from commissioning.frameworks.services import library_load
from commissioning.frameworks.tests.test_schema import GOOD


@pytest.fixture
def api():
    return APIClient()


def token_client(user):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=user).key}")
    return client


@pytest.fixture
def library(db, tmp_path):
    (tmp_path / "sample-standards.yaml").write_text(textwrap.dedent(GOOD))
    library_load(directory=tmp_path)


def test_without_credentials_is_401_problem_details(api, db):
    response = api.get("/api/v1/organisations/")
    assert response.status_code == 401
    assert response["Content-Type"] == "application/problem+json"
    body = response.json()
    assert body["status"] == 401 and "Authorization: Token" in body["detail"]


def test_bad_token_is_refused(api, db):
    api.credentials(HTTP_AUTHORIZATION="Token not-a-real-token")
    response = api.get("/api/v1/organisations/")
    assert response.status_code == 401
    assert response.json()["detail"] == "Invalid token."


def test_organisations_list_with_token(commissioner, provider_org):
    response = token_client(commissioner).get("/api/v1/organisations/", {"search": "brightside"})
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 1
    assert body["results"][0]["name"] == "Brightside Family Support"
    assert body["results"][0]["sector_label"] == "Voluntary, community and faith"


def test_provider_cannot_reach_another_provider_through_api(provider_user, provider_org, other_provider_org):
    client = token_client(provider_user)
    names = [o["name"] for o in client.get("/api/v1/organisations/").json()["results"]]
    assert names == [provider_org.name]
    response = client.get(f"/api/v1/organisations/{other_provider_org.pk}/")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/problem+json"


def test_api_does_not_delete(commissioner, provider_org):
    response = token_client(commissioner).delete(f"/api/v1/organisations/{provider_org.pk}/")
    assert response.status_code == 405
    assert response.json()["title"] == "Method not allowed"


def test_frameworks_and_item_search(commissioner, library):
    client = token_client(commissioner)
    frameworks = client.get("/api/v1/frameworks/").json()
    assert frameworks[0]["slug"] == "sample-standards"
    assert frameworks[0]["source"]["citation"] == "Testshire (2009), Sample"
    assert frameworks[0]["item_count"] == 3

    results = client.get("/api/v1/frameworks/sample-standards/items/", {"search": "criterion"}).json()[
        "results"
    ]
    assert [item["ref"] for item in results] == ["1.1"]
    assert results[0]["fields"][0] == {"label": "Evidence", "value": ["One", "Two"]}
    assert results[0]["source"] == "Testshire (2009), Sample"
    assert results[0]["parent"] == "1"

    item = client.get("/api/v1/frameworks/sample-standards/items/1.2/").json()
    assert item["missing_from_source"] is True


def test_unknown_framework_and_path_are_problem_details(commissioner, library):
    client = token_client(commissioner)
    response = client.get("/api/v1/frameworks/nope/items/")
    assert response.status_code == 404 and response.json()["title"] == "Not found"
    response = client.get("/api/v1/nothing-here/")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/problem+json"


def test_openapi_schema_and_docs(client_for, commissioner):
    client = client_for(commissioner)
    schema = client.get("/api/v1/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert schema.status_code == 200
    text = schema.content.decode()
    assert "/api/v1/frameworks/{framework_slug}/items/" in text
    assert "/api/v1/organisations/" in text
    docs = client.get("/api/v1/docs/")
    assert b"swagger-ui" in docs.content


@pytest.fixture
def activity(commissioner, council):
    from commissioning.cycle.services import activity_create
    from commissioning.cycle.tests.factories import ActivityFactory

    template = ActivityFactory.build(lead_commissioner=commissioner, lead_organisation=council)
    data = {
        field: getattr(template, field)
        for field in (
            "title",
            "kind",
            "purpose",
            "service_area",
            "lead_commissioner",
            "lead_organisation",
            "level",
            "tiers",
            "integration_approach",
            "cycle_year",
        )
    }
    return activity_create(actor=commissioner, data=data)


def test_activities_list_with_steps(commissioner, activity):
    body = token_client(commissioner).get("/api/v1/commissioning-activities/").json()
    assert body["count"] == 1
    result = body["results"][0]
    assert result["title"] == activity.title and result["cycle_year_label"] == "2026/27"
    assert [s["number"] for s in result["steps"]] == list(range(1, 10))
    assert result["steps"][0]["due_date"] == "2026-06-30" and result["steps"][0]["quadrant"] == "assess"


def test_provider_sees_no_activities_in_api(provider_user, activity):
    response = token_client(provider_user).get("/api/v1/commissioning-activities/")
    assert response.status_code == 403
    assert response["Content-Type"] == "application/problem+json"


def test_step_status_action(commissioner, activity):
    client = token_client(commissioner)
    url = f"/api/v1/commissioning-activities/{activity.pk}/steps/3/status/"
    refused = client.post(url, {"status": "not_applicable", "reason": ""}, format="json")
    assert refused.status_code == 400
    assert refused.json()["errors"]["reason"] == ["Enter why this step does not apply to the activity."]
    done = client.post(url, {"status": "complete", "version": 1}, format="json")
    assert done.status_code == 200 and done.json()["status"] == "complete"
    stale = client.post(url, {"status": "in_progress", "version": 1}, format="json")
    assert stale.status_code == 409 and "Someone else changed this record" in stale.json()["detail"]
    bad = client.post(url, {"status": "finished"}, format="json")
    assert bad.status_code == 400 and "status" in bad.json()["errors"]


def test_commissioner_of_another_partner_cannot_change_steps(activity):
    from commissioning.organisations.models import Role
    from commissioning.organisations.tests.factories import PartnerFactory, person_with_role

    outsider = person_with_role(Role.COMMISSIONER, PartnerFactory(name="Other Council"))
    response = token_client(outsider).post(
        f"/api/v1/commissioning-activities/{activity.pk}/steps/1/status/",
        {"status": "complete"},
        format="json",
    )
    assert response.status_code == 403
    assert activity.steps.get(number=1).status == "not_started"


def test_openapi_schema_generates_without_warnings(db, tmp_path):
    from django.core.management import call_command

    call_command("spectacular", "--fail-on-warn", "--validate", "--file", str(tmp_path / "schema.yaml"))
    text = (tmp_path / "schema.yaml").read_text()
    assert "/api/v1/commissioning-activities/{id}/steps/{number}/status/:" in text


def test_gate_refusal_lists_unmet_conditions_and_changes_nothing(commissioner, activity):
    client = token_client(commissioner)
    url = f"/api/v1/commissioning-activities/{activity.pk}/steps/7/status/"
    refused = client.post(url, {"status": "complete", "version": 1}, format="json")
    assert refused.status_code == 400
    assert refused["Content-Type"] == "application/problem+json"
    body = refused.json()
    assert body["type"].endswith("/gate-refused")
    assert body["detail"] == "You cannot complete step 7 yet: 3 condition(s) are not met."
    assert [item["condition"] for item in body["unmet_conditions"]] == [
        "budget_agreed",
        "eia_consulted",
        "specification",
    ]
    assert body["errors"]["status"][0] == "Record the budget agreed for this activity: none is recorded."
    assert activity.steps.get(number=7).status == "not_started"


def test_gates_endpoint_and_evidence_and_answers_in_detail(commissioner, activity):
    from django.core.management import call_command

    from commissioning.cycle import services

    call_command("load_frameworks")

    services.evidence_add(
        actor=commissioner,
        step=activity.steps.get(number=6),
        kind="text",
        title="Service specification",
        text="Outcomes and performance framework",
        document_type="service_specification",
    )
    services.self_assessment_save(
        actor=commissioner, activity=activity, step_number=1, answers={"1.1": ("yes", "Plan reviewed")}
    )
    client = token_client(commissioner)
    gates = client.get(f"/api/v1/commissioning-activities/{activity.pk}/gates/").json()
    step_7 = next(gate for gate in gates if gate["step"] == 7)
    assert step_7["open"] is False
    assert [(c["condition"], c["met"]) for c in step_7["conditions"]] == [
        ("budget_agreed", False),
        ("eia_consulted", False),
        ("specification", True),
    ]
    assert gates[-1]["transition"] == "start_procurement"
    assert next(gate for gate in gates if gate["step"] == 1) == {
        "transition": "complete_step",
        "step": 1,
        "open": True,
        "conditions": [],
    }
    detail = client.get(f"/api/v1/commissioning-activities/{activity.pk}/").json()
    step_6 = next(step for step in detail["steps"] if step["number"] == 6)
    assert step_6["evidence"][0]["document_type"] == "service_specification"
    assert step_6["evidence"][0]["file_url"] == ""
    assert detail["self_assessment"][0]["question"] == "1.1"
    assert detail["self_assessment"][0]["answer"] == "yes"


def test_activity_list_queries_do_not_grow_with_evidence(
    commissioner, activity, django_assert_max_num_queries
):
    from commissioning.cycle import services

    client = token_client(commissioner)
    client.get("/api/v1/commissioning-activities/")
    for number in range(1, 10):
        services.evidence_add(
            actor=commissioner, step=activity.steps.get(number=number), kind="text", title="Note", text="Text"
        )
    with django_assert_max_num_queries(12):
        response = client.get("/api/v1/commissioning-activities/")
    assert len(response.json()["results"][0]["steps"][8]["evidence"]) == 1
