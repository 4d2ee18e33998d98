"""Reads for the market analysis and the market position statements."""

from decimal import Decimal

from django.db.models import Count, DecimalField, Q, QuerySet, Sum

from commissioning.core.table_cache import remember
from commissioning.services.market.figures import (
    MarketFigures,
    ProviderGroup,
    ProviderRef,
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


def statement_list(*, include_archived: bool = False) -> QuerySet[MarketPositionStatement]:
    queryset = MarketPositionStatement.objects.all()
    if not include_archived:
        queryset = queryset.active()
    return queryset.order_by("-updated_at", "pk")
