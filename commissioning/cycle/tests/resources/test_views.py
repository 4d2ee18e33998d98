from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from commissioning.cycle.models import ActivityBudget, ActivityReview
from commissioning.cycle.resources import services
from commissioning.organisations.models import Role
from commissioning.organisations.tests.factories import PartnerFactory, person_with_role


def date_fields(name, day) -> dict:
    return {f"{name}_0": str(day.day), f"{name}_1": str(day.month), f"{name}_2": str(day.year)}


def budget_post(today, **changes):
    return {
        "amount": "£1,250,000",
        "period": "2026/27 to 2028/29",
        "agreed_by": "Children and Young People's Partnership Board",
        **date_fields("agreed_on", today - timedelta(days=3)),
        "reference": "CYPPB 2026/14",
        "notes": "",
        **changes,
    }


def review_post(today, **changes):
    return {
        **date_fields("reviewed_on", today - timedelta(days=3)),
        "method": "Focus groups with parents.",
        "findings": "Families waited too long.",
        "outcomes_achieved": "",
        "recommendation": "continue",
        **date_fields("next_review_on", today + timedelta(days=360)),
        **changes,
    }


def test_budget_list_shows_money_and_the_total_of_budgets_not_archived(
    client_for, commissioner, activity, budget
):
    services.budget_create(
        actor=commissioner,
        activity=activity,
        data={
            "amount": Decimal("766"),
            "period": "2026/27",
            "agreed_by": "Director of Children's Services",
            "agreed_on": budget.agreed_on,
        },
    )
    html = (
        client_for(commissioner).get(reverse("cycle:resources:budgets", args=[activity.pk])).content.decode()
    )
    assert "£1,234.00" in html
    assert "£766.00" in html
    assert "Total agreed: <strong>£2,000.00</strong>" in html
    assert "Children and Young People&#x27;s Partnership Board" in html
    assert "CYPPB 2026/14" in html


def test_budget_list_empty_state_csv_and_archived_toggle(client_for, commissioner, activity, budget):
    client = client_for(commissioner)
    url = reverse("cycle:resources:budgets", args=[activity.pk])
    services.budget_archive(actor=commissioner, budget=budget, reason="Replaced")
    html = client.get(url).content.decode()
    assert "No agreed budget is recorded for this activity yet." in html
    assert "£1,234.00" in client.get(url, {"archived": "yes"}).content.decode()
    csv = client.get(url, {"archived": "yes", "format": "csv"}).content.decode("utf-8-sig")
    assert csv.splitlines()[0].startswith("Amount (£),Years it covers,Agreed by,Date agreed")
    assert "1234.00" in csv.splitlines()[1]


def test_budget_list_queries_do_not_grow_with_rows(client_for, commissioner, activity, budget_data):
    client = client_for(commissioner)
    url = reverse("cycle:resources:budgets", args=[activity.pk])
    services.budget_create(actor=commissioner, activity=activity, data=budget_data)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for _ in range(5):
        services.budget_create(actor=commissioner, activity=activity, data=budget_data)
    with CaptureQueriesContext(connection) as many:
        client.get(url)
    assert len(many) == len(few)


def test_add_budget_with_bad_input_shows_each_error_and_keeps_the_input(
    client_for, commissioner, activity, today
):
    url = reverse("cycle:resources:budget-add", args=[activity.pk])
    client = client_for(commissioner)
    assert "Record an agreed budget" in client.get(url).content.decode()
    response = client.post(
        url,
        budget_post(
            today, amount="12.345", agreed_by="", **date_fields("agreed_on", today + timedelta(days=2))
        ),
    )
    html = response.content.decode()
    assert "There is a problem" in html
    assert "Enter who agreed the budget" in html
    assert not ActivityBudget.objects.exists()
    assert 'value="12.345"' in html
    response = client.post(url, budget_post(today, amount="12.345"))
    assert "no more than 2 decimal places" in response.content.decode()
    response = client.post(url, budget_post(today, **date_fields("agreed_on", today + timedelta(days=2))))
    assert "must be today or in the past" in response.content.decode()
    response = client.post(url, budget_post(today, amount="lots"))
    assert "Enter the amount in pounds, for example 1250000" in response.content.decode()
    response = client.post(url, budget_post(today, agreed_on_0="31", agreed_on_1="2", agreed_on_2="2026"))
    assert "Enter a real date" in response.content.decode()
    assert not ActivityBudget.objects.exists()


def test_add_budget_saves_and_returns_to_the_list(client_for, commissioner, activity, today):
    client = client_for(commissioner)
    response = client.post(reverse("cycle:resources:budget-add", args=[activity.pk]), budget_post(today))
    assert response.url == reverse("cycle:resources:budgets", args=[activity.pk])
    budget = ActivityBudget.objects.get()
    assert budget.amount == Decimal("1250000.00")
    assert budget.recorded_by == commissioner
    html = client.get(response.url).content.decode()
    assert "Budget recorded: £1,250,000.00 for 2026/27 to 2028/29." in html


