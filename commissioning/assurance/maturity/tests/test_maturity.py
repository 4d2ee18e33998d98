from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from commissioning.assurance.maturity import selectors, services
from commissioning.assurance.maturity.models import MaturityAssessment, MaturityRating
from commissioning.assurance.maturity.tests.conftest import ratings
from commissioning.core.exceptions import ConflictError
from commissioning.core.selectors import history_for
from commissioning.cycle.tests.factories import ActivityFactory

TODAY = date(2026, 11, 23)


def test_the_matrix_words_are_the_seeds(db):
    rows = selectors.matrix()
    assert [row.label for row in rows] == [
        "Purpose and strategy",
        "Needs and market intelligence",
        "Stakeholder engagement",
        "Resource allocation and management",
    ]
    joint = rows[0].cells[2]
    assert joint["approach"] == "joint" and "Joint strategy development." in joint["text"]
    assert "Pooled budgets within a single agency" in rows[3].cells[3]["text"]


def test_every_dimension_needs_an_approach_and_evidence(manager):
    bad = ratings("joint", "parallel", "joint", "separate")
    bad["stakeholder-engagement"] = ("", "")
    bad["purpose-and-strategy"] = ("merged", "Some evidence")
    with pytest.raises(ValidationError) as exc:
        services.assessment_create(
            actor=manager,
            subject_kind="activity",
            activity=None,
            assessed_on=date(2027, 1, 1),
            assessor=manager,
            ratings=bad,
            today=TODAY,
        )
    errors = exc.value.message_dict
    assert errors["activity"] == ["Choose the commissioning activity assessed"]
    assert "today or in the past" in errors["assessed_on"][0]
    assert errors["approach_stakeholder_engagement"] == [
        "Choose the approach reached for stakeholder engagement"
    ]
    assert errors["evidence_stakeholder_engagement"] == ["Enter the evidence for stakeholder engagement"]
    assert errors["approach_purpose_and_strategy"] == ["Choose the approach reached for purpose and strategy"]
    assert not MaturityAssessment.objects.exists() and not MaturityRating.objects.exists()


def test_one_assessment_per_subject_and_date(manager, first):
    with pytest.raises(ValidationError, match="already has an assessment on that date"):
        services.assessment_create(
            actor=manager,
            subject_kind="partnership",
            assessed_on=first.assessed_on,
            assessor=manager,
            ratings=ratings("joint", "joint", "joint", "joint"),
            today=TODAY,
        )


def test_comparison_shows_movement_per_dimension(first, second):
    assessments, rows = selectors.comparison("partnership")
    assert assessments == [first, second]
    by_dimension = {row.dimension: row for row in rows}
    assert by_dimension["purpose-and-strategy"].movement == 2
    assert by_dimension["purpose-and-strategy"].movement_text == "Up 2 (from separate to joint)"
    assert by_dimension["resource-allocation-and-management"].movement_text == "No change (separate)"


def test_update_is_versioned_and_the_history_names_the_move(manager, first):
    changed = services.assessment_update(
        actor=manager,
        assessment=first,
        expected_version=first.version,
        assessed_on=first.assessed_on,
        assessor=manager,
        ratings=ratings("parallel", "parallel", "parallel", "separate"),
        today=TODAY,
    )
    assert "Changed Purpose and strategy: separate to parallel" in [e.summary for e in history_for(changed)]
    with pytest.raises(ConflictError):
        services.assessment_update(
            actor=manager,
            assessment=first,
            expected_version=1,
            assessed_on=first.assessed_on,
            assessor=manager,
            ratings=ratings("joint", "joint", "joint", "joint"),
            today=TODAY,
        )


def test_activity_assessment_is_compared_on_its_own(manager, first):
    activity = ActivityFactory()
    services.assessment_create(
        actor=manager,
        subject_kind="activity",
        activity=activity,
        assessed_on=date(2026, 6, 1),
        assessor=manager,
        ratings=ratings("joint", "joint", "parallel", "joint"),
        today=TODAY,
    )
    assessments, _ = selectors.comparison(f"activity-{activity.pk}")
    assert [a.activity for a in assessments] == [activity]
    assert (f"activity-{activity.pk}", activity.title) in selectors.subject_options()


