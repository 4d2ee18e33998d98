"""Market analysis from the running services of the register: providers and spend by sector and by service
area, the share of the largest providers, the Herfindahl-Hirschman index, and services only one provider could
deliver. Only what the register holds is computed: spend counts services whose annual cost is recorded."""

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from commissioning.cycle.models import ServiceArea
from commissioning.organisations.models import Sector

HUNDRED = Decimal(100)
NAMES_SHOWN = 10  # provider names listed for a service area; the rest are counted
UNCONCENTRATED_BELOW = 1500
HIGHLY_ABOVE = 2500
SMALL_NOT_RECORDED = (
    "The register does not record the size of organisations, so the share of spend with small organisations "
    "cannot be worked out. The voluntary, community and faith sector and social enterprises are shown as sectors."
)
HHI_EXPLAINED = (
    "The Herfindahl-Hirschman index (HHI) is the sum of the squares of each provider's percentage share of "
    "spend: from near 0 (many small providers) to 10,000 (one provider). Below 1,500 a market is "
    "unconcentrated, from 1,500 to 2,500 moderately concentrated, and above 2,500 highly concentrated."
)


def percent(part, whole) -> Decimal | None:
    if not whole:
        return None
    return Decimal(part) * HUNDRED / Decimal(whole)


def hhi_band(hhi: Decimal | None) -> str:
    if hhi is None:
        return "Not known: no spend recorded"
    if hhi < UNCONCENTRATED_BELOW:
        return "Unconcentrated"
    if hhi <= HIGHLY_ABOVE:
        return "Moderately concentrated"
    return "Highly concentrated"


@dataclass
class Group:
    key: str
    label: str
    providers: set = field(default_factory=set)
    services: int = 0
    spend: Decimal = Decimal(0)
    share: Decimal | None = None
    cost_not_recorded: int = 0
    provider_names: list = field(default_factory=list)

    @property
    def provider_count(self) -> int:
        return len(self.providers)

    @property
    def names_shown(self) -> list[str]:
        return self.provider_names[:NAMES_SHOWN]

    @property
    def names_not_shown(self) -> int:
        return max(0, len(self.provider_names) - NAMES_SHOWN)


@dataclass
class ProviderShare:
    provider: object
    services: int
    spend: Decimal
    share: Decimal | None


@dataclass
class MarketFigures:
    sectors: list[Group]
    categories: list[Group]
    providers: list[ProviderShare]
    total_spend: Decimal
    services: int
    cost_not_recorded: int
    top3_share: Decimal | None
    top5_share: Decimal | None
    hhi: Decimal | None
    single_provider_services: list
    single_provider_categories: list[Group]
    provider_count: int  # kept apart from the list: a page of the figures holds only its own providers

    @property
    def hhi_band(self) -> str:
        return hhi_band(self.hhi)

    def sector(self, key: str) -> Group:
        return next(group for group in self.sectors if group.key == key)


SECTOR_LABELS = dict(Sector.choices)


@dataclass(frozen=True)
class ProviderRef:
    """A provider as the figures need it: its id, name and sector."""

    pk: int
    name: str
    sector: str

    def get_sector_display(self) -> str:
        return SECTOR_LABELS.get(self.sector, self.sector)


@dataclass
class ProviderGroup:
    """The running services of one provider in one service area: what the figures are worked out from."""

    provider: object  # with pk, name and sector
    service_area: str
    services: int
    spend: Decimal  # of the services whose cost is recorded
    cost_not_recorded: int


def _add(group: Group, item: ProviderGroup) -> None:
    group.providers.add(item.provider.pk)
    group.services += item.services
    group.cost_not_recorded += item.cost_not_recorded
    group.spend += item.spend


def provider_groups(services) -> list[ProviderGroup]:
    """The services grouped by provider and service area, in the order first met."""
    groups: dict = {}
    for service in services:
        key = (service.provider.pk, service.service_area)
        if key not in groups:
            groups[key] = ProviderGroup(service.provider, service.service_area, 0, Decimal(0), 0)
        group = groups[key]
        group.services += 1
        if service.annual_cost is None:
            group.cost_not_recorded += 1
        else:
            group.spend += service.annual_cost
    return list(groups.values())


def market_figures(services) -> MarketFigures:
    """`services` are the running services with their providers."""
    services = list(services)
    return figures_from_groups(
        provider_groups(services), single_provider_services=[s for s in services if s.single_provider_only]
    )


def figures_from_groups(groups: list[ProviderGroup], *, single_provider_services: list) -> MarketFigures:
    """The figures from the running services grouped by provider and service area (as the database gives them)."""
    sectors = {value: Group(key=value, label=label) for value, label in Sector.choices}
    categories = {value: Group(key=value, label=label) for value, label in ServiceArea.choices}
    by_provider: dict[int, list] = defaultdict(list)
    total = Decimal(0)
    for item in groups:
        _add(sectors[item.provider.sector], item)
        _add(categories[item.service_area], item)
        by_provider[item.provider.pk].append(item)
        total += item.spend
    providers = []
    for items in by_provider.values():
        spend = sum((item.spend for item in items), Decimal(0))
        providers.append(
            ProviderShare(
                provider=items[0].provider,
                services=sum(item.services for item in items),
                spend=spend,
                share=percent(spend, total),
            )
        )
    providers.sort(key=lambda p: (-p.spend, p.provider.name))
    names = {p.provider.pk: p.provider.name for p in providers}
    for group in (*sectors.values(), *categories.values()):
        group.share = percent(group.spend, total)
        group.provider_names = sorted(names[pk] for pk in group.providers)
    hhi = sum((p.share**2 for p in providers), Decimal(0)) if total else None
    used_categories = [group for group in categories.values() if group.services]
    return MarketFigures(
        sectors=list(sectors.values()),
        categories=used_categories,
        providers=providers,
        total_spend=total,
        services=sum(item.services for item in groups),
        cost_not_recorded=sum(item.cost_not_recorded for item in groups),
        top3_share=percent(sum((p.spend for p in providers[:3]), Decimal(0)), total),
        top5_share=percent(sum((p.spend for p in providers[:5]), Decimal(0)), total),
        hhi=hhi,
        single_provider_services=list(single_provider_services),
        single_provider_categories=[group for group in used_categories if group.provider_count == 1],
        provider_count=len(providers),
    )
