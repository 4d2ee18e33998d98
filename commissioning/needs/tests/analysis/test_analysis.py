import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command

from commissioning.cycle import services as cycle_services
from commissioning.needs.analysis import selectors, services
from commissioning.needs.models import AnalysisStatus, NeedsAnalysis
from commissioning.needs.tests.factories import AreaFactory, IndicatorFactory, IndicatorValueFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def area(db):
    return AreaFactory(code="E08000009", name="Trafford")


@pytest.fixture
def analysis(commissioner, area):
    return services.analysis_create(
        actor=commissioner,
        data={
            "title": "Young carers needs analysis",
            "topic": "Young carers",
            "area": area,
            "forecast_years": 3,
        },
    )


def complete(analysis, commissioner):
    services.analysis_update(
        actor=commissioner,
        analysis=analysis,
        data={
            "sources": {"jsna": "", "user_views": ""},
            "findings": "One in twelve pupils cares for someone at home.",
            "vulnerable_groups": "Young carers of parents with substance misuse.",
            "unmet_needs": "No support in the north locality.",
        },
        indicators=[],
        expected_version=None,
    )
    services.priority_create(
        actor=commissioner,
        analysis=analysis,
        data={"title": "Identify young carers earlier", "evidence": "Schools identify a third of them."},
    )


def test_finalising_lists_everything_missing(analysis, commissioner):
    with pytest.raises(ValidationError) as refused:
        services.analysis_finalise(actor=commissioner, analysis=analysis, expected_version=None)
    assert refused.value.messages == [
        "Say which evidence sources the analysis used.",
        "Write the findings.",
        "Name the vulnerable groups identified, or say that none were.",
        "Describe the unmet needs and gaps, or say that none were found.",
        "Set at least one priority.",
    ]
    analysis.refresh_from_db()
    assert analysis.status == AnalysisStatus.DRAFT


def test_a_final_analysis_is_evidence_for_steps_1_to_3_and_locked(analysis, commissioner, activity):
    analysis.activity = activity
    analysis.save()
    complete(analysis, commissioner)
    analysis = services.analysis_finalise(actor=commissioner, analysis=analysis, expected_version=None)
    assert analysis.status == AnalysisStatus.FINAL
    for number in (1, 2, 3):
        evidence = activity.steps.get(number=number).evidence.get()
        assert evidence.document_type == "needs_assessment"
        assert evidence.record_path == f"/needs/analyses/{analysis.pk}/"
    assert activity.steps.get(number=4).evidence.count() == 0
    with pytest.raises(ValidationError, match="is final"):
        services.analysis_update(
            actor=commissioner, analysis=analysis, data={"title": "New"}, indicators=[], expected_version=None
        )
    services.analysis_reopen(actor=commissioner, analysis=analysis, reason="New census data")
    services.analysis_finalise(actor=commissioner, analysis=analysis, expected_version=None)
    assert activity.steps.get(number=1).evidence.count() == 1


def test_unknown_source_and_forecast_range(analysis, commissioner):
    with pytest.raises(ValidationError) as refused:
        services.analysis_update(
            actor=commissioner,
            analysis=analysis,
            data={"sources": {"gossip": ""}, "forecast_years": 40},
            indicators=[],
            expected_version=None,
        )
    assert set(refused.value.message_dict) == {"sources", "forecast_years"}


def test_priorities_rank_and_move(analysis, commissioner):
    titles = ["First", "Second", "Third"]
    for title in titles:
        services.priority_create(
            actor=commissioner, analysis=analysis, data={"title": title, "evidence": "E"}
        )
    third = analysis.priorities.get(title="Third")
    services.priority_move(actor=commissioner, priority=third, direction="up")
    assert [p.title for p in selectors.priorities_of(analysis)] == ["First", "Third", "Second"]
    with pytest.raises(ValidationError, match="cannot move further"):
        services.priority_move(
            actor=commissioner, priority=analysis.priorities.get(title="First"), direction="up"
        )
    services.priority_archive(actor=commissioner, priority=third, reason="Merged")
    assert [p.title for p in selectors.priorities_of(analysis)] == ["First", "Second"]
    with pytest.raises(ValidationError) as refused:
        services.priority_create(
            actor=commissioner, analysis=analysis, data={"title": "No evidence", "evidence": ""}
        )
    assert "evidence" in refused.value.message_dict


