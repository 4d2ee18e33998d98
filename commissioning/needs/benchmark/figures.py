"""One published figure with its 95% confidence interval, and the words that explain it."""

from __future__ import annotations

from dataclasses import dataclass

from commissioning.needs import statistics
from commissioning.needs.models import UNIT_MULTIPLIER, Area, Polarity, Suppression, Unit

PUBLISHED = "published"
COMPUTED = "computed"


class BenchmarkError(Exception):
    """A question the benchmark cannot answer, naming the parameter at fault.

    `not_found` is True when the thing asked for does not exist (an API answers 404), False when the
    request is malformed (400)."""

    def __init__(self, message: str, *, field: str, not_found: bool = True):
        super().__init__(message)
        self.message = message
        self.field = field
        self.not_found = not_found


def unit_kind(unit: str) -> tuple[str | None, float]:
    """How intervals are computed for a unit, and its multiplier: percentages are proportions (Wilson),
    rates per N are rates (Byar's or exact), counts are counts; scores have no computed interval."""
    if unit == Unit.PERCENTAGE:
        return statistics.PROPORTION, UNIT_MULTIPLIER[Unit.PERCENTAGE]
    if unit in UNIT_MULTIPLIER:
        return statistics.RATE, UNIT_MULTIPLIER[unit]
    if unit == Unit.COUNT:
        return statistics.COUNT, 1
    return None, 1


def parse_breakdown(text: str | None, *, field: str = "breakdown") -> tuple[str, str]:
    """Sex:Female → ("Sex", "Female"); empty → everyone ("", "")."""
    text = (text or "").strip()
    if not text:
        return "", ""
    name, colon, category = text.partition(":")
    if not colon or not name.strip() or not category.strip():
        raise BenchmarkError(
            "Write the group as NAME:CATEGORY, for example Sex:Female.",
            field=field,
            not_found=False,
        )
    return name.strip(), category.strip()


@dataclass
class Figure:
    """An area's figure for one period, with its interval and, where something is missing, why."""

    area: Area
    period: str
    value: float | None = None
    lower: float | None = None
    upper: float | None = None
    interval_source: str = ""  # published, computed, or empty when there is no interval
    interval_method: str = ""
    numerator: float | None = None
    denominator: float | None = None
    suppression: str = ""
    note: str = ""
    significance: str = statistics.NOT_COMPARED
    rank: int | None = None

    @property
    def has_interval(self) -> bool:
        return self.lower is not None and self.upper is not None

    @property
    def suppression_label(self) -> str:
        return Suppression(self.suppression).label if self.suppression else ""

    def series_point(self, x: float) -> statistics.SeriesPoint:
        return statistics.SeriesPoint(x, self.value, self.lower, self.upper, self.numerator, self.denominator)


def _missing_note(row) -> str:
    if row is None:
        return "No figure was published for this period."
    if row.suppression == Suppression.CONFIDENTIAL:
        return 'Suppressed ("c") to protect confidentiality.'
    if row.suppression == Suppression.LOW:
        return "Published as rounding to zero."
    if row.suppression:
        return f'{Suppression(row.suppression).label} ("{row.suppression}").'
    return "No figure was published for this period."


def figure_from(row, *, area: Area, period: str, kind: str | None, multiplier: float) -> Figure:
    """The figure of a stored value (an IndicatorValue or the selectors' StoredValue, or None): the published
    interval if there is one, else one computed from the numerator and denominator when the unit allows,
    else none with the reason."""
    figure = Figure(area=area, period=period)
    if row is None or row.value is None:
        figure.suppression = row.suppression if row else ""
        figure.note = _missing_note(row)
        return figure
    figure.value = row.value
    figure.numerator = row.numerator
    figure.denominator = row.denominator
    figure.suppression = row.suppression
    if row.lower_ci is not None and row.upper_ci is not None:
        figure.lower, figure.upper = row.lower_ci, row.upper_ci
        figure.interval_source, figure.interval_method = PUBLISHED, "As published"
        return figure
    if kind is None:
        figure.note = "No interval was published, and none is computed for a score."
        return figure
    interval = statistics.confidence_interval(
        kind=kind,
        value=row.value,
        numerator=row.numerator,
        denominator=row.denominator,
        multiplier=multiplier,
    )
    if interval is None:
        figure.note = "No interval: the numerator and denominator were not published."
        return figure
    figure.lower, figure.upper = interval.lower, interval.upper
    figure.interval_source, figure.interval_method = COMPUTED, interval.method
    return figure


_COMPARISON_WORDS = {
    statistics.BETTER: "Significantly better than England",
    statistics.WORSE: "Significantly worse than England",
    statistics.HIGHER: "Significantly higher than England",
    statistics.LOWER: "Significantly lower than England",
    statistics.SIMILAR: "Similar to England: the difference is not significant",
}


def significance_words(figure: Figure, england: Figure | None) -> str:
    """The comparison with England in plain words, with the reason when it cannot be made."""
    if figure.significance in _COMPARISON_WORDS:
        return _COMPARISON_WORDS[figure.significance]
    if figure.value is None or not figure.has_interval:
        return f"Not compared. {figure.note}" if figure.note else "Not compared."
    if england is None or england.value is None:
        return "Not compared: there is no England figure for this period."
    return "Not compared."


def polarity_words(polarity: str) -> str:
    return Polarity(polarity).label if polarity in Polarity.values else ""
