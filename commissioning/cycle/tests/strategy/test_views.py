from datetime import timedelta

import pytest
from django.urls import reverse

from commissioning.core.models import TimelineEvent
from commissioning.cycle.models import Strategy, StrategyStatus
from commissioning.cycle.strategy import services
from commissioning.organisations.models import Role
from commissioning.organisations.tests.factories import PartnerFactory, person_with_role


def url(name, activity, *args):
    return reverse(f"cycle:strategy:{name}", args=[activity.pk, *args])


def date_fields(name, day) -> dict:
    return {f"{name}_0": str(day.day), f"{name}_1": str(day.month), f"{name}_2": str(day.year)}


def test_empty_state_offers_to_draft_the_strategy(client_for, commissioner, activity):
    html = client_for(commissioner).get(url("detail", activity)).content.decode()
    assert "This activity has no strategy or plan yet." in html
    assert url("create", activity) in html
    assert "Draft the strategy" in html


def test_draft_a_strategy(client_for, commissioner, activity, ecm):
    client = client_for(commissioner)
    assert client.get(url("create", activity)).status_code == 200
    response = client.post(
        url("create", activity),
        {"title": "Family plan", "slug": "", "summary": "Help earlier.", "outcomes": [ecm[0].pk]},
    )
    assert response.status_code == 302
    strategy = Strategy.objects.get()
    assert (strategy.slug, strategy.status) == ("family-plan", StrategyStatus.DRAFT)
    assert list(strategy.outcomes.all()) == [ecm[0]]
    assert client.get(url("create", activity)).status_code == 302


