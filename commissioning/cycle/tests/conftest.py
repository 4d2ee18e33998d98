import pytest
from django.core.management import call_command

from commissioning.cycle import services


@pytest.fixture
def activity(commissioner, council):
    call_command("load_frameworks")
    return services.activity_create(
        actor=commissioner,
        data={
            "title": "Family support redesign",
            "kind": "service_redesign",
            "purpose": "Help families earlier.",
            "service_area": "family_support",
            "lead_commissioner": commissioner,
            "lead_organisation": council,
            "level": "strategic",
            "tiers": ["targeted"],
            "integration_approach": "joint",
            "cycle_year": 2026,
        },
    )
