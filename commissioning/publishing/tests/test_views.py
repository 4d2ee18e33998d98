"""The open data page and the downloads: who may see them, what they show, and that a download is the export."""

import csv
import io
import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from commissioning.organisations.models import Role
from commissioning.organisations.tests.factories import person_with_role
from commissioning.publishing import validation
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
    response = client_for(officer).get("/publishing/", {"quarter": "2026-Q3"})

    assert response.status_code == 200
    page = response.content.decode()
    exports = {export.key: export for export in response.context["exports"]}
    assert [export.count for export in exports.values()] == [2, 1, 2]
    assert all(export.result.valid for export in exports.values())
    assert 'data-testid="count-ocds">2 contracting processes' in page
    assert 'data-testid="count-360giving">1 grant' in page
    assert 'data-testid="count-transparency">2 contracts' in page
    assert page.count("govuk-tag--green") == 3
    assert "/publishing/ocds/download/" in page
    assert "/publishing/transparency/download/?quarter=2026-Q3" in page


def test_page_with_nothing_to_publish(client_for, officer):
    response = client_for(officer).get("/publishing/")
    page = response.content.decode()
    assert page.count("Nothing to publish") == 2  # OCDS and 360Giving need at least one record
    assert "/publishing/ocds/download/" not in page
    assert "/publishing/360giving/download/" not in page
    assert 'data-testid="count-transparency">0 contracts' in page  # a CSV with its header only is valid


def test_page_shows_validation_errors(client_for, officer, published, monkeypatch):
    def broken(package):
        return validation.Result(
            "OCDS 1.1.5", ["Date is not in the correct format (releases/0/date)"], "libcoveocds"
        )

    monkeypatch.setattr(validation, "validate_ocds", broken)
    page = client_for(officer).get("/publishing/").content.decode()
    assert "1 error" in page
    assert "Date is not in the correct format (releases/0/date)" in page


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
    assert client_for(officer).get("/publishing/xml/download/").status_code == 404


@pytest.mark.parametrize("role", [Role.PROVIDER_USER, Role.PANEL_MEMBER])
def test_providers_and_panel_members_may_not_see_open_data_page(client_for, role, published):
    user = person_with_role(role, username="outsider")
    client = client_for(user)
    assert client.get("/publishing/").status_code == 403
    assert client.get("/publishing/ocds/download/").status_code == 403
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
    for number in range(5):
        builders.direct_agreement(
            buyer, builders.OrganisationFactory(name=f"Provider {number}"), reference=f"SLA-{number}"
        )
    with CaptureQueriesContext(connection) as many:
        client.get("/publishing/")
    assert len(many) == len(few)
