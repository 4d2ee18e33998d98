"""The benchmark's scenarios stay true: on a small seeded partnership every page, API endpoint and export they time
answers 200 for the user who times it, and the bench's own pages (the floor, admin's changelist) work."""

from datetime import date

import pytest
from django.core.management import call_command
from django.test import Client, override_settings

from bench.scale import seed
from bench.scenarios import scenarios


@pytest.fixture
def partnership(db):
    call_command("load_frameworks", verbosity=0)
    call_command("load_areas", verbosity=0)
    seed(factor=0.04, anchor=date(2026, 11, 2), report=lambda line: None)


@override_settings(ROOT_URLCONF="bench.urls")
def test_every_scenario_answers(partnership):
    from commissioning.accounts.models import User

    User.objects.create(
        username="bench-admin", email="bench-admin@scale.example", is_staff=True, is_superuser=True
    )
    clients = {}
    failures = []
    listed = scenarios()
    for scenario in listed:
        if scenario.username not in clients:
            clients[scenario.username] = Client()
            clients[scenario.username].force_login(User.objects.get(username=scenario.username))
        response = clients[scenario.username].get(scenario.url)
        if response.status_code != 200:
            failures.append(f"{scenario.name}: {scenario.url} answered {response.status_code}")
    assert not failures, "\n".join(failures)
    assert {"floor", "admin changelist (agreements)", "contracts register"} <= {s.name for s in listed}
    assert sum(1 for s in listed if s.kind == "api") >= 5
