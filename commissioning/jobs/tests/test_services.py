"""The job services with the immediate queue (attempts run straight away, in the test's transaction)."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from commissioning.jobs.base import MAX_RETRY_DELAY, job
from commissioning.jobs.models import JobRun, JobStatus
from commissioning.jobs.selectors import administrator_emails
from commissioning.jobs.services import job_enqueue, job_run_again, job_run_now
from commissioning.jobs.tests import sample_jobs
from commissioning.organisations.models import Membership, Role
from commissioning.organisations.tests.factories import PartnerFactory, person_with_role

pytestmark = pytest.mark.django_db


def test_a_failing_job_is_retried_until_it_succeeds(calls):
    run = job_enqueue(job=sample_jobs.fails_twice_then_succeeds)
    assert (run.status, run.attempts, calls["flaky"]) == (JobStatus.SUCCEEDED, 3, 3)
    assert run.summary == "Published after 2 failed attempt(s)."


def test_the_last_failure_is_reported_to_active_administrators_only(calls, administrator, commissioner):
    archived = person_with_role(Role.ADMINISTRATOR, username="former", email="former@testshire.example")
    Membership.objects.filter(user=archived).update(archived_at="2026-01-01T00:00:00Z")
    person_with_role(Role.ADMINISTRATOR, username="left", email="left@testshire.example", is_active=False)
    second = person_with_role(Role.ADMINISTRATOR, PartnerFactory(), username="second")

    run = job_enqueue(job=sample_jobs.always_fails)

    assert (run.status, run.attempts, calls["always_fails"]) == (JobStatus.FAILED, 3, 3)
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == sorted([administrator.email, second.email])
    assert run.report_note.startswith("Emailed to 2 administrator(s)")


def test_a_refused_report_email_is_noted_on_the_run(administrator, settings):
    settings.EMAIL_BACKEND = "commissioning.jobs.tests.sample_jobs.RefusingEmailBackend"
    run = job_enqueue(job=sample_jobs.cannot_succeed)
    assert run.status == JobStatus.FAILED and run.reported_at is not None
    assert run.report_note == (
        "The email to 1 administrator(s) could not be sent: "
        "ConnectionRefusedError: The mail server refused the connection"
    )


def test_arguments_must_be_json_and_nothing_is_queued_otherwise():
    with pytest.raises(ValidationError, match="text, numbers or lists"):
        job_enqueue(job=sample_jobs.succeeds, arguments={"value": object()})
    assert not JobRun.objects.exists()


def test_a_job_called_with_arguments_it_does_not_take_fails_and_is_reported(administrator):
    run = job_enqueue(job=sample_jobs.succeeds, arguments={"colour": "green"})
    assert run.status == JobStatus.FAILED
    assert "unexpected keyword argument 'colour'" in run.last_error


def test_run_now_makes_one_attempt_and_records_it(calls, administrator):
    run = job_run_now(job=sample_jobs.fails_twice_then_succeeds)
    assert (run.status, run.attempts, run.max_attempts) == (JobStatus.FAILED, 1, 1)
    assert calls["flaky"] == 1 and len(mail.outbox) == 1
    ok = job_run_now(job=sample_jobs.succeeds, arguments={"value": 2})
    assert (ok.status, ok.result["value"]) == (JobStatus.SUCCEEDED, 4)


def test_a_failed_run_can_be_run_again_and_is_linked(calls, administrator):
    failed = job_enqueue(job=sample_jobs.fails_twice_then_succeeds, arguments={"failures": 3})
    assert failed.status == JobStatus.FAILED

    again = job_run_again(run=failed, actor=administrator)

    assert again.run_again_of == failed and again.enqueued_by == administrator
    assert again.arguments == {"failures": 3}
    assert (again.status, again.attempts) == (JobStatus.SUCCEEDED, 1)  # the fourth call succeeds
    with pytest.raises(ValidationError, match="Only a failed job can be run again; this one is succeeded"):
        job_run_again(run=again, actor=administrator)


def test_a_removed_job_cannot_be_run_again(administrator):
    run = job_enqueue(job=sample_jobs.cannot_succeed)
    JobRun.objects.filter(pk=run.pk).update(job_path="commissioning.jobs.tests.sample_jobs.CALLS")
    with pytest.raises(ValidationError, match="no longer exists"):
        job_run_again(run=run, actor=administrator)


def test_the_delay_doubles_from_the_setting_and_is_capped(settings):
    settings.JOBS_RETRY_BACKOFF_SECONDS = 300
    delays = [sample_jobs.fails_then_waits.retry_delay(attempt) for attempt in (1, 2, 3)]
    assert delays == [timedelta(minutes=5), timedelta(minutes=10), timedelta(minutes=20)]
    assert sample_jobs.fails_then_waits.retry_delay(20) == MAX_RETRY_DELAY
    assert sample_jobs.always_fails.retry_delay(2) == timedelta(0)


def test_attempts_allowed_come_from_the_job_or_the_setting(settings):
    settings.JOBS_MAX_ATTEMPTS = 5
    assert sample_jobs.succeeds.attempts_allowed() == 5
    assert sample_jobs.always_fails.attempts_allowed() == 3


def test_a_job_must_be_a_module_level_function():
    def local():
        return None

    with pytest.raises(TypeError, match="module-level function"):
        job(label="Local")(local)


def test_administrator_emails_are_unique_and_sorted(council):
    person_with_role(Role.ADMINISTRATOR, council, username="b", email="b@testshire.example")
    user = person_with_role(Role.ADMINISTRATOR, council, username="a", email="a@testshire.example")
    Membership.objects.create(user=user, organisation=PartnerFactory(), role=Role.ADMINISTRATOR)
    person_with_role(Role.COMMISSIONER, council, username="c", email="c@testshire.example")
    assert administrator_emails() == ["a@testshire.example", "b@testshire.example"]


def test_every_status_change_is_in_the_audit_log(calls):
    from auditlog.models import LogEntry

    run = job_enqueue(job=sample_jobs.fails_twice_then_succeeds)

    changes = [
        tuple(entry.changes_dict["status"])
        for entry in LogEntry.objects.get_for_object(run).order_by("pk")
        if "status" in entry.changes_dict
    ]
    assert changes == [
        ("None", "queued"),
        ("queued", "running"),
        ("running", "retrying"),
        ("retrying", "running"),
        ("running", "retrying"),
        ("retrying", "running"),
        ("running", "succeeded"),
    ]
