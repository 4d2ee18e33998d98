"""Reads of strategies: an activity's strategy with its sections, its history, and the published ones."""

from django.db.models import Prefetch, QuerySet

from commissioning.core.selectors import HistoryEntry, history_for
from commissioning.cycle.models import CommissioningActivity, Strategy, StrategyPriority

# The activity's timeline entries written by the strategy services start with these words.
TIMELINE_PREFIXES = ("Strategy ", "Cross-cutting issue ")


def _with_sections(strategies: QuerySet[Strategy]) -> QuerySet[Strategy]:
    return strategies.select_related("activity", "approval_recorded_by", "archived_by").prefetch_related(
        "outcomes__framework",
        Prefetch(
            "priorities",
            queryset=StrategyPriority.objects.select_related("needs_priority__analysis").prefetch_related(
                "outcomes"
            ),
        ),
        "recommendations",
        "cross_cutting_issues",
    )


def strategy_for(activity: CommissioningActivity) -> Strategy | None:
    return _with_sections(Strategy.objects.filter(activity=activity)).first()


def strategy_history(strategy: Strategy) -> list[HistoryEntry]:
    """Changes to the strategy itself, and the activity's timeline entries about it and its rows."""
    entries = history_for(strategy)
    entries += [
        entry
        for entry in history_for(strategy.activity)
        if not entry.changes and entry.summary.startswith(TIMELINE_PREFIXES)
    ]
    entries.sort(key=lambda e: e.occurred_at, reverse=True)
    return entries


def published_strategies() -> QuerySet[Strategy]:
    """Strategies anyone may read: approved, published and not archived."""
    return (
        Strategy.objects.active()
        .filter(status="approved", published_at__isnull=False)
        .select_related("activity")
        .order_by("-published_at", "title")
    )


def published_strategy(slug: str) -> Strategy:
    return _with_sections(published_strategies()).get(slug=slug)
