"""Writes for the budgets agreed for an activity and the reviews of it (the records the gates of steps 7 and 9
look for). Each change is written to the activity's timeline."""

from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from commissioning.core.audit import acting_as
from commissioning.core.models import TimelineEvent
from commissioning.core.services import (
    apply_changes,
    record_archive,
    record_restore,
    timeline_record,
    version_check,
)
from commissioning.cycle.models import (
    ActivityBudget,
    ActivityReview,
    CommissioningActivity,
    ReviewRecommendation,
)

BUDGET_FIELDS = ["amount", "period", "agreed_by", "agreed_on", "reference", "notes"]
REVIEW_FIELDS = [
    "reviewed_on",
    "method",
    "findings",
    "outcomes_achieved",
    "recommendation",
    "next_review_on",
]
# ActivityBudget.amount has 14 digits, 2 of them after the point.
LARGEST_AMOUNT = Decimal("999999999999.99")
PENNY = Decimal("0.01")


def money(amount: Decimal) -> str:
    return f"£{amount:,.2f}"


def _long_date(value: date) -> str:
    return f"{value:%-d %B %Y}"


def _check_activity_open(activity: CommissioningActivity, doing: str) -> None:
    if activity.is_archived:
        raise ValidationError(f"The activity is archived; restore it before {doing}.")


def _stripped(data: dict, fields: list[str]) -> dict:
    return {
        name: value.strip() if isinstance(value, str) else value
        for name, value in data.items()
        if name in fields
    }


def _check_budget(budget: ActivityBudget, today: date) -> None:
    errors = {}
    amount = budget.amount
    if amount is None:
        errors["amount"] = "Enter the amount agreed, in pounds"
    elif not isinstance(amount, Decimal) or not amount.is_finite():
        errors["amount"] = "Enter the amount in pounds, for example 1250000 or 1250000.50"
    elif amount <= 0:
        errors["amount"] = "The amount agreed must be more than £0"
    elif amount != amount.quantize(PENNY):
        errors["amount"] = "Enter the amount in pounds and pence, with no more than 2 decimal places"
    elif amount > LARGEST_AMOUNT:
        errors["amount"] = f"The amount agreed must be {money(LARGEST_AMOUNT)} or less"
    if not budget.period:
        errors["period"] = "Enter the years the budget covers, for example 2026/27 to 2028/29"
    if not budget.agreed_by:
        errors["agreed_by"] = "Enter who agreed the budget: the board or budget holder"
    if budget.agreed_on is None:
        errors["agreed_on"] = "Enter the date the budget was agreed"
    elif budget.agreed_on > today:
        errors["agreed_on"] = "The date the budget was agreed must be today or in the past"
    if errors:
        raise ValidationError(errors)
    budget.amount = amount.quantize(PENNY)
    budget.full_clean()


def _budget_summary(budget: ActivityBudget) -> str:
    return f"{money(budget.amount)} for {budget.period}, agreed by {budget.agreed_by} on {_long_date(budget.agreed_on)}"


@transaction.atomic
def budget_create(*, actor, activity: CommissioningActivity, data: dict) -> ActivityBudget:
    """Record a budget agreed for the activity: a positive amount in pounds and pence, agreed on or before today."""
    _check_activity_open(activity, "recording a budget")
    budget = ActivityBudget(activity=activity, recorded_by=actor, **_stripped(data, BUDGET_FIELDS))
    _check_budget(budget, timezone.localdate())
    with acting_as(actor):
        budget.save()
    timeline_record(
        instance=activity,
        actor=actor,
        verb=TimelineEvent.Verb.NOTE,
        summary=f"Budget recorded: {_budget_summary(budget)}",
    )
    return budget


@transaction.atomic
def budget_update(
    *, actor, budget: ActivityBudget, data: dict, expected_version: int | None
) -> ActivityBudget:
    budget = ActivityBudget.objects.select_for_update().select_related("activity").get(pk=budget.pk)
    version_check(instance=budget, expected_version=expected_version)
    _check_activity_open(budget.activity, "changing its budgets")
    if budget.is_archived:
        raise ValidationError("This budget is archived; restore it before changing it.")
    changed = apply_changes(instance=budget, data=_stripped(data, BUDGET_FIELDS), fields=BUDGET_FIELDS)
    _check_budget(budget, timezone.localdate())
    if changed:
        budget.version += 1
        with acting_as(actor):
            budget.save()
        timeline_record(
            instance=budget.activity,
            actor=actor,
            verb=TimelineEvent.Verb.NOTE,
            summary=f"Budget changed: {_budget_summary(budget)}",
        )
    return budget


