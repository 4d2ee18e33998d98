"""A run whose worker stopped mid-attempt (killed, or its machine lost) stays Running: after
JOBS_STALLED_AFTER_MINUTES it is failed, reported and can be run again."""

import io
from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from commissioning.jobs.models import JobRun, JobStatus
from commissioning.jobs.services import job_run_again, jobs_stalled_fail
from commissioning.jobs.tests import sample_jobs

pytestmark = pytest.mark.django_db


def running_since(minutes_ago: int) -> JobRun:
    return JobRun.objects.create(
        job_path=sample_jobs.succeeds.path,
        label=sample_jobs.succeeds.label,
        status=JobStatus.RUNNING,
        attempts=1,
        max_attempts=3,
        started_at=timezone.now() - timedelta(minutes=minutes_ago),
    )


def test_a_run_past_the_limit_is_failed_and_reported_and_a_recent_one_is_left(administrator, settings):
    settings.JOBS_STALLED_AFTER_MINUTES = 120
    stalled, busy = running_since(121), running_since(30)

    failed = jobs_stalled_fail()

    assert [run.pk for run in failed] == [stalled.pk]
    stalled.refresh_from_db()
    busy.refresh_from_db()
    assert stalled.status == JobStatus.FAILED and stalled.finished_at is not None
    assert "had no outcome after 120 minutes: the worker running it stopped" in stalled.last_error
    assert len(mail.outbox) == 1 and mail.outbox[0].to == [administrator.email]
    assert busy.status == JobStatus.RUNNING
    assert jobs_stalled_fail() == []  # nothing twice


def test_a_stalled_run_can_be_run_again(administrator):
    stalled = running_since(24 * 60)
    jobs_stalled_fail()
    again = job_run_again(run=JobRun.objects.get(pk=stalled.pk), actor=administrator)
    assert again.status == JobStatus.SUCCEEDED and again.run_again_of_id == stalled.pk


def test_the_command_lists_what_it_failed(settings):
    settings.JOBS_STALLED_AFTER_MINUTES = 60
    stalled = running_since(90)
    out = io.StringIO()
    call_command("fail_stalled_jobs", stdout=out)
    assert f"Job {stalled.pk} (Count the providers)" in out.getvalue()
    assert "1 stalled run(s) failed and reported (running longer than 60 minutes)." in out.getvalue()
