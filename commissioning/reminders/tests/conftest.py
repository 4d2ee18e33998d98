from datetime import date

import pytest

from commissioning.cycle.models import ActivityStep
from commissioning.cycle.tests.factories import ActivityFactory

TODAY = date(2026, 11, 23)


@pytest.fixture
def lead(commissioner):
    commissioner.email = "lead@testshire.example"
    commissioner.save()
    return commissioner


def step(activity, number, due, status="not_started"):
    return ActivityStep.objects.create(activity=activity, number=number, due_date=due, status=status)


@pytest.fixture
def activity(lead):
    return ActivityFactory(title="Early help redesign", lead_commissioner=lead)
