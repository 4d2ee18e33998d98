"""Market figures on the known register of dataset.py, worked out by hand."""

import random
from decimal import Decimal
from types import SimpleNamespace

import pytest

from commissioning.organisations.tests.factories import OrganisationFactory
from commissioning.services.analysis.selectors import running_services
from commissioning.services.market.figures import hhi_band, market_figures
from commissioning.services.market.selectors import current_market
from commissioning.services.tests import dataset
from commissioning.services.tests.factories import ServiceFactory
from commissioning.services.tests.test_analysis import register  # noqa: F401 - the fixture

pytestmark = pytest.mark.django_db


def test_market_figures(register):  # noqa: F811
    figures = market_figures(running_services())
    assert figures.services == 4 and figures.cost_not_recorded == 1
    assert figures.total_spend == Decimal("100000")
    vcf = figures.sector("voluntary_community_faith")
    private = figures.sector("private")
    statutory = figures.sector("statutory")
    assert (vcf.provider_count, vcf.services, vcf.spend, vcf.share) == (1, 2, Decimal("70000"), Decimal(70))
    assert (private.provider_count, private.spend, private.share) == (1, Decimal("30000"), Decimal(30))
    assert (statutory.services, statutory.spend, statutory.share, statutory.cost_not_recorded) == (1, 0, 0, 1)
    assert figures.sector("social_enterprise").services == 0
    # Shares 70%, 30% and 0%: HHI = 70² + 30² + 0² = 4,900 + 900 = 5,800, highly concentrated.
    assert figures.hhi == Decimal(5800)
    assert figures.hhi_band == "Highly concentrated"
    assert figures.top3_share == Decimal(100) and figures.top5_share == Decimal(100)
    assert [p.provider.name for p in figures.providers] == [
        "Harbour Youth Trust",
        "Meadowbank Homes Ltd",
        "Testshire County Council",
    ]
    categories = {group.key: group for group in figures.categories}
    assert set(categories) == {"family_support", "early_help", "other"}
    assert categories["family_support"].provider_count == 2
    assert [g.key for g in figures.single_provider_categories] == ["early_help", "other"]
    assert [s.reference for s in figures.single_provider_services] == ["S3"]


def service(provider_pk, cost, sector="private", area="send"):
    provider = SimpleNamespace(pk=provider_pk, name=f"Provider {provider_pk}", sector=sector)
    return SimpleNamespace(
        provider=provider, annual_cost=Decimal(cost), service_area=area, single_provider_only=False
    )


def test_hhi_and_top_shares_of_five_providers():
    # Shares 40, 25, 15, 10, 5, 5 (six providers): HHI = 1600 + 625 + 225 + 100 + 25 + 25 = 2,600.
    figures = market_figures(
        [service(1, 400), service(2, 250), service(3, 150), service(4, 100), service(5, 50), service(6, 50)]
    )
    assert figures.hhi == Decimal(2600)
    assert figures.hhi_band == "Highly concentrated"
    assert figures.top3_share == Decimal(80)
    assert figures.top5_share == Decimal(95)


def test_ten_equal_providers_are_unconcentrated():
    figures = market_figures([service(n, 1000) for n in range(10)])
    assert figures.hhi == Decimal(1000) and figures.hhi_band == "Unconcentrated"
    assert figures.top3_share == Decimal(30)


@pytest.mark.parametrize(
    ("hhi", "band"),
    [
        (None, "Not known: no spend recorded"),
        (Decimal("1499.99"), "Unconcentrated"),
        (Decimal(1500), "Moderately concentrated"),
        (Decimal(2500), "Moderately concentrated"),
        (Decimal("2500.01"), "Highly concentrated"),
    ],
)
def test_hhi_bands(hhi, band):
    assert hhi_band(hhi) == band


def test_no_spend_recorded_gives_no_shares():
    figures = market_figures([SimpleNamespace(**vars(service(1, 0)) | {"annual_cost": None})])
    assert figures.hhi is None and figures.top3_share is None
    assert figures.cost_not_recorded == 1


def test_dataset_module_documents_the_register():
    assert "S1 Family hub north" in dataset.__doc__


@pytest.mark.parametrize("seed", [1, 2])
def test_figures_from_the_database_match_the_figures_service_by_service(
    seed, voluntary, private, council_provider
):
    """The page's figures, grouped and summed by the database, against the services added up one by one."""
    rng = random.Random(seed)
    providers = [
        voluntary,
        private,
        council_provider,
        *(OrganisationFactory(name=f"Provider {n}") for n in range(6)),
    ]
    costs = [None, Decimal("0"), Decimal("0.01"), Decimal("33333.34"), Decimal("1000000.07")]
    for n in range(40):
        service = ServiceFactory(
            reference=f"M{n:02d}",
            name=f"Service {rng.randint(0, 25):02d}",
            provider=rng.choice(providers),
            service_area=rng.choice(["early_help", "send", "youth_justice", "family_support"]),
            annual_cost=rng.choice(costs),
            status=rng.choice(["active"] * 5 + ["planned"]),
            single_provider_only=rng.random() < 0.2,
        )
        if rng.random() < 0.1:
            service.archived_at = service.created_at
            service.save()
    old = market_figures(running_services())
    new = current_market()
    for field in (
        "total_spend",
        "services",
        "cost_not_recorded",
        "top3_share",
        "top5_share",
        "hhi",
        "hhi_band",
    ):
        assert getattr(new, field) == getattr(old, field), field
    shown = (
        "key",
        "label",
        "provider_count",
        "services",
        "spend",
        "share",
        "cost_not_recorded",
        "provider_names",
    )
    for new_groups, old_groups in ((new.sectors, old.sectors), (new.categories, old.categories)):
        assert [[getattr(g, f) for f in shown] for g in new_groups] == [
            [getattr(g, f) for f in shown] for g in old_groups
        ]
    assert [
        (p.provider.pk, p.provider.name, p.provider.get_sector_display(), p.services, p.spend, p.share)
        for p in new.providers
    ] == [
        (p.provider.pk, p.provider.name, p.provider.get_sector_display(), p.services, p.spend, p.share)
        for p in old.providers
    ]
    assert [s.pk for s in new.single_provider_services] == [s.pk for s in old.single_provider_services]
    assert [g.key for g in new.single_provider_categories] == [g.key for g in old.single_provider_categories]


def test_figures_from_the_database_with_no_services(db):
    figures = current_market()
    assert figures.services == 0 and figures.total_spend == 0 and figures.hhi is None
    assert figures.providers == [] and figures.categories == []
