import io
from datetime import date

import pytest
from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader

from commissioning.assurance import services
from commissioning.assurance.models import Assessment, AuditStatus, Rating
from commissioning.assurance.tests.conftest import rate_all

pytestmark = pytest.mark.django_db


def _pdf_text(response) -> str:
    content = b"".join(response.streaming_content) if response.streaming else response.content
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)
    return " ".join(text.split())


def _completed(started, manager):
    rate_all(started, manager, rating="met")
    first = started.assessments.order_by("item__sort_key").first()
    services.assessment_save(
        actor=manager,
        assessment=first,
        data={"rating": "not_met", "evidence": "No definition in the early help strategy."},
        expected_version=first.version,
    )
    services.action_add(
        actor=manager,
        assessment=first,
        data={
            "description": "Add the definition to the strategy",
            "owner": manager,
            "due_on": date(2099, 3, 31),
        },
    )
    started.refresh_from_db()
    return services.audit_complete(
        actor=manager,
        audit=started,
        conclusion="Early help mostly meets the standards.",
        expected_version=started.version,
    )


@pytest.mark.parametrize("who", ["provider_user", "other_provider_user", "panel_member"])
def test_providers_and_panel_members_see_nothing(client_for, who, request, started, programme):
    client = client_for(request.getfixturevalue(who))
    action_url = reverse("assurance:actions")
    for url in [
        reverse("assurance:home"),
        reverse("assurance:programme", args=[programme.pk]),
        reverse("assurance:audit", args=[started.pk]),
        reverse("assurance:audit-pdf", args=[started.pk]),
        reverse("assurance:summary", args=[programme.pk]),
        reverse("assurance:standards"),
        action_url,
    ]:
        assert client.get(url).status_code == 403, url


def test_board_member_reads_but_cannot_change(client_for, board_member, started, programme):
    client = client_for(board_member)
    home = client.get(reverse("assurance:home"))
    assert 'href="/assurance/"' in home.content.decode()
    page = client.get(reverse("assurance:audit", args=[started.pk]))
    assert page.status_code == 200 and not page.context["can_change"]
    assert "Rate<span" not in page.content.decode()
    assessment = started.assessments.first()
    assert client.get(reverse("assurance:assessment-edit", args=[assessment.pk])).status_code == 403
    assert client.get(reverse("assurance:audit-add", args=[programme.pk])).status_code == 403
    assert client.get(reverse("assurance:summary", args=[programme.pk])).status_code == 200


def test_auditor_may_rate_their_own_audit_only(client_for, commissioner, manager, programme, islington):
    audit = services.audit_plan(
        actor=manager,
        programme=programme,
        data={"framework": islington, "service_area": "send", "quarter": 1, "auditor": commissioner},
    )
    other = services.audit_plan(
        actor=manager,
        programme=programme,
        data={"framework": islington, "service_area": "youth_justice", "quarter": 1, "auditor": manager},
    )
    for a in (audit, other):
        services.audit_start(actor=manager, audit=a, expected_version=a.version)
    client = client_for(commissioner)
    mine = audit.assessments.first()
    theirs = other.assessments.first()
    assert client.get(reverse("assurance:assessment-edit", args=[mine.pk])).status_code == 200
    assert client.get(reverse("assurance:assessment-edit", args=[theirs.pk])).status_code == 403


def test_rating_form_shows_errors_and_saves(client_for, manager, started):
    client = client_for(manager)
    assessment = started.assessments.order_by("item__sort_key").first()
    url = reverse("assurance:assessment-edit", args=[assessment.pk])
    page = client.get(url)
    assert page.context["form"].initial["source_role"] == "commissioner"  # from the Source column
    response = client.post(url, {"version": assessment.version, "rating": "met"})
    assert response.status_code == 200
    assert "Enter the evidence, or links to the records that show it" in response.content.decode()
    response = client.post(
        url,
        {
            "version": assessment.version,
            "rating": "partly_met",
            "evidence": "Definition used in two of three strategies.",
            "evidence_links": "/assurance/actions/",
            "source_role": "commissioner",
            "confirmed_by": manager.pk,
            "confirmed_on_0": "2",
            "confirmed_on_1": "3",
            "confirmed_on_2": "2026",
        },
    )
    assert response.status_code == 302
    assessment.refresh_from_db()
    assert assessment.rating == Rating.PARTLY_MET and assessment.confirmed_on == date(2026, 3, 2)


