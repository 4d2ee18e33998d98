import csv
import datetime as dt
import io

import pytest
from django.urls import reverse

from commissioning.assurance.computed_views import period_of
from commissioning.assurance.tests.computed import builders as b

pytestmark = pytest.mark.django_db
URL = reverse("assurance:computed")


def test_period_of_a_financial_year_and_its_quarters():
    assert period_of(2025, "") == (dt.date(2025, 4, 1), dt.date(2026, 3, 31))
    assert period_of(2025, "1") == (dt.date(2025, 4, 1), dt.date(2025, 6, 30))
    assert period_of(2025, "3") == (dt.date(2025, 10, 1), dt.date(2025, 12, 31))
    assert period_of(2025, "4") == (dt.date(2026, 1, 1), dt.date(2026, 3, 31))


def test_page_shows_every_check_with_its_records(client_for, manager, frameworks):
    signed = b.agreement(title="Family hubs")
    b.agreement(title="Parenting support", signed=False)
    b.agreement(title="Short breaks", area="send", signed=False)

    response = client_for(manager).get(URL, {"service_area": "early_help", "year": "2025"})

    assert response.status_code == 200
    html = response.content.decode()
    assert "Early help, 1 April 2025 to 31 March 2026" in html
    assert 'id="check-signed-contracts"' in html
    assert 'id="check-pooled-budget-agreements"' in html  # Central Bedfordshire checks too
    assert "Signed contracts are in place for all commissioned services" in html  # the criterion's text
    assert "1 of 2 agreements are signed with a signed copy held" in html
    assert f'href="{signed.get_absolute_url()}"' in html
    assert "Short breaks" not in html
    results = response.context["results"]
    assert [r["check"].code for r in results][:2] == [
        "strategies-approved",
        "needs-analysis",
    ]  # 2.4, then 3.3


def test_filters_by_framework_and_result(client_for, manager, frameworks):
    b.agreement(signed=False)
    response = client_for(manager).get(
        URL,
        {"year": "2025", "framework": "islington-commissioning-standards", "outcome": "not_met"},
    )
    codes = {r["check"].code for r in response.context["results"]}
    assert "signed-contracts" in codes
    assert all(r["evidence"].outcome == "not_met" for r in response.context["results"])
    assert all(
        r["check"].framework == "islington-commissioning-standards" for r in response.context["results"]
    )


def test_bad_filters_get_clear_errors(client_for, manager, frameworks):
    response = client_for(manager).get(URL, {"year": "1999", "service_area": "nowhere", "quarter": "7"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in html
    assert "Choose a financial year between 2015 and" in html
    assert "Choose a service area from the list" in html
    assert "Choose a quarter, or the whole year" in html


def test_csv_has_a_row_for_each_record(client_for, manager, frameworks):
    agreement = b.agreement(title="Family hubs")
    response = client_for(manager).get(URL, {"service_area": "early_help", "year": "2025", "format": "csv"})
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    signed = [
        row for row in rows if row["Check"] == "Signed contracts in place for all commissioned services"
    ]
    assert len(signed) == 1
    assert signed[0]["Result"] == "The records show it is met"
    assert signed[0]["Record address"] == f"http://testserver{agreement.get_absolute_url()}"
    assert signed[0]["Passes the rule"] == "Yes"
    empty = [row for row in rows if row["Criteria"] == "8.6" and row["Check"].startswith("Minutes")]
    assert empty[0]["Result"] == "Not enough records to say" and empty[0]["Record"] == ""


def test_only_partnership_roles_see_it(client_for, provider_user, panel_member, board_member, frameworks):
    assert client_for(provider_user).get(URL).status_code == 403
    assert client_for(panel_member).get(URL).status_code == 403
    assert client_for(board_member).get(URL).status_code == 200


def test_query_count_does_not_grow_with_records(
    client_for, manager, frameworks, django_assert_max_num_queries
):
    client = client_for(manager)
    for _ in range(3):
        b.agreement()
        b.procurement()
        b.strategy(b.strategy_activity())
    with django_assert_max_num_queries(60):
        response = client.get(URL, {"service_area": "early_help", "year": "2025"})
    assert response.status_code == 200


def test_reachable_from_the_navigation(client_for, manager, frameworks):
    html = client_for(manager).get(reverse("assurance:home")).content.decode()
    assert f'href="{URL}"' in html
