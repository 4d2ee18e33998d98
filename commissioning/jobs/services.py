"""Writes for background jobs: queue a run, run one attempt, try again after a failure, report the last failure,
and run a failed job again.

An attempt is the task `commissioning.jobs.tasks.job_attempt(job_run_id, attempt)`. The run row is the source of
truth: an attempt runs only when the run is waiting and the attempt number is the next one, so a task delivered
twice, or left over from an earlier attempt, does nothing."""

import contextlib
import logging
import traceback
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone
from django_tasks.utils import normalize_json

from commissioning.core.audit import acting_as
from commissioning.core.models import TimelineEvent
from commissioning.core.services import timeline_record
from commissioning.jobs.base import Job, JobCannotSucceed
from commissioning.jobs.models import WAITING_STATUSES, JobRun, JobStatus
from commissioning.jobs.selectors import administrator_emails
from commissioning.jobs.tasks import job_attempt

logger = logging.getLogger(__name__)

_ERROR_LENGTH = 2000
_TRACEBACK_LENGTH = 20000


def _who(actor) -> str:
    return actor.get_full_name() or actor.get_username()


def _local(moment) -> str:
    return f"{timezone.localtime(moment):%-d %B %Y at %H:%M:%S}"


def _json_arguments(arguments: dict | None) -> dict:
    try:
        return normalize_json(arguments or {})
    except (TypeError, ValueError) as exc:
        raise ValidationError(f"A background job's arguments must be text, numbers or lists: {exc}") from exc


def _create_run(*, job: Job, arguments: dict | None, actor, max_attempts: int, run_again_of=None) -> JobRun:
    with acting_as(actor), transaction.atomic():
        run = JobRun.objects.create(
            job_path=job.path,
            label=job.label,
            arguments=_json_arguments(arguments),
            queue_name=job.queue_name,
            max_attempts=max_attempts,
            enqueued_by=actor if getattr(actor, "is_authenticated", False) else None,
            run_again_of=run_again_of,
        )
        timeline_record(
            instance=run,
            actor=actor,
            verb=TimelineEvent.Verb.NOTE,
            summary=f"Queued, with up to {max_attempts} attempt(s).",
        )
    return run


def job_enqueue(*, job: Job, arguments: dict | None = None, actor=None) -> JobRun:
    """Queue a run of `job`; a worker runs it, and tries again after a failure up to the job's attempts."""
    run = _create_run(job=job, arguments=arguments, actor=actor, max_attempts=job.attempts_allowed())
    _enqueue_attempt(run=run, attempt=1, run_after=None)
    run.refresh_from_db()
    return run


def job_run_now(*, job: Job, arguments: dict | None = None, actor=None) -> JobRun:
    """Run `job` once in this process, recorded like a queued run (for a host without a worker).

    There is no worker to try again later, so a failure is reported to administrators straight away."""
    run = _create_run(job=job, arguments=arguments, actor=actor, max_attempts=1)
    with contextlib.suppress(Exception):  # the failure is recorded on the run and reported
        job_attempt_run(job_run_id=run.pk, attempt=1)
    run.refresh_from_db()
    return run


def _enqueue_attempt(*, run: JobRun, attempt: int, run_after) -> None:
    task = job_attempt.using(queue_name=run.queue_name)
    if run_after is not None and task.get_backend().supports_defer:
        task = task.using(run_after=run_after)
    try:
        result = task.enqueue(run.pk, attempt)
    except Exception as exc:
        logger.exception("Could not queue attempt %d of job run %s", attempt, run.pk)
        _finish_failed(run_id=run.pk, error=f"Could not be queued: {type(exc).__name__}: {exc}", tb="")
        raise
    JobRun.objects.filter(pk=run.pk, attempts__lte=attempt).update(task_result_id=str(result.id)[:64])


def _locked(pk: int) -> JobRun:
    return JobRun.objects.select_for_update().get(pk=pk)


def _save(run: JobRun, **changes) -> None:
    """Change the given fields of a locked run; save() rather than update(), so the audit log sees it."""
    for name, value in changes.items():
        setattr(run, name, value)
    run.save(update_fields=list(changes))


def _claim(*, job_run_id: int, attempt: int) -> JobRun | None:
    with transaction.atomic():
        run = JobRun.objects.select_for_update().filter(pk=job_run_id).first()
        if run is None:
            logger.warning("Job run %s does not exist: attempt %d skipped", job_run_id, attempt)
            return None
        if run.status not in WAITING_STATUSES or run.attempts != attempt - 1:
            logger.warning(
                "Job run %s is %s after %d attempt(s): attempt %d skipped",
                run.pk,
                run.status,
                run.attempts,
                attempt,
            )
            return None
        _save(
            run, status=JobStatus.RUNNING, attempts=attempt, started_at=timezone.now(), next_attempt_at=None
        )
    return run


def job_attempt_run(*, job_run_id: int, attempt: int):
    """Run one attempt of a job run. On failure, queue the next attempt or report the run; then re-raise, so
    the queue records the attempt as failed too."""
    run = _claim(job_run_id=job_run_id, attempt=attempt)
    if run is None:
        return None
    try:
        try:
            job = run.job
        except ImportError as exc:
            raise JobCannotSucceed(f"The job {run.job_path} no longer exists: {exc}") from exc
        result = normalize_json(job.func(**run.arguments))
    except BaseException as exc:
        _attempt_failed(run=run, exc=exc)
        raise
    with transaction.atomic():
        run = _locked(run.pk)
        _save(
            run, status=JobStatus.SUCCEEDED, finished_at=timezone.now(), result=result, next_attempt_at=None
        )
        summary = f"Succeeded on attempt {attempt} of {run.max_attempts}."
        if run.summary:
            summary += f" {run.summary}"
        timeline_record(instance=run, actor=None, verb=TimelineEvent.Verb.NOTE, summary=summary)
    return result


