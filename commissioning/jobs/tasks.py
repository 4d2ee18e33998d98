"""The one task on the queue: an attempt of a job run. Everything a job does goes through it."""

from django_tasks import task


@task()
def job_attempt(job_run_id: int, attempt: int):
    """Run attempt number `attempt` of a job run (the services decide what happens when it fails)."""
    from commissioning.jobs.services import job_attempt_run

    return job_attempt_run(job_run_id=job_run_id, attempt=attempt)
