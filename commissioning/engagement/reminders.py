"""Involvement reminders (see commissioning/core/reminders.py): consultations closing within 7 days (to the
person who runs them), and "you said, we did" feedback owed 8 weeks after involvement took place (to the
person who recorded it). For one person: only the consultations they run and the involvement they recorded."""

from collections.abc import Iterator
from datetime import date, timedelta

from commissioning.core.reminders import DueItem
from commissioning.engagement.models import Consultation, Involvement

CLOSING_WARNING_DAYS = 7
FEEDBACK_WEEKS = 8


def due_items(*, today: date, user=None) -> Iterator[DueItem]:
    closing = Consultation.objects.active().filter(
        starts_on__lte=today, ends_on__gte=today, ends_on__lte=today + timedelta(days=CLOSING_WARNING_DAYS)
    )
    if user is not None:
        closing = closing.filter(owner=user)
    for consultation in closing:
        yield DueItem(
            key=f"engagement.consultation:{consultation.pk}:closes:{consultation.ends_on.isoformat()}",
            kind="Consultation closing",
            title=str(consultation),
            url=consultation.get_absolute_url(),
            due=consultation.ends_on,
            recipient_ids=(consultation.owner_id,),
        )
    owed = (
        Involvement.objects.active()
        .filter(
            feedback_given_on__isnull=True,
            activity__archived_at__isnull=True,
            took_place_on__lte=today - timedelta(weeks=FEEDBACK_WEEKS) + timedelta(days=CLOSING_WARNING_DAYS),
        )
        .select_related("activity")
    )
    if user is not None:
        owed = owed.filter(recorded_by=user)
    for involvement in owed:
        due = involvement.took_place_on + timedelta(weeks=FEEDBACK_WEEKS)
        yield DueItem(
            key=f"engagement.involvement:{involvement.pk}:feedback:{due.isoformat()}",
            kind="Feedback (you said, we did) overdue" if due < today else "Feedback (you said, we did) due",
            title=f"{involvement} ({involvement.activity})",
            url=involvement.get_absolute_url(),
            due=due,
            recipient_ids=(involvement.recorded_by_id,),
        )
