from datetime import date

import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from commissioning.monitoring import services
from commissioning.monitoring.tests.conftest import return_data
from commissioning.monitoring.tests.factories import AgreementFactory, KpiFactory
from commissioning.organisations.models import Role
from commissioning.organisations.tests.factories import person_with_role

AFTER = date(2026, 7, 5)


def _token_client(user):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=user).key}")
    return client


@pytest.fixture
def submitted(first_period, kpis, provider_user):
    return services.return_submit(
        actor=provider_user,
        period=first_period,
        data=return_data(kpis, actuals={kpis[0].pk: "80", kpis[1].pk: "9"}),
        today=AFTER,
    )


@pytest.fixture
def foreign_return(other_provider_org, council):
    other = AgreementFactory(provider=other_provider_org)
    kpi = KpiFactory(agreement=other)
    officer = person_with_role(Role.MONITORING_OFFICER, council, username="officer2")
    services.plan_save(
        actor=officer,
        agreement=other,
        data={"frequency": "quarterly", "first_period_starts_on": date(2026, 4, 1), "due_days": 28},
    )
    supplier = person_with_role(Role.PROVIDER_USER, other_provider_org, username="supplier2")
    return services.return_submit(
        actor=supplier,
        period=other.return_periods.first(),
        data=return_data([kpi], actuals={kpi.pk: "1"}),
        today=AFTER,
    )


def test_officer_reads_kpis_and_returns_with_ratings(officer, submitted, foreign_return, agreement):
    client = _token_client(officer)
    kpis = client.get("/api/v1/monitoring/kpis/", {"agreement": agreement.reference}).json()
    assert [k["name"] for k in kpis["results"]] == ["Families supported", "Days to first visit"]
    returns = client.get("/api/v1/monitoring/returns/").json()
    assert returns["count"] == 2
    mine = client.get(f"/api/v1/monitoring/returns/{submitted.pk}/").json()
    assert {a["kpi"]: a["rag"] for a in mine["actuals"]} == {
        "Families supported": "red",
        "Days to first visit": "green",
    }


def test_provider_token_sees_only_its_own_returns(provider_user, submitted, foreign_return):
    client = _token_client(provider_user)
    listed = client.get("/api/v1/monitoring/returns/").json()
    assert [r["id"] for r in listed["results"]] == [submitted.pk]
    response = client.get(f"/api/v1/monitoring/returns/{foreign_return.pk}/")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("application/problem+json")
    assert client.get("/api/v1/monitoring/kpis/").status_code == 403
    assert client.get("/api/v1/monitoring/meetings/").status_code == 403


def test_meetings_and_reviews(officer, agreement):
    services.meeting_save(
        actor=officer,
        agreement=agreement,
        data={
            "held_on": date(2026, 5, 1),
            "attendees": "Officer",
            "minutes": "Notes",
            "minutes_sent_on": date(2026, 5, 8),
        },
    )
    services.annual_review_create(
        actor=officer,
        agreement=agreement,
        data={"reviewed_on": date(2026, 1, 15), "findings": "Good year.", "recommendation": "continue"},
    )
    client = _token_client(officer)
    assert client.get("/api/v1/monitoring/meetings/").json()["results"][0]["minutes_sent_on"] == "2026-05-08"
    assert client.get("/api/v1/monitoring/reviews/").json()["results"][0]["recommendation"] == "continue"


def test_anonymous_is_refused(db):
    response = APIClient().get("/api/v1/monitoring/returns/")
    assert response.status_code in (401, 403)
