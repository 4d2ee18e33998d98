from datetime import timedelta

import pytest
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError

from commissioning.core.exceptions import ConflictError
from commissioning.core.models import TimelineEvent
from commissioning.cycle import services as cycle_services
from commissioning.cycle.models import Strategy, StrategyStatus
from commissioning.cycle.strategy import services
from commissioning.frameworks.models import FrameworkItem


def summaries(activity):
    return list(
        TimelineEvent.objects.filter(object_id=str(activity.pk), content_type__model="commissioningactivity")
        .order_by("pk")
        .values_list("summary", flat=True)
    )


def test_create_makes_a_draft_with_a_slug_from_the_title_and_records_it(strategy, activity, ecm):
    assert strategy.status == StrategyStatus.DRAFT
    assert strategy.slug == "family-support-strategy"
    assert set(strategy.outcomes.all()) == set(ecm[:2])
    assert activity.strategy == strategy
    assert "Strategy drafted: Family support strategy" in summaries(activity)


def test_only_one_strategy_per_activity(commissioner, activity, strategy):
    with pytest.raises(ValidationError, match="already has a strategy"):
        services.strategy_create(
            actor=commissioner, activity=activity, data={"title": "Another", "summary": "x"}
        )


def test_slug_is_made_unique(commissioner, council, strategy):
    other = cycle_services.activity_create(
        actor=commissioner,
        data={
            "title": "Another activity",
            "kind": "strategy",
            "purpose": "x",
            "service_area": "family_support",
            "lead_commissioner": commissioner,
            "lead_organisation": council,
            "level": "strategic",
            "tiers": ["targeted"],
            "integration_approach": "joint",
            "cycle_year": 2026,
        },
    )
    second = services.strategy_create(
        actor=commissioner, activity=other, data={"title": "Family support strategy", "summary": "x"}
    )
    assert second.slug == "family-support-strategy-2"


def test_slug_given_must_be_valid_and_free(commissioner, strategy):
    with pytest.raises(ValidationError) as error:
        services.strategy_update(
            actor=commissioner, strategy=strategy, data={"slug": "Not a slug!"}, expected_version=None
        )
    assert "slug" in error.value.message_dict
    Strategy.objects.filter(pk=strategy.pk).update(slug="family-support-strategy")
    updated = services.strategy_update(
        actor=commissioner, strategy=strategy, data={"slug": "Family-Plan"}, expected_version=None
    )
    assert updated.slug == "family-plan"


def test_title_is_required(commissioner, activity):
    with pytest.raises(ValidationError) as error:
        services.strategy_create(actor=commissioner, activity=activity, data={"title": " ", "summary": ""})
    assert error.value.message_dict["title"] == ["Enter the title of the strategy or plan"]
    assert not Strategy.objects.exists()


def test_outcomes_must_come_from_the_offered_frameworks(commissioner, activity):
    other = FrameworkItem.objects.exclude(
        framework__slug__in=["every-child-matters-outcomes", "national-indicators"]
    ).first()
    with pytest.raises(ValidationError) as error:
        services.strategy_create(
            actor=commissioner, activity=activity, data={"title": "T", "summary": "x"}, outcomes=[other]
        )
    assert "outcomes" in error.value.message_dict


def test_change_records_a_new_version_and_refuses_a_stale_edit(commissioner, strategy, ecm):
    version = strategy.version
    changed = services.strategy_update(
        actor=commissioner,
        strategy=strategy,
        data={"summary": "A new summary."},
        outcomes=ecm[:3],
        expected_version=version,
    )
    assert changed.version == version + 1
    assert changed.outcomes.count() == 3
    with pytest.raises(ConflictError):
        services.strategy_update(
            actor=commissioner, strategy=strategy, data={"summary": "Stale"}, expected_version=version
        )
    strategy.refresh_from_db()
    assert strategy.summary == "A new summary."


def test_an_archived_activity_refuses_a_strategy(commissioner, activity):
    cycle_services.activity_archive(actor=commissioner, activity=activity, reason="Merged")
    activity.refresh_from_db()
    with pytest.raises(ValidationError, match="activity is archived"):
        services.strategy_create(actor=commissioner, activity=activity, data={"title": "T", "summary": "x"})


def test_priority_needs_a_title_and_an_outcome(commissioner, strategy):
    with pytest.raises(ValidationError) as error:
        services.priority_add(actor=commissioner, strategy=strategy, data={"title": ""}, outcomes=[])
    assert set(error.value.message_dict) == {"title", "outcomes"}
    assert not strategy.priorities.exists()


