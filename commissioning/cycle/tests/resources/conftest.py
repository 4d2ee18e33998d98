from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from commissioning.cycle.resources import services


@pytest.fixture
def today():
    return timezone.localdate()


@pytest.fixture
def budget_data(today):
    return {
        "amount": Decimal("1234"),
        "period": "2026/27 to 2028/29",
        "agreed_by": "Children and Young People's Partnership Board",
        "agreed_on": today - timedelta(days=30),
        "reference": "CYPPB 2026/14",
        "notes": "Council base budget.",
    }


@pytest.fixture
def review_data(today):
    return {
        "reviewed_on": today - timedelta(days=10),
        "method": "Focus groups with parents and a practitioner survey.",
        "findings": "Families waited too long for support.",
        "outcomes_achieved": "Fewer referrals to social care.",
        "recommendation": "change",
        "next_review_on": today + timedelta(days=355),
    }


@pytest.fixture
def budget(commissioner, activity, budget_data):
    return services.budget_create(actor=commissioner, activity=activity, data=budget_data)


@pytest.fixture
def review(commissioner, activity, review_data):
    return services.review_create(actor=commissioner, activity=activity, data=review_data)