def test_draft_with_errors_shows_them_and_saves_nothing(client_for, commissioner, activity):
    response = client_for(commissioner).post(url("create", activity), {"title": "", "slug": "Bad slug!"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "govuk-error-summary" in html
    assert "Enter the title of the strategy or plan" in html
    assert not Strategy.objects.exists()


def test_detail_shows_the_sections_in_the_gateshead_order(client_for, commissioner, strategy, priority):
    services.recommendation_add(
        actor=commissioner,
        strategy=strategy,
        data={"recommendation": "Single front door", "impact": "Less waiting"},
    )
    services.issue_add(
        actor=commissioner,
        strategy=strategy,
        data={"with_whom": "Integrated care board", "what": "Waits", "how_agreed": "Joint group"},
    )
    html = client_for(commissioner).get(strategy.get_absolute_url()).content.decode()
    headings = [
        "Summary",
        "The outcomes we want to achieve",
        "An outline of the assessment of need",
        "Priorities, linked to outcomes",
        "The resources available",
        "Recommendations and their impact",
        "Shared cross-cutting issues and priorities",
    ]
    positions = [html.index(f">{heading}</h2>") for heading in headings]
    assert positions == sorted(positions)
    assert "Help earlier" in html and "Single front door" in html and "Integrated care board" in html
    assert "govuk-tag--yellow" in html and "Not published" in html
    assert url("approve", strategy.activity) in html


def test_change_with_a_stale_version_is_refused(client_for, commissioner, strategy):
    client = client_for(commissioner)
    assert client.get(url("change", strategy.activity)).status_code == 200
    data = {"title": "New title", "slug": strategy.slug, "summary": "s", "version": strategy.version - 1}
    html = client.post(url("change", strategy.activity), data).content.decode()
    assert "Someone else changed this record" in html
    strategy.refresh_from_db()
    assert strategy.title == "Family support strategy"
    data["version"] = strategy.version
    assert client.post(url("change", strategy.activity), data).status_code == 302
    strategy.refresh_from_db()
    assert strategy.title == "New title"


def test_add_change_move_and_remove_a_priority(client_for, commissioner, strategy, priority, ecm):
    client = client_for(commissioner)
    activity = strategy.activity
    html = client.post(url("priority-add", activity), {"title": "No outcome"}).content.decode()
    assert "Select at least one outcome the priority is linked to" in html
    assert strategy.priorities.count() == 1
    client.post(url("priority-add", activity), {"title": "Second", "outcomes": [ecm[1].pk]})
    second = strategy.priorities.get(title="Second")
    client.post(url("priority-move", activity, second.pk), {"direction": "up"})
    assert [p.title for p in strategy.priorities.all()] == ["Second", "Help earlier"]
    assert client.get(url("priority-change", activity, second.pk)).status_code == 200
    client.post(
        url("priority-change", activity, second.pk), {"title": "Second, changed", "outcomes": [ecm[2].pk]}
    )
    second.refresh_from_db()
    assert second.title == "Second, changed"
    confirm = client.get(url("priority-remove", activity, second.pk)).content.decode()
    assert "Are you sure you want to remove this priority?" in confirm
    assert client.post(url("priority-remove", activity, second.pk)).status_code == 302
    assert [p.title for p in strategy.priorities.all()] == ["Help earlier"]
    assert TimelineEvent.objects.filter(summary="Strategy priority removed: Second, changed").exists()


def test_recommendations_and_issues_pages(client_for, commissioner, strategy):
    client = client_for(commissioner)
    activity = strategy.activity
    html = client.post(url("recommendation-add", activity), {"recommendation": "Do it"}).content.decode()
    assert "Enter the impact of the recommendation" in html
    client.post(url("recommendation-add", activity), {"recommendation": "Do it", "impact": "Better"})
    row = strategy.recommendations.get()
    client.post(
        url("recommendation-change", activity, row.pk), {"recommendation": "Do it now", "impact": "Better"}
    )
    row.refresh_from_db()
    assert row.recommendation == "Do it now"
    client.post(url("recommendation-remove", activity, row.pk))
    assert not strategy.recommendations.exists()
    html = client.post(url("issue-add", activity), {"with_whom": "Police"}).content.decode()
    assert "Enter what the shared issue is" in html
    client.post(
        url("issue-add", activity), {"with_whom": "Police", "what": "Exploitation", "how_agreed": "Board"}
    )
    issue = strategy.cross_cutting_issues.get()
    assert client.get(url("issue-remove", activity, issue.pk)).status_code == 200
    client.post(url("issue-remove", activity, issue.pk))
    assert not strategy.cross_cutting_issues.exists()
    assert client.get(url("issue-change", activity, 999)).status_code == 404


def test_refused_approval_lists_every_condition(client_for, commissioner, activity, today):
    services.strategy_create(actor=commissioner, activity=activity, data={"title": "Bare", "summary": ""})
    response = client_for(commissioner).post(
        url("approve", activity),
        {
            "approved_by_body": "",
            "minute_reference": "",
            **date_fields("approved_on", today + timedelta(days=3)),
        },
    )
    html = response.content.decode()
    for message in (
        "Enter the board or body that approved the strategy",
        "The date the strategy was approved must be today or in the past",
        "Enter the minute reference of the decision",
        "Add a summary of what the strategy is for",
        "Identify at least one outcome the strategy will achieve",
        "Add at least one priority, linked to outcomes",
    ):
        assert message in html
    assert Strategy.objects.get().status == StrategyStatus.DRAFT


def test_approve_publish_unpublish_reopen(client_for, commissioner, strategy, priority, today):
    client = client_for(commissioner)
    activity = strategy.activity
    response = client.post(
        url("approve", activity),
        {
            "approved_by_body": "Partnership Board",
            "minute_reference": "PB 12",
            "version": strategy.version,
            **date_fields("approved_on", today),
        },
    )
    assert response.status_code == 302
    html = client.get(url("detail", activity)).content.decode()
    assert "Partnership Board" in html and "PB 12" in html and "govuk-tag--green" in html
    assert url("change", activity) not in html
    assert client.post(url("publish", activity)).status_code == 302
    html = client.get(url("detail", activity)).content.decode()
    assert reverse("public_strategies:detail", args=[strategy.slug]) in html
    html = client.post(url("unpublish", activity), {"reason": ""}).content.decode()
    assert "Enter a reason" in html
    client.post(url("unpublish", activity), {"reason": "Refresh"})
    strategy.refresh_from_db()
    assert strategy.published_at is None
    client.post(url("reopen", activity), {"reason": "New data"})
    strategy.refresh_from_db()
    assert strategy.status == StrategyStatus.DRAFT


def test_archive_and_restore(client_for, commissioner, strategy):
    client = client_for(commissioner)
    activity = strategy.activity
    client.post(url("archive", activity), {"reason": "Replaced"})
    strategy.refresh_from_db()
    assert strategy.is_archived
    html = client.get(url("detail", activity)).content.decode()
    assert "Replaced" in html and url("restore", activity) in html
    client.post(url("restore", activity))
    strategy.refresh_from_db()
    assert not strategy.is_archived
    history = client.get(url("history", activity)).content.decode()
    assert "Strategy archived: Replaced" in history


def test_publishing_a_draft_shows_the_error(client_for, commissioner, strategy):
    html = client_for(commissioner).post(url("publish", strategy.activity)).content.decode()
    assert "Only an approved strategy can be published" in html


@pytest.mark.parametrize("role", [Role.PROVIDER_USER, Role.PANEL_MEMBER])
def test_providers_and_panel_members_see_nothing(client_for, strategy, priority, role):
    client = client_for(person_with_role(role))
    activity = strategy.activity
    for name in ("detail", "history", "change", "approve", "publish", "archive", "create"):
        assert client.get(url(name, activity)).status_code in (403, 404)
    assert client.get(url("priority-change", activity, priority.pk)).status_code in (403, 404)
    assert client.post(url("archive", activity), {"reason": "x"}).status_code in (403, 404)
    strategy.refresh_from_db()
    assert not strategy.is_archived


def test_commissioner_not_involved_can_read_but_not_change(client_for, strategy, priority):
    client = client_for(person_with_role(Role.COMMISSIONER, PartnerFactory(name="Elsewhere Council")))
    activity = strategy.activity
    html = client.get(url("detail", activity)).content.decode()
    assert "Family support strategy" in html
    assert url("change", activity) not in html and url("approve", activity) not in html
    assert client.get(url("change", activity)).status_code == 403
    assert client.post(url("priority-remove", activity, priority.pk)).status_code == 403
    assert client.post(url("priority-move", activity, priority.pk), {"direction": "down"}).status_code == 403
    assert client.post(url("archive", activity), {"reason": "x"}).status_code == 403
    assert strategy.priorities.count() == 1


def test_administrator_can_change(client_for, administrator, strategy):
    response = client_for(administrator).post(url("archive", strategy.activity), {"reason": "Replaced"})
    assert response.status_code == 302
    strategy.refresh_from_db()
    assert strategy.is_archived


def test_anonymous_is_sent_to_sign_in(client, strategy):
    response = client.get(url("detail", strategy.activity))
    assert response.status_code == 302
    assert "login" in response["Location"] or "sign-in" in response["Location"]