def test_change_budget_refuses_a_stale_version(client_for, commissioner, activity, budget, today):
    client = client_for(commissioner)
    url = reverse("cycle:resources:budget-change", args=[activity.pk, budget.pk])
    assert 'value="1234.00"' in client.get(url).content.decode()
    services.budget_update(
        actor=commissioner, budget=budget, data={"reference": "Moved on"}, expected_version=1
    )
    response = client.post(url, budget_post(today, amount="99", version="1"))
    assert "Someone else changed this record" in response.content.decode()
    budget.refresh_from_db()
    assert budget.amount == Decimal("1234.00")
    response = client.post(url, budget_post(today, amount="99", version=str(budget.version)))
    assert response.status_code == 302
    budget.refresh_from_db()
    assert budget.amount == Decimal("99.00")


def test_archive_and_restore_budget_through_the_pages(client_for, commissioner, activity, budget):
    client = client_for(commissioner)
    url = reverse("cycle:resources:budget-archive", args=[activity.pk, budget.pk])
    assert "Are you sure you want to archive £1,234.00" in client.get(url).content.decode()
    assert "Enter a reason" in client.post(url, {"reason": ""}).content.decode()
    response = client.post(url, {"reason": "Entered twice"})
    assert response.url == reverse("cycle:resources:budgets", args=[activity.pk])
    budget.refresh_from_db()
    assert budget.archived_reason == "Entered twice"
    response = client.post(
        reverse("cycle:resources:budget-restore", args=[activity.pk, budget.pk]), {"reason": ""}
    )
    assert response.status_code == 302
    budget.refresh_from_db()
    assert not budget.is_archived
    history = client.get(
        reverse("cycle:resources:budget-history", args=[activity.pk, budget.pk])
    ).content.decode()
    assert "Entered twice" in history


def test_a_budget_of_another_activity_is_not_found(client_for, administrator, commissioner, activity, budget):
    other = services_activity(commissioner, activity)
    url = reverse("cycle:resources:budget-change", args=[other.pk, budget.pk])
    assert client_for(administrator).get(url).status_code == 404


def services_activity(commissioner, activity):
    from commissioning.cycle import services as cycle_services

    return cycle_services.activity_create(
        actor=commissioner,
        data={
            "title": "Another activity",
            "kind": "tender",
            "purpose": "Another.",
            "service_area": "send",
            "lead_commissioner": commissioner,
            "lead_organisation": activity.lead_organisation,
            "level": "strategic",
            "tiers": ["targeted"],
            "integration_approach": "joint",
            "cycle_year": 2026,
        },
    )


def test_archived_activity_shows_no_add_button_and_refuses_a_new_budget(
    client_for, administrator, activity, today
):
    activity.archived_at = activity.created_at
    activity.save()
    client = client_for(administrator)
    html = client.get(reverse("cycle:resources:budgets", args=[activity.pk])).content.decode()
    assert "Record an agreed budget</a>" not in html
    assert "The activity is archived" in html
    response = client.post(reverse("cycle:resources:budget-add", args=[activity.pk]), budget_post(today))
    assert "The activity is archived; restore it before recording a budget." in response.content.decode()
    assert not ActivityBudget.objects.exists()


# Reviews


def test_review_form_with_errors(client_for, commissioner, activity, today):
    client = client_for(commissioner)
    url = reverse("cycle:resources:review-add", args=[activity.pk])
    assert "Continue with changes" in client.get(url).content.decode()
    response = client.post(
        url,
        review_post(
            today, findings="", recommendation="", **date_fields("next_review_on", today - timedelta(days=30))
        ),
    )
    html = response.content.decode()
    assert "There is a problem" in html
    assert "Enter what the review found" in html
    assert "Select what the review recommends" in html
    assert not ActivityReview.objects.exists()
    response = client.post(
        url, review_post(today, **date_fields("next_review_on", today - timedelta(days=30)))
    )
    assert "The next review must be after the date of this review" in response.content.decode()
    response = client.post(url, review_post(today, **date_fields("reviewed_on", today + timedelta(days=1))))
    assert "The date of the review must be today or in the past" in response.content.decode()
    assert not ActivityReview.objects.exists()


def test_review_is_saved_and_listed(client_for, commissioner, activity, today):
    client = client_for(commissioner)
    response = client.post(reverse("cycle:resources:review-add", args=[activity.pk]), review_post(today))
    assert response.url == reverse("cycle:resources:reviews", args=[activity.pk])
    review = ActivityReview.objects.get()
    assert review.recommendation == "continue"
    html = client.get(response.url).content.decode()
    assert "Review recorded: continue as it is." in html
    assert "Families waited too long." in html
    assert "Start decommissioning" not in html


