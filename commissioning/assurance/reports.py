"""Reports to the Commissioning Board: the audit report for one service area and the annual summary across all
areas, as a page, a tagged PDF (PDF/UA-1) and an Excel workbook."""

from django.utils import timezone
from django.views import View
from django.views.generic import TemplateView

from commissioning.assurance import selectors
from commissioning.assurance.models import RATING_ORDER, Rating
from commissioning.assurance.views import AuditMixin, ProgrammeMixin
from commissioning.core.reports import excel
from commissioning.core.reports.pdf import pdf_response, render_pdf


def _person(user) -> str:
    return (user.get_full_name() or user.get_username()) if user else ""


def audit_report_title(audit) -> str:
    return (
        f"Audit report: {audit.get_service_area_display()}, {audit.framework.title} ({audit.quarter_label})"
    )


def summary_title(programme) -> str:
    return f"Quality assurance annual summary {programme.year_label}"


def audit_pdf(audit) -> bytes:
    return render_pdf(
        "assurance/pdf/audit.html", selectors.audit_report(audit), title=audit_report_title(audit)
    )


def summary_pdf(programme) -> bytes:
    return render_pdf(
        "assurance/pdf/summary.html",
        selectors.annual_summary(programme, today=timezone.localdate()),
        title=summary_title(programme),
    )


def audit_workbook(audit):
    report = selectors.audit_report(audit)
    workbook = excel.new_workbook(title=audit_report_title(audit))
    rows = []
    for section in report["sections"]:
        standard = section.standard
        for row in section.rows:
            assessment = row.assessment
            rows.append(
                [
                    f"{standard.display_ref} {standard.heading}".strip() if standard else "",
                    row.item.display_ref,
                    row.item.text or row.item.heading,
                    "Missing from the source document"
                    if row.is_gap
                    else (
                        assessment.get_rating_display() if assessment and assessment.rating else "Not rated"
                    ),
                    row.last_rating,
                    assessment.evidence if assessment else "",
                    "\n".join(assessment.links) if assessment else "",
                    "\n".join(f.title for f in assessment.files.all()) if assessment else "",
                    assessment.get_source_role_display() if assessment and assessment.source_role else "",
                    _person(assessment.confirmed_by) if assessment else "",
                    "\n".join(f"{c['outcome_label']}: {c['summary']}" for c in row.computed),
                ]
            )
    excel.add_sheet(
        workbook,
        "Criteria",
        [
            "Standard",
            "Criterion",
            "Text",
            "Rating",
            "Last year",
            "Evidence",
            "Links to records",
            "Files",
            "Source",
            "Confirmed by",
            "Evidence from the records",
        ],
        rows,
    )
    excel.add_sheet(
        workbook,
        "Actions",
        ["Criterion", "Action", "Owner", "Due", "Status", "Done on", "What was done"],
        [
            [
                a.assessment.item.display_ref,
                a.description,
                _person(a.owner),
                a.due_on,
                a.get_status_display(),
                a.completed_on,
                a.completion_note,
            ]
            for a in report["actions"]
        ],
    )
    _date_columns(workbook["Actions"], (4, 6))
    return workbook


def summary_workbook(programme):
    summary = selectors.annual_summary(programme, today=timezone.localdate())
    workbook = excel.new_workbook(title=summary_title(programme))
    excel.add_sheet(
        workbook,
        "Audits",
        [
            "Quarter",
            "Service area",
            "Standards framework",
            "Auditor",
            "Due by",
            "Status",
            "Overdue",
            "Open actions",
        ],
        [
            [
                f"Q{a.quarter}",
                a.get_service_area_display(),
                a.framework.title,
                _person(a.auditor),
                a.due_on,
                a.get_status_display(),
                "Yes" if a.overdue else "No",
                a.open_actions,
            ]
            for a in summary["audits"]
        ],
    )
    _date_columns(workbook["Audits"], (5,))
    excel.add_sheet(
        workbook,
        "Ratings by standard",
        [
            "Framework",
            "Standard",
            *[Rating(r).label for r in RATING_ORDER],
            "Met (%)",
            "Met last year (%)",
            "Trend",
        ],
        [
            [
                row.framework.title,
                f"{row.standard.display_ref} {row.standard.heading}".strip(),
                *[row.counts.get(r, 0) for r in RATING_ORDER],
                row.met_share,
                row.last_met_share,
                row.trend,
            ]
            for row in summary["standards"]
        ],
    )
    excel.add_sheet(
        workbook,
        "Actions outstanding",
        ["Audit", "Criterion", "Action", "Owner", "Due", "Overdue"],
        [
            [
                str(a.assessment.audit),
                a.assessment.item.display_ref,
                a.description,
                _person(a.owner),
                a.due_on,
                "Yes" if a.overdue else "No",
            ]
            for a in summary["outstanding_actions"]
        ],
    )
    _date_columns(workbook["Actions outstanding"], (5,))
    return workbook


def _date_columns(sheet, columns) -> None:
    for row in sheet.iter_rows(min_row=2):
        for index in columns:
            row[index - 1].number_format = "dd/mm/yyyy"


class AuditPdfView(AuditMixin, View):
    def get(self, request, *args, **kwargs):
        audit = self.get_audit()
        return pdf_response(audit_pdf(audit), filename=f"audit-{audit.service_area}-{audit.quarter_label}")


class AuditXlsxView(AuditMixin, View):
    def get(self, request, *args, **kwargs):
        audit = self.get_audit()
        return excel.xlsx_response(
            audit_workbook(audit), filename=f"audit-{audit.service_area}-{audit.quarter_label}"
        )


class SummaryView(ProgrammeMixin, TemplateView):
    template_name = "assurance/summary.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            **selectors.annual_summary(self.get_programme(), today=timezone.localdate()), **kwargs
        )


class SummaryPdfView(ProgrammeMixin, View):
    def get(self, request, *args, **kwargs):
        programme = self.get_programme()
        return pdf_response(summary_pdf(programme), filename=f"assurance-summary-{programme.year_label}")


class SummaryXlsxView(ProgrammeMixin, View):
    def get(self, request, *args, **kwargs):
        programme = self.get_programme()
        return excel.xlsx_response(
            summary_workbook(programme), filename=f"assurance-summary-{programme.year_label}"
        )
