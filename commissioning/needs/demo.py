"""Demo: the areas and neighbours, real public indicator data for the home area and its neighbours, and a needs
analysis with its priorities. Each feature of the needs app adds `commissioning/needs/<feature>/demo.py`."""

import importlib

FEATURE_DEMOS = ("areas", "indicators", "analysis")


def _feature_demos():
    for feature in FEATURE_DEMOS:
        name = f"commissioning.needs.{feature}.demo"
        try:
            yield importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name is None or not name.startswith(exc.name):
                raise


def load(context) -> None:
    for module in _feature_demos():
        module.load(context)
