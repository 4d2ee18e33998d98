"""Asking for a check of an open data file."""

from commissioning.jobs.models import WAITING_STATUSES, JobRun, JobStatus
from commissioning.jobs.services import job_enqueue, jobs_stalled_fail
from commissioning.publishing.checks import CHECKED_FILES, latest_check, open_data_check


def open_data_check_request(*, key: str, actor) -> tuple[JobRun, bool]:
    """Queue a check of the file `key`, unless one is already waiting or running. Returns the run and whether it
    was queued now."""
    if key not in CHECKED_FILES:
        raise ValueError(f"No open data file called {key!r} is checked in the background")
    jobs_stalled_fail()  # a check whose worker stopped no longer holds the next one back
    latest = latest_check(key)
    if latest is not None and latest.status in (*WAITING_STATUSES, JobStatus.RUNNING):
        return latest, False
    return job_enqueue(job=open_data_check, arguments={"key": key}, actor=actor), True
