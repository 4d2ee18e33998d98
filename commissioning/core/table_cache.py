"""Figures kept in the cache until a table they were read from is written: `remember(key, compute)`.

Every statement the database runs passes a watcher (a database execute wrapper, installed on each connection).
A statement that writes (INSERT, UPDATE, DELETE, anything not a SELECT) gives each table it names a new version
in the cache; a value computed by `remember` is stored under the versions of the tables its queries read, which
the watcher also records while it computes. So a value is served again only while none of those tables has been
written since, by any process sharing the cache, whatever wrote it: a form, an import's bulk insert, a job,
Django admin. Writes from outside Django (psql) are not seen; `TABLE_CACHE_SECONDS` bounds how long a value is
kept in any case.

Inside a transaction that has written something, nothing is read from or stored to the cache (the transaction
sees rows no other process sees, and they may yet be rolled back); each written table gets a new version when
the write happens and again when the transaction commits.

The cache must be shared by every process that writes (production's file or Redis cache is); see ADR 0005."""

from __future__ import annotations

import functools
import hashlib
import re
import threading
import uuid
from collections.abc import Callable, Iterable
from typing import TypeVar

from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.db import DEFAULT_DB_ALIAS, connections
from django.utils.http import urlencode

T = TypeVar("T")

PREFIX = "table-cache:"
_MISSING = object()
_CONTROL = ("SAVEPOINT", "RELEASE", "ROLLBACK", "BEGIN", "COMMIT", "SET", "PRAGMA", "SHOW", "EXPLAIN")
_WRITE_TARGET = re.compile(
    r'^\s*(?:INSERT\s+(?:OR\s+\w+\s+)?INTO|REPLACE\s+INTO|UPDATE(?:\s+OR\s+\w+)?|DELETE\s+FROM)\s+"?(\w+)"?',
    re.I,
)
_READ_FROM = re.compile(r'\b(?:FROM|JOIN)\s+"?(\w+)"?', re.I)
_WORD = re.compile(r"\w+")
_WRITE_WORDS = re.compile(r"\b(?:INSERT|UPDATE|DELETE)\b", re.I)
_local = threading.local()


def remember(
    key: str,
    compute: Callable[[], T],
    *,
    timeout: int | None = None,
    keep: Callable[[T], bool] | None = None,
    also_read: Iterable[str] = (),
) -> T:
    """`compute()`'s value, from the cache while no table it read has been written since it was stored.

    `key` must name everything the value depends on besides the tables: whose view it is (a person's pk, or
    what they may see: `roles.access_key`), the day it is judged on, the filters. The first call for a key only
    learns which tables its value reads; the value is stored from the second, unless `keep(value)` is false.
    `also_read` names tables the value depends on that were read before, outside `compute` (a record fetched
    for its permission check and shown in the value: see `tables_read`)."""
    also_read = set(also_read)
    seconds = settings.TABLE_CACHE_SECONDS if timeout is None else timeout
    connection = connections[DEFAULT_DB_ALIAS]
    if not seconds or _has_pending_writes(connection):
        return compute()
    base = hashlib.sha256(key.encode()).hexdigest()
    manifest_key = f"{PREFIX}tables:{base}"
    tables = cache.get(manifest_key)
    if tables is None:
        value, read = _computed(compute)
        cache.set(manifest_key, sorted(read | also_read), None)
        return value
    versions = _versions(tables)  # read before the data, so a write in between leaves this entry behind
    entry_key = f"{PREFIX}value:{base}:{_digest(versions)}"
    value = cache.get(entry_key, _MISSING)
    if value is not _MISSING:
        _add_to_readings(tables)  # a value remembered inside another depends on these tables too
        return value
    value, read = _computed(compute)
    read |= also_read
    if keep is not None and not keep(value):
        return value
    if read <= set(tables):
        cache.set(entry_key, value, seconds)
    else:
        cache.set(manifest_key, sorted(read | set(tables)), None)
    return value


