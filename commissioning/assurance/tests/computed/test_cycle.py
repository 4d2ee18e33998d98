import pytest
from django.urls import reverse

from commissioning.assurance.computed.base import Outcome
from commissioning.assurance.computed.cycle import (
    needs_analysis,
    needs_assessment_and_review,
    strategies_approved,
    strategies_published,
)
from commissioning.assurance.tests.computed import builders as b

pytestmark = pytest.mark.django_db


def test_strategies_approved_and_published():
    approved = b.strategy(b.strategy_activity(title="A"))
    b.strategy(b.strategy_activity(title="B"), approved=False, published=False)
    missing = b.strategy_activity(title="C")

    result = strategies_approved(b.SCOPE)
    assert (result.outcome, result.counted, result.passing) == (Outcome.PARTLY_MET, 3, 1)
    assert result.records[0].url == reverse("cycle:strategy:detail", args=[approved.activity_id])
    assert "Children's partnership board" in result.records[0].reason
    assert result.records[2].url == reverse("cycle:detail", args=[missing.pk])
    assert result.records[2].reason == "No strategy document is recorded"

    published = strategies_published(b.SCOPE)
    assert (published.outcome, published.passing) == (Outcome.PARTLY_MET, 1)


def test_strategies_not_enough_and_met():
    assert strategies_approved(b.SCOPE).outcome == Outcome.NOT_ENOUGH
    b.strategy(b.strategy_activity())
    assert strategies_approved(b.SCOPE).outcome == Outcome.MET
    assert strategies_published(b.SCOPE).outcome == Outcome.MET


def test_archived_strategy_does_not_count():
    strategy = b.strategy(b.strategy_activity())
    strategy.archived_at = b.aware(b.START)
    strategy.save()
    result = strategies_published(b.SCOPE)
    assert (result.outcome, result.records[0].reason) == (Outcome.NOT_MET, "No strategy document is recorded")


def test_needs_analysis():
    informed = b.activity(title="A")
    analysis = b.needs_analysis(informed)
    b.needs_analysis(b.activity(title="B"), final=False)
    b.activity(title="C", area="send")

    result = needs_analysis(b.SCOPE)
    assert (result.outcome, result.counted, result.passing) == (Outcome.PARTLY_MET, 2, 1)
    assert result.records[0].url == reverse("needs:analysis", args=[analysis.pk])
    assert result.records[1].reason == "No final needs analysis informs it"
    assert needs_analysis(b.ALL_AREAS).counted == 3


def test_needs_assessment_and_review():
    assert needs_assessment_and_review(b.SCOPE).outcome == Outcome.NOT_ENOUGH
    complete = b.activity(title="A")
    b.needs_analysis(complete)
    b.review(complete)
    no_next = b.activity(title="B")
    b.needs_analysis(no_next)
    b.review(no_next, next_review_on=None)

    result = needs_assessment_and_review(b.SCOPE)
    assert (result.outcome, result.counted, result.passing) == (Outcome.PARTLY_MET, 2, 1)
    assert "next review 1 December 2026" in result.records[0].reason
    assert result.records[1].reason == "Final needs analysis, but no review with a next review date"
