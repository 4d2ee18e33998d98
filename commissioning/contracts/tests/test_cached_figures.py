"""The register's filters, the alerts and the payments compliance figures are kept in the table cache: served
again without a query, and computed again once an agreement or payment is written. In committed transactions,
as in production (inside a test's transaction that has written, the cache is left alone)."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from commissioning.contracts import selectors, services
from commissioning.contracts.tests.conftest import TODAY
from commissioning.contracts.tests.test_selectors import pay

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("empty_cache")]


def served_again(read):
    """Read twice (the first learns the tables read, the second stores), then a third time: that value and the
    queries it took."""
    read(), read()
    with CaptureQueriesContext(connection) as queries:
        value = read()
    return value, len(queries)


def test_alerts_are_served_again_until_an_agreement_changes(contracts_manager, agreement_data):
    def read():
        return selectors.alerts(user=contracts_manager, today=TODAY)

    alerts, queries = served_again(read)
    assert (alerts.ending.count, queries) == (0, 0)
    ending = services.agreement_create(
        actor=contracts_manager, data=agreement_data(reference="A-1", ends_on=date(2027, 3, 31))
    )
    assert read().ending.rows == [ending]


def test_alerts_are_kept_for_each_day_and_each_view(
    contracts_manager, agreement_data, provider_user, other_provider_org
):
    services.agreement_create(
        actor=contracts_manager,
        data=agreement_data(reference="A-1", ends_on=date(2027, 3, 31), provider=other_provider_org),
    )
    alerts, _ = served_again(lambda: selectors.alerts(user=contracts_manager, today=TODAY))
    assert alerts.ending.count == 1
    assert selectors.alerts(user=contracts_manager, today=date(2027, 4, 1)).ending.count == 0
    assert selectors.alerts(user=provider_user, today=TODAY).count == 0  # another provider's agreement


def test_payments_compliance_is_served_again_until_a_payment_changes(agreement, finance_officer):
    def read():
        return selectors.payments_compliance(user=finance_officer, period="2026-09")

    figures, _ = served_again(read)
    assert figures.invoices == 0
    pay(agreement, finance_officer, received=date(2026, 4, 1), paid=date(2026, 4, 11), amount="1000")
    figures = read()
    assert (figures.invoices, figures.within_30, figures.amount_paid) == (1, 1, 1000)
    assert [payment.amount for payment in figures.payments] == [1000]


def test_the_register_filters_follow_new_providers(contracts_manager, agreement_data, other_provider_org):
    choices, queries = served_again(selectors.register_provider_choices)
    assert (choices, queries) == ([], 0)
    services.agreement_create(
        actor=contracts_manager,
        data=agreement_data(provider=other_provider_org, monitoring_officer=contracts_manager),
    )
    assert selectors.register_provider_choices() == [(other_provider_org.pk, other_provider_org.name)]
    assert selectors.register_officer_choices() == [(contracts_manager.pk, contracts_manager.get_full_name())]
    other_provider_org.name = "Renamed Trust"
    other_provider_org.save()
    assert selectors.register_provider_choices() == [(other_provider_org.pk, "Renamed Trust")]
