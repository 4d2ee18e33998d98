"""A procurement's award summary for a board pack (see commissioning/core/board_reports.py). Only the awarded
bids are shown, never the content of other bids."""

from commissioning.core.board_reports import BoardReport
from commissioning.procurement.models import AwardDecision, Procurement


def _summary(procurement: Procurement, awards) -> dict:
    return {
        "procurement": procurement,
        "awards": awards,
        "bid_count": procurement.bids.count(),
    }


def board_report(record) -> BoardReport | None:
    if isinstance(record, Procurement):
        procurement = Procurement.objects.select_related("activity", "lead").get(pk=record.pk)
        awards = list(procurement.awards.select_related("bid__bidder").order_by("decided_on", "pk"))
        return BoardReport(
            title=f"Award summary: {procurement}",
            template_name="governance/board_reports/procurement.html",
            context=_summary(procurement, awards),
            url=procurement.get_absolute_url(),
        )
    if isinstance(record, AwardDecision):
        award = AwardDecision.objects.select_related("procurement__activity", "bid__bidder").get(pk=record.pk)
        return BoardReport(
            title=f"Award summary: {award.procurement}",
            template_name="governance/board_reports/procurement.html",
            context=_summary(award.procurement, [award]),
            url=award.procurement.get_absolute_url(),
        )
    return None