def test_priorities_are_added_in_order_moved_and_removed(commissioner, strategy, ecm, activity):
    first = services.priority_add(
        actor=commissioner, strategy=strategy, data={"title": "One"}, outcomes=[ecm[0]]
    )
    second = services.priority_add(
        actor=commissioner, strategy=strategy, data={"title": "Two"}, outcomes=[ecm[1]]
    )
    assert (first.position, second.position) == (1, 2)
    assert services.priority_move(actor=commissioner, priority=second, direction="up")
    assert [p.title for p in strategy.priorities.all()] == ["Two", "One"]
    assert not services.priority_move(actor=commissioner, priority=second, direction="up")
    assert services.priority_move(actor=commissioner, priority=second, direction="down")
    assert [p.title for p in strategy.priorities.all()] == ["One", "Two"]
    with pytest.raises(ValidationError):
        services.priority_move(actor=commissioner, priority=first, direction="sideways")
    changed = services.priority_update(
        actor=commissioner, priority=first, data={"title": "One, changed"}, outcomes=[ecm[2]]
    )
    assert list(changed.outcomes.all()) == [ecm[2]]
    with pytest.raises(ValidationError) as error:
        services.priority_update(actor=commissioner, priority=first, data={"title": "x"}, outcomes=[])
    assert "outcomes" in error.value.message_dict
    services.priority_remove(actor=commissioner, priority=first)
    assert [(p.title, p.position) for p in strategy.priorities.all()] == [("Two", 1)]
    assert "Strategy priority removed: One, changed" in summaries(activity)


def test_recommendations_need_impact_and_keep_their_order(commissioner, strategy, activity):
    with pytest.raises(ValidationError) as error:
        services.recommendation_add(
            actor=commissioner, strategy=strategy, data={"recommendation": "", "impact": ""}
        )
    assert set(error.value.message_dict) == {"recommendation", "impact"}
    first = services.recommendation_add(
        actor=commissioner,
        strategy=strategy,
        data={"recommendation": "Single front door", "impact": "Less waiting"},
    )
    second = services.recommendation_add(
        actor=commissioner,
        strategy=strategy,
        data={"recommendation": "Joint training", "impact": "Fewer handoffs"},
    )
    services.recommendation_move(actor=commissioner, recommendation=first, direction="down")
    assert [r.recommendation for r in strategy.recommendations.all()] == [
        "Joint training",
        "Single front door",
    ]
    services.recommendation_update(actor=commissioner, recommendation=second, data={"impact": "Faster help"})
    second.refresh_from_db()
    assert second.impact == "Faster help"
    services.recommendation_remove(actor=commissioner, recommendation=second)
    assert [(r.recommendation, r.position) for r in strategy.recommendations.all()] == [
        ("Single front door", 1)
    ]
    assert "Strategy recommendation removed: Joint training" in summaries(activity)


def test_cross_cutting_issues_need_who_what_and_how(commissioner, strategy, activity):
    with pytest.raises(ValidationError) as error:
        services.issue_add(actor=commissioner, strategy=strategy, data={})
    assert set(error.value.message_dict) == {"with_whom", "what", "how_agreed"}
    issue = services.issue_add(
        actor=commissioner,
        strategy=strategy,
        data={"with_whom": "Integrated care board", "what": "Waiting times", "how_agreed": "Joint group"},
    )
    services.issue_update(actor=commissioner, issue=issue, data={"what": "Waits for CAMHS"})
    issue.refresh_from_db()
    assert issue.what == "Waits for CAMHS"
    services.issue_remove(actor=commissioner, issue=issue)
    assert not strategy.cross_cutting_issues.exists()
    assert "Cross-cutting issue removed: Integrated care board: Waits for CAMHS" in summaries(activity)


def test_approval_lists_every_unmet_condition_at_once(commissioner, activity, today):
    bare = services.strategy_create(
        actor=commissioner, activity=activity, data={"title": "Bare", "summary": ""}
    )
    with pytest.raises(ValidationError) as error:
        services.strategy_approve(
            actor=commissioner,
            strategy=bare,
            data={"approved_by_body": "", "approved_on": today + timedelta(days=1), "minute_reference": ""},
            expected_version=None,
        )
    errors = error.value.message_dict
    assert errors["approved_by_body"] == ["Enter the board or body that approved the strategy"]
    assert errors["approved_on"] == ["The date the strategy was approved must be today or in the past"]
    assert errors["minute_reference"] == ["Enter the minute reference of the decision"]
    assert errors[NON_FIELD_ERRORS] == [
        "Add a summary of what the strategy is for",
        "Identify at least one outcome the strategy will achieve",
        "Add at least one priority, linked to outcomes",
    ]
    bare.refresh_from_db()
    assert bare.status == StrategyStatus.DRAFT


