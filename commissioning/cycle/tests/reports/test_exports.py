import io

import openpyxl
import pypdf
import pytest

from commissioning.cycle import services

pytestmark = pytest.mark.django_db


def pdf_text(content: bytes) -> str:
    reader = pypdf.PdfReader(io.BytesIO(content))
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


def assert_tagged(content: bytes, title: str):
    reader = pypdf.PdfReader(io.BytesIO(content))
    root = reader.trailer["/Root"]
    assert "/StructTreeRoot" in root
    assert bool(root["/MarkInfo"]["/Marked"])
    assert root["/Lang"] == "en-GB"
    assert reader.metadata.title == title


@pytest.fixture
def answered(activity, commissioner):
    services.self_assessment_save(
        actor=commissioner,
        activity=activity,
        step_number=1,
        answers={"1.1": ("yes", '=HYPERLINK("http://example.org")'), "1.2": ("no", "")},
    )
    return activity


def test_self_assessment_workbook(client_for, commissioner, answered):
    response = client_for(commissioner).get(f"/activities/{answered.pk}/self-assessment.xlsx")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert (
        'filename="family-support-redesign-2026-27-self-assessment.xlsx"' in response["Content-Disposition"]
    )
    workbook = openpyxl.load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames == ["Summary", "Answers"]
    summary = list(workbook["Summary"].iter_rows(values_only=True))
    assert summary[0][:3] == ("Step", "Questions", "Answered")
    assert summary[1][0] == 1 and summary[1][2] == 2 and summary[1][3] == 1 and summary[1][5] == 1
    answers = workbook["Answers"]
    rows = list(answers.iter_rows(values_only=True))
    first = rows[1]
    assert first[:2] == (1, "1.1") and first[3] == "Yes"
    assert first[4] == '=HYPERLINK("http://example.org")'
    assert answers["E2"].data_type == "s"
    assert rows[2][3] == "No"
    assert len(rows) - 1 == len(list(services.step_questions(1))) + sum(
        len(list(services.step_questions(n))) for n in range(2, 10)
    )


def test_workbook_compares_with_last_year(client_for, commissioner, answered, council):
    data = {k: getattr(answered, k) for k in services.ACTIVITY_FIELDS if k != "previous"}
    next_year = services.activity_create(
        actor=commissioner, data={**data, "cycle_year": 2027, "previous": answered, "title": "Next year"}
    )
    response = client_for(commissioner).get(f"/activities/{next_year.pk}/self-assessment.xlsx")
    rows = list(openpyxl.load_workbook(io.BytesIO(response.content))["Answers"].iter_rows(values_only=True))
    assert rows[0][7] == "Answer in 2026/27"
    assert rows[1][3] == "Not answered" and rows[1][7] == "Yes"


def test_self_assessment_pdf_is_tagged_and_holds_the_answers(client_for, commissioner, answered):
    response = client_for(commissioner).get(f"/activities/{answered.pk}/self-assessment.pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert_tagged(response.content, "Self-assessment: Family support redesign (2026/27)")
    text = pdf_text(response.content)
    assert "Progress by step" in text and "2 of " in text
    assert "HYPERLINK" in text


def test_summary_pdf(client_for, commissioner, activity):
    services.evidence_add(
        actor=commissioner,
        step=activity.steps.get(number=6),
        kind="text",
        title="Family support specification",
        text="Outcomes",
        document_type="service_specification",
    )
    response = client_for(commissioner).get(f"/activities/{activity.pk}/summary.pdf")
    assert response.status_code == 200
    assert_tagged(response.content, "Family support redesign (2026/27)")
    text = pdf_text(response.content)
    for expected in (
        "About the activity",
        "Assess",
        "Family support specification (Service specification)",
        "Equality impact assessment",
        "None recorded.",
    ):
        assert expected in text


def test_exports_are_for_people_who_may_see_the_activity(client, client_for, provider_user, activity):
    urls = [
        f"/activities/{activity.pk}/{suffix}"
        for suffix in ("self-assessment.xlsx", "self-assessment.pdf", "summary.pdf")
    ]
    for url in urls:
        assert client.get(url).status_code == 302
    provider = client_for(provider_user)
    for url in urls:
        assert provider.get(url).status_code == 403
