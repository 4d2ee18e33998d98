"""Writes for the strategy or plan of an activity (the Gateshead appendix, Activity Two): drafting it, its
priorities, recommendations and cross-cutting issues, approval, reopening, publication and archiving. Each
event a person would look for is written to the activity's timeline."""

import re
from datetime import date

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.text import slugify

from commissioning.core.audit import acting_as
from commissioning.core.exceptions import ConflictError
from commissioning.core.models import TimelineEvent
from commissioning.core.services import (
    apply_changes,
    record_archive,
    record_restore,
    timeline_record,
    version_check,
)
from commissioning.cycle.models import (
    CommissioningActivity,
    CrossCuttingIssue,
    Strategy,
    StrategyPriority,
    StrategyRecommendation,
    StrategyStatus,
)
from commissioning.frameworks.models import FrameworkItem
from commissioning.needs.analysis.selectors import final_priorities_for_activity

OUTCOME_FRAMEWORKS = ["every-child-matters-outcomes", "national-indicators"]
STRATEGY_FIELDS = ["title", "slug", "summary", "needs_assessment", "resources"]
PRIORITY_FIELDS = ["title", "description", "needs_priority"]
RECOMMENDATION_FIELDS = ["recommendation", "impact"]
ISSUE_FIELDS = ["with_whom", "what", "how_agreed"]
APPROVAL_FIELDS = ["approved_by_body", "approved_on", "minute_reference"]
SLUG_LENGTH = Strategy._meta.get_field("slug").max_length
SLUG_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
UP, DOWN = "up", "down"


def outcome_choices():
    """The outcomes a strategy and its priorities may name: Every Child Matters and the national indicators."""
    return FrameworkItem.objects.filter(framework__slug__in=OUTCOME_FRAMEWORKS).select_related("framework")


def _long_date(value: date) -> str:
    return f"{value:%-d %B %Y}"


def _stripped(data: dict, fields: list[str]) -> dict:
    return {
        name: value.strip() if isinstance(value, str) else value
        for name, value in data.items()
        if name in fields
    }


def _note(activity: CommissioningActivity, actor, summary: str) -> None:
    timeline_record(instance=activity, actor=actor, verb=TimelineEvent.Verb.NOTE, summary=summary)


def _check_activity_open(activity: CommissioningActivity, doing: str) -> None:
    if activity.is_archived:
        raise ValidationError(f"The activity is archived; restore it before {doing}.")


def _check_changeable(strategy: Strategy, doing: str = "changing it") -> None:
    _check_activity_open(strategy.activity, doing)
    if strategy.is_archived:
        raise ValidationError(f"The strategy is archived; restore it before {doing}.")
    if strategy.status == StrategyStatus.APPROVED:
        raise ValidationError(f"The strategy is approved; reopen it before {doing}.")


def _outcomes(outcomes, field: str = "outcomes") -> list[FrameworkItem]:
    items = list(outcomes or [])
    allowed = set(outcome_choices().filter(pk__in=[item.pk for item in items]).values_list("pk", flat=True))
    if any(item.pk not in allowed for item in items):
        raise ValidationError({field: "Select outcomes from Every Child Matters or the national indicators"})
    return items


def _unique_slug(base: str, *, exclude_pk: int | None = None) -> str:
    base = (base or "strategy")[:SLUG_LENGTH].strip("-") or "strategy"
    taken = Strategy.objects.exclude(pk=exclude_pk)
    slug, number = base, 2
    while taken.filter(slug=slug).exists():
        suffix = f"-{number}"
        slug = f"{base[: SLUG_LENGTH - len(suffix)].rstrip('-')}{suffix}"
        number += 1
    return slug


def _check_strategy(strategy: Strategy) -> None:
    errors = {}
    if not strategy.title:
        errors["title"] = "Enter the title of the strategy or plan"
    if strategy.slug and not SLUG_PATTERN.match(strategy.slug):
        errors["slug"] = (
            "The web address must use only lower-case letters, numbers and single hyphens, "
            "for example emotional-wellbeing-strategy"
        )
    elif strategy.slug and Strategy.objects.exclude(pk=strategy.pk).filter(slug=strategy.slug).exists():
        errors["slug"] = "Another strategy already uses this web address; choose a different one"
    if errors:
        raise ValidationError(errors)
    if not strategy.slug:
        strategy.slug = _unique_slug(slugify(strategy.title), exclude_pk=strategy.pk)
    # A draft may have no summary yet; approval asks for one.
    strategy.full_clean(exclude=["activity", "summary"])


