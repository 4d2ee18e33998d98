"""Reads for reminders: each person's due and overdue items, and which of them they were already reminded of."""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime

from commissioning.core.reminders import DueItem, Gathered, SourceFailure, gather_due_items
from commissioning.core.table_cache import remember
from commissioning.organisations import roles
from commissioning.reminders.models import SentReminder


@dataclass(frozen=True)
class PersonalItem:
    item: DueItem
    overdue: bool
    reminded_at: datetime | None


@dataclass
class KindGroup:
    kind: str
    items: list[PersonalItem]


@dataclass
class DueList:
    groups: list[KindGroup] = field(default_factory=list)
    failures: list[SourceFailure] = field(default_factory=list)

    @property
    def overdue_count(self) -> int:
        return sum(1 for group in self.groups for entry in group.items if entry.overdue)

    @property
    def count(self) -> int:
        return sum(len(group.items) for group in self.groups)


def items_by_user(gathered: Gathered) -> dict[int, list[DueItem]]:
    """Each recipient's items, one per key (the first source's wording wins), soonest first."""
    by_user: dict[int, dict[str, DueItem]] = defaultdict(dict)
    for item in gathered.items:
        for user_id in item.recipient_ids:
            if user_id is not None:
                by_user[user_id].setdefault(item.key, item)
    return {
        user_id: sorted(items.values(), key=lambda item: (item.due, item.kind, item.title))
        for user_id, items in by_user.items()
    }


def due_list_for(user, *, today: date) -> DueList:
    """The signed-in person's items: overdue kinds first, then by the soonest date, each with when reminded. What
    is due is gathered from every app's sources (a score of queries) and kept in the table cache for the day until
    a table they read changes; a gathering in which a source failed is not kept."""
    mine, failures = remember(
        f"reminders.due_for|{roles.access_key(user)}|{today.isoformat()}",
        lambda: _due_for(user, today),
        keep=lambda value: not value[1],
    )
    reminded = dict(
        SentReminder.objects.filter(user=user, key__in=[item.key for item in mine]).values_list(
            "key", "sent_at"
        )
    )
    groups: dict[str, list[PersonalItem]] = defaultdict(list)
    for item in mine:
        groups[item.kind].append(
            PersonalItem(item=item, overdue=item.is_overdue(today), reminded_at=reminded.get(item.key))
        )
    ordered = sorted(
        groups.items(),
        key=lambda pair: (not any(entry.overdue for entry in pair[1]), pair[1][0].item.due, pair[0]),
    )
    return DueList(groups=[KindGroup(kind=kind, items=items) for kind, items in ordered], failures=failures)


def _due_for(user, today: date) -> tuple[list[DueItem], list]:
    gathered = gather_due_items(today=today, user=user)
    return items_by_user(gathered).get(user.pk, []), gathered.failures
