"""Reads for the market analysis and the market position statements."""

from dataclasses import dataclass, replace
from decimal import Decimal

from django.core.paginator import Paginator
from django.db.models import Count, DecimalField, Q, QuerySet, Sum

from commissioning.core.table_cache import remember
from commissioning.services.market.figures import (
    MarketFigures,
    ProviderGroup,
    ProviderRef,
    ProviderShare,
    figures_from_groups,
)
from commissioning.services.models import MarketPositionStatement, Service


def provider_groups() -> list[ProviderGroup]:
    """The running services grouped by provider and service area, counted and summed by the database."""
    rows = (
        Service.objects.running()
        .order_by()
        .values("provider_id", "provider__name", "provider__sector", "service_area")
        .annotate(
            services=Count("pk"),
            spend=Sum("annual_cost", output_field=DecimalField(max_digits=20, decimal_places=2)),
            cost_not_recorded=Count("pk", filter=Q(annual_cost__isnull=True)),
        )
        .order_by("provider__name", "provider_id", "service_area")
    )
    providers: dict[int, ProviderRef] = {}
    groups = []
    for row in rows:
        pk = row["provider_id"]
        if pk not in providers:
            providers[pk] = ProviderRef(pk=pk, name=row["provider__name"], sector=row["provider__sector"])
        groups.append(
            ProviderGroup(
                provider=providers[pk],
                service_area=row["service_area"],
                services=row["services"],
                spend=row["spend"] or Decimal(0),
                cost_not_recorded=row["cost_not_recorded"],
            )
        )
    return groups


def single_provider_services() -> QuerySet[Service]:
    """Running services only one provider could deliver."""
    return (
        Service.objects.running()
        .filter(single_provider_only=True)
        .select_related("provider")
        .only("pk", "name", "reference", "provider__name")
        .order_by("name", "reference")
    )


def current_market() -> MarketFigures:
    """The market analysis's figures over every running service, kept in the table cache until a service or
    provider changes."""
    return remember("services.current_market", _current_market)


def _current_market() -> MarketFigures:
    return figures_from_groups(provider_groups(), single_provider_services=list(single_provider_services()))


@dataclass
class MarketPage:
    """What the market page shows: the figures without their list of every provider, and one page of that list."""

    figures: MarketFigures
    providers: list[ProviderShare]
    number: int


def market_page(page: str, per_page: int) -> MarketPage:
    """The market figures with one page of the providers, kept in the table cache for each page. A regional
    partnership has 1,500 providers: read back from the cache on every view, the whole list cost more than the
    page, and one request in ten a full garbage collection of what it left behind."""
    page = page if page.isdigit() else ""
    return remember(f"services.market_page|{page}|{per_page}", lambda: _market_page(page, per_page))


def _market_page(page: str, per_page: int) -> MarketPage:
    figures = current_market()
    shown = Paginator(figures.providers, per_page).get_page(page)
    return MarketPage(
        figures=replace(figures, providers=[]), providers=list(shown.object_list), number=shown.number
    )


def statement_list(*, include_archived: bool = False) -> QuerySet[MarketPositionStatement]:
    queryset = MarketPositionStatement.objects.all()
    if not include_archived:
        queryset = queryset.active()
    return queryset.order_by("-updated_at", "pk")
