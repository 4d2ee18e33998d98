"""The audit report and the annual summary for a board pack (see commissioning/core/board_reports.py)."""

from django.utils import timezone

from commissioning.assurance import selectors
from commissioning.assurance.models import Audit, Programme
from commissioning.assurance.reports import audit_report_title, summary_title
from commissioning.core.board_reports import BoardReport


def board_report(record) -> BoardReport | None:
    if isinstance(record, Audit):
        audit = selectors.audit_detail(record.pk)
        return BoardReport(
            title=audit_report_title(audit),
            template_name="assurance/board/audit.html",
            context={**selectors.audit_report(audit), "level": 3},
            url=audit.get_absolute_url(),
        )
    if isinstance(record, Programme):
        return BoardReport(
            title=summary_title(record),
            template_name="assurance/board/summary.html",
            context={**selectors.annual_summary(record, today=timezone.localdate()), "level": 3},
            url=record.get_absolute_url(),
        )
    return None
