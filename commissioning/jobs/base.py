"""Background jobs: a function marked with `@job(...)` runs on the task queue (django-tasks with the database
backend, worked by `manage.py db_worker`), is tried again with a growing delay when it fails, and is reported
to administrators when its last attempt fails.

    @job(label="Send reminders", max_attempts=3)
    def reminders_run(*, date: str) -> dict:
        ...
        return {"summary": "3 email(s) sent"}

    job_enqueue(job=reminders_run, arguments={"date": "2026-11-23"}, actor=None)   # see services.py

A job takes keyword arguments that JSON can hold, and returns a JSON-able value (a dict with a "summary" is
shown on the Background jobs page). It should be safe to run again after a failure part-way through: each
attempt runs the whole function. Raise `JobCannotSucceed` when trying again cannot help."""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.conf import settings
from django_tasks import DEFAULT_TASK_QUEUE_NAME

# The longest wait between two attempts, however many attempts a job allows.
MAX_RETRY_DELAY = timedelta(hours=6)


class JobCannotSucceed(Exception):
    """Raised by a job when another attempt would fail the same way: the run is reported straight away."""


@dataclass(frozen=True)
class Job:
    func: Callable[..., Any]
    label: str
    max_attempts: int | None = None
    backoff_seconds: int | None = None
    queue_name: str = DEFAULT_TASK_QUEUE_NAME

    def __call__(self, **kwargs):
        """Call the function directly, without the queue (for tests and the `--now` command flags)."""
        return self.func(**kwargs)

    @property
    def path(self) -> str:
        return f"{self.func.__module__}.{self.func.__qualname__}"

    def attempts_allowed(self) -> int:
        allowed = self.max_attempts if self.max_attempts is not None else settings.JOBS_MAX_ATTEMPTS
        return max(1, int(allowed))

    def retry_delay(self, failed_attempt: int) -> timedelta:
        """The wait after attempt `failed_attempt` fails: the base delay, doubled for each attempt before it."""
        base = (
            self.backoff_seconds if self.backoff_seconds is not None else settings.JOBS_RETRY_BACKOFF_SECONDS
        )
        return min(timedelta(seconds=max(0, base) * 2 ** max(0, failed_attempt - 1)), MAX_RETRY_DELAY)


def job(
    *,
    label: str,
    max_attempts: int | None = None,
    backoff_seconds: int | None = None,
    queue_name: str = DEFAULT_TASK_QUEUE_NAME,
) -> Callable[[Callable[..., Any]], Job]:
    """Mark a module-level function as a background job (see the module's docstring)."""

    def wrap(func: Callable[..., Any]) -> Job:
        if "<locals>" in func.__qualname__:
            raise TypeError("A background job must be a module-level function, so the worker can find it.")
        return Job(
            func=func,
            label=label,
            max_attempts=max_attempts,
            backoff_seconds=backoff_seconds,
            queue_name=queue_name,
        )

    return wrap
