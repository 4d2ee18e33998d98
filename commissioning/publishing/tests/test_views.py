"""The open data page and the downloads: who may see them, what they show, and that a download is the export."""

import csv
import io
import json
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from commissioning.jobs.models import JobRun
from commissioning.jobs.tests.worker import DATABASE_QUEUE
from commissioning.organisations.models import Role
from commissioning.organisations.tests.factories import person_with_role
from commissioning.publishing import checks, validation
from commissioning.publishing.checks import open_data_check
from commissioning.publishing.tests import builders

pytestmark = pytest.mark.django_db


@pytest.fixture
def buyer(db):
    return builders.council()


@pytest.fixture
def published(buyer):
    return builders.tender_with_award_and_agreement(buyer), builders.grant_round_with_funding_agreement(buyer)


@pytest.fixture
def officer(buyer):
    return person_with_role(Role.CONTRACTS_MANAGER, buyer, username="contracts")


def test_page_lists_the_three_exports_with_counts_and_results(client_for, officer, published):
    client = client_for(officer)
    response = client.get("/publishing/", {"quarter": "2026-Q3"})

    assert response.status_code == 200
    page = response.content.decode()
    assert [file.count for file in response.context["checked_files"]] == [2, 1]
    assert response.context["transparency"].count == 2 and response.context["transparency"].result.valid
    assert 'data-testid="count-ocds">2 contracting processes' in page
    assert 'data-testid="count-360giving">1 grant' in page
    assert 'data-testid="count-transparency">2 contracts' in page
    assert page.count("Not checked yet") == 2 and page.count("Check now") == 2
    assert page.count("govuk-tag--green") == 1  # the contracts file, checked as the page is shown
    assert "/publishing/ocds/download/" in page
    assert "/publishing/transparency/download/?quarter=2026-Q3" in page

    for key in ("ocds", "360giving"):
        assert client.post(f"/publishing/{key}/check/").status_code == 302
    page = client.get("/publishing/").content.decode()
    assert page.count("govuk-tag--green") == 3
    assert "Not checked yet" not in page and page.count("Check again") == 2
    assert "when the file held 2 records." in page and "when the file held 1 record." in page


def test_asking_for_a_check_says_what_it_found(client_for, officer, published):
    response = client_for(officer).post("/publishing/ocds/check/", follow=True)
    assert "Contracting data (OCDS) checked. Valid: 2 contracting processes." in response.content.decode()
    run = JobRun.objects.get(job_path=open_data_check.path)
    assert run.enqueued_by == officer and run.arguments == {"key": "ocds"}
    assert run.result["valid"] is True and run.result["count"] == 2


def test_a_check_waiting_for_the_worker_is_shown_and_not_asked_for_twice(
    client_for, officer, published, settings
):
    settings.TASKS = DATABASE_QUEUE
    client = client_for(officer)
    response = client.post("/publishing/ocds/check/", follow=True)
    assert "will be checked shortly" in response.content.decode()
    page = client.get("/publishing/").content.decode()
    assert "Being checked" in page and "refresh the page" in page
    again = client.post("/publishing/ocds/check/", follow=True).content.decode()
    assert "already being checked" in again
    assert JobRun.objects.filter(job_path=open_data_check.path).count() == 1


def test_records_changed_since_the_check_are_pointed_out(client_for, officer, buyer, published):
    client = client_for(officer)
    client.post("/publishing/ocds/check/")
    builders.direct_agreement(buyer, builders.OrganisationFactory(name="New provider"), reference="SLA-NEW")
    page = client.get("/publishing/").content.decode()
    assert 'data-testid="count-ocds">3 contracting processes' in page
    assert "when the file held 2 records: the records have changed since, so check again." in page


def test_page_with_nothing_to_publish(client_for, officer):
    response = client_for(officer).get("/publishing/")
    page = response.content.decode()
    assert page.count("Nothing to publish") == 2  # OCDS and 360Giving need at least one record
    assert "Check now" not in page
    assert "/publishing/ocds/download/" not in page
    assert "/publishing/360giving/download/" not in page
    assert 'data-testid="count-transparency">0 contracts' in page  # a CSV with its header only is valid