def test_review_recommending_decommission_offers_to_start_one(client_for, commissioner, activity, review):
    services.review_update(
        actor=commissioner, review=review, data={"recommendation": "decommission"}, expected_version=1
    )
    client = client_for(commissioner)
    html = client.get(reverse("cycle:resources:reviews", args=[activity.pk])).content.decode()
    link = reverse("cycle:decommissioning:create", args=[activity.pk]) + f"?review={review.pk}"
    assert f'href="{link}"' in html
    form = client.get(link).content.decode()
    assert "recommended decommissioning" in form
    assert "Families waited too long for support." in form


def test_review_change_archive_restore_and_history(client_for, commissioner, activity, review, today):
    client = client_for(commissioner)
    url = reverse("cycle:resources:review-change", args=[activity.pk, review.pk])
    assert "Families waited too long for support." in client.get(url).content.decode()
    response = client.post(url, review_post(today, recommendation="recommission", version="1"))
    assert response.status_code == 302
    review.refresh_from_db()
    assert review.recommendation == "recommission"
    client.post(
        reverse("cycle:resources:review-archive", args=[activity.pk, review.pk]), {"reason": "Duplicate"}
    )
    review.refresh_from_db()
    assert review.is_archived
    assert (
        "No review is recorded"
        in client.get(reverse("cycle:resources:reviews", args=[activity.pk])).content.decode()
    )
    client.post(reverse("cycle:resources:review-restore", args=[activity.pk, review.pk]), {"reason": ""})
    review.refresh_from_db()
    assert not review.is_archived
    history = client.get(
        reverse("cycle:resources:review-history", args=[activity.pk, review.pk])
    ).content.decode()
    assert "Duplicate" in history


# Permissions


@pytest.mark.parametrize("role", [Role.PROVIDER_USER, Role.PANEL_MEMBER])
def test_providers_and_panel_members_see_nothing(client_for, activity, budget, review, role, today):
    client = client_for(person_with_role(role))
    for name, args in [
        ("budgets", []),
        ("budget-add", []),
        ("budget-change", [budget.pk]),
        ("budget-history", [budget.pk]),
        ("reviews", []),
        ("review-add", []),
        ("review-change", [review.pk]),
    ]:
        assert client.get(reverse(f"cycle:resources:{name}", args=[activity.pk, *args])).status_code == 403
    response = client.post(reverse("cycle:resources:budget-add", args=[activity.pk]), budget_post(today))
    assert response.status_code == 403
    assert ActivityBudget.objects.count() == 1


def test_commissioner_not_involved_can_read_but_not_write(client_for, activity, budget, review, today):
    outsider = person_with_role(Role.COMMISSIONER, PartnerFactory(name="Elsewhere Council"))
    client = client_for(outsider)
    html = client.get(reverse("cycle:resources:budgets", args=[activity.pk])).content.decode()
    assert "£1,234.00" in html
    assert "Record an agreed budget</a>" not in html
    assert ">Change<" not in html
    assert client.get(reverse("cycle:resources:reviews", args=[activity.pk])).status_code == 200
    assert client.get(reverse("cycle:resources:budget-add", args=[activity.pk])).status_code == 403
    assert (
        client.post(reverse("cycle:resources:budget-add", args=[activity.pk]), budget_post(today)).status_code
        == 403
    )
    url = reverse("cycle:resources:budget-archive", args=[activity.pk, budget.pk])
    assert client.post(url, {"reason": "Not mine"}).status_code == 403
    assert (
        client.post(reverse("cycle:resources:review-add", args=[activity.pk]), review_post(today)).status_code
        == 403
    )
    assert ActivityBudget.objects.count() == 1
    assert ActivityReview.objects.count() == 1


def test_administrator_can_record_budgets_and_reviews(client_for, administrator, activity, today):
    client = client_for(administrator)
    assert (
        client.post(reverse("cycle:resources:budget-add", args=[activity.pk]), budget_post(today)).status_code
        == 302
    )
    assert (
        client.post(reverse("cycle:resources:review-add", args=[activity.pk]), review_post(today)).status_code
        == 302
    )
    assert ActivityBudget.objects.get().recorded_by == administrator


def test_unknown_activity_is_not_found(client_for, administrator):
    assert client_for(administrator).get(reverse("cycle:resources:budgets", args=[999999])).status_code == 404


def test_signed_out_people_are_sent_to_sign_in(client, activity):
    response = client.get(reverse("cycle:resources:budgets", args=[activity.pk]))
    assert response.status_code == 302
    assert "sign-in" in response.url


def test_review_list_queries_do_not_grow_with_rows(client_for, commissioner, activity, review_data):
    client = client_for(commissioner)
    url = reverse("cycle:resources:reviews", args=[activity.pk])
    services.review_create(actor=commissioner, activity=activity, data=review_data)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for _ in range(4):
        services.review_create(actor=commissioner, activity=activity, data=review_data)
    with CaptureQueriesContext(connection) as many:
        client.get(url)
    assert len(many) == len(few)
