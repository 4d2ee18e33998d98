"""Reads for the market analysis and the market position statements."""

from django.db.models import QuerySet

from commissioning.services.analysis.selectors import running_services
from commissioning.services.market.figures import MarketFigures, market_figures
from commissioning.services.models import MarketPositionStatement


def current_market() -> MarketFigures:
    return market_figures(running_services())


def statement_list(*, include_archived: bool = False) -> QuerySet[MarketPositionStatement]:
    queryset = MarketPositionStatement.objects.all()
    if not include_archived:
        queryset = queryset.active()
    return queryset.order_by("-updated_at", "pk")
