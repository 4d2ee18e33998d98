"""The database queue worked by the real worker (`manage.py db_worker`): failed attempts are queued again after
their delay, the last failure is reported, and a failing job never stops the worker."""

from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from commissioning.jobs.models import JobRun, JobStatus
from commissioning.jobs.services import job_enqueue
from commissioning.jobs.tasks import job_attempt
from commissioning.jobs.tests import sample_jobs
from commissioning.organisations.models import Role
from commissioning.organisations.tests.factories import person_with_role

# Committed transactions, as the worker sees them in production.
pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("database_queue"),
]


def _attempt_rows(run: JobRun) -> list[str]:
    """The status of each task the queue holds for the run, oldest first."""
    return [
        row.status
        for row in DBTaskResult.objects.order_by("enqueued_at")
        if row.args_kwargs["args"][0] == run.pk
    ]


def test_enqueueing_only_queues_until_a_worker_runs_it(run_worker, calls):
    run = job_enqueue(job=sample_jobs.succeeds, arguments={"value": 21})
    assert run.status == JobStatus.QUEUED and run.attempts == 0
    assert calls["succeeds"] == 0
    row = DBTaskResult.objects.get()
    assert row.task_path == "commissioning.jobs.tasks.job_attempt"
    assert row.args_kwargs == {"args": [run.pk, 1], "kwargs": {}}
    assert run.task_result_id == str(row.id)

    run_worker()

    run.refresh_from_db()
    assert run.status == JobStatus.SUCCEEDED and run.attempts == 1
    assert run.result == {"summary": "Counted 42 providers.", "value": 42}
    assert _attempt_rows(run) == ["SUCCESSFUL"]


def test_a_job_that_fails_twice_is_tried_again_and_succeeds(run_worker, calls, administrator):
    run = job_enqueue(job=sample_jobs.fails_twice_then_succeeds)

    run_worker()

    run.refresh_from_db()
    assert calls["flaky"] == 3
    assert run.status == JobStatus.SUCCEEDED
    assert (run.attempts, run.max_attempts) == (3, 3)
    assert run.summary == "Published after 2 failed attempt(s)."
    assert run.last_error == "ConnectionError: Attempt 2: the open data portal did not answer"
    assert run.reported_at is None and mail.outbox == []
    # Each attempt is its own task on the queue: the failures are kept there with their tracebacks.
    assert _attempt_rows(run) == ["FAILED", "FAILED", "SUCCESSFUL"]
    failed = DBTaskResult.objects.filter(status="FAILED").first()
    assert failed.exception_class_path == "builtins.ConnectionError"
    notes = [event.summary for event in run_history(run)]
    assert "Attempt 1 of 3 failed: ConnectionError: Attempt 1: the open data portal did not answer." in (
        " ".join(notes)
    )
    assert any(note.startswith("Succeeded on attempt 3 of 3.") for note in notes)


def run_history(run):
    from commissioning.core.models import TimelineEvent

    return TimelineEvent.objects.filter(object_id=str(run.pk), content_type__model="jobrun").order_by("pk")


def test_a_job_that_always_fails_is_attempted_n_times_then_reported(
    run_worker, calls, administrator, commissioner, client, settings
):
    settings.SITE_URL = "https://hub.testshire.example"
    run = job_enqueue(job=sample_jobs.always_fails)

    run_worker()

    run.refresh_from_db()
    assert calls["always_fails"] == 3
    assert run.status == JobStatus.FAILED and run.attempts == 3
    assert run.last_error == "RuntimeError: The 360Giving registry refused the file"
    assert 'raise RuntimeError("The 360Giving registry refused the file")' in run.last_traceback
    assert _attempt_rows(run) == ["FAILED", "FAILED", "FAILED"]

    # One email, to the administrators only.
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [administrator.email]
    assert message.subject == "Commissioning Hub: background job failed: Upload the grants file"
    assert "failed after 3 attempts" in message.body
    assert "RuntimeError: The 360Giving registry refused the file" in message.body
    assert f"https://hub.testshire.example/jobs/{run.pk}/" in message.body
    assert run.reported_at is not None
    assert run.report_note == f"Emailed to 1 administrator(s): {administrator.email}."

    # The record is on the Background jobs page, for administrators only.
    client.force_login(administrator)
    page = client.get(reverse("jobs:list")).content.decode()
    assert "Upload the grants file" in page and "govuk-tag--red" in page
    assert "3 of 3" in page and "RuntimeError: The 360Giving registry refused the file" in page
    detail = client.get(reverse("jobs:detail", args=[run.pk])).content.decode()
    assert "Failed after 3 of 3 attempt(s)" in detail and "Emailed to 1 administrator(s)" in detail
    client.force_login(commissioner)
    assert client.get(reverse("jobs:list")).status_code == 403
    assert client.get(reverse("jobs:detail", args=[run.pk])).status_code == 403


