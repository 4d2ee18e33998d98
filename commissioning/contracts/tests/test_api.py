from datetime import date
from decimal import Decimal

from commissioning.contracts import services


def test_agreements_list_filters_and_provider_scope(
    client_for, contracts_manager, provider_user, agreement, other_agreement
):
    body = client_for(contracts_manager).get("/api/v1/agreements/?search=youth").json()
    assert [a["reference"] for a in body["results"]] == ["CON-2026-002"]
    assert body["results"][0]["notice_deadline"] == "2028-12-31"
    client = client_for(provider_user)
    body = client.get("/api/v1/agreements/").json()
    assert [a["reference"] for a in body["results"]] == ["CON-2026-001"]
    response = client.get(f"/api/v1/agreements/{other_agreement.pk}/")
    assert response.status_code == 404 and response["Content-Type"] == "application/problem+json"


def test_bad_filter_is_a_problem(client_for, contracts_manager):
    response = client_for(contracts_manager).get("/api/v1/agreements/?status=open&provider=x")
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    assert "status" in response.json()["errors"]


def test_payments_endpoint(client_for, contracts_manager, finance_officer, agreement):
    services.payment_record(
        actor=finance_officer,
        agreement=agreement,
        data={
            "due_on": date(2026, 5, 1),
            "amount": Decimal("250"),
            "invoice_reference": "INV-3",
            "invoice_received_on": date(2026, 5, 1),
            "paid_on": date(2026, 6, 10),
        },
    )
    body = client_for(contracts_manager).get(f"/api/v1/agreements/{agreement.pk}/payments/").json()
    assert body[0]["late"] is True and body[0]["days_to_pay"] == 40 and body[0]["pay_by"] == "2026-05-31"


def test_compliance_endpoint(client_for, contracts_manager, finance_officer, provider_user, agreement):
    services.payment_record(
        actor=finance_officer,
        agreement=agreement,
        data={
            "due_on": date(2026, 5, 1),
            "amount": Decimal("250"),
            "invoice_reference": "INV-3",
            "invoice_received_on": date(2026, 5, 1),
            "paid_on": date(2026, 6, 10),
        },
    )
    client = client_for(contracts_manager)
    body = client.get("/api/v1/payments-compliance/?period=2026-09").json()
    assert (
        body["invoices"] == 1 and body["average_days"] == "40.0" and body["days_31_to_60_percent"] == "100.0"
    )
    for bad in ("", "2026-07", "soon"):
        response = client.get(f"/api/v1/payments-compliance/?period={bad}")
        assert response.status_code == 400 and response["Content-Type"] == "application/problem+json"
        assert "period" in response.json()["errors"]
    assert client_for(provider_user).get("/api/v1/payments-compliance/?period=2026-09").status_code == 403