def test_page_shows_validation_errors(client_for, officer, published, monkeypatch):
    def broken(package):
        return validation.Result(
            "OCDS 1.1.5",
            [
                f"Date is not in the correct format (releases/{n}/date)"
                for n in range(len(package["releases"]))
            ],
            "libcoveocds",
            ["Additional field not in the schema: releases/0/x"] * 2,
        )

    monkeypatch.setattr(validation, "validate_ocds", broken)
    monkeypatch.setattr(checks, "KEPT", 1)
    monkeypatch.setattr(checks, "OCDS_BATCH", 1)
    client = client_for(officer)
    client.post("/publishing/ocds/check/")
    page = client.get("/publishing/").content.decode()
    assert "2 errors" in page
    assert "Date is not in the correct format (releases/0/date)" in page
    assert "The first 1 are listed." in page
    assert "1 warning" in page  # the same warning in two batches is one warning


def test_a_check_that_could_not_run_is_shown_with_its_error(client_for, officer, published, monkeypatch):
    def unavailable(package):
        raise OSError("The schema could not be read")

    monkeypatch.setattr(validation, "validate_ocds", unavailable)
    client = client_for(officer)
    message = client.post("/publishing/ocds/check/", follow=True).content.decode()
    assert "could not be checked" in message
    page = client.get("/publishing/").content.decode()
    assert "The check could not run" in page and "The schema could not be read" in page
    assert "Check again" in page


def test_bad_quarter_is_explained(client_for, officer):
    response = client_for(officer).get("/publishing/", {"quarter": "Q3 2026"})
    page = response.content.decode()
    assert "There is a problem" in page
    assert "Give the quarter as YEAR-Qn" in page
    assert response.context["quarter_error"]


def test_downloads_are_the_exports(client_for, officer, published):
    client = client_for(officer)

    response = client.get("/publishing/ocds/download/")
    assert response["Content-Disposition"] == 'attachment; filename="ocds-release-package.json"'
    assert validation.validate_ocds(json.loads(b"".join(response.streaming_content))).valid

    response = client.get("/publishing/360giving/download/")
    assert validation.validate_grants(json.loads(response.content)).valid

    response = client.get("/publishing/transparency/download/", {"quarter": "2026-Q3"})
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert 'filename="transparency-contracts-2026-Q3.csv"' in response["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert len(rows) == 2


def test_unknown_export_is_not_found(client_for, officer):
    client = client_for(officer)
    assert client.get("/publishing/xml/download/").status_code == 404
    assert client.post("/publishing/transparency/check/").status_code == 404  # checked as the page is shown
    assert client.get("/publishing/ocds/check/").status_code == 405


@pytest.mark.parametrize("role", [Role.PROVIDER_USER, Role.PANEL_MEMBER])
def test_providers_and_panel_members_may_not_see_open_data_page(client_for, role, published):
    user = person_with_role(role, username="outsider")
    client = client_for(user)
    assert client.get("/publishing/").status_code == 403
    assert client.get("/publishing/ocds/download/").status_code == 403
    assert client.post("/publishing/ocds/check/").status_code == 403
    assert not JobRun.objects.exists()
    assert 'href="/publishing/"' not in client.get("/").content.decode()


def test_signed_out_people_are_sent_to_sign_in(client):
    response = client.get("/publishing/")
    assert response.status_code == 302
    assert "sign-in" in response["Location"] or "login" in response["Location"]


def test_open_data_in_navigation_for_partnership_roles(client_for, officer):
    page = client_for(officer).get("/").content.decode()
    assert 'href="/publishing/"' in page


def test_page_queries_are_bounded(client_for, officer, buyer, published):
    client = client_for(officer)
    builders.direct_agreement(buyer, builders.OrganisationFactory(name="First provider"), reference="SLA-F")
    with CaptureQueriesContext(connection) as few:
        client.get("/publishing/")
    procurement = published[0][0]
    for number in range(5):
        provider = builders.OrganisationFactory(name=f"Provider {number}")
        # Each transparency row reads its agreement's award.
        award = builders._award(builders._bid(procurement, provider, Decimal("1000")))
        builders.direct_agreement(buyer, provider, reference=f"SLA-{number}", award=award)
    with CaptureQueriesContext(connection) as many:
        client.get("/publishing/")
    assert len(many) == len(few)