def test_approval_date_is_required(commissioner, strategy, priority, approval):
    with pytest.raises(ValidationError) as error:
        services.strategy_approve(
            actor=commissioner,
            strategy=strategy,
            data=approval | {"approved_on": None},
            expected_version=None,
        )
    assert error.value.message_dict == {"approved_on": ["Enter the date the strategy was approved"]}


def test_approval_records_who_when_and_the_minute(approved, commissioner, activity, approval):
    assert approved.status == StrategyStatus.APPROVED
    assert approved.approval_recorded_by == commissioner
    assert approved.approved_on == approval["approved_on"]
    assert any(s.startswith("Strategy approved by Children and Young People's") for s in summaries(activity))


def test_approved_strategy_cannot_be_changed_or_approved_again(commissioner, approved, priority, approval):
    calls = [
        lambda: services.strategy_update(
            actor=commissioner, strategy=approved, data={"summary": "x"}, expected_version=None
        ),
        lambda: services.priority_add(
            actor=commissioner, strategy=approved, data={"title": "x"}, outcomes=[]
        ),
        lambda: services.priority_remove(actor=commissioner, priority=priority),
        lambda: services.recommendation_add(actor=commissioner, strategy=approved, data={}),
        lambda: services.issue_add(actor=commissioner, strategy=approved, data={}),
    ]
    for call in calls:
        with pytest.raises(ValidationError, match="reopen it"):
            call()
    with pytest.raises(ConflictError):
        services.strategy_approve(actor=commissioner, strategy=approved, data=approval, expected_version=None)


def test_reopen_needs_a_reason_and_takes_it_back_to_an_unpublished_draft(commissioner, published, activity):
    with pytest.raises(ValidationError) as error:
        services.strategy_reopen(actor=commissioner, strategy=published, reason=" ")
    assert "reason" in error.value.message_dict
    reopened = services.strategy_reopen(actor=commissioner, strategy=published, reason="New data on waits")
    assert reopened.status == StrategyStatus.DRAFT
    assert reopened.published_at is None
    assert reopened.approved_on is None
    assert "Strategy reopened as a draft and unpublished: New data on waits" in summaries(activity)
    with pytest.raises(ValidationError, match="Only an approved strategy"):
        services.strategy_reopen(actor=commissioner, strategy=reopened, reason="Again")


def test_publish_only_an_approved_strategy_once(commissioner, strategy, priority, approval):
    with pytest.raises(ValidationError, match="Only an approved strategy"):
        services.strategy_publish(actor=commissioner, strategy=strategy)
    services.strategy_approve(actor=commissioner, strategy=strategy, data=approval, expected_version=None)
    published = services.strategy_publish(actor=commissioner, strategy=strategy)
    assert published.is_published
    with pytest.raises(ConflictError):
        services.strategy_publish(actor=commissioner, strategy=strategy)


def test_unpublish_needs_a_reason_and_a_published_strategy(commissioner, published, activity):
    with pytest.raises(ValidationError) as error:
        services.strategy_unpublish(actor=commissioner, strategy=published, reason="")
    assert "reason" in error.value.message_dict
    unpublished = services.strategy_unpublish(
        actor=commissioner, strategy=published, reason="Being refreshed"
    )
    assert not unpublished.is_published
    assert unpublished.status == StrategyStatus.APPROVED
    assert "Strategy unpublished: Being refreshed" in summaries(activity)
    with pytest.raises(ValidationError, match="not published"):
        services.strategy_unpublish(actor=commissioner, strategy=published, reason="Again")


def test_archive_takes_it_off_the_public_page_and_refuses_changes(commissioner, published, activity):
    with pytest.raises(ValidationError) as error:
        services.strategy_archive(actor=commissioner, strategy=published, reason="")
    assert "reason" in error.value.message_dict
    archived = services.strategy_archive(actor=commissioner, strategy=published, reason="Replaced")
    assert archived.is_archived
    assert not archived.is_published
    for call in (
        lambda: services.strategy_publish(actor=commissioner, strategy=archived),
        lambda: services.strategy_reopen(actor=commissioner, strategy=archived, reason="x"),
        lambda: services.recommendation_add(actor=commissioner, strategy=archived, data={}),
    ):
        with pytest.raises(ValidationError, match="archived"):
            call()
    with pytest.raises(ConflictError):
        services.strategy_archive(actor=commissioner, strategy=archived, reason="Again")
    restored = services.strategy_restore(actor=commissioner, strategy=archived)
    assert not restored.is_archived
    assert not restored.is_published
    assert "Strategy archived and unpublished: Replaced" in summaries(activity)
    with pytest.raises(ConflictError):
        services.strategy_restore(actor=commissioner, strategy=restored)


def test_approval_passes_the_gate_check_for_step_5(approved):
    assert Strategy.objects.get(pk=approved.pk).status == "approved"
