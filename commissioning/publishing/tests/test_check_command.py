import io

import pytest
from django.core.management import CommandError, call_command

from commissioning.jobs.models import JobRun, JobStatus
from commissioning.jobs.tests.worker import DATABASE_QUEUE
from commissioning.publishing import validation
from commissioning.publishing.checks import open_data_check
from commissioning.publishing.tests import builders

pytestmark = pytest.mark.django_db


@pytest.fixture
def published():
    buyer = builders.council()
    return builders.tender_with_award_and_agreement(buyer), builders.grant_round_with_funding_agreement(buyer)


def test_now_checks_both_files_here(published):
    out = io.StringIO()
    call_command("check_open_data", now=True, stdout=out)
    assert "Contracting data (OCDS): Valid: 2 contracting processes." in out.getvalue()
    assert "Grants (360Giving): Valid: 1 grant." in out.getvalue()
    runs = JobRun.objects.filter(job_path=open_data_check.path)
    assert sorted(run.arguments["key"] for run in runs) == ["360giving", "ocds"]
    assert {run.status for run in runs} == {JobStatus.SUCCEEDED} and all(
        run.enqueued_by is None for run in runs
    )


def test_queued_for_the_worker_and_not_twice(published, settings):
    settings.TASKS = DATABASE_QUEUE
    out = io.StringIO()
    call_command("check_open_data", stdout=out)
    call_command("check_open_data", stdout=out)
    assert out.getvalue().count("queued as background job") == 2
    assert out.getvalue().count("already being checked") == 2
    assert JobRun.objects.filter(status=JobStatus.QUEUED).count() == 2


def test_a_check_that_cannot_run_fails_the_command(published, monkeypatch):
    monkeypatch.setattr(validation, "validate_grants", lambda package: 1 / 0)
    with pytest.raises(
        CommandError, match=r"Could not check Grants \(360Giving\) \(job \d+\): ZeroDivisionError"
    ):
        call_command("check_open_data", now=True, stdout=io.StringIO())


def test_an_unknown_file_cannot_be_checked():
    from commissioning.jobs.services import job_run_now

    run = job_run_now(job=open_data_check, arguments={"key": "xml"})
    assert run.status == JobStatus.FAILED and "no open data file called “xml”" in run.last_error


def test_a_check_whose_worker_stopped_does_not_hold_the_next_back(published, settings):
    from datetime import timedelta

    from django.utils import timezone

    from commissioning.publishing import services

    settings.TASKS = DATABASE_QUEUE
    stopped, queued = services.open_data_check_request(key="ocds", actor=None)
    JobRun.objects.filter(pk=stopped.pk).update(
        status=JobStatus.RUNNING, attempts=1, started_at=timezone.now() - timedelta(days=1)
    )
    run, queued = services.open_data_check_request(key="ocds", actor=None)
    assert queued and run.pk != stopped.pk
    assert JobRun.objects.get(pk=stopped.pk).status == JobStatus.FAILED
