from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from commissioning.procurement.models import Procurement, ProcurementStatus, Question


def date_parts(prefix, day):
    return {f"{prefix}_0": day.day, f"{prefix}_1": day.month, f"{prefix}_2": day.year}


def plan_data(activity, **extra):
    start = timezone.localdate() + timedelta(days=300)
    return {
        "activity": activity.pk,
        "reference": "CYP-2026-009",
        "title": "Young carers service",
        "category": "light_touch_services",
        "buyer_type": "sub_central",
        "estimated_value": "£450,000",
        "includes_vat": "false",
        "duration_months": "36",
        **date_parts("contract_start", start),
        "voluntary_standstill": "on",
        **extra,
    }


def test_planning_refused_by_the_gate_lists_each_condition(client_for, procurement_manager, activity):
    response = client_for(procurement_manager).post(reverse("procurement:create"), plan_data(activity))
    assert response.status_code == 200
    body = response.content.decode()
    assert "govuk-error-summary" in body
    assert "The activity&#x27;s gate is closed" in body
    assert not Procurement.objects.exists()


def test_planning_a_procurement(client_for, procurement_manager, activity, open_gate):
    response = client_for(procurement_manager).post(reverse("procurement:create"), plan_data(activity))
    procurement = Procurement.objects.get()
    assert response.status_code == 302
    assert response.url == procurement.get_absolute_url()
    assert procurement.estimated_value == 450000
    page = client_for(procurement_manager).get(procurement.get_absolute_url()).content.decode()
    assert "Notifiable below-threshold contract" in page
    assert "Voluntary sector providers told of the change" not in page
    assert "Tenders close (noon)" in page


def test_bad_input_is_explained(client_for, procurement_manager, activity, open_gate):
    data = plan_data(activity, estimated_value="lots", duration_months="0", category="grant")
    response = client_for(procurement_manager).post(reverse("procurement:create"), data)
    body = response.content.decode()
    assert "Enter the amount in pounds" in body
    assert "Enter a duration of 1 month or more" in body
    assert "Choose the kind of grant" in body
    assert not Procurement.objects.exists()


def test_list_filters_and_csv(client_for, procurement_manager, planned, django_assert_max_num_queries):
    client = client_for(procurement_manager)
    with django_assert_max_num_queries(12):
        page = client.get(reverse("procurement:list"), {"q": "family"}).content.decode()
    assert planned.reference in page
    assert (
        planned.reference not in client.get(reverse("procurement:list"), {"status": "open"}).content.decode()
    )
    csv = client.get(reverse("procurement:list"), {"format": "csv"}).content.decode()
    assert "CYP-2026-001" in csv and "Light-touch" in csv


def test_provider_users_cannot_see_procurements(client_for, provider_user, planned):
    client = client_for(provider_user)
    assert client.get(reverse("procurement:list")).status_code == 403
    assert client.get(planned.get_absolute_url()).status_code == 403


def test_commissioner_who_does_not_lead_cannot_change(client_for, commissioner, planned):
    assert client_for(commissioner).get(reverse("procurement:change", args=[planned.pk])).status_code == 403


def test_weights_must_total_100(client_for, procurement_manager, planned):
    response = client_for(procurement_manager).post(
        reverse("procurement:weights", args=[planned.pk]),
        {
            "price_weight": "50",
            "quality_weight": "50",
            "social_value_weight": "10",
            "price_formula": "lowest_price",
            "scoring_scale": "0 | None | No answer\n1 | Some | Partial",
            "version": planned.version,
        },
    )
    assert "they must total 100%" in response.content.decode()
    planned.refresh_from_db()
    assert planned.price_weight == 40


def test_questions_page_states_the_problems(client_for, procurement_manager, planned):
    Question.objects.filter(number="Q2").update(weight=15)
    page = (
        client_for(procurement_manager)
        .get(reverse("procurement:questions", args=[planned.pk]))
        .content.decode()
    )
    assert "The quality questions&#x27; weights total 45%, but quality is weighted 50%" in page


