from django.utils import timezone
from django.views import View

from commissioning.core.reports import excel
from commissioning.core.reports.pdf import pdf_response, render_pdf
from commissioning.cycle import selectors as cycle_selectors
from commissioning.cycle.reports import selectors
from commissioning.cycle.views import ActivityMixin


def _filename(activity, what: str) -> str:
    return f"{activity.title} {activity.cycle_year_label.replace('/', '-')} {what}"


class SelfAssessmentWorkbookView(ActivityMixin, View):
    """The Staffordshire self-assessment of an activity as an Excel workbook: a summary and every answer."""

    def get(self, request, *args, **kwargs):
        activity = self.get_activity()
        workbook = excel.new_workbook(title=f"Self-assessment: {activity.title}")
        progress = cycle_selectors.self_assessment_progress(activity)
        excel.add_sheet(
            workbook,
            "Summary",
            ["Step", "Questions", "Answered", "Yes", "Partly", "No", "Not applicable"],
            [
                [
                    row["number"],
                    row["questions"],
                    row["answered"],
                    *(row["by_answer"].get(a, 0) for a in ("yes", "partly", "no", "not_applicable")),
                ]
                for row in progress
            ],
        )
        has_previous = activity.previous_id is not None
        headers = ["Step", "Question", "Text", "Answer", "Evidence", "Answered by", "Date"]
        if has_previous:
            headers += [f"Answer in {activity.previous.cycle_year_label}", "Evidence then"]
        rows = []
        for row in selectors.self_assessment_rows(activity):
            answer = row.answer
            cells = [
                row.step_number,
                row.question.ref,
                row.question.text,
                answer.get_answer_display() if answer else "Not answered",
                answer.evidence if answer else "",
                str(answer.answered_by) if answer else "",
                timezone.localdate(answer.updated_at) if answer else None,
            ]
            if has_previous:
                cells += [
                    row.last_year.get_answer_display() if row.last_year else "Not answered",
                    row.last_year.evidence if row.last_year else "",
                ]
            rows.append(cells)
        sheet = excel.add_sheet(workbook, "Answers", headers, rows, widths={3: 70, 5: 60})
        for cell in sheet["G"][1:]:
            cell.number_format = "dd/mm/yyyy"
        return excel.xlsx_response(workbook, filename=_filename(activity, "self-assessment"))


class SelfAssessmentPdfView(ActivityMixin, View):
    def get(self, request, *args, **kwargs):
        activity = self.get_activity()
        rows = selectors.self_assessment_rows(activity)
        steps = {}
        for row in rows:
            steps.setdefault(row.step_number, []).append(row)
        content = render_pdf(
            "cycle/reports/self_assessment_pdf.html",
            {
                "activity": activity,
                "progress": cycle_selectors.self_assessment_progress(activity),
                "steps": sorted(steps.items()),
                "today": timezone.localdate(),
            },
            title=f"Self-assessment: {activity.title} ({activity.cycle_year_label})",
        )
        return pdf_response(content, filename=_filename(activity, "self-assessment"))


class SummaryPdfView(ActivityMixin, View):
    def get(self, request, *args, **kwargs):
        activity = self.get_activity()
        content = render_pdf(
            "cycle/reports/summary_pdf.html",
            selectors.activity_summary(activity, timezone.localdate()),
            title=f"{activity.title} ({activity.cycle_year_label})",
        )
        return pdf_response(content, filename=_filename(activity, "summary"))