def test_the_worker_survives_a_failing_job_and_runs_the_next(run_worker, calls, administrator):
    failing = job_enqueue(job=sample_jobs.cannot_succeed)
    # A task whose job was removed from the code since it was queued.
    removed = job_enqueue(job=sample_jobs.succeeds)
    JobRun.objects.filter(pk=removed.pk).update(job_path="commissioning.jobs.tests.sample_jobs.removed_job")
    following = job_enqueue(job=sample_jobs.succeeds, arguments={"value": 5})

    run_worker()

    for run in (failing, removed, following):
        run.refresh_from_db()
    # Retrying cannot help either failure: each is reported after its first attempt.
    assert (failing.status, failing.attempts) == (JobStatus.FAILED, 1)
    assert failing.last_error == "JobCannotSucceed: The uploaded file was removed before it was imported"
    assert (removed.status, removed.attempts) == (JobStatus.FAILED, 1)
    assert "no longer exists" in removed.last_error
    assert (following.status, following.result["value"]) == (JobStatus.SUCCEEDED, 10)
    assert calls["succeeds"] == 1 and calls["cannot_succeed"] == 1
    assert len(mail.outbox) == 2


def test_the_next_attempt_waits_for_its_delay_which_doubles(run_worker, calls, settings):
    settings.JOBS_RETRY_BACKOFF_SECONDS = 60
    run = job_enqueue(job=sample_jobs.fails_then_waits)
    before = timezone.now()

    run_worker()

    run.refresh_from_db()
    assert (run.status, run.attempts) == (JobStatus.RETRYING, 1)
    assert before + timedelta(seconds=59) < run.next_attempt_at < timezone.now() + timedelta(seconds=61)
    waiting = DBTaskResult.objects.get(status="READY")
    assert waiting.run_after == run.next_attempt_at
    assert waiting.args_kwargs["args"] == [run.pk, 2]

    run_worker()  # too early: nothing is ready
    assert calls["fails_then_waits"] == 1

    DBTaskResult.objects.filter(pk=waiting.pk).update(run_after=timezone.now() - timedelta(seconds=1))
    run_worker()
    run.refresh_from_db()
    assert (run.status, run.attempts) == (JobStatus.RETRYING, 2)
    second_wait = DBTaskResult.objects.get(status="READY").run_after - timezone.now()
    assert timedelta(seconds=115) < second_wait <= timedelta(seconds=120)

    DBTaskResult.objects.filter(status="READY").update(run_after=timezone.now() - timedelta(seconds=1))
    run_worker()
    run.refresh_from_db()
    assert (run.status, run.attempts, calls["fails_then_waits"]) == (JobStatus.SUCCEEDED, 3, 3)


def test_an_attempt_delivered_twice_runs_once(run_worker, calls):
    run = job_enqueue(job=sample_jobs.succeeds)
    job_attempt.enqueue(run.pk, 1)  # the same attempt again
    job_attempt.enqueue(run.pk + 1000, 1)  # a run that does not exist

    run_worker()

    run.refresh_from_db()
    assert calls["succeeds"] == 1
    assert (run.status, run.attempts) == (JobStatus.SUCCEEDED, 1)
    assert DBTaskResult.objects.filter(status="SUCCESSFUL").count() == 3


def test_with_no_administrator_email_the_failure_is_still_recorded(run_worker):
    person_with_role(Role.ADMINISTRATOR, email="")
    run = job_enqueue(job=sample_jobs.cannot_succeed)

    run_worker()

    run.refresh_from_db()
    assert run.status == JobStatus.FAILED and mail.outbox == []
    assert run.report_note == "Nobody was emailed: no active administrator has an email address."
