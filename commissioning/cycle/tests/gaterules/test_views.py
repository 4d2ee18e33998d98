import pytest

from commissioning.cycle.models import GateRule

pytestmark = pytest.mark.django_db


def test_everyone_in_the_partnership_reads_the_rules(client_for, commissioner):
    response = client_for(commissioner).get("/activities/gate-rules/")
    assert response.status_code == 200
    body = response.content.decode()
    assert "Completing step 7" in body and "Starting a procurement" in body
    assert "Islington Commissioning Standards 5.1" in body
    assert "Add a gate rule" not in body


def test_providers_cannot_see_the_rules(client_for, provider_user):
    assert client_for(provider_user).get("/activities/gate-rules/").status_code == 403


def test_only_administrators_change_rules(client_for, commissioner, administrator):
    rule = GateRule.objects.get(step_number=9, condition="review_recorded")
    url = f"/activities/gate-rules/{rule.pk}/change/"
    assert client_for(commissioner).post(url, {"enabled": "no"}).status_code == 403
    response = client_for(administrator).post(
        url, {"enabled": "no", "activity_kinds": ["tender", "grant_round"], "source": "Local policy"}
    )
    assert response.status_code == 302
    rule.refresh_from_db()
    assert (rule.enabled, rule.activity_kinds, rule.source) == (
        False,
        ["tender", "grant_round"],
        "Local policy",
    )
    history = client_for(administrator).get(f"/activities/gate-rules/{rule.pk}/history/")
    assert "Local policy" in history.content.decode()


def test_add_a_rule_with_errors_then_correctly(client_for, administrator):
    client = client_for(administrator)
    response = client.post(
        "/activities/gate-rules/add/",
        {"transition": "complete_step", "condition": "step_evidence", "enabled": "yes"},
    )
    assert response.status_code == 200
    assert "Choose the step the rule applies to." in response.content.decode()
    response = client.post(
        "/activities/gate-rules/add/",
        {"transition": "complete_step", "step_number": "7", "condition": "budget_agreed", "enabled": "yes"},
    )
    assert "There is already a rule with this condition" in response.content.decode()
    count = GateRule.objects.count()
    response = client.post(
        "/activities/gate-rules/add/",
        {"transition": "complete_step", "step_number": "3", "condition": "step_evidence", "enabled": "yes"},
    )
    assert response.status_code == 302
    assert GateRule.objects.count() == count + 1
    assert GateRule.objects.filter(step_number=3, condition="step_evidence", enabled=True).exists()


def test_procurement_rules_have_no_step(client_for, administrator):
    client_for(administrator).post(
        "/activities/gate-rules/add/",
        {"transition": "start_procurement", "step_number": "4", "condition": "eia_final", "enabled": "yes"},
    )
    assert GateRule.objects.get(transition="start_procurement", condition="eia_final").step_number is None


def test_step_page_shows_the_gate_and_a_refusal(client_for, commissioner, activity):
    client = client_for(commissioner)
    page = client.get(f"/activities/{activity.pk}/steps/7/").content.decode()
    assert "Before step 7 can be completed" in page
    assert page.count("Not met") == 3
    response = client.post(f"/activities/{activity.pk}/steps/7/status/", {"status": "complete", "version": 1})
    assert response.status_code == 200
    body = response.content.decode()
    assert "There is a problem" in body
    assert "Record the budget agreed for this activity: none is recorded." in body
    assert activity.steps.get(number=7).status == "not_started"


def test_step_status_offers_only_allowed_changes(client_for, commissioner, activity):
    step = activity.steps.get(number=2)
    step.status = "complete"
    step.save()
    page = client_for(commissioner).get(f"/activities/{activity.pk}/steps/2/").content.decode()
    assert 'value="in_progress"' in page
    assert 'value="not_applicable"' not in page
