import pytest
from django.urls import reverse

from commissioning.assurance.computed.base import Outcome
from commissioning.assurance.computed.equality import eia_procurements, eia_strategies
from commissioning.assurance.tests.computed import builders as b
from commissioning.cycle.models import EqualityStatus

pytestmark = pytest.mark.django_db


def test_eia_strategies_not_enough_without_strategies():
    b.activity()  # a redesign, not a strategy
    result = eia_strategies(b.SCOPE)
    assert (result.outcome, result.counted) == (Outcome.NOT_ENOUGH, 0)
    assert "No strategy" in result.summary


def test_eia_strategies_partly_met_with_links_to_the_assessment():
    consulted = b.strategy_activity(title="Early help strategy")
    b.eia(consulted, amendments="Added a Saturday session.")
    unconsulted = b.strategy_activity(title="Parenting strategy")
    b.eia(unconsulted, consulted=False)
    draft = b.strategy_activity(title="Youth offer strategy")
    b.eia(draft, status=EqualityStatus.CONSULTED)
    none = b.strategy_activity(title="Short breaks strategy")
    b.strategy_activity(title="Elsewhere", area="send")
    b.strategy_activity(title="Other year", year=2027)

    result = eia_strategies(b.SCOPE)

    assert (result.outcome, result.counted, result.passing) == (Outcome.PARTLY_MET, 4, 1)
    by_label = {line.label.split(" (")[0]: line for line in result.records}
    assert by_label["Early help strategy"].passes
    assert by_label["Early help strategy"].url == reverse("cycle:equality:detail", args=[consulted.pk])
    assert "amended" in by_label["Early help strategy"].reason
    assert "no consultation" in by_label["Parenting strategy"].reason
    assert "consulted, not final" in by_label["Youth offer strategy"].reason
    assert by_label["Short breaks strategy"].url == reverse("cycle:detail", args=[none.pk])
    assert result.summary == "1 of 4 strategies have a final equality impact assessment that was consulted on"


def test_eia_strategies_every_area_and_met():
    for area in ("early_help", "send"):
        b.eia(b.strategy_activity(area=area))
    assert eia_strategies(b.SCOPE).counted == 1
    result = eia_strategies(b.ALL_AREAS)
    assert (result.outcome, result.counted, result.passing) == (Outcome.MET, 2, 2)


def test_eia_budget_procurements():
    good = b.procurement()
    b.eia(good.activity)
    b.budget(good.activity)
    no_budget = b.procurement()
    b.eia(no_budget.activity)
    archived = b.procurement()
    b.eia(archived.activity)
    b.budget(archived.activity, archived_at=b.aware(b.START))  # an archived budget does not count
    b.procurement(published=None, contract_start=b.dt.date(2027, 1, 1))  # outside the period

    result = eia_procurements(b.SCOPE)

    assert (result.outcome, result.counted, result.passing) == (Outcome.PARTLY_MET, 3, 1)
    first = result.records[0]
    assert first.url == reverse("procurement:detail", args=[good.pk])
    assert "agreed by Commissioning board" in first.reason
    assert "no budget agreed" in result.records[1].reason


def test_eia_budget_procurements_not_met_and_not_enough():
    assert eia_procurements(b.SCOPE).outcome == Outcome.NOT_ENOUGH
    b.procurement()
    result = eia_procurements(b.SCOPE)
    assert (result.outcome, result.passing) == (Outcome.NOT_MET, 0)
    assert result.records[0].reason == "No equality impact assessment; no budget agreed"
