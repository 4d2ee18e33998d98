from datetime import timedelta

import pytest
from django.utils import timezone

from commissioning.cycle.strategy import services
from commissioning.frameworks.models import FrameworkItem


@pytest.fixture
def today():
    return timezone.localdate()


@pytest.fixture
def ecm(activity):
    return list(FrameworkItem.objects.filter(framework__slug="every-child-matters-outcomes").order_by("ref"))


@pytest.fixture
def strategy(commissioner, activity, ecm):
    return services.strategy_create(
        actor=commissioner,
        activity=activity,
        data={
            "title": "Family support strategy",
            "summary": "How we help families earlier.",
            "needs_assessment": "Families wait too long.",
            "resources": "Council early help budget.",
        },
        outcomes=ecm[:2],
    )


@pytest.fixture
def priority(commissioner, strategy, ecm):
    return services.priority_add(
        actor=commissioner, strategy=strategy, data={"title": "Help earlier"}, outcomes=[ecm[0]]
    )


@pytest.fixture
def approval(today):
    return {
        "approved_by_body": "Children and Young People's Partnership Board",
        "approved_on": today - timedelta(days=2),
        "minute_reference": "CYPPB 2026/21",
    }


@pytest.fixture
def approved(commissioner, strategy, priority, approval):
    return services.strategy_approve(
        actor=commissioner, strategy=strategy, data=approval, expected_version=None
    )


@pytest.fixture
def published(commissioner, approved):
    return services.strategy_publish(actor=commissioner, strategy=approved)
