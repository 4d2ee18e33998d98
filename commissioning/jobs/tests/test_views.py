"""The Background jobs pages: administrators only, in the navigation, filters, CSV, detail and running again."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from commissioning.core.navigation import navigation_for
from commissioning.jobs.models import JobRun, JobStatus
from commissioning.jobs.services import job_enqueue
from commissioning.jobs.tests import sample_jobs

pytestmark = pytest.mark.django_db


@pytest.fixture
def failed_run(administrator):
    return job_enqueue(job=sample_jobs.always_fails)


def test_only_administrators_have_the_page_in_the_navigation(client_for, administrator, commissioner):
    for user, shown in ((administrator, True), (commissioner, False)):
        request = client_for(user).get(reverse("core:home")).wsgi_request
        assert ("Background jobs" in [item["label"] for item in navigation_for(request)]) is shown


def test_the_pages_need_an_administrator(client, client_for, commissioner, provider_user, failed_run):
    pages = [
        reverse("jobs:list"),
        reverse("jobs:detail", args=[failed_run.pk]),
        reverse("jobs:run-again", args=[failed_run.pk]),
    ]
    for url in pages:
        response = client.get(url)
        assert response.status_code == 302 and response.url.startswith("/sign-in/")
    for user in (commissioner, provider_user):
        for url in pages:
            assert client_for(user).get(url).status_code == 403
    assert client_for(commissioner).post(pages[2]).status_code == 403
    assert JobRun.objects.count() == 1


def test_the_list_shows_recent_runs_and_filters_by_status(client_for, administrator, failed_run):
    job_enqueue(job=sample_jobs.succeeds, arguments={"value": 3})
    client = client_for(administrator)
    page = client.get(reverse("jobs:list")).content.decode()
    assert page.index("Count the providers") < page.index("Upload the grants file")  # newest first
    assert "Counted 6 providers." in page
    assert "1 job run failed." in page
    failed_only = client.get(reverse("jobs:list"), {"status": "failed"}).content.decode()
    assert "Upload the grants file" in failed_only and "Count the providers" not in failed_only
    assert '<option value="failed" selected>Failed (1)</option>' in failed_only
    unknown = client.get(reverse("jobs:list"), {"status": "exploded"}).content.decode()
    assert "Count the providers" in unknown and "Upload the grants file" in unknown


def test_the_list_downloads_as_csv(client_for, administrator, failed_run):
    response = client_for(administrator).get(reverse("jobs:list"), {"format": "csv", "status": "failed"})
    lines = response.content.decode("utf-8-sig").splitlines()
    assert lines[0] == "Job,What,Status,Attempts,Attempts allowed,Queued at,Finished at,Last error"
    assert lines[1].startswith(f"{failed_run.pk},Upload the grants file,Failed,3,3,")
    assert lines[1].endswith("RuntimeError: The 360Giving registry refused the file")


def test_the_list_has_bounded_queries(client_for, administrator, failed_run):
    client = client_for(administrator)
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("jobs:list"))
    for value in range(10):
        job_run = job_enqueue(job=sample_jobs.succeeds, arguments={"value": value}, actor=administrator)
        assert job_run.status == JobStatus.SUCCEEDED
    with CaptureQueriesContext(connection) as many:
        response = client.get(reverse("jobs:list"))
    assert response.content.decode().count("govuk-tag--green") == 10
    assert len(many.captured_queries) == len(few.captured_queries)


def test_the_detail_page_shows_the_error_where_it_failed_and_the_history(
    client_for, administrator, failed_run
):
    page = client_for(administrator).get(reverse("jobs:detail", args=[failed_run.pk])).content.decode()
    assert "Upload the grants file" in page and "3 of 3" in page
    assert "RuntimeError: The 360Giving registry refused the file" in page
    assert "Where in the code the last attempt failed" in page and "Traceback" in page
    assert "Attempt 1 of 3 failed" in page and "Failed after 3 of 3 attempt(s)" in page
    assert f"Emailed to 1 administrator(s): {administrator.email}." in page
    assert f'href="/jobs/{failed_run.pk}/run-again/"' in page


def test_an_administrator_runs_a_failed_job_again(client_for, administrator, failed_run, calls):
    client = client_for(administrator)
    confirm = client.get(reverse("jobs:run-again", args=[failed_run.pk])).content.decode()
    assert "Run “Upload the grants file” again?" in confirm
    response = client.post(reverse("jobs:run-again", args=[failed_run.pk]))
    again = JobRun.objects.get(run_again_of=failed_run)
    assert response.status_code == 302 and response.url == again.get_absolute_url()
    assert again.enqueued_by == administrator and calls["always_fails"] == 6
    old = client.get(reverse("jobs:detail", args=[failed_run.pk])).content.decode()
    assert f"Run again by {administrator.get_full_name()} as job {again.pk}." in old


def test_a_succeeded_job_is_not_run_again(client_for, administrator):
    run = job_enqueue(job=sample_jobs.succeeds)
    client = client_for(administrator)
    assert "Run again" not in client.get(reverse("jobs:detail", args=[run.pk])).content.decode()
    response = client.post(reverse("jobs:run-again", args=[run.pk]))
    assert response.status_code == 200
    assert "Only a failed job can be run again; this one is succeeded." in response.content.decode()
    assert JobRun.objects.count() == 1


def test_an_unknown_run_is_not_found(client_for, administrator):
    assert client_for(administrator).get(reverse("jobs:detail", args=[999])).status_code == 404
