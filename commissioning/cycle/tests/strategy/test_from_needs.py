"""Strategy priorities fed from the priorities of the activity's final needs analysis."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from commissioning.cycle.strategy import services
from commissioning.needs.analysis import services as needs_services
from commissioning.needs.tests.factories import AreaFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def final_analysis(commissioner, activity, ecm):
    analysis = needs_services.analysis_create(
        actor=commissioner,
        data={"title": "Young carers needs analysis", "topic": "Young carers", "activity": activity,
              "area": AreaFactory(code="E08000009", name="Trafford"), "forecast_years": 3},
    )  # fmt: skip
    first = needs_services.priority_create(
        actor=commissioner,
        analysis=analysis,
        data={"title": "Identify young carers earlier", "evidence": "Most are known only at crisis."},
        outcomes=[ecm[0], ecm[1]],
    )
    needs_services.priority_create(
        actor=commissioner,
        analysis=analysis,
        data={"title": "Respite for young carers", "evidence": "Half have no break in a year."},
        outcomes=[ecm[2]],
    )
    needs_services.priority_create(
        actor=commissioner,
        analysis=analysis,
        data={"title": "No outcome yet", "evidence": "To be worked out."},
    )
    needs_services.analysis_update(
        actor=commissioner,
        analysis=analysis,
        data={"sources": {"jsna": ""}, "findings": "F", "vulnerable_groups": "V", "unmet_needs": "U"},
        indicators=[],
        expected_version=analysis.version,
    )
    analysis.refresh_from_db()
    needs_services.analysis_finalise(actor=commissioner, analysis=analysis, expected_version=analysis.version)
    return analysis, first


def test_the_needs_priorities_become_strategy_priorities_linked_back(
    commissioner, strategy, final_analysis, ecm
):
    assert [p.title for p in services.needs_priorities_to_add(strategy)] == [
        "Identify young carers earlier",
        "Respite for young carers",
        "No outcome yet",
    ]
    added = services.priorities_from_needs(actor=commissioner, strategy=strategy)
    assert [(p.title, p.description, p.needs_priority.title) for p in added] == [
        ("Identify young carers earlier", "Most are known only at crisis.", "Identify young carers earlier"),
        ("Respite for young carers", "Half have no break in a year.", "Respite for young carers"),
    ]
    assert list(added[0].outcomes.all()) == [ecm[0], ecm[1]]
    # The priority without outcomes is left for the commissioner to add by hand.
    assert [p.title for p in services.needs_priorities_to_add(strategy)] == ["No outcome yet"]
    with pytest.raises(ValidationError) as caught:
        services.priorities_from_needs(actor=commissioner, strategy=strategy)
    assert "There are no priorities to add" in caught.value.messages[0]


def test_a_draft_needs_analysis_does_not_feed_the_strategy(commissioner, strategy, activity, ecm):
    analysis = needs_services.analysis_create(
        actor=commissioner,
        data={
            "title": "Draft",
            "topic": "T",
            "activity": activity,
            "area": AreaFactory(),
            "forecast_years": 3,
        },
    )
    needs_services.priority_create(
        actor=commissioner, analysis=analysis, data={"title": "P", "evidence": "E"}, outcomes=[ecm[0]]
    )
    assert services.needs_priorities_to_add(strategy) == []


def test_the_strategy_page_offers_and_shows_the_link(client_for, commissioner, strategy, final_analysis):
    analysis, first = final_analysis
    client = client_for(commissioner)
    url = reverse("cycle:strategy:detail", args=[strategy.activity_id])
    assert "Add the 3 priorities of the needs analysis" in client.get(url).content.decode()
    response = client.post(reverse("cycle:strategy:priorities-from-needs", args=[strategy.activity_id]))
    assert response.status_code == 302
    page = client.get(url).content.decode()
    report_card = reverse("needs:report-card", args=[analysis.pk, first.pk])
    assert f'href="{report_card}">Identify young carers earlier</a>' in page
    assert "Add the 1 priority of the needs analysis" in page


def test_a_priority_is_linked_by_hand_in_its_form(client_for, commissioner, strategy, final_analysis, ecm):
    _, first = final_analysis
    client = client_for(commissioner)
    response = client.post(
        reverse("cycle:strategy:priority-add", args=[strategy.activity_id]),
        {"title": "Earlier identification", "outcomes": [ecm[0].pk], "needs_priority": first.pk},
    )
    assert response.status_code == 302
    assert strategy.priorities.get(title="Earlier identification").needs_priority == first
