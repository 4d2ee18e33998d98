import factory

from commissioning.cycle.models import (
    ActivityKind,
    CommissioningActivity,
    IntegrationApproach,
    Level,
    ServiceArea,
)
from commissioning.organisations.tests.factories import PartnerFactory, UserFactory


class ActivityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CommissioningActivity

    title = factory.Sequence(lambda n: f"Activity {n}")
    kind = ActivityKind.SERVICE_REDESIGN
    purpose = "Improve outcomes for families needing early help."
    service_area = ServiceArea.EARLY_HELP
    lead_commissioner = factory.SubFactory(UserFactory)
    lead_organisation = factory.SubFactory(PartnerFactory)
    level = Level.STRATEGIC
    tiers = ["targeted"]
    integration_approach = IntegrationApproach.JOINT
    cycle_year = 2026
