"""An agreement's monitoring page keeps its returns, trends and records, rendered, in the table cache: served again
with fewer queries, and shown afresh as soon as something on them is written (committed transactions, as in
production)."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from commissioning.conftest import queries_of
from commissioning.contracts import services as contract_services
from commissioning.monitoring import services
from commissioning.monitoring.tests.conftest import return_data

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("empty_cache")]


def _page(client, agreement) -> str:
    body = client.get(reverse("monitoring:agreement", args=[agreement.pk])).content.decode()
    assert f"Monitoring of {agreement.reference}" in body
    return body


def test_served_again_with_fewer_queries_until_a_record_or_return_is_written(
    client_for, officer, provider_user, plan, agreement, kpis, first_period
):
    client = client_for(officer)
    first = queries_of(lambda: _page(client, agreement))  # learns which tables the parts read
    _page(client, agreement)  # stores them
    again = queries_of(lambda: _page(client, agreement))
    assert again <= first - 8

    today = timezone.localdate()
    services.meeting_save(
        actor=officer,
        agreement=agreement,
        data={"held_on": today - timedelta(days=30), "attendees": "Officer; provider manager", "minutes": ""},
    )
    body = _page(client, agreement)
    assert "Minutes not sent within 3 weeks" in body and "No meetings recorded." not in body

    services.visit_create(
        actor=officer,
        agreement=agreement,
        data={
            "visited_on": today,
            "announced": True,
            "visited_by": "Officer",
            "observations": "Bright rooms.",
        },
    )
    assert "Bright rooms." in _page(client, agreement)

    assert "Not submitted" in _page(client, agreement)
    services.return_submit(
        actor=provider_user,
        period=first_period,
        data=return_data(kpis, actuals={kpis[0].pk: "95", kpis[1].pk: "14"}),
        today=first_period.ends_on + timedelta(days=1),
    )
    body = _page(client, agreement)
    assert "Submitted" in body
    assert 'id="trend"' in body and "95" in body


def test_the_links_to_change_records_follow_the_person_and_the_agreement(
    client_for, officer, board_member, plan, agreement
):
    services.meeting_save(
        actor=officer,
        agreement=agreement,
        data={"held_on": timezone.localdate(), "attendees": "Officer", "minutes": "Quarter discussed."},
    )
    for _ in range(3):
        assert "Record a meeting" in _page(client_for(officer), agreement)
    for _ in range(3):
        body = _page(client_for(board_member), agreement)
        assert "Record a meeting" not in body and "Archive<span" not in body

    contract_services.agreement_archive(actor=officer, agreement=agreement, reason="Ended early.")
    body = _page(client_for(officer), agreement)
    assert "No meetings recorded." not in body and "Record a meeting" not in body
