"""Attribute audit-log entries to the person acting, also outside a web request."""

import contextlib

from auditlog.context import set_actor


@contextlib.contextmanager
def acting_as(actor):
    if actor is not None and getattr(actor, "is_authenticated", False):
        with set_actor(actor):
            yield
    else:
        yield
