import io
import re
import zipfile

import pytest
from django.urls import reverse

from commissioning.procurement.specifications import selectors, services
from commissioning.procurement.specifications.export import specification_docx, specification_pdf

pytestmark = pytest.mark.django_db


@pytest.fixture
def with_kpis(approved, commissioner, priorities):
    services.specification_save(
        actor=commissioner,
        specification=approved,
        sections={"H9": "£250,000 a year & <no> surprises"},
        kpis=[
            {
                "indicator": priorities["poverty"],
                "measure": "Children in low income families",
                "target": "Below 17%",
                "frequency": "annually",
                "source": "DWP",
            },
        ],
        change_note="Cost and measures",
        expected_version=None,
    )
    approved.refresh_from_db()
    return approved


def test_pdf_is_tagged_and_carries_the_activity_version_status_and_approval(approved):
    from pypdf import PdfReader

    content = specification_pdf(selectors.version_of(approved))
    reader = PdfReader(io.BytesIO(content))
    root = reader.trailer["/Root"]
    assert "/StructTreeRoot" in root
    assert bool(root["/MarkInfo"]["/Marked"])
    assert root["/Lang"] == "en-GB"
    text = " ".join(page.extract_text() for page in reader.pages)
    assert "Family support redesign" in text
    assert "Approved by Commissioning Board on 20 January 2026, decision CB 2026/4" in text
    assert "Statement of purpose" in text and "Text for heading 2." in text
    assert reader.metadata.title == "Family support service: service specification, version 2"


def test_pdf_of_a_draft_says_it_is_a_draft(with_kpis):
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(specification_pdf(selectors.version_of(with_kpis))))
    text = " ".join(" ".join(page.extract_text() for page in reader.pages).split())
    assert "Draft: not approved" in text
    assert "Key performance indicators" in text and "Below 17%" in text and "19.4%" in text


def _document_xml(content: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(content)) as package:
        assert package.testzip() is None
        names = set(package.namelist())
        assert {"[Content_Types].xml", "word/document.xml", "word/styles.xml", "_rels/.rels"} <= names
        styles = package.read("word/styles.xml").decode()
        assert 'w:styleId="Heading2"' in styles and '<w:outlineLvl w:val="1"/>' in styles
        return package.read("word/document.xml").decode()


def _paragraph_texts(document: str, style: str) -> list[str]:
    found = []
    for paragraph in re.findall(r"<w:p>(.*?)</w:p>", document):
        if f'<w:pStyle w:val="{style}"/>' in paragraph:
            found.append("".join(re.findall(r"<w:t[^>]*>(.*?)</w:t>", paragraph)))
    return found


def test_docx_has_real_headings_and_tables(with_kpis):
    from xml.etree import ElementTree

    from commissioning.procurement.specifications.tests.conftest import HEADINGS

    document = _document_xml(specification_docx(selectors.version_of(with_kpis)))
    ElementTree.fromstring(document.encode())  # noqa: S314 - our own output: checks it is well-formed
    assert _paragraph_texts(document, "Title") == ["Family support service"]
    assert _paragraph_texts(document, "Heading2") == HEADINGS
    assert document.count("<w:tbl>") == 2  # the facts, and the key performance indicators
    assert "<w:tblHeader/>" in document
    assert "Version 3" not in document  # the facts table says it in cells
    assert "Family support redesign (2026/27)" in document
    assert "Draft: not approved" in document
    assert "£250,000 a year &amp; &lt;no&gt; surprises" in document
    assert "Below 17%" in document and "children-in-low-income" in document


def test_docx_of_an_approved_version_carries_the_approval(approved):
    document = _document_xml(specification_docx(selectors.version_of(approved)))
    assert "Approved by Commissioning Board on 20 January 2026, decision CB 2026/4" in document


def test_downloads_of_the_latest_and_of_an_old_version(client_for, commissioner, with_kpis):
    from pypdf import PdfReader

    client = client_for(commissioner)
    response = client.get(reverse("specifications:docx", args=[with_kpis.pk]))
    assert response["Content-Type"].startswith("application/vnd.openxmlformats-officedocument")
    assert response["Content-Disposition"] == 'attachment; filename="family-support-service-version-3.docx"'
    old = client.get(reverse("specifications:version-docx", args=[with_kpis.pk, 2]))
    assert "Approved by Commissioning Board" in _document_xml(old.content)
    pdf = client.get(reverse("specifications:version-pdf", args=[with_kpis.pk, 2]))
    assert pdf["Content-Type"] == "application/pdf"
    assert "/StructTreeRoot" in PdfReader(io.BytesIO(pdf.content)).trailer["/Root"]
    assert client.get(reverse("specifications:version-pdf", args=[with_kpis.pk, 8])).status_code == 404
