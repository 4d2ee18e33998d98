"""Factories for the needs app's records: areas, statistical neighbours, indicators and their values."""

import factory

from commissioning.needs.models import (
    Area,
    AreaType,
    AuthorityKind,
    Indicator,
    IndicatorValue,
    NeedsSettings,
    Neighbour,
    NeighbourSet,
    Polarity,
    Unit,
)


class AreaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Area
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"E06{n + 900000:06d}")
    name = factory.Sequence(lambda n: f"Test Authority {n}")
    area_type = AreaType.LOCAL_AUTHORITY
    authority_kind = AuthorityKind.UNITARY


class EnglandFactory(AreaFactory):
    code = "E92000001"
    name = "England"
    area_type = AreaType.COUNTRY
    authority_kind = ""


class RegionFactory(AreaFactory):
    code = factory.Sequence(lambda n: f"E12{n + 900:06d}")
    name = factory.Sequence(lambda n: f"Test Region {n}")
    area_type = AreaType.REGION
    authority_kind = ""


class IndicatorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Indicator
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"test-indicator-{n}")
    title = factory.Sequence(lambda n: f"Test indicator {n}")
    unit = Unit.PERCENTAGE
    polarity = Polarity.HIGHER_IS_BETTER
    source = "Department for Education"


class IndicatorValueFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = IndicatorValue

    indicator = factory.SubFactory(IndicatorFactory)
    area = factory.SubFactory(AreaFactory)
    period = "2023/24"
    period_sort = factory.LazyAttribute(lambda value: int(value.period[:4]))
    value = 50.0


def neighbours_of(area: Area, neighbours: list[Area], *, source: str = "DfE, test set") -> NeighbourSet:
    """A neighbour set for the area with the neighbours in order, closest first."""
    neighbour_set = NeighbourSet.objects.create(area=area, source=source)
    Neighbour.objects.bulk_create(
        Neighbour(neighbour_set=neighbour_set, area=neighbour, rank=rank)
        for rank, neighbour in enumerate(neighbours, start=1)
    )
    return neighbour_set


def set_home_area(area: Area | None) -> NeedsSettings:
    settings = NeedsSettings.objects.first() or NeedsSettings()
    settings.home_area = area
    settings.save()
    return settings
