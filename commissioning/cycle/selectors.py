"""Reads of commissioning activities, for the people allowed to see them."""

from datetime import date

from django.db.models import Count, Q, QuerySet, Sum

from commissioning.core.queries import count_of
from commissioning.core.table_cache import remember
from commissioning.cycle.models import (
    ActivityStep,
    CommissioningActivity,
    EqualityImpactAssessment,
    StepStatus,
    Strategy,
)
from commissioning.cycle.timetable import TIMETABLE, current_cycle_year, quadrant_dates
from commissioning.frameworks.models import FrameworkItem

ORDERINGS = {
    "title": ("title",),
    "-updated": ("-updated_at",),
    "year": ("-cycle_year", "title"),
    "area": ("service_area", "title"),
}
FINISHED = (StepStatus.COMPLETE, StepStatus.NOT_APPLICABLE)


def activity_list(
    *,
    user,
    today: date,
    search: str = "",
    service_area: str = "",
    status: str = "",
    cycle_year: int | None = None,
    mine: bool = False,
    include_archived: bool = False,
    ordering: str = "year",
) -> QuerySet[CommissioningActivity]:
    if not user.has_perm("cycle.view_activity_list"):
        return CommissioningActivity.objects.none()
    queryset = CommissioningActivity.objects.select_related(
        "lead_commissioner", "lead_organisation"
    ).annotate(
        steps_finished=count_of(ActivityStep.objects.filter(status__in=FINISHED), "activity"),
        steps_overdue=count_of(
            ActivityStep.objects.filter(due_date__lt=today).exclude(status__in=FINISHED), "activity"
        ),
    )
    if not include_archived:
        queryset = queryset.active()
    if search:
        queryset = queryset.filter(Q(title__icontains=search) | Q(purpose__icontains=search))
    if service_area:
        queryset = queryset.filter(service_area=service_area)
    if status:
        queryset = queryset.filter(status=status)
    if cycle_year:
        queryset = queryset.filter(cycle_year=cycle_year)
    if mine:
        queryset = queryset.filter(lead_commissioner=user)
    return queryset.order_by(*ORDERINGS.get(ordering, ORDERINGS["year"]), "pk")


def activity_detail(pk: int) -> CommissioningActivity:
    return (
        CommissioningActivity.objects.select_related(
            "lead_commissioner", "lead_organisation", "archived_by", "previous"
        )
        .prefetch_related("partners", "outcomes__framework")
        .get(pk=pk)
    )


def activity_steps(activity: CommissioningActivity) -> list[ActivityStep]:
    return list(activity.steps.select_related("guidance__framework").order_by("number"))


def cycle_view(steps: list[ActivityStep], today: date) -> list[dict]:
    """The four quadrants with their steps, each step with its status and whether it is overdue."""
    by_number = {step.number: step for step in steps}
    return [
        {
            "quadrant": quadrant,
            "steps": [
                {
                    "step": by_number[n],
                    "overdue": by_number[n].due_date < today and not by_number[n].is_finished,
                }
                for n in quadrant.steps
                if n in by_number
            ],
        }
        for quadrant in TIMETABLE
    ]


def programme_overview(*, user, today: date, overdue_limit: int = 10) -> dict:
    """Across live activities: each quadrant's steps by status, the quadrant we are in now, and overdue steps."""
    if not user.has_perm("cycle.view_activity_list"):
        return {"quadrants": [], "overdue": [], "overdue_count": 0}
    return remember(
        f"cycle.programme_overview:{today.isoformat()}:{overdue_limit}",
        lambda: _programme_overview(today, overdue_limit),
    )


def _programme_overview(today: date, overdue_limit: int) -> dict:
    steps = ActivityStep.objects.filter(activity__archived_at__isnull=True)
    counts = {
        (row["number"], row["status"]): row["total"]
        for row in steps.values("number", "status").annotate(total=Count("pk")).order_by()
    }
    overdue_steps = steps.filter(due_date__lt=today).exclude(status__in=FINISHED)
    overdue_by_number = dict(
        overdue_steps.values("number").annotate(total=Count("pk")).order_by().values_list("number", "total")
    )
    quadrants = []
    for quadrant in TIMETABLE:
        start, end = quadrant_dates(quadrant, current_cycle_year(today))
        status_totals = {
            status: sum(counts.get((n, status), 0) for n in quadrant.steps) for status in StepStatus.values
        }
        quadrants.append(
            {
                "quadrant": quadrant,
                "totals": status_totals,
                "overdue": sum(overdue_by_number.get(n, 0) for n in quadrant.steps),
                "now": start <= today <= end and quadrant.quadrant != "review",
            }
        )
    overdue = list(
        overdue_steps.select_related("activity", "guidance").order_by(
            "due_date", "activity__title", "number"
        )[:overdue_limit]
    )
    return {"quadrants": quadrants, "overdue": overdue, "overdue_count": overdue_steps.count()}


def activities_led_by(user, today: date) -> QuerySet[CommissioningActivity]:
    return activity_list(user=user, today=today, mine=True, ordering="year")


def self_assessment_progress(activity: CommissioningActivity) -> list[dict]:
    """For each step: how many of its questions are answered, and how (Yes, No, Partly, Not applicable). Kept in
    the table cache until an answer or the framework library is written."""
    return remember(
        f"cycle.self_assessment_progress|{activity.pk}", lambda: _self_assessment_progress(activity)
    )


def _self_assessment_progress(activity: CommissioningActivity) -> list[dict]:
    totals = dict(
        FrameworkItem.objects.filter(framework__slug="staffordshire-self-assessment", kind="question")
        .values("parent__ref")
        .annotate(total=Count("pk"))
        .order_by()
        .values_list("parent__ref", "total")
    )
    answered = {}
    for row in activity.answers.values("step_number", "answer").annotate(total=Count("pk")).order_by():
        answered.setdefault(row["step_number"], {})[row["answer"]] = row["total"]
    progress = []
    for number in range(1, 10):
        by_answer = answered.get(number, {})
        progress.append(
            {
                "number": number,
                "questions": totals.get(str(number), 0),
                "answered": sum(by_answer.values()),
                "by_answer": by_answer,
            }
        )
    return progress


def activity_records(activity: CommissioningActivity) -> dict:
    """What the activity's own records say, for its page: budgets agreed, reviews and decommissionings. Kept in the
    table cache until one of those records is written."""
    return remember(f"cycle.activity_records|{activity.pk}", lambda: _activity_records(activity))


def _activity_records(activity: CommissioningActivity) -> dict:
    budgets = activity.budgets.active().aggregate(total=Sum("amount"), count=Count("pk"))
    latest_review = activity.reviews.active().order_by("-reviewed_on").first()
    return {
        "budget_total": budgets["total"],
        "budget_count": budgets["count"],
        "review_count": activity.reviews.active().count(),
        "latest_review": latest_review,
        "decommissionings": list(activity.decommissionings.active().order_by("-created_at")),
        "assessment": EqualityImpactAssessment.objects.active().filter(activity=activity).first(),
        "strategy": Strategy.objects.active().filter(activity=activity).first(),
        "needs_analyses": list(activity.needs_analyses.active().order_by("title")),
    }
