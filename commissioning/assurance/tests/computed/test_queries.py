"""Every computed check uses a bounded number of queries, however many records it counts."""

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from commissioning.assurance.computed import load_checks
from commissioning.assurance.tests.computed import builders as b
from commissioning.funding.models import Allocation, PooledBudget
from commissioning.monitoring.models import FrequencyBand
from commissioning.organisations.tests.factories import PartnerFactory, UserFactory
from commissioning.procurement.models import (
    AwardDecision,
    ConflictDeclaration,
    PanelMember,
    Question,
    Risk,
    TeamMember,
)
from commissioning.procurement.specifications.models import Specification

pytestmark = pytest.mark.django_db


def _world():
    """One of every record the checks read, in the early help area and the period."""
    strategy = b.strategy_activity()
    b.eia(strategy)
    b.strategy(strategy)
    b.needs_analysis(strategy)
    b.review(strategy)
    agreement = b.agreement(monitoring_officer=UserFactory())
    b.schedule(agreement)
    b.kpi(agreement)
    b.plan(agreement)
    period = b.period(
        agreement, starts_on=dt.date(2025, 4, 1), ends_on=dt.date(2025, 6, 30), due_on=dt.date(2025, 7, 28)
    )
    b.provider_return(period, submitted_on=dt.date(2025, 7, 1), status="accepted")
    b.payment(agreement, due_on=dt.date(2025, 4, 1), paid_on=dt.date(2025, 4, 2))
    b.meeting(agreement, held_on=dt.date(2025, 5, 1), minutes_sent_on=dt.date(2025, 5, 5))
    b.visit(agreement, visited_on=dt.date(2025, 6, 1))
    b.feedback(agreement, gathered_on=dt.date(2025, 6, 1))
    procurement = b.procurement(objectives="Aims", implementation_plan="Plan")
    b.eia(procurement.activity)
    b.budget(procurement.activity)
    Specification.objects.create(activity=procurement.activity, title="Spec", created_by=UserFactory())
    TeamMember.objects.create(procurement=procurement, name="Lead", team_role="lead")
    Risk.objects.create(
        procurement=procurement, description="R", likelihood=1, impact=1, mitigation="M", owner="O"
    )
    Question.objects.create(
        procurement=procurement,
        criterion="social_value",
        number="Q1",
        text="Added value",
        added_value="resource",
    )
    AwardDecision.objects.create(
        procurement=procurement,
        bid=b.bid(procurement),
        decided_on=dt.date(2025, 8, 1),
        approved_by="Board",
        recorded_by=UserFactory(),
        reasons="Best.",
    )
    b.agreement(whole_life_value=Decimal("20000"), annual_value=Decimal("20000"), simplified_terms=True)
    pool = PooledBudget.objects.create(
        name="Pool", arrangement="aligned", host=PartnerFactory(), first_year=2025, last_year=2026
    )
    Allocation.objects.create(budget=pool, financial_year=2025, activity=strategy, amount=Decimal("10"))
    for role in ("commissioner", "young_person"):
        member = PanelMember.objects.create(procurement=procurement, user=UserFactory(), panel_role=role)
        ConflictDeclaration.objects.create(panel_member=member, has_conflict=False, interests="none")


def _queries_by_check():
    counts = {}
    for code, check in load_checks().items():
        with CaptureQueriesContext(connection) as captured:
            result = check.function(b.SCOPE)
        counts[code] = (len(captured), result.counted)
    return counts


def test_query_counts_do_not_grow_with_records():
    # the bands a data migration seeds are gone after a transactional test has flushed the database
    if not FrequencyBand.objects.exists():
        FrequencyBand.objects.create(from_value=Decimal("0"), frequency="annual")
    _world()
    once = _queries_by_check()
    _world()
    _world()
    thrice = _queries_by_check()
    for code, (queries, _counted) in once.items():
        assert thrice[code][0] == queries, code
        assert queries <= 6, code
    counted = {code for code, (_queries, number) in thrice.items() if number}
    # every check of this package counts the records of the world (the engagement checks read other records)
    mine = {code for code in load_checks() if not code.startswith("engagement-")}
    assert mine <= counted, mine - counted