def _error_text(exc: BaseException) -> str:
    text = f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__
    return text[:_ERROR_LENGTH]


def _attempt_failed(*, run: JobRun, exc: BaseException) -> None:
    error = _error_text(exc)
    tb = "".join(traceback.format_exception(exc))[-_TRACEBACK_LENGTH:]
    retry = (
        run.attempts < run.max_attempts
        and isinstance(exc, Exception)
        and not isinstance(exc, JobCannotSucceed)
    )
    if isinstance(exc, (KeyboardInterrupt, SystemExit)):
        retry = run.attempts < run.max_attempts  # the worker was stopped part-way: try again
    if not retry:
        _finish_failed(run_id=run.pk, error=error, tb=tb)
        return
    next_attempt_at = timezone.now() + run.job.retry_delay(run.attempts)
    with transaction.atomic():
        run = _locked(run.pk)
        _save(
            run,
            status=JobStatus.RETRYING,
            last_error=error,
            last_traceback=tb,
            next_attempt_at=next_attempt_at,
        )
        timeline_record(
            instance=run,
            actor=None,
            verb=TimelineEvent.Verb.NOTE,
            summary=f"Attempt {run.attempts} of {run.max_attempts} failed: {error}. "
            f"Next attempt from {_local(next_attempt_at)}.",
        )
    logger.warning("Job run %s attempt %d failed (%s); trying again", run.pk, run.attempts, error)
    _enqueue_attempt(run=run, attempt=run.attempts + 1, run_after=next_attempt_at)


def _finish_failed(*, run_id: int, error: str, tb: str) -> None:
    with transaction.atomic():
        run = _locked(run_id)
        _save(
            run,
            status=JobStatus.FAILED,
            finished_at=timezone.now(),
            next_attempt_at=None,
            last_error=error,
            last_traceback=tb,
        )
        timeline_record(
            instance=run,
            actor=None,
            verb=TimelineEvent.Verb.NOTE,
            summary=f"Failed after {run.attempts} of {run.max_attempts} attempt(s): {error}",
        )
    logger.error(
        "Background job %s (run %s) failed after %d attempt(s): %s", run.label, run.pk, run.attempts, error
    )
    _report_failure(run=run)


def _report_failure(*, run: JobRun) -> None:
    """Email the administrators, and note on the run who was told."""
    recipients = administrator_emails()
    if not recipients:
        note = "Nobody was emailed: no active administrator has an email address."
    else:
        context = {
            "run": run,
            "service_name": settings.SERVICE_NAME,
            "link": settings.SITE_URL.rstrip("/") + run.get_absolute_url(),
        }
        message = EmailMessage(
            subject=f"{settings.SERVICE_NAME}: background job failed: {run.label}",
            body=render_to_string("jobs/email/failed.txt", context),
            to=recipients,
        )
        try:
            message.send()
        except Exception as exc:  # the run is still shown as failed on the page
            logger.exception("The failure report for job run %s could not be emailed", run.pk)
            note = f"The email to {len(recipients)} administrator(s) could not be sent: {_error_text(exc)}"
        else:
            note = f"Emailed to {len(recipients)} administrator(s): {', '.join(recipients)}."
    with transaction.atomic():
        run = _locked(run.pk)
        _save(run, reported_at=timezone.now(), report_note=note)
        timeline_record(instance=run, actor=None, verb=TimelineEvent.Verb.NOTE, summary=f"Reported. {note}")


def jobs_stalled_fail(*, now=None) -> list[JobRun]:
    """Fail and report the runs whose attempt has been running longer than JOBS_STALLED_AFTER_MINUTES: the
    worker running them stopped without recording an outcome (killed, or its machine lost). They can then be run
    again, and a job that allows one run at a time may be asked for again."""
    now = now or timezone.now()
    minutes = settings.JOBS_STALLED_AFTER_MINUTES
    stalled = list(
        JobRun.objects.filter(status=JobStatus.RUNNING, started_at__lt=now - timedelta(minutes=minutes))
    )
    for run in stalled:
        _finish_failed(
            run_id=run.pk,
            error=f"Attempt {run.attempts} started {_local(run.started_at)} and had no outcome after {minutes} "
            "minutes: the worker running it stopped. Run it again.",
            tb="",
        )
    return [JobRun.objects.get(pk=run.pk) for run in stalled]


def job_run_again(*, run: JobRun, actor) -> JobRun:
    """Queue a failed run again with the same arguments and a fresh set of attempts."""
    run = JobRun.objects.get(pk=run.pk)
    if run.status != JobStatus.FAILED:
        raise ValidationError(
            f"Only a failed job can be run again; this one is {run.get_status_display().lower()}."
        )
    try:
        job = run.job
    except ImportError as exc:
        raise ValidationError("This job no longer exists in the service, so it cannot be run again.") from exc
    again = _create_run(
        job=job, arguments=run.arguments, actor=actor, max_attempts=job.attempts_allowed(), run_again_of=run
    )
    timeline_record(
        instance=run,
        actor=actor,
        verb=TimelineEvent.Verb.NOTE,
        summary=f"Run again by {_who(actor)} as job {again.pk}.",
    )
    _enqueue_attempt(run=again, attempt=1, run_after=None)
    again.refresh_from_db()
    return again
