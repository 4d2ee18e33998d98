"""A specification version as a tagged PDF (PDF/UA-1, like the product's other reports) and as a Word document
(.docx, Office Open XML) with real headings and tables, written with the standard library."""

import re
import zipfile
from html import escape
from io import BytesIO

from django.conf import settings
from django.utils import timezone

from commissioning.core.reports.pdf import render_pdf
from commissioning.procurement.specifications.models import SpecificationVersion

DOCX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
KPI_HEADINGS = ["Measure", "Indicator", "Baseline", "England", "Target", "How often", "Source"]


def kpi_cells(kpi) -> list[str]:
    return [
        kpi.measure,
        kpi.indicator.code if kpi.indicator_id else "",
        kpi.baseline,
        kpi.england,
        kpi.target or "To be set",
        kpi.get_frequency_display() if kpi.frequency else "",
        kpi.source,
    ]


def status_words(version: SpecificationVersion) -> str:
    if version.is_approved:
        reference = f", decision {version.decision_reference}" if version.decision_reference else ""
        return f"Approved by {version.approved_by_body} on {version.approved_on:%-d %B %Y}{reference}"
    return "Draft: not approved"


def document_title(version: SpecificationVersion) -> str:
    return f"{version.specification.title}: service specification, version {version.number}"


def facts(version: SpecificationVersion) -> list[tuple[str, str]]:
    activity = version.specification.activity
    return [
        ("Commissioning activity", f"{activity.title} ({activity.cycle_year_label})"),
        ("Version", str(version.number)),
        ("Status", status_words(version)),
        ("Saved", f"{timezone.localtime(version.created_at):%-d %B %Y} by {version.created_by}"),
        ("Change note", version.change_note),
    ]


def specification_pdf(version: SpecificationVersion) -> bytes:
    return render_pdf(
        "specifications/specification_pdf.html",
        {
            "version": version,
            "specification": version.specification,
            "facts": facts(version),
            "kpi_headings": KPI_HEADINGS,
            "kpi_rows": [kpi_cells(k) for k in version.kpis.all()],
        },
        title=document_title(version),
    )


# Word ---------------------------------------------------------------------------------------------------------

_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG = "http://schemas.openxmlformats.org/package/2006/relationships"

CONTENT_TYPES = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
<Default Extension="xml" ContentType="application/xml"/>
<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>
<Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/>
<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>
</Types>"""

PACKAGE_RELS = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="{_PKG}">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>
<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>
</Relationships>"""

