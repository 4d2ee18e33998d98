"""Helpers for tests that work the real database queue (import them; they are not fixtures)."""

import signal
from io import StringIO

from django.core.management import call_command

DATABASE_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}


def run_worker() -> str:
    """Run `manage.py db_worker --batch`: it works the queue until nothing is ready, then stops."""
    handlers = {
        number: signal.getsignal(number) for number in (signal.SIGINT, signal.SIGTERM, signal.SIGQUIT)
    }
    out = StringIO()
    try:
        call_command(
            "db_worker", "--batch", "--no-startup-delay", "--interval", "0", "--no-reload", stdout=out
        )
    finally:
        for number, handler in handlers.items():  # the worker sets its own for a graceful stop
            signal.signal(number, handler)
    return out.getvalue()
