"""Cycle reminders (see commissioning/core/reminders.py): steps not finished that are due within 14 days or
overdue, to the activity's lead commissioner (for one person: only the activities they lead)."""

from collections.abc import Iterator
from datetime import date, timedelta

from django.urls import reverse

from commissioning.core.reminders import DueItem
from commissioning.cycle.models import ActivityStatus, ActivityStep, StepStatus

WARNING_DAYS = 14


def due_items(*, today: date, user=None) -> Iterator[DueItem]:
    steps = (
        ActivityStep.objects.filter(
            activity__archived_at__isnull=True,
            due_date__lte=today + timedelta(days=WARNING_DAYS),
            status__in=[StepStatus.NOT_STARTED, StepStatus.IN_PROGRESS],
        )
        .exclude(activity__status=ActivityStatus.COMPLETED)
        .select_related("activity")
        .order_by("due_date", "pk")
    )
    if user is not None:
        steps = steps.filter(activity__lead_commissioner=user)
    for step in steps:
        yield DueItem(
            key=f"cycle.step:{step.pk}:due:{step.due_date.isoformat()}",
            kind="Step overdue" if step.due_date < today else "Step due",
            title=f"Step {step.number} of {step.activity.title}",
            url=reverse("cycle:step", args=[step.activity_id, step.number]),
            due=step.due_date,
            recipient_ids=(step.activity.lead_commissioner_id,),
        )
