"""The monitoring dashboard's rows, rendered, are kept in the table cache (`RememberedResultsMixin`): served again
with fewer queries, and shown afresh as soon as an agreement or a return is written, or the day changes
(committed transactions, as in production)."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from commissioning.conftest import page_text, queries_of
from commissioning.monitoring import services
from commissioning.monitoring.tests.conftest import return_data
from commissioning.monitoring.tests.factories import AgreementFactory

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("empty_cache")]


def _dashboard(client) -> str:
    return page_text(client, reverse("monitoring:home"), "Contract monitoring</h1>")


def test_rows_are_served_again_until_an_agreement_or_a_return_is_written(
    client_for, officer, provider_user, agreement, kpis, plan, first_period, monkeypatch
):
    day = {"today": first_period.due_on + timedelta(days=1)}
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: day["today"])
    client = client_for(officer)
    first = queries_of(lambda: _dashboard(client))  # learns which tables the rows read
    _dashboard(client)  # stores them
    again = queries_of(lambda: _dashboard(client))
    assert again <= first - 3
    assert "1 overdue" in _dashboard(client)

    services.return_submit(
        actor=provider_user, period=first_period, data=return_data(kpis), today=day["today"]
    )
    body = _dashboard(client)
    assert "1 overdue" not in body and "1 to review" in body

    newcomer = AgreementFactory(title="Young carers' breaks")
    assert "Young carers&#x27; breaks" in _dashboard(client)
    assert reverse("monitoring:agreement", args=[newcomer.pk]) in _dashboard(client)


def test_a_period_falls_overdue_on_the_day_after_its_return_was_due(
    client_for, officer, agreement, kpis, plan, first_period, monkeypatch
):
    day = {"today": first_period.due_on}
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: day["today"])
    client = client_for(officer)
    for _ in range(3):
        assert "overdue" not in _dashboard(client).split('id="agreements"')[1]
    day["today"] = first_period.due_on + timedelta(days=1)
    assert "1 overdue" in _dashboard(client)
