"""Things due soon or overdue, gathered from every app for the reminders job and each person's list.

An app takes part by providing `<app>/reminders.py` with

    def due_items(*, today: date, user: User | None = None) -> Iterable[DueItem]

returning the events it knows about that are due within its own warning period or already overdue.
`key` names one event for good: a reminder is sent once per person and key, so a changed due date must
give a new key (put the date in it) while the same due date must always give the same key.

Without `user` (the daily reminders job) a source returns everyone's items. With `user` (a person's "Due
soon" list and home page) it returns exactly those of its items whose `recipient_ids` include that person,
the same items with the same recipients, and it finds them in the database by that person's part in them
(the records they lead, own, monitor, clerk or chair, and the organisations they act for), so that one
person's list costs the same however many other people's records there are."""

import logging
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date

from commissioning.core.appmodules import app_modules

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class DueItem:
    key: str  # stable and unique per event, e.g. "cycle.step:42:due:2026-12-01"
    kind: str  # what sort of thing is due, in words: "Step due", "Monitoring return overdue"
    title: str  # which record: "Step 4 of Early help redesign"
    url: str  # where to act on it (a path on this site)
    due: date
    recipient_ids: tuple[int, ...] = field(default=())  # users to remind; empty means nobody in particular

    def is_overdue(self, today: date) -> bool:
        return self.due < today


def _source_items(module, *, today: date, user) -> Iterable[DueItem]:
    return module.due_items(today=today) if user is None else module.due_items(today=today, user=user)


def collect_due_items(*, today: date, user=None) -> Iterator[DueItem]:
    for module in app_modules("reminders"):
        if module.__name__ == __name__:
            continue
        yield from _source_items(module, today=today, user=user)


@dataclass
class SourceFailure:
    source: str  # the module, e.g. "commissioning.cycle.reminders"
    error: str


@dataclass
class Gathered:
    items: list[DueItem] = field(default_factory=list)
    failures: list[SourceFailure] = field(default_factory=list)


def gather_due_items(*, today: date, user=None) -> Gathered:
    """Every app's due items, or with `user` only that person's; an app whose module fails is logged and
    reported, and the others still count."""
    gathered = Gathered()
    for module in app_modules("reminders"):
        if module.__name__ == __name__ or not hasattr(module, "due_items"):
            continue
        try:
            items = list(_source_items(module, today=today, user=user))
        except Exception as exc:  # one app's fault must not stop everyone's reminders
            logger.exception("Reminders from %s failed", module.__name__)
            gathered.failures.append(
                SourceFailure(source=module.__name__, error=f"{type(exc).__name__}: {exc}")
            )
            continue
        gathered.items.extend(items)
    return gathered
