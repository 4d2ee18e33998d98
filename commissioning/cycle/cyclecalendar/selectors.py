"""Reads for the annual-cycle calendar. Two queries whatever the number of activities."""

from dataclasses import dataclass, field
from datetime import date

from django.db.models import Prefetch

from commissioning.cycle.models import ActivityStep, CommissioningActivity
from commissioning.cycle.selectors import activity_list
from commissioning.cycle.timetable import TIMETABLE

FORMAL_REVIEW_MONTHS = (12, 1, 2, 3)


def cycle_months(cycle_year: int) -> list[date]:
    """The twelve months of a cycle year, April to March."""
    return [date(cycle_year + (month < 4), month, 1) for month in (*range(4, 13), *range(1, 4))]


def _month_index(cycle_year: int, day: date) -> int:
    return (day.year - cycle_year) * 12 + day.month - 4


def quadrant_bands(cycle_year: int) -> list[dict]:
    """For each quadrant, which months of the year it runs in (Review: all year, formal review marked)."""
    bands = []
    for quadrant in TIMETABLE:
        if quadrant.quadrant == "review":
            months = [
                "formal" if m.month in FORMAL_REVIEW_MONTHS else "monitoring"
                for m in cycle_months(cycle_year)
            ]
        else:
            start = (quadrant.start_month - 4) % 12
            end = (quadrant.end_month - 4) % 12
            months = ["on" if start <= index <= end else "" for index in range(12)]
        bands.append({"quadrant": quadrant, "months": months})
    return bands


@dataclass
class CalendarStep:
    step: ActivityStep
    overdue: bool


@dataclass
class CalendarRow:
    activity: CommissioningActivity
    before: list[CalendarStep] = field(default_factory=list)
    months: list[list[CalendarStep]] = field(default_factory=lambda: [[] for _ in range(12)])
    after: list[CalendarStep] = field(default_factory=list)


def calendar_activities(*, user, cycle_year: int, today: date, service_area: str = "", mine: bool = False):
    steps = ActivityStep.objects.select_related("guidance").order_by("due_date", "number")
    return activity_list(
        user=user, today=today, cycle_year=cycle_year, service_area=service_area, mine=mine, ordering="title"
    ).prefetch_related(Prefetch("steps", queryset=steps))


def calendar_rows(*, user, cycle_year: int, today: date, service_area: str = "", mine: bool = False) -> dict:
    """Each activity of the year with its steps placed in the month they are due."""
    rows = []
    for activity in calendar_activities(
        user=user, cycle_year=cycle_year, today=today, service_area=service_area, mine=mine
    ):
        row = CalendarRow(activity=activity)
        for step in activity.steps.all():
            entry = CalendarStep(step=step, overdue=step.due_date < today and not step.is_finished)
            index = _month_index(cycle_year, step.due_date)
            if index < 0:
                row.before.append(entry)
            elif index > 11:
                row.after.append(entry)
            else:
                row.months[index].append(entry)
        rows.append(row)
    return {
        "rows": rows,
        "has_before": any(row.before for row in rows),
        "has_after": any(row.after for row in rows),
    }


def calendar_steps(*, user, cycle_year: int, today: date, service_area: str = "", mine: bool = False):
    """Unfinished steps of the year's activities, for the iCalendar feed."""
    for activity in calendar_activities(
        user=user, cycle_year=cycle_year, today=today, service_area=service_area, mine=mine
    ):
        for step in activity.steps.all():
            if not step.is_finished:
                yield activity, step