def test_stale_rating_form_is_refused_with_a_message(client_for, manager, started):
    client = client_for(manager)
    assessment = started.assessments.first()
    url = reverse("assurance:assessment-edit", args=[assessment.pk])
    client.post(url, {"version": 1, "rating": "not_met"})
    response = client.post(url, {"version": 1, "rating": "not_applicable"})
    assert "Someone else changed this record" in response.content.decode()
    assessment.refresh_from_db()
    assert assessment.rating == Rating.NOT_MET


def test_plan_start_and_audit_page(client_for, manager, programme, islington):
    client = client_for(manager)
    response = client.post(
        reverse("assurance:audit-add", args=[programme.pk]),
        {"framework": islington.pk, "service_area": "mental_health", "quarter": "3", "auditor": manager.pk},
    )
    assert response.status_code == 302
    audit = programme.audits.get()
    assert audit.period_end == date(2026, 12, 31)
    client.post(reverse("assurance:audit-start", args=[audit.pk]), {"version": audit.version})
    audit.refresh_from_db()
    assert audit.status == AuditStatus.IN_PROGRESS
    page = client.get(reverse("assurance:audit", args=[audit.pk]))
    text = page.content.decode()
    assert "Criteria 7.1, 7.2, 7.3 are missing from the source document" in text
    assert "Evidence asked for:" in text and "Procurement Manager" in text


def test_plan_form_errors(client_for, manager, programme):
    response = client_for(manager).post(reverse("assurance:audit-add", args=[programme.pk]), {})
    text = response.content.decode()
    assert "Select the standards framework" in text and "Select the quarter" in text
    assert "Select the auditor" in text


def test_programme_list_queries_do_not_grow(
    client_for, manager, programme, islington, django_assert_max_num_queries
):
    client = client_for(manager)
    url = reverse("assurance:programme", args=[programme.pk])
    areas = ["early_help", "send", "mental_health", "looked_after", "youth_justice", "family_support"]
    for area in areas[:2]:
        services.audit_plan(
            actor=manager,
            programme=programme,
            data={"framework": islington, "service_area": area, "quarter": 1, "auditor": manager},
        )
    with django_assert_max_num_queries(12):
        client.get(url)
    for area in areas[2:]:
        services.audit_plan(
            actor=manager,
            programme=programme,
            data={"framework": islington, "service_area": area, "quarter": 2, "auditor": manager},
        )
    with django_assert_max_num_queries(12):
        response = client.get(url)
    assert len(response.context["audits"]) == 6
    assert client.get(url, {"area": "send"}).context["audits"][0].service_area == "send"
    csv = client.get(url, {"format": "csv"}).content.decode("utf-8-sig")
    assert csv.splitlines()[0].startswith("Programme,Quarter,Service area")
    assert len(csv.strip().splitlines()) == 7


def test_action_list_queries_do_not_grow(client_for, manager, started, django_assert_max_num_queries):
    client = client_for(manager)
    for assessment in list(started.assessments.all()[:5]):
        services.action_add(
            actor=manager,
            assessment=assessment,
            data={"description": "Do it", "owner": manager, "due_on": date(2099, 1, 1)},
        )
    with django_assert_max_num_queries(12):
        response = client.get(reverse("assurance:actions"))
    assert len(response.context["actions"]) == 5