def _locked(strategy: Strategy) -> Strategy:
    return Strategy.objects.select_for_update().select_related("activity").get(pk=strategy.pk)


@transaction.atomic
def strategy_create(*, actor, activity: CommissioningActivity, data: dict, outcomes=()) -> Strategy:
    """Draft the strategy or plan of an activity: one per activity, its web address made from the title."""
    _check_activity_open(activity, "drafting its strategy")
    if Strategy.objects.filter(activity=activity).exists():
        raise ValidationError("This activity already has a strategy or plan; change that one instead.")
    strategy = Strategy(activity=activity, **_stripped(data, STRATEGY_FIELDS))
    strategy.slug = (strategy.slug or "").lower()
    items = _outcomes(outcomes)
    _check_strategy(strategy)
    with acting_as(actor):
        strategy.save()
        strategy.outcomes.set(items)
    _note(activity, actor, f"Strategy drafted: {strategy.title}")
    return strategy


@transaction.atomic
def strategy_update(*, actor, strategy: Strategy, data: dict, outcomes=None, expected_version: int | None):
    strategy = _locked(strategy)
    version_check(instance=strategy, expected_version=expected_version)
    _check_changeable(strategy)
    data = _stripped(data, STRATEGY_FIELDS)
    if "slug" in data:
        data["slug"] = (data["slug"] or "").lower()
    changed = apply_changes(instance=strategy, data=data, fields=STRATEGY_FIELDS)
    _check_strategy(strategy)
    if outcomes is not None:
        items = _outcomes(outcomes)
        if {item.pk for item in items} != set(strategy.outcomes.values_list("pk", flat=True)):
            changed.append("outcomes")
            with acting_as(actor):
                strategy.outcomes.set(items)
    if changed:
        strategy.version += 1
        with acting_as(actor):
            strategy.save()
        _note(strategy.activity, actor, f"Strategy changed: {strategy.title}")
    return strategy


# Rows: priorities, recommendations and cross-cutting issues


def _next_position(rows) -> int:
    return (rows.aggregate(top=Max("position"))["top"] or 0) + 1


def _renumber(rows) -> None:
    for number, row in enumerate(rows.order_by("position", "pk"), start=1):
        if row.position != number:
            row.position = number
            row.save()


def _move(row, rows, direction: str) -> bool:
    """Swap a row with its neighbour above or below; return False when it is already at that end."""
    if direction not in (UP, DOWN):
        raise ValidationError("Choose to move the row up or down.")
    _renumber(rows)
    row.refresh_from_db()
    ordered = list(rows.order_by("position", "pk"))
    index = next(i for i, other in enumerate(ordered) if other.pk == row.pk)
    neighbour = index - 1 if direction == UP else index + 1
    if neighbour < 0 or neighbour >= len(ordered):
        return False
    other = ordered[neighbour]
    row.position, other.position = other.position, row.position
    row.save()
    other.save()
    return True


def _check_priority(priority: StrategyPriority, items: list) -> None:
    errors = {}
    if not priority.title:
        errors["title"] = "Enter the priority"
    if not items:
        errors["outcomes"] = "Select at least one outcome the priority is linked to"
    if errors:
        raise ValidationError(errors)
    priority.full_clean(exclude=["strategy"])


@transaction.atomic
def priority_add(*, actor, strategy: Strategy, data: dict, outcomes) -> StrategyPriority:
    """Add a priority, linked to at least one outcome, at the end of the list."""
    strategy = _locked(strategy)
    _check_changeable(strategy, "adding priorities")
    priority = StrategyPriority(strategy=strategy, **_stripped(data, PRIORITY_FIELDS))
    items = _outcomes(outcomes)
    _check_priority(priority, items)
    priority.position = _next_position(strategy.priorities.all())
    with acting_as(actor):
        priority.save()
        priority.outcomes.set(items)
    _note(strategy.activity, actor, f"Strategy priority added: {priority.title}")
    return priority


def needs_priorities_to_add(strategy: Strategy) -> list:
    """The priorities of the activity's final needs analyses that no strategy priority answers yet."""
    taken = set(strategy.priorities.exclude(needs_priority=None).values_list("needs_priority_id", flat=True))
    return [p for p in final_priorities_for_activity(strategy.activity) if p.pk not in taken]


