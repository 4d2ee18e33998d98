from datetime import date

import pytest
from django.core.management import call_command

from commissioning.cycle import services as cycle_services
from commissioning.engagement import services
from commissioning.organisations.models import Role
from commissioning.organisations.tests.factories import person_with_role


@pytest.fixture
def activity(commissioner, council):
    call_command("load_frameworks")
    return cycle_services.activity_create(
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


@pytest.fixture
def manager(council):
    return person_with_role(Role.PARTNERSHIP_MANAGER, council, username="partnership")


@pytest.fixture
def panel_member(council):
    return person_with_role(Role.PANEL_MEMBER, council, username="panel", first_name="Sam")


@pytest.fixture
def other_panel_member(council):
    return person_with_role(Role.PANEL_MEMBER, council, username="panel2")


@pytest.fixture
def panel(manager, panel_member):
    return services.panel_save(actor=manager, data={"name": "Young carers' panel"}, members=[panel_member])


@pytest.fixture
def other_panel(manager, other_panel_member):
    return services.panel_save(actor=manager, data={"name": "Parents' forum"}, members=[other_panel_member])


def involve(actor, activity, *, step=3, title="Parents co-design", counts=None, on=date(2026, 5, 14), **data):
    return services.involvement_create(
        actor=actor,
        activity=activity,
        step=step,
        data={
            "title": title,
            "method": "co_design",
            "took_place_on": on,
            "summary": "They designed it.",
            **data,
        },
        counts=counts or {"parents": 5},
    )


def consult(actor, *, starts_on=date(2026, 4, 1), ends_on=date(2026, 6, 30), **data):
    return services.consultation_create(
        actor=actor,
        data={
            "title": "The new model",
            "owner": actor,
            "purpose": "Test the model.",
            "audience": "Families and organisations.",
            "starts_on": starts_on,
            "ends_on": ends_on,
            **data,
        },
    )