def test_overdue_audits_are_flagged(client_for, manager, islington):
    old = services.programme_create(actor=manager, data={"financial_year": 2024})
    audit = services.audit_plan(
        actor=manager,
        programme=old,
        data={"framework": islington, "service_area": "send", "quarter": 1, "auditor": manager},
    )
    client = client_for(manager)
    home = client.get(reverse("assurance:home"))
    assert audit in home.context["overdue_audits"]
    response = client.get(reverse("assurance:programme", args=[old.pk]), {"overdue": "1"})
    assert [a.pk for a in response.context["audits"]] == [audit.pk]
    assert "Overdue" in response.content.decode()


def test_audit_report_pdf_and_excel(client_for, manager, started):
    audit = _completed(started, manager)
    client = client_for(manager)
    response = client.get(reverse("assurance:audit-pdf", args=[audit.pk]))
    assert response["Content-Type"] == "application/pdf"
    text = _pdf_text(response)
    assert "Audit report: Early help" in text
    assert "Early help mostly meets the standards." in text
    assert "Add the definition to the strategy" in text
    assert "Missing from the source document" in text
    workbook = load_workbook(io.BytesIO(client.get(reverse("assurance:audit-xlsx", args=[audit.pk])).content))
    criteria = list(workbook["Criteria"].values)
    assert criteria[0][:4] == ("Standard", "Criterion", "Text", "Rating")
    assert (criteria[1][1], criteria[1][3]) == ("1.1", "Not met")
    assert workbook["Actions"]["B2"].value == "Add the definition to the strategy"


def test_annual_summary_with_trend_against_last_year(client_for, manager, islington, started):
    _completed(started, manager)
    last_programme = services.programme_create(actor=manager, data={"financial_year": 2025})
    last = services.audit_plan(
        actor=manager,
        programme=last_programme,
        data={"framework": islington, "service_area": "early_help", "quarter": 2, "auditor": manager},
    )
    last = services.audit_start(actor=manager, audit=last, expected_version=last.version)
    rate_all(last, manager, rating="not_met", evidence="")
    for assessment in Assessment.objects.filter(audit=last):
        services.action_add(
            actor=manager,
            assessment=assessment,
            data={"description": "Fix", "owner": manager, "due_on": date(2099, 1, 1)},
        )
    last.refresh_from_db()
    services.audit_complete(actor=manager, audit=last, conclusion="Weak.", expected_version=last.version)
    client = client_for(manager)
    response = client.get(reverse("assurance:summary", args=[started.programme.pk]))
    rows = {row.standard.ref: row for row in response.context["standards"]}
    assert rows["1"].met_share == 67 and rows["1"].last_met_share == 0
    assert rows["1"].trend == "Better than last year"
    assert rows["2"].trend == "Better than last year"
    text = _pdf_text(client.get(reverse("assurance:summary-pdf", args=[started.programme.pk])))
    assert "Quality assurance annual summary 2026/27" in text
    assert "Better than last year" in text
    assert "Add the definition to the strategy" in text
    workbook = load_workbook(
        io.BytesIO(client.get(reverse("assurance:summary-xlsx", args=[started.programme.pk])).content)
    )
    assert workbook.sheetnames == ["Audits", "Ratings by standard", "Actions outstanding"]


def test_action_owner_records_progress(client_for, manager, commissioner, started):
    assessment = started.assessments.first()
    action = services.action_add(
        actor=manager,
        assessment=assessment,
        data={"description": "Publish it", "owner": commissioner, "due_on": date(2099, 1, 1)},
    )
    client = client_for(commissioner)
    url = reverse("assurance:action-progress", args=[action.pk])
    response = client.post(url, {"version": 1, "status": "done"})
    assert "Enter the date the action was done" in response.content.decode()
    response = client.post(
        url,
        {
            "version": 1,
            "status": "done",
            "completed_on_0": "1",
            "completed_on_1": "2",
            "completed_on_2": "2026",
            "completion_note": "Done",
        },
    )
    assert response.status_code == 302
    action.refresh_from_db()
    assert action.status == "done"
    assert client.get(reverse("assurance:action-edit", args=[action.pk])).status_code == 403
    history = client.get(reverse("assurance:action-history", args=[action.pk])).content.decode()
    assert "Done on 1 February 2026" in history


