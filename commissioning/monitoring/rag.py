"""Red, amber and green: pure functions, no database.

A KPI is green when the actual meets the target (at or above it when higher is better, at or below it when
lower is better); amber when it misses by no more than the tolerance (a percentage of the target); red when
it misses by more. An agreement takes the worst rating of its KPIs in a period; with no actuals it has none.
"""

from decimal import Decimal
from enum import StrEnum


class Rag(StrEnum):
    GREEN = "green"
    AMBER = "amber"
    RED = "red"

    @property
    def label(self) -> str:
        return {
            "green": "Green: meets target",
            "amber": "Amber: within tolerance",
            "red": "Red: below tolerance",
        }[self.value]

    @property
    def tag_class(self) -> str:
        return {"green": "govuk-tag--green", "amber": "govuk-tag--yellow", "red": "govuk-tag--red"}[
            self.value
        ]


ORDER = {Rag.GREEN: 0, Rag.AMBER: 1, Rag.RED: 2}


def kpi_rag(*, actual: Decimal, target: Decimal, polarity: str, tolerance: Decimal) -> Rag:
    """The rating of one actual against its target. polarity is "higher" or "lower" (is better)."""
    actual, target, tolerance = Decimal(actual), Decimal(target), Decimal(tolerance)
    margin = abs(target) * tolerance / Decimal(100)
    shortfall = actual - target if polarity == "lower" else target - actual
    if shortfall <= 0:
        return Rag.GREEN
    if shortfall <= margin:
        return Rag.AMBER
    return Rag.RED


def worst(ratings) -> Rag | None:
    """The agreement's rating: the worst of its KPIs' ratings, or None when there are none."""
    ratings = [r for r in ratings if r is not None]
    if not ratings:
        return None
    return max(ratings, key=lambda r: ORDER[r])
