"""Demo data: a fictional partnership. Each app may provide `<app>/demo.py` with `load(context)`;
they run in INSTALLED_APPS order, and each must be safe to run again (idempotent)."""

import importlib
from dataclasses import dataclass, field

from django.apps import apps
from django.db import transaction

DEMO_PASSWORD = "orchard-lantern-2026"  # noqa: S105 # nosec B105 # published password of the fictional demo accounts only; load_demo_data refuses production settings


@dataclass
class DemoContext:
    """Shared between the apps' loaders: later apps find earlier apps' records here."""

    actor: object = None
    records: dict = field(default_factory=dict)


def demo_modules():
    for config in apps.get_app_configs():
        if not config.name.startswith("commissioning."):
            continue
        try:
            yield importlib.import_module(f"{config.name}.demo")
        except ModuleNotFoundError as exc:
            if exc.name != f"{config.name}.demo":
                raise


@transaction.atomic
def demo_load() -> DemoContext:
    context = DemoContext()
    for module in demo_modules():
        if module.__name__ != __name__:
            module.load(context)
    return context
