"""An agreement's performance for a board pack (see commissioning/core/board_reports.py): its rating, KPIs
and monitoring returns."""

from django.utils import timezone

from commissioning.contracts.models import Agreement
from commissioning.core.board_reports import BoardReport
from commissioning.monitoring import selectors
from commissioning.monitoring.rag import worst


def board_report(record) -> BoardReport | None:
    if not isinstance(record, Agreement):
        return None
    today = timezone.localdate()
    agreement = selectors.agreement_for_monitoring(record.pk)
    rows = selectors.period_rows(agreement, today=today)
    latest = next((row for row in reversed(rows) if row.ratings), None)
    kpis = list(selectors.kpis_of(agreement))
    kpi_rows = [{"kpi": kpi, "latest": latest.ratings.get(kpi.pk) if latest else None} for kpi in kpis]
    return BoardReport(
        title=f"Performance: {agreement.reference} {agreement.title}",
        template_name="governance/board_reports/agreement.html",
        context={
            "agreement": agreement,
            "rows": rows,
            "latest": latest,
            "rag": worst(r for _, r in latest.ratings.values()) if latest else None,
            "kpi_rows": kpi_rows,
            "overdue": sum(1 for row in rows if row.overdue),
        },
        url=agreement.get_absolute_url(),
    )