def test_adding_a_question(client_for, procurement_manager, planned):
    response = client_for(procurement_manager).post(
        reverse("procurement:question-add", args=[planned.pk]),
        {
            "stage": "award",
            "criterion": "pass_fail",
            "number": "Q9",
            "text": "Are you registered?",
            "weight": "5",
            "position": "9",
        },
    )
    assert "A pass or fail question has no weight" in response.content.decode()
    response = client_for(procurement_manager).post(
        reverse("procurement:question-add", args=[planned.pk]),
        {
            "stage": "award",
            "criterion": "pass_fail",
            "number": "Q9",
            "text": "Are you registered?",
            "weight": "0",
            "position": "9",
        },
    )
    assert response.status_code == 302
    assert planned.questions.filter(number="Q9").exists()


def test_publish_refused_then_accepted(client_for, procurement_manager, planned):
    client = client_for(procurement_manager)
    url = reverse("procurement:publish", args=[planned.pk])
    past = timezone.localdate() - timedelta(days=1)
    body = client.post(url, {**date_parts("closing_date", past), "closing_time": "12:00"}).content.decode()
    assert "The closing date must be in the future." in body
    assert "Record the conflicts assessment first" in body
    client.post(
        reverse("procurement:conflict-assess", args=[planned.pk]),
        {
            **date_parts("assessed_on", timezone.localdate()),
            "conflicts_identified": "None identified",
            **date_parts("next_review_on", timezone.localdate() + timedelta(days=30)),
        },
    )
    future = timezone.localdate() + timedelta(days=30)
    response = client.post(url, {**date_parts("closing_date", future), "closing_time": "12:00"})
    assert response.status_code == 302
    planned.refresh_from_db()
    assert planned.status == ProcurementStatus.OPEN
    assert timezone.localtime(planned.tender_deadline).hour == 12


@pytest.mark.parametrize(
    "status, notes, ok", [("not_applicable", "", False), ("not_applicable", "No PQQ below threshold", True)]
)
def test_step_not_applicable_needs_a_reason(
    client_for, procurement_manager, library, activity, open_gate, status, notes, ok
):
    from commissioning.procurement.tests.conftest import plan

    procurement = plan(procurement_manager, activity)
    assert procurement.steps.count() == 11
    planned = procurement
    step = planned.steps.get(number=6)
    response = client_for(procurement_manager).post(
        reverse("procurement:step-change", args=[planned.pk, step.pk]), {"status": status, "notes": notes}
    )
    step.refresh_from_db()
    assert (step.status == status) is ok
    assert (response.status_code == 302) is ok


def test_project_team_and_risks(client_for, procurement_manager, planned):
    client = client_for(procurement_manager)
    client.post(
        reverse("procurement:team-add", args=[planned.pk]), {"name": "Finance lead", "team_role": "Finance"}
    )
    client.post(
        reverse("procurement:risk-add", args=[planned.pk]),
        {
            "description": "Too few bids",
            "likelihood": "3",
            "impact": "4",
            "mitigation": "Market event",
            "owner": "Lead",
            "status": "open",
        },
    )
    page = client.get(reverse("procurement:project", args=[planned.pk])).content.decode()
    assert "Finance lead" in page and "Too few bids" in page and ">12 <" in page


def test_cancel_needs_a_reason(client_for, procurement_manager, planned):
    client = client_for(procurement_manager)
    assert (
        "Enter a reason"
        in client.post(reverse("procurement:cancel", args=[planned.pk]), {"reason": ""}).content.decode()
    )
    client.post(reverse("procurement:cancel", args=[planned.pk]), {"reason": "Service brought in-house"})
    planned.refresh_from_db()
    assert planned.status == ProcurementStatus.CANCELLED
    history = client.get(reverse("procurement:history", args=[planned.pk])).content.decode()
    assert "Service brought in-house" in history


def test_the_activity_page_lists_its_procurements(client_for, procurement_manager, planned):
    page = client_for(procurement_manager).get(planned.activity.get_absolute_url()).content.decode()
    assert planned.get_absolute_url() in page
    assert f"/procurement/plan/?activity={planned.activity.pk}" in page


def test_the_sections_link_to_clarifications_bids_and_evaluation(
    client_for, procurement_manager, commissioner, planned
):
    page = client_for(procurement_manager).get(planned.get_absolute_url()).content.decode()
    for name in ("portal-clarifications", "portal-bids", "evaluation", "questions", "conflicts", "project"):
        assert reverse(f"procurement:{name}", args=[planned.pk]) in page
    page = client_for(commissioner).get(planned.get_absolute_url()).content.decode()
    assert reverse("procurement:portal-bids", args=[planned.pk]) not in page
