"""Reads for involvement and consultations, each doing its own joins so list pages stay at a fixed number of
queries."""

from datetime import date

from django.db.models import Count, Prefetch, Q, QuerySet

from commissioning.cycle.models import CommissioningActivity
from commissioning.engagement.models import (
    Consultation,
    Involvement,
    InvolvementCount,
    Panel,
    SupportType,
)

INVOLVEMENT_ORDERING = {
    "newest": ["-took_place_on", "-id"],
    "oldest": ["took_place_on", "id"],
    "activity": ["activity__title", "step__number", "-took_place_on"],
    "step": ["step__number", "-took_place_on"],
}


def _involvement_base() -> QuerySet:
    return Involvement.objects.select_related("activity", "step", "panel").prefetch_related(
        Prefetch("counts", queryset=InvolvementCount.objects.order_by("group")),
        Prefetch("support_types", queryset=SupportType.objects.order_by("name")),
    )


def involvement_list(
    *,
    search: str = "",
    group: str = "",
    method: str = "",
    step: int | None = None,
    service_area: str = "",
    activity_id: int | None = None,
    feedback: str = "",
    include_archived: bool = False,
    ordering: str = "newest",
) -> QuerySet:
    queryset = _involvement_base()
    if not include_archived:
        queryset = queryset.filter(archived_at__isnull=True)
    if search:
        queryset = queryset.filter(
            Q(title__icontains=search) | Q(summary__icontains=search) | Q(activity__title__icontains=search)
        )
    if group:
        queryset = queryset.filter(counts__group=group)
    if method:
        queryset = queryset.filter(method=method)
    if step:
        queryset = queryset.filter(step__number=step)
    if service_area:
        queryset = queryset.filter(activity__service_area=service_area)
    if activity_id:
        queryset = queryset.filter(activity_id=activity_id)
    if feedback == "given":
        queryset = queryset.filter(feedback_given_on__isnull=False)
    elif feedback == "owed":
        queryset = queryset.filter(feedback_given_on__isnull=True)
    return queryset.distinct().order_by(*INVOLVEMENT_ORDERING.get(ordering, INVOLVEMENT_ORDERING["newest"]))


def involvement_detail(pk: int) -> Involvement:
    return _involvement_base().select_related("recorded_by").get(pk=pk)


def activity_for_engagement(pk: int) -> CommissioningActivity:
    return CommissioningActivity.objects.prefetch_related("steps").get(pk=pk)


def activity_involvement(activity: CommissioningActivity) -> dict:
    """The activity's involvement by step (all nine steps, empty ones too) and its consultations."""
    records = list(involvement_list(activity_id=activity.pk, ordering="step"))
    steps = []
    for step in activity.steps.all():
        steps.append({"step": step, "records": [r for r in records if r.step_id == step.pk]})
    consultations = list(
        Consultation.objects.active().filter(activity=activity).annotate(response_count=Count("responses"))
    )
    return {"steps": steps, "records": records, "consultations": consultations}


def support_types(*, include_archived: bool = False) -> QuerySet:
    queryset = SupportType.objects.all()
    return queryset if include_archived else queryset.active()


def panels() -> QuerySet:
    return Panel.objects.active().prefetch_related("members").annotate(record_count=Count("involvements"))


def consultation_list(*, search: str = "", status: str = "", today: date, include_archived: bool = False):
    queryset = Consultation.objects.select_related("activity", "owner").annotate(
        response_count=Count("responses")
    )
    if not include_archived:
        queryset = queryset.filter(archived_at__isnull=True)
    if search:
        queryset = queryset.filter(Q(title__icontains=search) | Q(purpose__icontains=search))
    if status == "open":
        queryset = queryset.filter(starts_on__lte=today, ends_on__gte=today)
    elif status == "upcoming":
        queryset = queryset.filter(starts_on__gt=today)
    elif status == "closed":
        queryset = queryset.filter(ends_on__lt=today)
    return queryset.order_by("-starts_on", "title")


def consultation_detail(pk: int) -> Consultation:
    return (
        Consultation.objects.select_related("activity", "owner")
        .annotate(response_count=Count("responses"))
        .get(pk=pk)
    )


def published_consultations() -> QuerySet:
    return Consultation.objects.active().filter(published_on__isnull=False).order_by("-published_on", "title")


# The panel member's view ---------------------------------------------------------------------------------------


def panel_involvement(user) -> QuerySet:
    """Involvement of the panels the person belongs to, and nothing else."""
    return (
        _involvement_base()
        .filter(
            archived_at__isnull=True,
            panel__archived_at__isnull=True,
            panel__members=user,
        )
        .distinct()
        .order_by("-took_place_on", "-id")
    )


def panel_feedback(user) -> QuerySet:
    return (
        panel_involvement(user).filter(feedback_given_on__isnull=False).order_by("-feedback_given_on", "-id")
    )


def consultations_for_young_people(*, today: date) -> QuerySet:
    return (
        Consultation.objects.active()
        .filter(open_to_young_people=True, starts_on__lte=today, ends_on__gte=today)
        .order_by("ends_on", "title")
    )


def feedback_owed(*, today: date, weeks: int = 8) -> QuerySet:
    from datetime import timedelta

    return (
        Involvement.objects.active()
        .filter(feedback_given_on__isnull=True, took_place_on__lte=today - timedelta(weeks=weeks))
        .filter(activity__archived_at__isnull=True)
        .select_related("activity", "step")
    )


STATUS_LABELS = [("upcoming", "Not yet open"), ("open", "Open"), ("closed", "Closed")]