def test_pages_and_permissions(client_for, manager, board_member, provider_user, first, second):
    client = client_for(board_member)
    page = client.get(reverse("maturity:home")).content.decode()
    assert "Record an assessment" not in page and "The whole partnership" in page
    assert client.get(reverse("maturity:add")).status_code == 403
    compare = client.get(reverse("maturity:compare") + "?subject=partnership").content.decode()
    assert "Up 2 (from separate to joint)" in compare
    detail = client.get(reverse("maturity:assessment", args=[second.pk])).content.decode()
    assert "Joint strategy development." in detail and "Evidence for purpose-and-strategy" in detail
    assert client_for(provider_user).get(reverse("maturity:home")).status_code == 403
    csv = client_for(manager).get(reverse("maturity:home") + "?format=csv").content.decode("utf-8-sig")
    assert csv.splitlines()[0].startswith("Subject,Date,Assessor,Purpose and strategy")
    assert "Joint" in csv.splitlines()[1]


def test_recording_through_the_form(client_for, manager):
    client = client_for(manager)
    form = client.get(reverse("maturity:add")).content.decode()
    assert "Shared commitment to improve outcomes across client group." in form
    data = {
        "subject_kind": "partnership",
        "assessed_on_0": "1",
        "assessed_on_1": "4",
        "assessed_on_2": "2026",
        "assessor": manager.pk,
    }
    response = client.post(reverse("maturity:add"), data)
    assert "Choose the approach reached for purpose and strategy" in response.content.decode()
    for dimension in (
        "purpose_and_strategy",
        "needs_and_market_intelligence",
        "stakeholder_engagement",
        "resource_allocation_and_management",
    ):
        data[f"approach_{dimension}"] = "joint"
        data[f"evidence_{dimension}"] = "Joint board minutes"
    response = client.post(reverse("maturity:add"), data)
    assert response.status_code == 302
    assert MaturityAssessment.objects.get().ratings.filter(approach="joint").count() == 4


def test_list_queries_do_not_grow(client_for, manager, first, second, django_assert_max_num_queries):
    client = client_for(manager)
    with django_assert_max_num_queries(15):
        client.get(reverse("maturity:home"))
    for year in range(2010, 2020):
        services.assessment_create(
            actor=manager,
            subject_kind="partnership",
            assessed_on=date(year, 1, 1),
            assessor=manager,
            ratings=ratings("joint", "joint", "joint", "joint"),
            today=TODAY,
        )
    with django_assert_max_num_queries(15):
        client.get(reverse("maturity:home"))


def test_archive_needs_confirmation_and_keeps_the_record(client_for, manager, first):
    client = client_for(manager)
    page = client.get(reverse("maturity:archive", args=[first.pk])).content.decode()
    assert "Are you sure you want to archive" in page
    client.post(reverse("maturity:archive", args=[first.pk]), {"reason": "Duplicate"})
    first.refresh_from_db()
    assert first.is_archived and MaturityRating.objects.filter(assessment=first).count() == 4


def test_compare_page_draws_a_chart_beside_the_table(client_for, board_member, first, second):
    from commissioning.assurance.maturity.charts import maturity_chart

    assessments, rows = selectors.comparison("partnership")
    chart = maturity_chart(assessments, rows)
    purpose = chart["series"][0]
    assert purpose.label == "Purpose and strategy"
    # separate (bottom) then joint: the second point is higher on the page
    assert purpose.points[1][1] < purpose.points[0][1]
    assert maturity_chart(assessments[:1], rows) is None
    page = client_for(board_member).get(reverse("maturity:compare")).content.decode()
    assert '<svg role="img"' in page and 'id="comparison"' in page
