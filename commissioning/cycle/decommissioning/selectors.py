"""Reads of the services an activity decommissions. The views check the activity may be seen first."""

from django.db.models import QuerySet
from django.urls import NoReverseMatch, reverse

from commissioning.core.models import TimelineEvent
from commissioning.cycle.decommissioning.services import WITHDRAWN_PREFIX
from commissioning.cycle.models import CommissioningActivity, Decommissioning, DecommissioningStatus


def decommissioning_list(
    activity: CommissioningActivity, *, include_archived: bool = False
) -> QuerySet[Decommissioning]:
    records = activity.decommissionings.select_related("activity", "provider", "lead")
    if not include_archived:
        records = records.active()
    return records.order_by("-created_at", "-pk")


def decommissioning_for(activity: CommissioningActivity, pk: int) -> Decommissioning:
    return activity.decommissionings.select_related("activity", "provider", "lead", "archived_by").get(pk=pk)


def withdrawal_reason(record: Decommissioning) -> str:
    """Why a withdrawn decommissioning was withdrawn, from its timeline."""
    if record.status != DecommissioningStatus.WITHDRAWN:
        return ""
    event = (
        TimelineEvent.objects.filter(
            content_type__app_label="cycle",
            content_type__model="decommissioning",
            object_id=str(record.pk),
            verb=TimelineEvent.Verb.NOTE,
            summary__startswith=WITHDRAWN_PREFIX,
        )
        .order_by("-occurred_at", "-pk")
        .first()
    )
    return event.summary.removeprefix(WITHDRAWN_PREFIX) if event else ""


def equality_assessment(activity: CommissioningActivity) -> dict:
    """The activity's equality impact assessment, read-only: its status, and a link when that page exists."""
    assessment = getattr(activity, "equality_assessment", None)
    try:
        url = reverse("cycle:equality:detail", args=[activity.pk])
    except NoReverseMatch:
        url = ""
    if assessment is None:
        status = "No equality impact assessment is recorded for this activity"
    elif assessment.is_archived:
        status = "The equality impact assessment is archived"
    else:
        status = f"{assessment.get_status_display()} ({assessment.get_scale_display().lower()})"
    return {"assessment": assessment, "status": status, "url": url}
