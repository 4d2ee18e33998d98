"""Computed evidence for standards criteria: every module in this package registers its checks."""

import importlib
import pkgutil

from commissioning.assurance.computed.base import REGISTRY, ComputedEvidence, RegisteredCheck, Scope

_loaded = False


def load_checks() -> dict[str, RegisteredCheck]:
    global _loaded
    if not _loaded:
        for info in pkgutil.iter_modules(__path__):
            if info.name != "base":
                importlib.import_module(f"{__name__}.{info.name}")
        _loaded = True
    return REGISTRY


def checks_for(framework: str, ref: str) -> list[RegisteredCheck]:
    return [check for check in load_checks().values() if check.framework == framework and ref in check.refs]


def evidence_for(framework: str, ref: str, scope: Scope) -> list[ComputedEvidence]:
    return [check.function(scope) for check in checks_for(framework, ref)]
