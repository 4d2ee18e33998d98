"""Jobs for the tests: they count their calls in this process, where the tests also run the worker."""

from collections import Counter

from django.core.mail.backends.base import BaseEmailBackend

from commissioning.jobs.base import JobCannotSucceed, job

CALLS: Counter = Counter()


@job(label="Count the providers")
def succeeds(*, value: int = 1) -> dict:
    CALLS["succeeds"] += 1
    return {"summary": f"Counted {value * 2} providers.", "value": value * 2}


@job(label="Publish the contracts register", max_attempts=3, backoff_seconds=0)
def fails_twice_then_succeeds(*, failures: int = 2) -> dict:
    CALLS["flaky"] += 1
    if CALLS["flaky"] <= failures:
        raise ConnectionError(f"Attempt {CALLS['flaky']}: the open data portal did not answer")
    return {"summary": f"Published after {failures} failed attempt(s)."}


@job(label="Upload the grants file", max_attempts=3, backoff_seconds=0)
def always_fails() -> None:
    CALLS["always_fails"] += 1
    raise RuntimeError("The 360Giving registry refused the file")


@job(label="Import the indicator file", max_attempts=3, backoff_seconds=0)
def cannot_succeed() -> None:
    CALLS["cannot_succeed"] += 1
    raise JobCannotSucceed("The uploaded file was removed before it was imported")


@job(label="Refresh the service map", max_attempts=3)
def fails_then_waits() -> None:
    """Uses the default delay between attempts (the JOBS_RETRY_BACKOFF_SECONDS setting)."""
    CALLS["fails_then_waits"] += 1
    if CALLS["fails_then_waits"] < 3:
        raise TimeoutError("The mapping service timed out")


class RefusingEmailBackend(BaseEmailBackend):
    """A mail server that refuses every message."""

    def send_messages(self, email_messages):
        raise ConnectionRefusedError("The mail server refused the connection")