def query_key(params) -> str:
    """A request's query parameters (a QueryDict) as a part of a key: every value, in any order alike."""
    return urlencode(sorted((name, value) for name, values in params.lists() for value in values))


def tables_read(compute: Callable[[], T]) -> tuple[T, set[str]]:
    """`compute()`'s value and the tables its queries read, for `remember(..., also_read=…)`."""
    return _computed(compute)


def install(connection, **kwargs) -> None:
    """Watch this connection's statements (the `connection_created` signal's receiver)."""
    if _watch not in connection.execute_wrappers:
        connection.execute_wrappers.append(_watch)


def written(tables) -> None:
    """Give these tables new versions: every value read from them is computed again."""
    if tables:
        cache.set_many({_version_key(table): uuid.uuid4().hex for table in tables}, None)


def _watch(execute, sql, params, many, context):
    head = sql.lstrip()[:10].upper()
    if head.startswith("SELECT") or (head.startswith("WITH") and not _WRITE_WORDS.search(sql)):
        if getattr(_local, "reading", None):
            _add_to_readings(_read_tables(sql))
    elif not head.startswith(_CONTROL):
        result = execute(sql, params, many, context)
        # After the statement: in autocommit it is committed by now, so a value computed from the rows before
        # it cannot be stored under the new version.
        _note_write(context["connection"], _written_tables(sql))
        return result
    return execute(sql, params, many, context)


def _note_write(connection, tables: set[str]) -> None:
    if not tables:
        return
    if not connection.in_atomic_block:
        written(tables)
        return
    pending = _pending(connection)
    if pending is None:
        pending = _Pending()
        connection.__dict__["_table_cache_pending"] = pending
        connection.on_commit(pending.committed)
    new = tables - pending.tables
    if new:
        pending.tables.update(new)
        written(new)


class _Pending:
    """The tables one transaction has written: given new versions again when it commits."""

    def __init__(self) -> None:
        self.tables: set[str] = set()

    def committed(self) -> None:
        written(self.tables)


def _pending(connection) -> _Pending | None:
    """This transaction's written tables; None when it has written nothing (a rolled-back transaction's record is
    dropped with its on-commit callback)."""
    pending = connection.__dict__.get("_table_cache_pending")
    if pending is None or not connection.in_atomic_block:
        return None
    if any(entry[1] == pending.committed for entry in connection.run_on_commit):
        return pending
    return None


def _has_pending_writes(connection) -> bool:
    pending = _pending(connection)
    return pending is not None and bool(pending.tables)


def _add_to_readings(tables) -> None:
    for collected in getattr(_local, "reading", ()):
        collected.update(tables)


def _computed(compute: Callable[[], T]) -> tuple[T, set[str]]:
    read: set[str] = set()
    stack = _local.__dict__.setdefault("reading", [])
    stack.append(read)
    try:
        value = compute()
    finally:
        stack.pop()  # this computation's own set: computations nest, so it is the last
    return value, read & _known_tables()


def _versions(tables: list[str]) -> list[str]:
    keys = [_version_key(table) for table in tables]
    found = cache.get_many(keys)
    missing = [key for key in keys if key not in found]
    if missing:
        for key in missing:
            cache.add(key, uuid.uuid4().hex, None)
        found = cache.get_many(keys)
    return [str(found.get(key)) for key in keys]


def _written_tables(sql: str) -> set[str]:
    match = _WRITE_TARGET.match(sql)
    if match:
        return {match.group(1)} & _known_tables()
    return (
        set(_WORD.findall(sql)) & _known_tables()
    )  # TRUNCATE, ALTER, DROP, a CTE that writes: every table named


def _read_tables(sql: str) -> set[str]:
    return set(_READ_FROM.findall(sql))


@functools.cache
def _known_tables() -> frozenset[str]:
    return frozenset(model._meta.db_table for model in apps.get_models(include_auto_created=True))


def _version_key(table: str) -> str:
    return f"{PREFIX}version:{table}"


def _digest(parts: list[str]) -> str:
    return hashlib.sha256("|".join(parts).encode()).hexdigest()[:32]
