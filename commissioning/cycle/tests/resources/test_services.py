from datetime import timedelta
from decimal import Decimal

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import ValidationError

from commissioning.core.exceptions import ConflictError
from commissioning.core.models import TimelineEvent
from commissioning.cycle import gates
from commissioning.cycle.models import ActivityBudget, ActivityReview, GateCondition
from commissioning.cycle.resources import selectors, services


def timeline(activity) -> list[str]:
    return list(
        TimelineEvent.objects.filter(object_id=str(activity.pk), content_type__model="commissioningactivity")
        .order_by("pk")
        .values_list("summary", flat=True)
    )


def field_errors(excinfo) -> dict:
    return excinfo.value.message_dict


# Budgets


def test_a_budget_is_recorded_with_its_recorder_and_the_activity_timeline(commissioner, activity, budget):
    assert budget.amount == Decimal("1234.00")
    assert budget.recorded_by == commissioner
    assert str(budget) == "£1,234.00 agreed by Children and Young People's Partnership Board"
    assert any(
        s.startswith("Budget recorded: £1,234.00 for 2026/27 to 2028/29, agreed by Children")
        for s in timeline(activity)
    )
    assert LogEntry.objects.get_for_object(budget).get().actor == commissioner


@pytest.mark.parametrize(
    ("amount", "message"),
    [
        (Decimal("0"), "The amount agreed must be more than £0"),
        (Decimal("-5"), "The amount agreed must be more than £0"),
        (Decimal("10.005"), "with no more than 2 decimal places"),
        (Decimal("1000000000000"), "must be £999,999,999,999.99 or less"),
        (None, "Enter the amount agreed, in pounds"),
        (Decimal("NaN"), "Enter the amount in pounds"),
    ],
)
def test_budget_amount_must_be_positive_pounds_and_pence(
    commissioner, activity, budget_data, amount, message
):
    with pytest.raises(ValidationError) as excinfo:
        services.budget_create(actor=commissioner, activity=activity, data=budget_data | {"amount": amount})
    assert message in field_errors(excinfo)["amount"][0]
    assert not ActivityBudget.objects.exists()


def test_trailing_zeros_are_not_extra_decimal_places(commissioner, activity, budget_data):
    budget = services.budget_create(
        actor=commissioner, activity=activity, data=budget_data | {"amount": Decimal("99.500")}
    )
    assert budget.amount == Decimal("99.50")


def test_budget_agreed_date_cannot_be_in_the_future(commissioner, activity, budget_data, today):
    with pytest.raises(ValidationError) as excinfo:
        services.budget_create(
            actor=commissioner, activity=activity, data=budget_data | {"agreed_on": today + timedelta(days=1)}
        )
    assert field_errors(excinfo)["agreed_on"] == [
        "The date the budget was agreed must be today or in the past"
    ]
    budget = services.budget_create(
        actor=commissioner, activity=activity, data=budget_data | {"agreed_on": today}
    )
    assert budget.agreed_on == today


def test_budget_needs_period_agreed_by_and_date(commissioner, activity, budget_data):
    with pytest.raises(ValidationError) as excinfo:
        services.budget_create(
            actor=commissioner,
            activity=activity,
            data=budget_data | {"period": "  ", "agreed_by": "", "agreed_on": None},
        )
    assert set(field_errors(excinfo)) == {"period", "agreed_by", "agreed_on"}


def test_no_budget_on_an_archived_activity(commissioner, activity, budget_data):
    activity.archived_at = activity.created_at
    activity.save()
    with pytest.raises(ValidationError, match="The activity is archived"):
        services.budget_create(actor=commissioner, activity=activity, data=budget_data)


def test_budget_update_checks_the_version_and_records_the_change(commissioner, activity, budget, budget_data):
    with pytest.raises(ConflictError):
        services.budget_update(
            actor=commissioner,
            budget=budget,
            data={"amount": Decimal("5")},
            expected_version=budget.version + 1,
        )
    updated = services.budget_update(
        actor=commissioner,
        budget=budget,
        data=budget_data | {"amount": Decimal("2000.5")},
        expected_version=budget.version,
    )
    assert updated.amount == Decimal("2000.50")
    assert updated.version == budget.version + 1
    assert any(s.startswith("Budget changed: £2,000.50") for s in timeline(activity))


def test_budget_update_applies_the_same_rules(commissioner, budget, budget_data):
    with pytest.raises(ValidationError) as excinfo:
        services.budget_update(
            actor=commissioner,
            budget=budget,
            data=budget_data | {"amount": Decimal("0")},
            expected_version=None,
        )
    assert "amount" in field_errors(excinfo)
    budget.refresh_from_db()
    assert budget.amount == Decimal("1234.00")


def test_an_unchanged_budget_keeps_its_version(commissioner, budget, budget_data):
    same = services.budget_update(actor=commissioner, budget=budget, data=budget_data, expected_version=1)
    assert same.version == 1


