"""Reads of an activity's agreed budgets and reviews. The views check the activity may be seen first."""

from decimal import Decimal

from django.db.models import QuerySet, Sum

from commissioning.cycle.models import ActivityBudget, ActivityReview, CommissioningActivity


def budget_list(
    activity: CommissioningActivity, *, include_archived: bool = False
) -> QuerySet[ActivityBudget]:
    budgets = activity.budgets.select_related("recorded_by", "archived_by")
    if not include_archived:
        budgets = budgets.active()
    return budgets.order_by("-agreed_on", "-pk")


def budget_total(activity: CommissioningActivity) -> Decimal:
    """The sum of the budgets that are not archived."""
    total = activity.budgets.active().aggregate(total=Sum("amount"))["total"]
    return total or Decimal("0.00")


def budget_for(activity: CommissioningActivity, pk: int) -> ActivityBudget:
    return activity.budgets.select_related("recorded_by", "archived_by").get(pk=pk)


def review_list(
    activity: CommissioningActivity, *, include_archived: bool = False
) -> QuerySet[ActivityReview]:
    reviews = activity.reviews.select_related("reviewed_by", "archived_by")
    if not include_archived:
        reviews = reviews.active()
    return reviews.order_by("-reviewed_on", "-pk")


def review_for(activity: CommissioningActivity, pk: int) -> ActivityReview:
    return activity.reviews.select_related("reviewed_by", "archived_by").get(pk=pk)