@transaction.atomic
def priorities_from_needs(*, actor, strategy: Strategy) -> list[StrategyPriority]:
    """Add a strategy priority for each priority of the activity's final needs analyses not yet answered, with
    its title, evidence and outcomes, in the needs analysis's order. Priorities without outcomes are left for
    the commissioner to add by hand, as every strategy priority is linked to an outcome."""
    strategy = _locked(strategy)
    _check_changeable(strategy, "adding priorities")
    added = []
    for needs_priority in needs_priorities_to_add(strategy):
        outcomes = list(needs_priority.outcomes.all())
        if not outcomes:
            continue
        priority = StrategyPriority(
            strategy=strategy,
            title=needs_priority.title,
            description=needs_priority.evidence,
            needs_priority=needs_priority,
            position=_next_position(strategy.priorities.all()),
        )
        _check_priority(priority, outcomes)
        with acting_as(actor):
            priority.save()
            priority.outcomes.set(outcomes)
        added.append(priority)
    if not added:
        raise ValidationError(
            "There are no priorities to add: every priority of the activity's final needs analyses is answered, "
            "or has no outcomes linked to it."
        )
    _note(strategy.activity, actor, f"Strategy priorities added from the needs analysis: {len(added)}")
    return added


@transaction.atomic
def priority_update(*, actor, priority: StrategyPriority, data: dict, outcomes) -> StrategyPriority:
    strategy = _locked(priority.strategy)
    _check_changeable(strategy, "changing its priorities")
    priority = strategy.priorities.get(pk=priority.pk)
    changed = apply_changes(instance=priority, data=_stripped(data, PRIORITY_FIELDS), fields=PRIORITY_FIELDS)
    items = _outcomes(outcomes)
    _check_priority(priority, items)
    if {item.pk for item in items} != set(priority.outcomes.values_list("pk", flat=True)):
        changed.append("outcomes")
    if changed:
        with acting_as(actor):
            priority.save()
            priority.outcomes.set(items)
        _note(strategy.activity, actor, f"Strategy priority changed: {priority.title}")
    return priority


@transaction.atomic
def priority_remove(*, actor, priority: StrategyPriority) -> StrategyPriority:
    strategy = _locked(priority.strategy)
    _check_changeable(strategy, "removing its priorities")
    priority = strategy.priorities.get(pk=priority.pk)
    with acting_as(actor):
        priority.outcomes.clear()
        priority.delete()
        _renumber(strategy.priorities.all())
    _note(strategy.activity, actor, f"Strategy priority removed: {priority.title}")
    return priority


@transaction.atomic
def priority_move(*, actor, priority: StrategyPriority, direction: str) -> bool:
    strategy = _locked(priority.strategy)
    _check_changeable(strategy, "reordering its priorities")
    with acting_as(actor):
        return _move(strategy.priorities.get(pk=priority.pk), strategy.priorities.all(), direction)


def _check_recommendation(row: StrategyRecommendation) -> None:
    errors = {}
    if not row.recommendation:
        errors["recommendation"] = "Enter the recommendation"
    if not row.impact:
        errors["impact"] = "Enter the impact of the recommendation: what other outcomes and needs it affects"
    if errors:
        raise ValidationError(errors)
    row.full_clean(exclude=["strategy"])


def _short(text: str) -> str:
    return text if len(text) <= 80 else f"{text[:77]}..."


@transaction.atomic
def recommendation_add(*, actor, strategy: Strategy, data: dict) -> StrategyRecommendation:
    """Add a recommendation with its impact at the end of the list."""
    strategy = _locked(strategy)
    _check_changeable(strategy, "adding recommendations")
    row = StrategyRecommendation(strategy=strategy, **_stripped(data, RECOMMENDATION_FIELDS))
    _check_recommendation(row)
    row.position = _next_position(strategy.recommendations.all())
    with acting_as(actor):
        row.save()
    _note(strategy.activity, actor, f"Strategy recommendation added: {_short(row.recommendation)}")
    return row


@transaction.atomic
def recommendation_update(*, actor, recommendation: StrategyRecommendation, data: dict):
    strategy = _locked(recommendation.strategy)
    _check_changeable(strategy, "changing its recommendations")
    row = strategy.recommendations.get(pk=recommendation.pk)
    changed = apply_changes(
        instance=row, data=_stripped(data, RECOMMENDATION_FIELDS), fields=RECOMMENDATION_FIELDS
    )
    _check_recommendation(row)
    if changed:
        with acting_as(actor):
            row.save()
        _note(strategy.activity, actor, f"Strategy recommendation changed: {_short(row.recommendation)}")
    return row


