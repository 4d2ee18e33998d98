from decimal import Decimal

from django.urls import reverse

from commissioning.cycle.tests.factories import ActivityFactory
from commissioning.governance import services
from commissioning.governance.models import Decision
from commissioning.governance.tests.conftest import decision_data


def test_partnership_roles_read_bodies_with_limits_providers_get_403(
    client_for, commissioner, provider_user, seated_group
):
    response = client_for(commissioner).get(reverse("api:governance-body-list"))
    bodies = {b["name"]: b for b in response.json()["results"]}
    assert bodies["Commissioning Group"]["authority_limit"] == "250000.00"
    assert len(bodies["Commissioning Group"]["members"]) == 2
    denied = client_for(provider_user).get(reverse("api:governance-decision-list"))
    assert denied.status_code == 403 and denied["Content-Type"] == "application/problem+json"


def test_recording_a_decision_above_authority_needs_acknowledgement(client_for, board_member, seated_group):
    activity = ActivityFactory()
    client = client_for(board_member)
    payload = {
        "reference": "CG-API-1",
        "body": seated_group.pk,
        "decision": "Extend the contract.",
        "amount": "250000.01",
        "decided_on": "2026-11-02",
        "record": f"cycle.commissioningactivity:{activity.pk}",
    }
    refused = client.post(reverse("api:governance-decision-list"), payload, content_type="application/json")
    assert refused.status_code == 400
    assert "£250,000.00" in refused.json()["errors"]["amount"][0]
    assert not Decision.objects.exists()
    accepted = client.post(
        reverse("api:governance-decision-list"),
        {**payload, "acknowledge_above_authority": "Cabinet will ratify."},
        content_type="application/json",
    )
    assert accepted.status_code == 201, accepted.json()
    body = accepted.json()
    assert body["within_authority"] is False and body["authority_limit"] == "250000.00"
    assert body["record"] == f"cycle.commissioningactivity:{activity.pk}"
    listed = client.get(reverse("api:governance-decision-list") + "?authority=above").json()["results"]
    assert [d["reference"] for d in listed] == ["CG-API-1"]
    assert client.get(reverse("api:governance-decision-list") + "?authority=sideways").status_code == 400


def test_commissioners_cannot_record_decisions(client_for, commissioner, seated_group):
    response = client_for(commissioner).post(
        reverse("api:governance-decision-list"),
        {"reference": "X", "body": seated_group.pk, "decision": "x", "decided_on": "2026-11-02"},
        content_type="application/json",
    )
    assert response.status_code == 403


def test_action_progress_with_stale_version_is_409(client_for, manager, sub_group):
    from datetime import date

    action = services.action_create(
        actor=manager,
        data={"reference": "AP-1", "title": "T", "owner_body": sub_group, "due_on": date(2027, 1, 1)},
    )
    client = client_for(manager)
    url = reverse("api:governance-action-progress", args=[action.pk])
    ok = client.post(
        url,
        {"written_on": "2026-11-01", "status": "on_track", "note": "Started", "version": 1},
        content_type="application/json",
    )
    assert ok.status_code == 200 and ok.json()["status"] == "on_track"
    stale = client.post(
        url,
        {"written_on": "2026-11-02", "status": "done", "note": "Done", "version": 1},
        content_type="application/json",
    )
    assert stale.status_code == 409
    meetings = client.get(reverse("api:governance-meeting-list"))
    assert meetings.status_code == 200
    services.decision_record(actor=manager, body=sub_group, data=decision_data(amount=None))
    assert Decimal("0") == Decimal(
        client.get(reverse("api:governance-body-list")).json()["results"][1]["authority_limit"]
    )
