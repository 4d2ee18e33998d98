from datetime import date

import pytest

from commissioning.monitoring import services
from commissioning.monitoring.tests.factories import AgreementFactory, KpiFactory
from commissioning.organisations.models import Role
from commissioning.organisations.tests.factories import person_with_role


@pytest.fixture
def officer(council):
    return person_with_role(Role.MONITORING_OFFICER, council, username="officer")


@pytest.fixture
def board_member(council):
    return person_with_role(Role.BOARD_MEMBER, council, username="board")


@pytest.fixture
def agreement(provider_org):
    return AgreementFactory(provider=provider_org)


@pytest.fixture
def kpis(agreement):
    return [
        KpiFactory(agreement=agreement, name="Families supported", target=100, polarity="higher"),
        KpiFactory(agreement=agreement, name="Days to first visit", unit="days", target=10, polarity="lower"),
    ]


@pytest.fixture
def plan(agreement, kpis, officer):
    return services.plan_save(
        actor=officer,
        agreement=agreement,
        data={"frequency": "quarterly", "first_period_starts_on": date(2026, 4, 1), "due_days": 28},
    )


@pytest.fixture
def first_period(plan, agreement):
    return agreement.return_periods.order_by("starts_on").first()


def return_data(kpis, **overrides):
    data = {
        "actuals": dict(zip([k.pk for k in kpis], ["104", "9"], strict=False)),
        "narrative": "Steady quarter; two new volunteers trained.",
        "service_users": "40",
        "characteristics": {"gender": {"Female": "22", "Male": "18"}},
        "feedback_summary": "Parents value the evening sessions.",
        "complaints": "1",
        "safeguarding_incidents": "0",
        "safeguarding_details": "",
    }
    data.update(overrides)
    return data
