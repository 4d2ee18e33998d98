"""An agreement's periods with their returns and ratings are kept in the table cache until a return or figure is
written, for each day (committed transactions, as in production)."""

from datetime import date

import pytest

from commissioning.conftest import queries_of
from commissioning.monitoring import selectors, services
from commissioning.monitoring.rag import Rag
from commissioning.monitoring.tests.conftest import return_data
from commissioning.monitoring.tests.test_services import AFTER

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("empty_cache")]


def test_served_again_until_a_return_is_submitted(first_period, kpis, provider_user, agreement):

    def rows():
        return selectors.period_rows(agreement, today=AFTER)

    assert rows()[0].current is None and not rows()[0].overdue
    assert queries_of(rows) == 0
    later = date(2027, 1, 1)  # each day is its own: the first period is overdue by then
    assert selectors.period_rows(agreement, today=later)[0].overdue
    services.return_submit(
        actor=provider_user,
        period=first_period,
        data=return_data(kpis, actuals={kpis[0].pk: "95", kpis[1].pk: "14"}),
        today=AFTER,
    )
    first = rows()[0]
    assert first.current is not None and first.rag == Rag.RED
    assert not selectors.period_rows(agreement, today=later)[0].overdue