def test_projection_needs_three_points_and_widens(area):
    indicator = IndicatorFactory()
    assert "needs at least 3 years" in selectors.projection(indicator, area, 3).reason
    for year, value in [(2019, 10.0), (2020, 12.0), (2021, 13.0), (2022, 15.0)]:
        IndicatorValueFactory(
            indicator=indicator, area=area, period=f"{year}/{str(year + 1)[-2:]}", value=value
        )
    result = selectors.projection(indicator, area, 2)
    assert [label for label, _ in result.forecast] == ["2023/24", "2024/25"]
    first, second = (point for _, point in result.forecast)
    assert first.value == pytest.approx(16.5)  # slope 1.6, intercept at 2022 15.1 → 2023: 16.5
    assert second.upper - second.lower > first.upper - first.lower


def test_pages(client_for, commissioner, provider_user, analysis):
    call_command("load_frameworks")
    client = client_for(commissioner)
    assert "Young carers needs analysis" in client.get("/needs/analyses/").content.decode()
    assert client.get("/needs/analyses/?format=csv").content.decode("utf-8-sig").startswith("Title,Topic")
    page = client.get(f"/needs/analyses/{analysis.pk}/").content.decode()
    assert "Set at least one priority." in page
    response = client.post(f"/needs/analyses/{analysis.pk}/priorities/add/", {"title": "", "evidence": ""})
    assert "Enter the priority" in response.content.decode()
    response = client.post(
        f"/needs/analyses/{analysis.pk}/priorities/add/",
        {"title": "Earlier help", "evidence": "Data shows it"},
    )
    assert response.status_code == 302
    priority = analysis.priorities.get()
    card = client.get(f"/needs/analyses/{analysis.pk}/priorities/{priority.pk}/report-card/").content.decode()
    assert "Turn the Curve" in card and "No headline indicator chosen" in card
    response = client.post(f"/needs/analyses/{analysis.pk}/final/")
    assert "Write the findings." in response.content.decode()
    assert client.get(f"/needs/analyses/{analysis.pk}/history/").status_code == 200
    other = client_for(provider_user)
    assert other.get("/needs/analyses/").status_code == 403
    assert other.get(f"/needs/analyses/{analysis.pk}/").status_code == 403


def test_create_page_defaults_and_errors(client_for, commissioner, area):
    client = client_for(commissioner)
    response = client.post("/needs/analyses/start/", {"title": "", "topic": "", "forecast_years": "3"})
    body = response.content.decode()
    assert "Enter a title for the needs analysis" in body and "Choose the area analysed" in body
    response = client.post(
        "/needs/analyses/start/",
        {"title": "SEND", "topic": "SEND", "area": area.pk, "forecast_years": "3", "sources": ["cypp"]},
    )
    assert response.status_code == 302
    assert NeedsAnalysis.objects.get(title="SEND").sources == {"cypp": ""}


def test_list_queries_are_bounded(client_for, commissioner, area, django_assert_max_num_queries):
    for n in range(6):
        services.analysis_create(
            actor=commissioner, data={"title": f"A{n}", "topic": "T", "area": area, "forecast_years": 3}
        )
    client = client_for(commissioner)
    client.get("/needs/analyses/")
    with django_assert_max_num_queries(12):
        assert client.get("/needs/analyses/").content.decode().count("<tr") == 7


def test_needs_analysis_link_resolves_as_record_evidence(analysis, commissioner, activity):
    evidence = cycle_services.evidence_add(
        actor=commissioner,
        step=activity.steps.get(number=2),
        kind="record",
        title="Analysis",
        record_path=f"/needs/analyses/{analysis.pk}/",
    )
    assert evidence.record_path == f"/needs/analyses/{analysis.pk}/"