@transaction.atomic
def recommendation_remove(*, actor, recommendation: StrategyRecommendation) -> StrategyRecommendation:
    strategy = _locked(recommendation.strategy)
    _check_changeable(strategy, "removing its recommendations")
    row = strategy.recommendations.get(pk=recommendation.pk)
    with acting_as(actor):
        row.delete()
        _renumber(strategy.recommendations.all())
    _note(strategy.activity, actor, f"Strategy recommendation removed: {_short(row.recommendation)}")
    return row


@transaction.atomic
def recommendation_move(*, actor, recommendation: StrategyRecommendation, direction: str) -> bool:
    strategy = _locked(recommendation.strategy)
    _check_changeable(strategy, "reordering its recommendations")
    with acting_as(actor):
        return _move(
            strategy.recommendations.get(pk=recommendation.pk), strategy.recommendations.all(), direction
        )


def _check_issue(issue: CrossCuttingIssue) -> None:
    errors = {}
    if not issue.with_whom:
        errors["with_whom"] = "Enter who the shared issue is with"
    if not issue.what:
        errors["what"] = "Enter what the shared issue is"
    if not issue.how_agreed:
        errors["how_agreed"] = "Enter how you have agreed to progress it"
    if errors:
        raise ValidationError(errors)
    issue.full_clean(exclude=["strategy"])


@transaction.atomic
def issue_add(*, actor, strategy: Strategy, data: dict) -> CrossCuttingIssue:
    """Add a shared cross-cutting issue or priority: who it is with, what it is and how it was agreed."""
    strategy = _locked(strategy)
    _check_changeable(strategy, "adding cross-cutting issues")
    issue = CrossCuttingIssue(strategy=strategy, **_stripped(data, ISSUE_FIELDS))
    _check_issue(issue)
    with acting_as(actor):
        issue.save()
    _note(strategy.activity, actor, f"Cross-cutting issue added: {issue}")
    return issue


@transaction.atomic
def issue_update(*, actor, issue: CrossCuttingIssue, data: dict) -> CrossCuttingIssue:
    strategy = _locked(issue.strategy)
    _check_changeable(strategy, "changing its cross-cutting issues")
    issue = strategy.cross_cutting_issues.get(pk=issue.pk)
    changed = apply_changes(instance=issue, data=_stripped(data, ISSUE_FIELDS), fields=ISSUE_FIELDS)
    _check_issue(issue)
    if changed:
        with acting_as(actor):
            issue.save()
        _note(strategy.activity, actor, f"Cross-cutting issue changed: {issue}")
    return issue


@transaction.atomic
def issue_remove(*, actor, issue: CrossCuttingIssue) -> CrossCuttingIssue:
    strategy = _locked(issue.strategy)
    _check_changeable(strategy, "removing its cross-cutting issues")
    issue = strategy.cross_cutting_issues.get(pk=issue.pk)
    with acting_as(actor):
        issue.delete()
    _note(strategy.activity, actor, f"Cross-cutting issue removed: {issue}")
    return issue


# Approval, publication and archiving


def approval_gaps(strategy: Strategy) -> list[str]:
    """What the strategy still needs before it can be approved, in words a person can act on."""
    gaps = []
    if not strategy.summary.strip():
        gaps.append("Add a summary of what the strategy is for")
    if not strategy.outcomes.exists():
        gaps.append("Identify at least one outcome the strategy will achieve")
    if not strategy.priorities.exists():
        gaps.append("Add at least one priority, linked to outcomes")
    return gaps


