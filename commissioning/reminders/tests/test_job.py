"""The reminders as a background job: the daily command queues it, the worker sends, a refused email is tried
again and reported, and --now runs it without a worker."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django.core.management.base import CommandError

from commissioning.jobs.models import JobRun, JobStatus
from commissioning.jobs.tests.worker import DATABASE_QUEUE, run_worker
from commissioning.reminders.jobs import reminders_run
from commissioning.reminders.models import SentReminder
from commissioning.reminders.tests.conftest import TODAY, step


@pytest.mark.django_db(transaction=True)
def test_the_command_queues_the_job_and_the_worker_sends(activity, lead, settings):
    settings.TASKS = DATABASE_QUEUE
    step(activity, 1, TODAY - timedelta(days=1))
    out = StringIO()

    call_command("send_reminders", "--date", TODAY.isoformat(), stdout=out)

    run = JobRun.objects.get()
    assert out.getvalue().startswith(f"Queued the reminders for 23 November 2026 as background job {run.pk}")
    assert (run.job_path, run.arguments) == (
        "commissioning.reminders.jobs.reminders_run",
        {"date": "2026-11-23"},
    )
    assert mail.outbox == [] and not SentReminder.objects.exists()

    run_worker()

    run.refresh_from_db()
    assert run.status == JobStatus.SUCCEEDED
    assert (
        run.summary == "1 email(s) sent on 23 November 2026; 0 item(s) already reminded; 0 source(s) failed."
    )
    assert run.result["output"][0] == "Sent to lead@testshire.example: 1 item(s)"
    assert [message.to for message in mail.outbox] == [["lead@testshire.example"]]
    assert SentReminder.objects.filter(user=lead).count() == 1


@pytest.mark.django_db
def test_now_runs_in_this_process_and_records_the_run(activity, lead):
    step(activity, 1, TODAY)
    out = StringIO()
    call_command("send_reminders", "--now", "--date", TODAY.isoformat(), stdout=out)
    assert "Sent to lead@testshire.example: 1 item(s)" in out.getvalue()
    run = JobRun.objects.get()
    assert (run.status, run.attempts, run.max_attempts) == (JobStatus.SUCCEEDED, 1, 1)


@pytest.mark.django_db
def test_refused_emails_are_tried_again_then_reported_and_sent_on_a_later_run(
    activity, lead, administrator, settings
):
    settings.EMAIL_BACKEND = "commissioning.jobs.tests.sample_jobs.RefusingEmailBackend"
    step(activity, 1, TODAY)

    with pytest.raises(CommandError, match=r"The reminders job \(job \d+\) failed: RemindersNotDelivered: 1"):
        call_command("send_reminders", "--date", TODAY.isoformat())

    run = JobRun.objects.get()
    assert (run.status, run.attempts) == (JobStatus.FAILED, 3)
    assert "lead@testshire.example (The mail server refused the connection)" in run.last_error
    assert run.report_note.startswith("The email to 1 administrator(s) could not be sent")
    assert not SentReminder.objects.exists()  # nothing is logged as sent, so nothing is lost

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    result = reminders_run(date=TODAY.isoformat())
    assert result["output"][0] == "Sent to lead@testshire.example: 1 item(s)"
    assert SentReminder.objects.filter(user=lead).count() == 1


@pytest.mark.django_db
def test_a_dry_run_records_no_job(activity, lead):
    step(activity, 1, TODAY)
    call_command("send_reminders", "--dry-run", "--date", TODAY.isoformat(), stdout=StringIO())
    assert not JobRun.objects.exists() and mail.outbox == []
