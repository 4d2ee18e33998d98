"""The programme by quadrant, on the activities page, is kept in the table cache until a step or an activity is
written, for each day (committed transactions, as in production)."""

from datetime import date, timedelta

import pytest

from commissioning.conftest import queries_of
from commissioning.cycle import selectors, services
from commissioning.cycle.models import StepStatus

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("empty_cache")]


def _assess(programme) -> dict:
    return next(entry for entry in programme["quadrants"] if entry["quadrant"].quadrant == "assess")


def test_served_again_until_a_step_changes(activity, commissioner):
    today = date(2026, 6, 1)
    first = selectors.programme_overview(user=commissioner, today=today)
    selectors.programme_overview(user=commissioner, today=today)
    assert queries_of(lambda: selectors.programme_overview(user=commissioner, today=today)) == 0

    step = activity.steps.get(number=1)
    services.step_set_status(
        actor=commissioner, step=step, status=StepStatus.IN_PROGRESS, expected_version=step.version
    )

    after = selectors.programme_overview(user=commissioner, today=today)
    assert _assess(after)["totals"]["in_progress"] == _assess(first)["totals"]["in_progress"] + 1
    assert _assess(after)["totals"]["not_started"] == _assess(first)["totals"]["not_started"] - 1


def test_overdue_steps_follow_the_day_and_an_archived_activity_leaves(activity, commissioner):
    step = activity.steps.get(number=1)
    day_before, day_after = step.due_date - timedelta(days=1), step.due_date + timedelta(days=1)
    assert selectors.programme_overview(user=commissioner, today=day_before)["overdue_count"] == 0
    assert selectors.programme_overview(user=commissioner, today=day_after)["overdue_count"] >= 1
    selectors.programme_overview(user=commissioner, today=day_after)

    services.activity_archive(actor=commissioner, activity=activity, reason="Merged into another activity")

    assert selectors.programme_overview(user=commissioner, today=day_after)["overdue_count"] == 0


def test_none_for_someone_who_may_not_see_activities(activity, provider_user):
    assert selectors.programme_overview(user=provider_user, today=date(2026, 6, 1)) == {
        "quadrants": [],
        "overdue": [],
        "overdue_count": 0,
    }