@transaction.atomic
def strategy_approve(*, actor, strategy: Strategy, data: dict, expected_version: int | None) -> Strategy:
    """Record that a board or body approved the strategy. A refusal lists every unmet condition at once."""
    strategy = _locked(strategy)
    version_check(instance=strategy, expected_version=expected_version)
    _check_activity_open(strategy.activity, "approving its strategy")
    if strategy.is_archived:
        raise ValidationError("The strategy is archived; restore it before approving it.")
    if strategy.status == StrategyStatus.APPROVED:
        raise ConflictError("The strategy is already approved.")
    data = _stripped(data, APPROVAL_FIELDS)
    errors = {}
    if not data.get("approved_by_body"):
        errors["approved_by_body"] = ["Enter the board or body that approved the strategy"]
    approved_on = data.get("approved_on")
    if approved_on is None:
        errors["approved_on"] = ["Enter the date the strategy was approved"]
    elif approved_on > timezone.localdate():
        errors["approved_on"] = ["The date the strategy was approved must be today or in the past"]
    if not data.get("minute_reference"):
        errors["minute_reference"] = ["Enter the minute reference of the decision"]
    gaps = approval_gaps(strategy)
    if gaps:
        errors[NON_FIELD_ERRORS] = gaps
    if errors:
        raise ValidationError(errors)
    apply_changes(instance=strategy, data=data, fields=APPROVAL_FIELDS)
    strategy.status = StrategyStatus.APPROVED
    strategy.approval_recorded_by = actor
    strategy.version += 1
    strategy.full_clean(exclude=["activity"])
    with acting_as(actor):
        strategy.save()
    _note(
        strategy.activity,
        actor,
        f"Strategy approved by {strategy.approved_by_body} on {_long_date(strategy.approved_on)} "
        f"(minute {strategy.minute_reference})",
    )
    return strategy


def _reason(reason: str, doing: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": f"Enter why you are {doing}."})
    return reason


@transaction.atomic
def strategy_reopen(*, actor, strategy: Strategy, reason: str) -> Strategy:
    """Take an approved strategy back to draft so it can be changed; it comes off the public pages."""
    reason = _reason(reason, "reopening the strategy")
    strategy = _locked(strategy)
    _check_activity_open(strategy.activity, "reopening its strategy")
    if strategy.is_archived:
        raise ValidationError("The strategy is archived; restore it before reopening it.")
    if strategy.status != StrategyStatus.APPROVED:
        raise ValidationError("Only an approved strategy can be reopened; this one is a draft.")
    strategy.status = StrategyStatus.DRAFT
    strategy.approved_by_body = ""
    strategy.approved_on = None
    strategy.minute_reference = ""
    strategy.approval_recorded_by = None
    strategy.published_at = None
    strategy.version += 1
    with acting_as(actor):
        strategy.save()
    _note(strategy.activity, actor, f"Strategy reopened as a draft and unpublished: {reason}")
    return strategy


@transaction.atomic
def strategy_publish(*, actor, strategy: Strategy) -> Strategy:
    """Put an approved strategy on its public page, which anyone can read without signing in."""
    strategy = _locked(strategy)
    _check_activity_open(strategy.activity, "publishing its strategy")
    if strategy.is_archived:
        raise ValidationError("The strategy is archived; restore it before publishing it.")
    if strategy.status != StrategyStatus.APPROVED:
        raise ValidationError("Only an approved strategy can be published; record its approval first.")
    if strategy.published_at is not None:
        raise ConflictError("The strategy is already published.")
    strategy.published_at = timezone.now()
    strategy.version += 1
    with acting_as(actor):
        strategy.save()
    _note(strategy.activity, actor, f"Strategy published: {strategy.title}")
    return strategy


@transaction.atomic
def strategy_unpublish(*, actor, strategy: Strategy, reason: str) -> Strategy:
    reason = _reason(reason, "taking the strategy off its public page")
    strategy = _locked(strategy)
    if strategy.published_at is None:
        raise ValidationError("The strategy is not published.")
    strategy.published_at = None
    strategy.version += 1
    with acting_as(actor):
        strategy.save()
    _note(strategy.activity, actor, f"Strategy unpublished: {reason}")
    return strategy


@transaction.atomic
def strategy_archive(*, actor, strategy: Strategy, reason: str) -> Strategy:
    """Archive the strategy; it comes off its public page and stays off after a restore."""
    reason = _reason(reason, "archiving the strategy")
    strategy = _locked(strategy)
    _check_activity_open(strategy.activity, "archiving its strategy")
    was_published = strategy.published_at is not None
    strategy.published_at = None
    with acting_as(actor):
        record_archive(instance=strategy, actor=actor, reason=reason)
    unpublished = " and unpublished" if was_published else ""
    _note(strategy.activity, actor, f"Strategy archived{unpublished}: {reason}")
    return strategy


@transaction.atomic
def strategy_restore(*, actor, strategy: Strategy) -> Strategy:
    strategy = _locked(strategy)
    _check_activity_open(strategy.activity, "restoring its strategy")
    with acting_as(actor):
        record_restore(instance=strategy, actor=actor)
    _note(strategy.activity, actor, f"Strategy restored: {strategy.title}")
    return strategy