def test_archive_needs_confirmation(client_for, manager, audit):
    client = client_for(manager)
    url = reverse("assurance:audit-archive", args=[audit.pk])
    assert "Are you sure" in client.get(url).content.decode()
    client.post(url, {"reason": "Planned twice"})
    audit.refresh_from_db()
    assert audit.is_archived


def test_standards_comments_and_review(client_for, manager, board_member, islington, council):
    standard = islington.items.get(ref="7")
    client = client_for(manager)
    response = client.post(
        reverse("assurance:comment-add", args=[standard.pk]),
        {
            "organisation": council.pk,
            "received_on_0": "5",
            "received_on_1": "1",
            "received_on_2": "2026",
            "comment": "Consult us earlier.",
        },
    )
    assert response.status_code == 302
    response = client.post(
        reverse("assurance:review-edit", args=[islington.slug]),
        {"next_review_on_0": "1", "next_review_on_1": "9", "next_review_on_2": "2027"},
    )
    assert response.status_code == 302
    page = client_for(board_member).get(reverse("assurance:standards")).content.decode()
    assert "1 September 2027" in page and "3 criteria are missing from the source document" in page
    assert (
        "Consult us earlier."
        in client.get(reverse("assurance:standard", args=[standard.pk])).content.decode()
    )
    assert (
        client_for(board_member).get(reverse("assurance:comment-add", args=[standard.pk])).status_code == 403
    )


def test_audit_page_overview_and_show_filter(client_for, manager, started):
    first = started.assessments.order_by("item__sort_key").first()
    services.assessment_save(actor=manager, assessment=first, data={"rating": "not_met"}, expected_version=1)
    client = client_for(manager)
    url = reverse("assurance:audit", args=[started.pk])
    page = client.get(url)
    overview = {row["standard"].ref: row["counts"] for row in page.context["overview"]}
    assert overview["1"] == {"not_met": 1, "unrated": 2}
    action_only = client.get(url, {"show": "action"}).context["sections"]
    assert [row.item.ref for section in action_only for row in section.rows] == ["1.1"]
    unrated = client.get(url, {"show": "unrated"}).context["sections"]
    refs = [row.item.ref for section in unrated for row in section.rows]
    assert "1.1" not in refs and "1.2" in refs and "7.1" not in refs


def test_links_to_the_other_parts_of_assurance_only_when_they_exist(db):
    from commissioning.assurance.views import _optional_link

    assert _optional_link("A", "assurance", "/nowhere/", "d")["url"] == "/assurance/"
    assert _optional_link("A", "no-such-app", "/assurance/actions/", "d")["url"] == "/assurance/actions/"
    assert _optional_link("A", "no-such-app", "/no-such-page/", "d") is None


def test_archived_audits_and_actions_can_be_found_and_restored(client_for, manager, started, programme):
    assessment = started.assessments.first()
    action = services.action_add(
        actor=manager,
        assessment=assessment,
        data={"description": "Do it", "owner": manager, "due_on": date(2099, 1, 1)},
    )
    services.action_archive(actor=manager, action=action, reason="Duplicate")
    services.audit_archive(actor=manager, audit=started, reason="Planned twice")
    client = client_for(manager)
    url = reverse("assurance:programme", args=[programme.pk])
    assert client.get(url).context["audits"] == []
    assert [a.pk for a in client.get(url, {"archived": "1"}).context["audits"]] == [started.pk]
    services.audit_restore(actor=manager, audit=started)
    actions = client.get(reverse("assurance:actions"), {"status": "", "archived": "1"}).context["actions"]
    assert [a.pk for a in actions] == [action.pk]
    client.post(reverse("assurance:action-restore", args=[action.pk]), {"reason": ""})
    action.refresh_from_db()
    assert not action.is_archived


