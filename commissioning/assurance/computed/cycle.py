"""Computed evidence from commissioning activities, strategies, needs analyses and reviews: Islington 2.4, 3.3
and 3.6, Central Bedfordshire 4."""

from django.db.models import Prefetch

from commissioning.assurance.computed.base import ComputedEvidence, Scope, computed_check
from commissioning.assurance.computed.common import (
    CENTRAL_BEDFORDSHIRE,
    ISLINGTON,
    activities,
    evidence,
    line,
    strategy_activities,
)
from commissioning.cycle.models import ActivityReview, Strategy, StrategyStatus
from commissioning.needs.models import AnalysisStatus, NeedsAnalysis


def _strategy(activity) -> Strategy | None:
    try:
        strategy = activity.strategy
    except Strategy.DoesNotExist:
        return None
    return None if strategy.is_archived else strategy


def _strategy_lines(scope: Scope, test) -> list:
    lines = []
    for activity in strategy_activities(scope).select_related("strategy").order_by("title", "pk"):
        strategy = _strategy(activity)
        label = f"{activity.title} ({activity.cycle_year_label})"
        if strategy is None:
            lines.append(line(activity, label, False, "No strategy document is recorded"))
        else:
            passes, reason = test(strategy)
            lines.append(line(strategy, label, passes, reason))
    return lines


def _approved(strategy: Strategy) -> tuple[bool, str]:
    if strategy.status == StrategyStatus.APPROVED and strategy.approved_by_body and strategy.approved_on:
        reason = f"Approved by {strategy.approved_by_body} on {strategy.approved_on:%-d %B %Y}"
        return True, reason + (f" (minute {strategy.minute_reference})" if strategy.minute_reference else "")
    return False, "Not approved by a board yet"


def _published(strategy: Strategy) -> tuple[bool, str]:
    if strategy.is_published:
        return True, f"Published on {strategy.published_at:%-d %B %Y}"
    return False, "Not published"


@computed_check(
    code="strategies-approved",
    framework=ISLINGTON,
    refs=("2.4",),
    title="Major strategies approved by the board",
)
def strategies_approved(scope: Scope) -> ComputedEvidence:
    return evidence(
        code="strategies-approved",
        rule=(
            "Every strategy of the service area in a cycle year the period touches is approved, with the board "
            "that approved it and the date recorded."
        ),
        scope=scope,
        lines=_strategy_lines(scope, _approved),
        noun="strategies",
        passing_text="are approved by a board",
        empty_text="No strategy is recorded for this service area in the period",
    )


@computed_check(
    code="strategies-published",
    framework=ISLINGTON,
    refs=("3.6",),
    title="Commissioning strategies published",
)
def strategies_published(scope: Scope) -> ComputedEvidence:
    return evidence(
        code="strategies-published",
        rule=(
            "Every strategy of the service area in a cycle year the period touches has its public page published. "
            "Whether it follows the format of the commissioning policy is for the auditor."
        ),
        scope=scope,
        lines=_strategy_lines(scope, _published),
        noun="strategies",
        passing_text="are published",
        empty_text="No strategy is recorded for this service area in the period",
    )


def _analyses_lines(scope: Scope) -> list:
    queryset = activities(scope).prefetch_related(
        Prefetch(
            "needs_analyses",
            queryset=NeedsAnalysis.objects.active()
            .filter(status=AnalysisStatus.FINAL)
            .order_by("-updated_at"),
            to_attr="final_analyses",
        )
    )
    lines = []
    for activity in queryset.order_by("title", "pk"):
        label = f"{activity.title} ({activity.cycle_year_label})"
        if activity.final_analyses:
            analysis = activity.final_analyses[0]
            lines.append(line(analysis, label, True, f"Final needs analysis: {analysis.title}"))
        else:
            lines.append(line(activity, label, False, "No final needs analysis informs it"))
    return lines


@computed_check(
    code="needs-analysis",
    framework=ISLINGTON,
    refs=("3.3",),
    title="Commissioning plans based on a needs analysis",
)
def needs_analysis(scope: Scope) -> ComputedEvidence:
    return evidence(
        code="needs-analysis",
        rule=(
            "Every commissioning activity of the service area in a cycle year the period touches is informed by a "
            "final needs analysis. The evidence of what works, service reviews and views are for the auditor."
        ),
        scope=scope,
        lines=_analyses_lines(scope),
        noun="commissioning activities",
        passing_text="are informed by a final needs analysis",
        empty_text="No commissioning activity is recorded for this service area in the period",
    )


@computed_check(
    code="needs-assessment-and-review",
    framework=CENTRAL_BEDFORDSHIRE,
    refs=("4",),
    title="A needs assessment undertaken and a review cycle established",
)
def needs_assessment_and_review(scope: Scope) -> ComputedEvidence:
    queryset = activities(scope).prefetch_related(
        Prefetch(
            "needs_analyses",
            queryset=NeedsAnalysis.objects.active()
            .filter(status=AnalysisStatus.FINAL)
            .order_by("-updated_at"),
            to_attr="final_analyses",
        ),
        Prefetch(
            "reviews", queryset=ActivityReview.objects.active().order_by("-reviewed_on"), to_attr="done"
        ),
    )
    lines = []
    for activity in queryset.order_by("title", "pk"):
        label = f"{activity.title} ({activity.cycle_year_label})"
        analysis = activity.final_analyses[0] if activity.final_analyses else None
        review = activity.done[0] if activity.done else None
        planned = review is not None and review.next_review_on is not None
        if analysis and planned:
            reason = (
                f"Final needs analysis {analysis.title}; reviewed on {review.reviewed_on:%-d %B %Y}, "
                f"next review {review.next_review_on:%-d %B %Y}"
            )
        elif analysis:
            reason = "Final needs analysis, but no review with a next review date"
        else:
            reason = "No final needs analysis"
        lines.append(line(activity, label, analysis and planned, reason))
    return evidence(
        code="needs-assessment-and-review",
        rule=(
            "Every commissioning activity of the service area in a cycle year the period touches is informed by a "
            "final needs analysis and has a recorded review that sets the date of the next one."
        ),
        scope=scope,
        lines=lines,
        noun="commissioning activities",
        passing_text="have a final needs analysis and a next review date",
        empty_text="No commissioning activity is recorded for this service area in the period",
    )
