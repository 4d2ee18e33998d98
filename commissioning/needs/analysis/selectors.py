"""Reads for needs analyses: the list, an analysis with its priorities, and the series and forecast of an
indicator for the analysis's area."""

from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet

from commissioning.needs import statistics
from commissioning.needs.models import AnalysisStatus, Indicator, IndicatorValue, NeedsAnalysis, Priority

MINIMUM_POINTS_TO_FORECAST = 3


def analysis_list(*, user, search: str = "", status: str = "", include_archived: bool = False) -> QuerySet:
    if not user.has_perm("needs.view_analyses"):
        return NeedsAnalysis.objects.none()
    queryset = NeedsAnalysis.objects.select_related("activity", "area", "author").annotate(
        priority_count=Count("priorities", filter=Q(priorities__archived_at__isnull=True))
    )
    if not include_archived:
        queryset = queryset.active()
    if search:
        queryset = queryset.filter(Q(title__icontains=search) | Q(topic__icontains=search))
    if status:
        queryset = queryset.filter(status=status)
    return queryset.order_by("-updated_at", "pk")


def final_priorities_for_activity(activity) -> list[Priority]:
    """The priorities of the activity's final needs analyses, in their analyses' and their own order."""
    return list(
        Priority.objects.active()
        .filter(
            analysis__activity=activity, analysis__status=AnalysisStatus.FINAL, analysis__archived_at=None
        )
        .select_related("analysis")
        .prefetch_related("outcomes")
        .order_by("analysis__created_at", "analysis_id", "rank", "id")
    )


def priorities_of(analysis: NeedsAnalysis) -> list[Priority]:
    return list(
        analysis.priorities.active()
        .select_related("baseline_indicator")
        .prefetch_related("outcomes__framework", "indicators")
        .order_by("rank", "id")
    )


@dataclass
class SeriesPoint:
    period: str
    period_sort: int
    value: float | None
    suppression: str


@dataclass
class Projection:
    points: list[SeriesPoint]
    forecast: list[tuple[str, statistics.ForecastPoint]]
    reason: str = ""


def series(indicator: Indicator, area) -> list[SeriesPoint]:
    rows = IndicatorValue.objects.filter(indicator=indicator, area=area, breakdown="", category="").order_by(
        "period_sort", "period"
    )
    return [SeriesPoint(r.period, r.period_sort, r.value, r.suppression) for r in rows]


def _label(year: int, like: str) -> str:
    return f"{year}/{str(year + 1)[-2:]}" if "/" in like else str(year)


def projection(indicator: Indicator | None, area, years: int) -> Projection | None:
    """The indicator's values for the area and a straight-line forecast with its 95% prediction interval."""
    if indicator is None or area is None:
        return None
    points = series(indicator, area)
    known = [p for p in points if p.value is not None]
    if len(known) < MINIMUM_POINTS_TO_FORECAST:
        return Projection(
            points,
            [],
            f"A forecast needs at least {MINIMUM_POINTS_TO_FORECAST} years with a value; there "
            f"{'is' if len(known) == 1 else 'are'} {len(known)}.",
        )
    forecast = statistics.linear_forecast(
        [p.period_sort for p in known], [p.value for p in known], periods=years
    )
    return Projection(points, [(_label(int(f.x), known[-1].period), f) for f in forecast])
