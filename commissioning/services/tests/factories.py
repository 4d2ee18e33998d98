"""Factories for the service register, and the records it links to: ECM outcomes, localities and priorities."""

from decimal import Decimal

import factory

from commissioning.frameworks.models import Framework, FrameworkItem
from commissioning.needs.models import AreaType
from commissioning.needs.tests.factories import AreaFactory
from commissioning.organisations.tests.factories import OrganisationFactory
from commissioning.services.models import SecuredBy, Service, ServiceStatus

ECM_OUTCOMES = [
    ("ECM1", "Be healthy"),
    ("ECM2", "Stay safe"),
    ("ECM3", "Enjoy and achieve"),
    ("ECM4", "Make a positive contribution"),
    ("ECM5", "Achieve economic well-being"),
]


class ServiceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Service
        skip_postgeneration_save = True

    reference = factory.Sequence(lambda n: f"SV-{n:03d}")
    name = factory.Sequence(lambda n: f"Test service {n}")
    provider = factory.SubFactory(OrganisationFactory)
    service_area = "early_help"
    tier = "targeted"
    level = "operational_local"
    covers_whole_area = True
    target_groups = factory.LazyFunction(lambda: ["parents_carers"])
    age_from = 0
    age_to = 18
    annual_cost = Decimal("10000.00")
    secured_by = SecuredBy.CONTRACT
    status = ServiceStatus.ACTIVE

    @factory.post_generation
    def priorities(self, create, extracted, **kwargs):
        if create and extracted:
            self.priorities.set(extracted)

    @factory.post_generation
    def outcomes(self, create, extracted, **kwargs):
        if create and extracted:
            self.outcomes.set(extracted)

    @factory.post_generation
    def localities(self, create, extracted, **kwargs):
        if create and extracted:
            self.localities.set(extracted)


def ecm_outcomes() -> dict[str, FrameworkItem]:
    """The five Every Child Matters outcomes, as the framework library holds them."""
    framework, _ = Framework.objects.get_or_create(
        slug="every-child-matters-outcomes",
        defaults={
            "title": "Every Child Matters outcomes",
            "kind": "outcomes",
            "summary": "The five outcomes.",
            "council": "Gateshead",
            "source_document": "Commissioning strategy",
            "source_year": 2008,
            "source_file": "001_f4774176bc639fac.txt",
            "content_hash": "test",
        },
    )
    items = {}
    for position, (ref, title) in enumerate(ECM_OUTCOMES, start=1):
        items[ref], _ = FrameworkItem.objects.get_or_create(
            framework=framework,
            ref=ref,
            defaults={"kind": "outcome", "title": title, "sort_key": f"{position:04d}"},
        )
    return items


def locality(name: str, code: str, parent):
    return AreaFactory(code=code, name=name, area_type=AreaType.LOCALITY, authority_kind="", parent=parent)
