"""Reports of commissioning activities and strategies for a board pack (see commissioning/core/board_reports.py)."""

from django.utils import timezone

from commissioning.core.board_reports import BoardReport
from commissioning.cycle import selectors
from commissioning.cycle.models import CommissioningActivity, Strategy


def _activity_context(activity: CommissioningActivity) -> dict:
    steps = selectors.activity_steps(activity)
    strategy = Strategy.objects.filter(activity=activity, archived_at__isnull=True).first()
    return {
        "activity": activity,
        "steps": steps,
        "done": sum(1 for s in steps if s.status == "complete"),
        "today": timezone.localdate(),
        "strategy": strategy,
    }


def board_report(record) -> BoardReport | None:
    if isinstance(record, CommissioningActivity):
        activity = selectors.activity_detail(record.pk)
        return BoardReport(
            title=f"Activity summary: {activity.title}",
            template_name="governance/board_reports/activity.html",
            context=_activity_context(activity),
            url=activity.get_absolute_url(),
        )
    if isinstance(record, Strategy):
        activity = selectors.activity_detail(record.activity_id)
        return BoardReport(
            title=f"Strategy: {record.title}",
            template_name="governance/board_reports/strategy.html",
            context={**_activity_context(activity), "strategy": record},
            url=record.get_absolute_url(),
        )
    return None
