"""Evidence computed from the records, shown beside an auditor's rating of a criterion.

A computed check answers one or more criteria of a standards framework for a scope (a service area and a
period). It states its rule, the period, the records it counted and its result, links every record it
looked at, and says "not enough records to say" rather than claim a criterion is met without records."""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from django.db import models


class Outcome(models.TextChoices):
    MET = "met", "The records show it is met"
    PARTLY_MET = "partly_met", "The records show it is partly met"
    NOT_MET = "not_met", "The records show it is not met"
    NOT_ENOUGH = "not_enough", "Not enough records to say"


@dataclass(frozen=True)
class Scope:
    """What an audit covers: a service area (`cycle.ServiceArea` value; empty for every area) and a period."""

    service_area: str
    start: date
    end: date

    def describe_period(self) -> str:
        return f"{self.start:%-d %B %Y} to {self.end:%-d %B %Y}"


@dataclass(frozen=True)
class RecordLine:
    """One record the check counted: what it is, where it is, and whether it passes the rule."""

    label: str
    url: str
    passes: bool
    reason: str = ""


@dataclass(frozen=True)
class ComputedEvidence:
    check: str  # the check's code, e.g. "eia-completed"
    rule: str  # the rule in plain words
    period: str
    outcome: str  # an Outcome value
    summary: str  # e.g. "4 of 5 procurements have a completed equality impact assessment"
    counted: int
    passing: int
    records: list[RecordLine] = field(default_factory=list)

    @property
    def outcome_label(self) -> str:
        return Outcome(self.outcome).label


CheckFunction = Callable[[Scope], ComputedEvidence]


@dataclass(frozen=True)
class RegisteredCheck:
    code: str
    framework: str  # framework slug
    refs: tuple[str, ...]  # criterion refs it answers
    title: str
    function: CheckFunction


REGISTRY: dict[str, RegisteredCheck] = {}


def computed_check(*, code: str, framework: str, refs: tuple[str, ...], title: str):
    """Register a check. Modules of this package are imported by `load_checks`, so registering is enough."""

    def decorator(function: CheckFunction) -> CheckFunction:
        if code in REGISTRY and REGISTRY[code].function is not function:
            raise ValueError(f"Two computed checks share the code {code!r}.")
        REGISTRY[code] = RegisteredCheck(code, framework, tuple(refs), title, function)
        return function

    return decorator