DOCUMENT_RELS = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="{_PKG}">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>
</Relationships>"""


def _heading_style(style_id: str, name: str, level: int, size: int) -> str:
    return (
        f'<w:style w:type="paragraph" w:styleId="{style_id}"><w:name w:val="{name}"/><w:basedOn w:val="Normal"/>'
        f'<w:next w:val="Normal"/><w:uiPriority w:val="9"/><w:qFormat/><w:pPr><w:keepNext/>'
        f'<w:spacing w:before="240" w:after="120"/><w:outlineLvl w:val="{level}"/></w:pPr>'
        f'<w:rPr><w:b/><w:sz w:val="{size}"/></w:rPr></w:style>'
    )


STYLES = (
    f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:styles xmlns:w="{_W}">'
    '<w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:ascii="Arial" w:hAnsi="Arial" w:cs="Arial"/>'
    '<w:sz w:val="22"/><w:lang w:val="en-GB"/></w:rPr></w:rPrDefault>'
    '<w:pPrDefault><w:pPr><w:spacing w:after="120"/></w:pPr></w:pPrDefault></w:docDefaults>'
    '<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/><w:qFormat/></w:style>'
    '<w:style w:type="paragraph" w:styleId="Title"><w:name w:val="Title"/><w:basedOn w:val="Normal"/>'
    '<w:next w:val="Normal"/><w:qFormat/><w:pPr><w:spacing w:after="240"/></w:pPr>'
    '<w:rPr><w:b/><w:sz w:val="40"/></w:rPr></w:style>'
    + _heading_style("Heading1", "heading 1", 0, 32)
    + _heading_style("Heading2", "heading 2", 1, 26)
    + '<w:style w:type="table" w:default="1" w:styleId="TableNormal"><w:name w:val="Normal Table"/>'
    '<w:tblPr><w:tblCellMar><w:left w:w="108" w:type="dxa"/><w:right w:w="108" w:type="dxa"/></w:tblCellMar>'
    "</w:tblPr></w:style>"
    '<w:style w:type="table" w:styleId="TableGrid"><w:name w:val="Table Grid"/><w:basedOn w:val="TableNormal"/>'
    '<w:tblPr><w:tblBorders><w:top w:val="single" w:sz="4" w:space="0" w:color="auto"/>'
    '<w:left w:val="single" w:sz="4" w:space="0" w:color="auto"/>'
    '<w:bottom w:val="single" w:sz="4" w:space="0" w:color="auto"/>'
    '<w:right w:val="single" w:sz="4" w:space="0" w:color="auto"/>'
    '<w:insideH w:val="single" w:sz="4" w:space="0" w:color="auto"/>'
    '<w:insideV w:val="single" w:sz="4" w:space="0" w:color="auto"/></w:tblBorders></w:tblPr></w:style>'
    "</w:styles>"
)


def _text(value) -> str:
    return escape(_CONTROL.sub("", str(value or "")))


def _run(text: str, *, bold: bool = False) -> str:
    properties = "<w:rPr><w:b/></w:rPr>" if bold else ""
    return f'<w:r>{properties}<w:t xml:space="preserve">{_text(text)}</w:t></w:r>'


def _paragraph(text: str = "", *, style: str = "", bold: bool = False) -> str:
    properties = f'<w:pPr><w:pStyle w:val="{style}"/></w:pPr>' if style else ""
    return f"<w:p>{properties}{_run(text, bold=bold) if text else ''}</w:p>"


def _paragraphs(text: str) -> str:
    lines = (text or "").splitlines() or [""]
    return "".join(_paragraph(line) for line in lines)


def _table(headings: list[str], rows: list[list[str]], *, header_column: bool = False) -> str:
    columns = len(headings) if headings else len(rows[0])
    width = 9000 // columns
    grid = "".join(f'<w:gridCol w:w="{width}"/>' for _ in range(columns))
    look = "04A0" if headings else "0080"
    parts = [
        f'<w:tbl><w:tblPr><w:tblStyle w:val="TableGrid"/><w:tblW w:w="5000" w:type="pct"/>'
        f'<w:tblLook w:val="{look}"/></w:tblPr><w:tblGrid>{grid}</w:tblGrid>'
    ]

    def cell(value, bold):
        return (
            f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/></w:tcPr>{_paragraph(value, bold=bold)}</w:tc>'
        )

    if headings:
        parts.append("<w:tr><w:trPr><w:tblHeader/></w:trPr>")
        parts.extend(cell(h, True) for h in headings)
        parts.append("</w:tr>")
    for row in rows:
        parts.append("<w:tr>")
        parts.extend(cell(value, header_column and index == 0) for index, value in enumerate(row))
        parts.append("</w:tr>")
    parts.append("</w:tbl>")
    return "".join(parts)


def _document_xml(version: SpecificationVersion) -> str:
    body = [
        _paragraph(f"{getattr(settings, 'ORGANISATION_NAME', '')} · Commissioning Hub".strip(" ·")),
        _paragraph(version.specification.title, style="Title"),
        _paragraph("Service specification", style="Heading1"),
        _table([], [list(row) for row in facts(version)], header_column=True),
    ]
    for section in version.sections.all():
        body.append(_paragraph(section.heading, style="Heading2"))
        body.append(_paragraphs(section.text) if section.text.strip() else _paragraph("Not written yet."))
        if section.ref == "H10":
            kpis = list(version.kpis.all())
            if kpis:
                body.append(_paragraph("Key performance indicators", bold=True))
                body.append(_table(KPI_HEADINGS, [kpi_cells(k) for k in kpis]))
                body.append(_paragraph())
    section_properties = (
        '<w:sectPr><w:pgSz w:w="11906" w:h="16838"/>'
        '<w:pgMar w:top="1134" w:right="1134" w:bottom="1134" w:left="1134" w:header="708" w:footer="708" '
        'w:gutter="0"/></w:sectPr>'
    )
    return (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="{_W}" xmlns:r="{_R}">'
        f"<w:body>{''.join(body)}{section_properties}</w:body></w:document>"
    )


def _core_xml(version: SpecificationVersion) -> str:
    now = timezone.now().strftime("%Y-%m-%dT%H:%M:%SZ")
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" '
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
        f"<dc:title>{_text(document_title(version))}</dc:title>"
        f"<dc:creator>{_text(getattr(settings, 'ORGANISATION_NAME', '') or 'Commissioning Hub')}</dc:creator>"
        "<dc:language>en-GB</dc:language>"
        f'<dcterms:created xsi:type="dcterms:W3CDTF">{now}</dcterms:created>'
        "</cp:coreProperties>"
    )


def specification_docx(version: SpecificationVersion) -> bytes:
    buffer = BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as package:
        package.writestr("[Content_Types].xml", CONTENT_TYPES)
        package.writestr("_rels/.rels", PACKAGE_RELS)
        package.writestr("word/_rels/document.xml.rels", DOCUMENT_RELS)
        package.writestr("word/document.xml", _document_xml(version))
        package.writestr("word/styles.xml", STYLES)
        package.writestr("docProps/core.xml", _core_xml(version))
    return buffer.getvalue()
