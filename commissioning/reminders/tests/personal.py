"""One person's items from a reminders source are exactly the items of everyone's whose recipients include them."""

from collections import Counter
from datetime import date


def row(item) -> tuple:
    return (item.key, item.url, item.due, item.kind, item.title)


def assert_each_persons_items_are_theirs(source, *, today: date, users) -> dict[str, set[tuple]]:
    """For each user, `source.due_items(today=..., user=u)` against everyone's items kept for u: the same
    (key, url, due, kind, title) rows and the same items, recipients included. Returns each username's rows, so
    the test can show the data gave everyone something to find (or nothing, for someone with nothing due)."""
    everyone = list(source.due_items(today=today))
    found = {}
    for user in users:
        theirs = list(source.due_items(today=today, user=user))
        expected = [item for item in everyone if user.pk in item.recipient_ids]
        assert {row(item) for item in theirs} == {row(item) for item in expected}, user.username
        assert Counter(theirs) == Counter(expected), user.username
        found[user.username] = {row(item) for item in theirs}
    return found