def test_home_queries_do_not_grow(client_for, manager, islington):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_for(manager)

    def add(year):
        programme = services.programme_create(actor=manager, data={"financial_year": year})
        services.audit_plan(
            actor=manager,
            programme=programme,
            data={"framework": islington, "service_area": "send", "quarter": 1, "auditor": manager},
        )

    add(2023)
    client.get(reverse("assurance:home"))
    with CaptureQueriesContext(connection) as one:
        client.get(reverse("assurance:home"))
    add(2024)
    add(2025)
    with CaptureQueriesContext(connection) as three:
        response = client.get(reverse("assurance:home"))
    assert len(three) == len(one) <= 15
    assert len(response.context["programmes"]) == 3 and len(response.context["overdue_audits"]) == 3


def test_audit_page_queries_do_not_grow_with_criteria(
    client_for, manager, programme, islington, bedfordshire, monkeypatch
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from commissioning.assurance import computed

    monkeypatch.setattr(computed, "load_checks", dict)  # the records' checks are counted in their own tests
    client = client_for(manager)
    counts = []
    for framework, area in ((bedfordshire, "send"), (islington, "early_help")):
        audit = services.audit_plan(
            actor=manager,
            programme=programme,
            data={"framework": framework, "service_area": area, "quarter": 1, "auditor": manager},
        )
        audit = services.audit_start(actor=manager, audit=audit, expected_version=audit.version)
        rate_all(audit, manager, rating="not_met", evidence="")
        for assessment in audit.assessments.all():
            services.action_add(
                actor=manager,
                assessment=assessment,
                data={"description": "Fix", "owner": manager, "due_on": date(2099, 1, 1)},
            )
        with CaptureQueriesContext(connection) as queries:
            client.get(reverse("assurance:audit", args=[audit.pk]))
        counts.append(len(queries))
    assert counts[0] == counts[1] <= 20


def test_archived_comment_is_kept_and_restored(client_for, manager, islington, council):
    standard = islington.items.get(ref="6")
    comment = services.comment_add(
        actor=manager,
        item=standard,
        data={"organisation": council, "received_on": date(2026, 1, 5), "comment": "Pay young people."},
    )
    client = client_for(manager)
    client.post(reverse("assurance:comment-archive", args=[comment.pk]), {"reason": "Recorded twice"})
    page = client.get(reverse("assurance:standard", args=[standard.pk]))
    assert list(page.context["comments"]) == [] and list(page.context["archived_comments"]) == [comment]
    client.post(reverse("assurance:comment-restore", args=[comment.pk]), {"reason": ""})
    comment.refresh_from_db()
    assert not comment.is_archived


def test_audit_page_shows_the_evidence_from_the_records(client_for, manager, started, monkeypatch):
    from commissioning.assurance import computed
    from commissioning.assurance.computed.base import ComputedEvidence, RecordLine, RegisteredCheck

    def check(scope):
        return ComputedEvidence(
            "eia",
            "Every major strategy has a completed equality impact assessment",
            scope.describe_period(),
            "partly_met",
            "1 of 2 strategies has one",
            2,
            1,
            [
                RecordLine("Early help strategy", "/activities/1/", True),
                RecordLine("SEND strategy", "/activities/2/", False, "No EIA"),
            ],
        )

    registry = {"eia": RegisteredCheck("eia", "islington-commissioning-standards", ("3.8",), "EIA", check)}
    monkeypatch.setattr(computed, "load_checks", lambda: registry)
    text = client_for(manager).get(reverse("assurance:audit", args=[started.pk])).content.decode()
    assert "Evidence from the records" in text
    assert "The records show it is partly met" in text and "1 of 2 strategies has one" in text
    assert '<a class="govuk-link" href="/activities/2/">SEND strategy</a>: does not pass (No EIA)' in text
    assert "1 October 2025 to 30 September 2026" in text
