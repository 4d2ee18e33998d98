"""An activity's own records and its self-assessment progress, on its page, are kept in the table cache until one
of them is written (committed transactions, as in production)."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from commissioning.conftest import queries_of
from commissioning.cycle import selectors, services
from commissioning.cycle.resources import services as resource_services

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("empty_cache")]


def test_records_are_served_again_until_a_budget_is_agreed(activity, commissioner):
    assert selectors.activity_records(activity)["budget_count"] == 0
    selectors.activity_records(activity)
    assert queries_of(lambda: selectors.activity_records(activity)) == 0

    resource_services.budget_create(
        actor=commissioner,
        activity=activity,
        data={
            "amount": Decimal("1234"),
            "period": "2026/27 to 2028/29",
            "agreed_by": "Children and Young People's Partnership Board",
            "agreed_on": timezone.localdate() - timedelta(days=30),
            "reference": "CYPPB 2026/14",
            "notes": "Council base budget.",
        },
    )

    records = selectors.activity_records(activity)
    assert (records["budget_count"], records["budget_total"]) == (1, Decimal("1234"))


def test_self_assessment_progress_is_served_again_until_a_question_is_answered(activity, commissioner):
    assert selectors.self_assessment_progress(activity)[0]["answered"] == 0
    selectors.self_assessment_progress(activity)
    assert queries_of(lambda: selectors.self_assessment_progress(activity)) == 0

    services.self_assessment_save(
        actor=commissioner, activity=activity, step_number=1, answers={"1.1": ("yes", "JSNA 2025, chapter 3")}
    )

    assert selectors.self_assessment_progress(activity)[0]["by_answer"] == {"yes": 1}
