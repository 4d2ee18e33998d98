"""Reminders for boards (see commissioning/core/reminders.py).

- Minutes of a meeting are due within 3 weeks of it: from a week before that deadline until they are
  recorded, a reminder goes to the body's clerk and chair.
- Actions of the Action Plan for Commissioning due within 14 days or overdue (and not done): to the action's
  lead, or when it has none, to the chair of the owning sub group.

For one person: only the bodies they clerk or chair and the actions they lead (or whose sub group they chair)."""

from collections import defaultdict
from datetime import date, timedelta

from django.db.models import Q
from django.urls import reverse

from commissioning.core.reminders import DueItem
from commissioning.governance.models import Action, ActionStatus, BodyMember, Meeting, Position

MINUTES_WITHIN = timedelta(weeks=3)
MINUTES_WARNING = timedelta(weeks=1)
ACTION_WARNING_DAYS = 14


def _chair_seats():
    return BodyMember.objects.filter(position=Position.CHAIR, archived_at__isnull=True, user__isnull=False)


def _chairs(body_ids) -> dict[int, set[int]]:
    chairs = defaultdict(set)
    rows = _chair_seats().filter(body_id__in=body_ids).values_list("body_id", "user_id")
    for body_id, user_id in rows:
        chairs[body_id].add(user_id)
    return chairs


def due_items(*, today: date, user=None):
    # Meetings up to 13 weeks back whose minutes are still missing: overdue ones keep being listed for
    # 10 weeks after their deadline.
    meetings = (
        Meeting.objects.active()
        .filter(held_on__lte=today, held_on__gt=today - timedelta(weeks=13))
        .filter(Q(minutes="") & Q(minutes_file=""))
        .select_related("body")
    )
    actions = (
        Action.objects.active()
        .exclude(status=ActionStatus.DONE)
        .filter(due_on__lte=today + timedelta(days=ACTION_WARNING_DAYS))
        .select_related("owner_body")
    )
    if user is not None:
        chaired = _chair_seats().filter(user=user).values("body_id")
        meetings = meetings.filter(Q(body__clerk=user) | Q(body_id__in=chaired))
        actions = actions.filter(Q(owner=user) | Q(owner__isnull=True, owner_body_id__in=chaired))
    meetings, actions = list(meetings), list(actions)
    chairs = _chairs({m.body_id for m in meetings} | {a.owner_body_id for a in actions})
    for meeting in meetings:
        due = meeting.held_on + MINUTES_WITHIN
        if today < due - MINUTES_WARNING:
            continue
        recipients = set(chairs[meeting.body_id])
        if meeting.body.clerk_id:
            recipients.add(meeting.body.clerk_id)
        yield DueItem(
            key=f"governance.minutes:{meeting.pk}:due:{due.isoformat()}",
            kind="Board minutes due",
            title=f"Minutes of the {meeting.body.name}, {meeting.held_on:%-d %B %Y}",
            url=reverse("governance:minutes", args=[meeting.pk]),
            due=due,
            recipient_ids=tuple(sorted(recipients)),
        )
    for action in actions:
        recipients = {action.owner_id} if action.owner_id else set(chairs[action.owner_body_id])
        yield DueItem(
            key=f"governance.action:{action.pk}:due:{action.due_on.isoformat()}",
            kind="Action plan action overdue" if action.due_on < today else "Action plan action due",
            title=f"{action.reference} {action.title} ({action.owner_body.name})",
            url=reverse("governance:action-detail", args=[action.pk]),
            due=action.due_on,
            recipient_ids=tuple(sorted(recipients)),
        )
