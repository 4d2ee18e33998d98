from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from commissioning.cycle.strategy import services
from commissioning.cycle.tests.factories import ActivityFactory


def public(slug=None):
    return reverse("public_strategies:detail", args=[slug]) if slug else reverse("public_strategies:list")


def test_a_published_strategy_is_visible_to_anyone(client, published, commissioner):
    commissioner.first_name, commissioner.last_name = "Staff", "Member"
    commissioner.email = "commissioner@example.org"
    commissioner.save()
    listing = client.get(public()).content.decode()
    assert "Family support strategy" in listing
    response = client.get(public(published.slug))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Children and Young People&#x27;s Partnership Board" in html
    assert "CYPPB 2026/21" in html
    assert "Help earlier" in html
    for private in ("Staff Member", "commissioner@example.org", commissioner.username, "/activities/"):
        assert private not in html
    assert "Sign out" not in html
    assert 'href="/" class="govuk-header__homepage-link"' not in html
    assert 'href="/public/strategies/" class="govuk-header__homepage-link"' in html


def test_drafts_unpublished_archived_and_unknown_are_not_found(
    client, commissioner, strategy, priority, approval
):
    assert client.get(public(strategy.slug)).status_code == 404
    services.strategy_approve(actor=commissioner, strategy=strategy, data=approval, expected_version=None)
    assert client.get(public(strategy.slug)).status_code == 404
    services.strategy_publish(actor=commissioner, strategy=strategy)
    assert client.get(public(strategy.slug)).status_code == 200
    services.strategy_unpublish(actor=commissioner, strategy=strategy, reason="Refresh")
    assert client.get(public(strategy.slug)).status_code == 404
    services.strategy_publish(actor=commissioner, strategy=strategy)
    services.strategy_archive(actor=commissioner, strategy=strategy, reason="Replaced")
    assert client.get(public(strategy.slug)).status_code == 404
    assert "Family support strategy" not in client.get(public()).content.decode()
    assert client.get(public("no-such-strategy")).status_code == 404


def test_the_list_is_empty_until_something_is_published(client, strategy):
    html = client.get(public()).content.decode()
    assert "No strategy or plan has been published yet." in html


def test_the_list_queries_do_not_grow_with_rows(client, commissioner, published, approval):
    with CaptureQueriesContext(connection) as one:
        client.get(public())
    for number in range(3):
        other = ActivityFactory(lead_organisation=published.activity.lead_organisation)
        strategy = services.strategy_create(
            actor=commissioner,
            activity=other,
            data={"title": f"Plan {number}", "summary": "A plan."},
            outcomes=list(published.outcomes.all()),
        )
        services.priority_add(
            actor=commissioner,
            strategy=strategy,
            data={"title": "P"},
            outcomes=list(published.outcomes.all()),
        )
        services.strategy_approve(actor=commissioner, strategy=strategy, data=approval, expected_version=None)
        services.strategy_publish(actor=commissioner, strategy=strategy)
    with CaptureQueriesContext(connection) as four:
        html = client.get(public()).content.decode()
    assert "Plan 2" in html
    assert len(four) == len(one)
