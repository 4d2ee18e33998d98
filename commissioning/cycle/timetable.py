"""The annual commissioning timetable (Gateshead's commissioning handbook): when each quadrant's work is due.

A cycle year starts in April: cycle year 2026 is April 2026 to March 2027. Assess runs April to June, Plan
July to September, Do September to March, and Review all year with the formal review December to March.
"""

import calendar
from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class QuadrantTimetable:
    quadrant: str
    label: str
    steps: tuple[int, ...]
    start_month: int
    end_month: int
    months: str


TIMETABLE = (
    QuadrantTimetable("assess", "Assess", (1, 2, 3), 4, 6, "April to June"),
    QuadrantTimetable("plan", "Plan", (4, 5), 7, 9, "July to September"),
    QuadrantTimetable("do", "Do", (6, 7, 8), 9, 3, "September to March"),
    QuadrantTimetable("review", "Review", (9,), 4, 3, "All year; formal review December to March"),
)
STEP_QUADRANT = {step: quadrant for quadrant in TIMETABLE for step in quadrant.steps}


def cycle_year_label(year: int) -> str:
    return f"{year}/{str(year + 1)[-2:]}"


def _in_cycle(year: int, month: int) -> int:
    """The calendar year of a month within the cycle year starting in April of `year`."""
    return year if month >= 4 else year + 1


def quadrant_dates(quadrant: QuadrantTimetable, cycle_year: int) -> tuple[date, date]:
    start_year = _in_cycle(cycle_year, quadrant.start_month)
    end_year = _in_cycle(cycle_year, quadrant.end_month)
    last_day = calendar.monthrange(end_year, quadrant.end_month)[1]
    return date(start_year, quadrant.start_month, 1), date(end_year, quadrant.end_month, last_day)


def step_due_date(step: int, cycle_year: int) -> date:
    """A step is due at the end of its quadrant's period in the cycle year."""
    return quadrant_dates(STEP_QUADRANT[step], cycle_year)[1]


def current_cycle_year(today: date) -> int:
    return today.year if today.month >= 4 else today.year - 1
