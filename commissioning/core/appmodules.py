"""Find a named module in every commissioning app, in INSTALLED_APPS order.

Apps offer their part of a cross-app feature through a module of an agreed name (`demo`, `reminders`,
`board_reports`), so the feature never has to import the apps it serves."""

import importlib
from collections.abc import Iterator
from types import ModuleType

from django.apps import apps


def app_modules(module_name: str) -> Iterator[ModuleType]:
    for config in apps.get_app_configs():
        if not config.name.startswith("commissioning."):
            continue
        dotted = f"{config.name}.{module_name}"
        try:
            yield importlib.import_module(dotted)
        except ModuleNotFoundError as exc:
            if exc.name != dotted:
                raise