def test_archive_needs_a_reason_and_drops_the_budget_from_the_total_and_gate(commissioner, activity, budget):
    assert selectors.budget_total(activity) == Decimal("1234.00")
    assert gates.CHECKS[GateCondition.BUDGET_AGREED](activity, 7) is None
    with pytest.raises(ValidationError) as excinfo:
        services.budget_archive(actor=commissioner, budget=budget, reason=" ")
    assert "reason" in field_errors(excinfo)
    services.budget_archive(actor=commissioner, budget=budget, reason="Superseded by the revised budget")
    budget.refresh_from_db()
    assert budget.is_archived
    assert selectors.budget_total(activity) == Decimal("0.00")
    assert gates.CHECKS[GateCondition.BUDGET_AGREED](activity, 7) is not None
    with pytest.raises(ValidationError, match="archived"):
        services.budget_update(actor=commissioner, budget=budget, data={}, expected_version=None)
    assert "Budget archived: £1,234.00 for 2026/27 to 2028/29 (Superseded by the revised budget)" in timeline(
        activity
    )
    services.budget_restore(actor=commissioner, budget=budget)
    budget.refresh_from_db()
    assert not budget.is_archived
    assert selectors.budget_total(activity) == Decimal("1234.00")
    assert "Budget restored: £1,234.00 for 2026/27 to 2028/29" in timeline(activity)


def test_total_counts_only_budgets_not_archived(commissioner, activity, budget, budget_data):
    other = services.budget_create(
        actor=commissioner, activity=activity, data=budget_data | {"amount": Decimal("1000.10")}
    )
    assert selectors.budget_total(activity) == Decimal("2234.10")
    services.budget_archive(actor=commissioner, budget=other, reason="Entered twice")
    assert selectors.budget_total(activity) == Decimal("1234.00")
    assert list(selectors.budget_list(activity)) == [budget]
    assert len(selectors.budget_list(activity, include_archived=True)) == 2


# Reviews


def test_a_review_is_recorded_on_the_timeline_and_meets_the_step_9_gate(commissioner, activity, review):
    assert review.reviewed_by == commissioner
    assert gates.CHECKS[GateCondition.REVIEW_RECORDED](activity, 9) is None
    assert any(
        "Review recorded: review of" in s and "recommending: continue with changes" in s
        for s in timeline(activity)
    )


def test_review_date_cannot_be_in_the_future(commissioner, activity, review_data, today):
    with pytest.raises(ValidationError) as excinfo:
        services.review_create(
            actor=commissioner,
            activity=activity,
            data=review_data | {"reviewed_on": today + timedelta(days=1), "next_review_on": None},
        )
    assert field_errors(excinfo)["reviewed_on"] == ["The date of the review must be today or in the past"]
    assert not ActivityReview.objects.exists()


@pytest.mark.parametrize("days_after", [0, -1])
def test_next_review_must_be_after_the_review(commissioner, activity, review_data, days_after):
    data = review_data | {"next_review_on": review_data["reviewed_on"] + timedelta(days=days_after)}
    with pytest.raises(ValidationError) as excinfo:
        services.review_create(actor=commissioner, activity=activity, data=data)
    assert field_errors(excinfo)["next_review_on"][0].startswith("The next review must be after the date")


def test_next_review_the_day_after_is_accepted_and_is_optional(commissioner, activity, review_data):
    data = review_data | {"next_review_on": review_data["reviewed_on"] + timedelta(days=1)}
    assert services.review_create(actor=commissioner, activity=activity, data=data).pk
    assert services.review_create(
        actor=commissioner, activity=activity, data=review_data | {"next_review_on": None}
    ).pk


def test_review_needs_a_recommendation_from_the_list_method_and_findings(commissioner, activity, review_data):
    with pytest.raises(ValidationError) as excinfo:
        services.review_create(
            actor=commissioner,
            activity=activity,
            data=review_data | {"recommendation": "abolish", "method": "", "findings": " "},
        )
    assert set(field_errors(excinfo)) == {"recommendation", "method", "findings"}


def test_no_review_on_an_archived_activity(commissioner, activity, review_data):
    activity.archived_at = activity.created_at
    activity.save()
    with pytest.raises(ValidationError, match="The activity is archived"):
        services.review_create(actor=commissioner, activity=activity, data=review_data)


def test_review_update_checks_version_and_rules(commissioner, activity, review):
    with pytest.raises(ConflictError):
        services.review_update(
            actor=commissioner, review=review, data={"recommendation": "continue"}, expected_version=7
        )
    with pytest.raises(ValidationError) as excinfo:
        services.review_update(
            actor=commissioner,
            review=review,
            data={"next_review_on": review.reviewed_on},
            expected_version=review.version,
        )
    assert "next_review_on" in field_errors(excinfo)
    updated = services.review_update(
        actor=commissioner,
        review=review,
        data={"recommendation": "decommission"},
        expected_version=review.version,
    )
    assert updated.recommendation == "decommission"
    assert updated.version == 2
    assert any("Review changed" in s and "recommending: decommission" in s for s in timeline(activity))


def test_review_archive_and_restore(commissioner, activity, review):
    with pytest.raises(ValidationError):
        services.review_archive(actor=commissioner, review=review, reason="")
    services.review_archive(actor=commissioner, review=review, reason="Recorded against the wrong activity")
    assert gates.CHECKS[GateCondition.REVIEW_RECORDED](activity, 9) is not None
    with pytest.raises(ValidationError, match="already archived"):
        services.review_archive(actor=commissioner, review=review, reason="Again")
    services.review_restore(actor=commissioner, review=review)
    assert gates.CHECKS[GateCondition.REVIEW_RECORDED](activity, 9) is None
    with pytest.raises(ValidationError, match="not archived"):
        services.review_restore(actor=commissioner, review=review)
