"""An agreement's periods with their returns and ratings are kept in the table cache until a return or figure is
written, for each day (committed transactions, as in production)."""

from datetime import date

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from commissioning.monitoring import selectors, services
from commissioning.monitoring.rag import Rag
from commissioning.monitoring.tests.conftest import return_data
from commissioning.monitoring.tests.test_services import AFTER

pytestmark = pytest.mark.django_db(transaction=True)


def test_served_again_until_a_return_is_submitted(first_period, kpis, provider_user, agreement):
    cache.clear()

    def rows():
        return selectors.period_rows(agreement, today=AFTER)

    assert rows()[0].current is None and not rows()[0].overdue
    with CaptureQueriesContext(connection) as queries:
        rows()
    assert len(queries) == 0
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