@transaction.atomic
def budget_archive(*, actor, budget: ActivityBudget, reason: str) -> ActivityBudget:
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": "Enter why you are archiving this budget."})
    budget = ActivityBudget.objects.select_for_update().select_related("activity").get(pk=budget.pk)
    _check_activity_open(budget.activity, "archiving its budgets")
    with acting_as(actor):
        record_archive(instance=budget, actor=actor, reason=reason)
    timeline_record(
        instance=budget.activity,
        actor=actor,
        verb=TimelineEvent.Verb.NOTE,
        summary=f"Budget archived: {money(budget.amount)} for {budget.period} ({reason})",
    )
    return budget


@transaction.atomic
def budget_restore(*, actor, budget: ActivityBudget) -> ActivityBudget:
    budget = ActivityBudget.objects.select_for_update().select_related("activity").get(pk=budget.pk)
    _check_activity_open(budget.activity, "restoring its budgets")
    with acting_as(actor):
        record_restore(instance=budget, actor=actor)
    timeline_record(
        instance=budget.activity,
        actor=actor,
        verb=TimelineEvent.Verb.NOTE,
        summary=f"Budget restored: {money(budget.amount)} for {budget.period}",
    )
    return budget


def _check_review(review: ActivityReview, today: date) -> None:
    errors = {}
    if review.reviewed_on is None:
        errors["reviewed_on"] = "Enter the date of the review"
    elif review.reviewed_on > today:
        errors["reviewed_on"] = "The date of the review must be today or in the past"
    if not review.method:
        errors["method"] = "Enter how the review was done and whose views it took"
    if not review.findings:
        errors["findings"] = "Enter what the review found"
    if review.recommendation not in ReviewRecommendation.values:
        errors["recommendation"] = "Select what the review recommends"
    if (
        review.next_review_on is not None
        and review.reviewed_on is not None
        and review.next_review_on <= review.reviewed_on
    ):
        errors["next_review_on"] = (
            f"The next review must be after the date of this review ({_long_date(review.reviewed_on)})"
        )
    if errors:
        raise ValidationError(errors)
    review.full_clean()


def _review_summary(review: ActivityReview) -> str:
    recommendation = ReviewRecommendation(review.recommendation).label.lower()
    return f"review of {_long_date(review.reviewed_on)}, recommending: {recommendation}"


@transaction.atomic
def review_create(*, actor, activity: CommissioningActivity, data: dict) -> ActivityReview:
    """Record a review of the activity: done on or before today, the next review after it."""
    _check_activity_open(activity, "recording a review")
    review = ActivityReview(activity=activity, reviewed_by=actor, **_stripped(data, REVIEW_FIELDS))
    _check_review(review, timezone.localdate())
    with acting_as(actor):
        review.save()
    timeline_record(
        instance=activity,
        actor=actor,
        verb=TimelineEvent.Verb.NOTE,
        summary=f"Review recorded: {_review_summary(review)}",
    )
    return review


@transaction.atomic
def review_update(
    *, actor, review: ActivityReview, data: dict, expected_version: int | None
) -> ActivityReview:
    review = ActivityReview.objects.select_for_update().select_related("activity").get(pk=review.pk)
    version_check(instance=review, expected_version=expected_version)
    _check_activity_open(review.activity, "changing its reviews")
    if review.is_archived:
        raise ValidationError("This review is archived; restore it before changing it.")
    changed = apply_changes(instance=review, data=_stripped(data, REVIEW_FIELDS), fields=REVIEW_FIELDS)
    _check_review(review, timezone.localdate())
    if changed:
        review.version += 1
        with acting_as(actor):
            review.save()
        timeline_record(
            instance=review.activity,
            actor=actor,
            verb=TimelineEvent.Verb.NOTE,
            summary=f"Review changed: {_review_summary(review)}",
        )
    return review


@transaction.atomic
def review_archive(*, actor, review: ActivityReview, reason: str) -> ActivityReview:
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": "Enter why you are archiving this review."})
    review = ActivityReview.objects.select_for_update().select_related("activity").get(pk=review.pk)
    _check_activity_open(review.activity, "archiving its reviews")
    with acting_as(actor):
        record_archive(instance=review, actor=actor, reason=reason)
    timeline_record(
        instance=review.activity,
        actor=actor,
        verb=TimelineEvent.Verb.NOTE,
        summary=f"Review archived: {_review_summary(review)} ({reason})",
    )
    return review


@transaction.atomic
def review_restore(*, actor, review: ActivityReview) -> ActivityReview:
    review = ActivityReview.objects.select_for_update().select_related("activity").get(pk=review.pk)
    _check_activity_open(review.activity, "restoring its reviews")
    with acting_as(actor):
        record_restore(instance=review, actor=actor)
    timeline_record(
        instance=review.activity,
        actor=actor,
        verb=TimelineEvent.Verb.NOTE,
        summary=f"Review restored: {_review_summary(review)}",
    )
    return review
