from django.core.management import call_command

from commissioning.cycle.models import Strategy, StrategyStatus


def test_demo_strategies_load_once(db):
    call_command("load_frameworks")
    call_command("load_demo_data")
    call_command("load_demo_data")
    published = Strategy.objects.get(
        activity__title="Children's emotional wellbeing and mental health strategy"
    )
    assert published.status == StrategyStatus.APPROVED
    assert published.is_published
    assert published.approved_by_body == "Children and Young People's Partnership Board"
    assert published.priorities.count() == 4
    assert all(priority.outcomes.exists() for priority in published.priorities.all())
    assert published.recommendations.exclude(impact="").count() == 3
    assert "Integrated Care Board" in published.cross_cutting_issues.get().with_whom
    assert published.activity.steps.get(number=5).status == "complete"
    draft = Strategy.objects.get(activity__title="Early help family support redesign")
    assert draft.status == StrategyStatus.DRAFT
    assert not draft.is_published
    assert Strategy.objects.count() == 2
