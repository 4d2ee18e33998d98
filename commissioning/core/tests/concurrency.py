"""Real concurrent saves for the tests: each in its own thread and database connection, released together."""

import threading

import pytest
from django.db import connection, connections

from commissioning.core.exceptions import ConflictError

postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="Row locks need PostgreSQL (SQLite runs one writer at a time)."
)


def race(save, names: list[str]) -> dict[str, str]:
    """Run `save(name)` for each name in its own thread and connection, all released at once."""
    barrier = threading.Barrier(len(names))
    outcomes: dict[str, str] = {}

    def attempt(name: str) -> None:
        try:
            barrier.wait(timeout=10)
            save(name)
            outcomes[name] = "saved"
        except ConflictError:
            outcomes[name] = "told"
        finally:
            connections.close_all()

    threads = [threading.Thread(target=attempt, args=(name,)) for name in names]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return outcomes
