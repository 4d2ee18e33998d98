"""The contracts pages: what each person sees and can do, with the refusals."""

import io
from datetime import date, timedelta
from decimal import Decimal

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from commissioning.contracts import services
from commissioning.contracts.models import Agreement, AgreementStatus, Payment


def date_fields(name, day: date) -> dict:
    return {f"{name}_0": day.day, f"{name}_1": day.month, f"{name}_2": day.year}


def form_data(council, provider, **extra):
    data = {
        "reference": "CON-2026-050",
        "title": "Parenting programme",
        "agreement_type": "contract",
        "provider": provider.pk,
        "commissioner": council.pk,
        "annual_value": "20000",
        "whole_life_value": "40000",
        **date_fields("starts_on", date(2026, 4, 1)),
        **date_fields("ends_on", date(2028, 3, 31)),
        "status": "live",
        "payment_basis": "fixed_price",
        "notice_months": "3",
    }
    return data | extra


def test_register_lists_filters_and_exports(client_for, contracts_manager, agreement, other_agreement):
    client = client_for(contracts_manager)
    page = client.get("/contracts/?q=youth").content.decode()
    assert "Youth club" in page and "Family support" not in page
    response = client.get("/contracts/?format=csv")
    body = response.content.decode()
    assert response["Content-Type"].startswith("text/csv")
    assert (
        "CON-2026-001" in body
        and "CON-2026-002" in body
        and body.splitlines()[0].lstrip("\ufeff").startswith("Reference")
    )
    response = client.get("/contracts/?format=xlsx&q=family")
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[1][0] == "CON-2026-001" and len(rows) == 2


def test_list_queries_do_not_grow_with_rows(client_for, contracts_manager, agreement_data):
    client = client_for(contracts_manager)
    for n in range(2):
        services.agreement_create(actor=contracts_manager, data=agreement_data(reference=f"Q-{n}"))
    client.get("/contracts/")
    with CaptureQueriesContext(connection) as few:
        client.get("/contracts/")
    for n in range(2, 12):
        services.agreement_create(actor=contracts_manager, data=agreement_data(reference=f"Q-{n}"))
    with CaptureQueriesContext(connection) as many:
        page = client.get("/contracts/").content.decode()
    assert "Q-11" in page
    assert len(many) == len(few)


def test_add_through_the_form(client_for, contracts_manager, council, provider_org):
    client = client_for(contracts_manager)
    response = client.post("/contracts/add/", form_data(council, provider_org))
    agreement = Agreement.objects.get(reference="CON-2026-050")
    assert response.url == reverse("contracts:detail", args=[agreement.pk])
    assert agreement.whole_life_value == Decimal("40000")


def test_simplified_terms_error_shown(client_for, contracts_manager, council, provider_org):
    client = client_for(contracts_manager)
    response = client.post("/contracts/add/", form_data(council, provider_org, simplified_terms="on"))
    page = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in page and "Islington standard 4.6" in page
    assert not Agreement.objects.exists()


def test_stale_edit_refused(client_for, contracts_manager, agreement, council, provider_org):
    client = client_for(contracts_manager)
    services.agreement_update(
        actor=contracts_manager, agreement=agreement, data={"title": "Moved on"}, expected_version=1
    )
    data = form_data(council, provider_org, reference="CON-2026-001", title="Mine", version="1")
    page = client.post(f"/contracts/{agreement.pk}/change/", data).content.decode()
    assert "Someone else changed this record" in page
    assert Agreement.objects.get(pk=agreement.pk).title == "Moved on"


def test_detail_and_history(client_for, contracts_manager, agreement):
    client = client_for(contracts_manager)
    page = client.get(f"/contracts/{agreement.pk}/").content.decode()
    assert "Family support" in page and "give notice by 31 December 2028" in page
    assert f'href="/monitoring/agreements/{agreement.pk}/"' in page
    history = client.get(f"/contracts/{agreement.pk}/history/").content.decode()
    assert "Created" in history


def test_archive_and_restore(client_for, contracts_manager, agreement):
    client = client_for(contracts_manager)
    page = client.post(f"/contracts/{agreement.pk}/archive/", {"reason": ""}).content.decode()
    assert "Enter a reason" in page
    client.post(f"/contracts/{agreement.pk}/archive/", {"reason": "Entered twice"})
    agreement.refresh_from_db()
    assert agreement.is_archived
    assert "No agreements match" in client.get("/contracts/").content.decode()
    client.post(f"/contracts/{agreement.pk}/restore/", {"reason": ""})
    agreement.refresh_from_db()
    assert not agreement.is_archived


def test_finance_officer_records_a_payment_but_cannot_change(client_for, finance_officer, agreement):
    client = client_for(finance_officer)
    assert client.get(f"/contracts/{agreement.pk}/change/").status_code == 403
    assert client.get(f"/contracts/{agreement.pk}/schedule/").status_code == 403
    response = client.post(
        f"/contracts/{agreement.pk}/payments/add/",
        {
            **date_fields("due_on", date(2026, 5, 1)),
            "amount": "1500",
            "invoice_reference": "INV-7",
            **date_fields("invoice_received_on", date(2026, 5, 1)),
            **date_fields("paid_on", date(2026, 6, 15)),
        },
    )
    assert response.status_code == 302
    payment = Payment.objects.get()
    assert payment.paid_on == date(2026, 6, 15)
    page = client.get(f"/contracts/{agreement.pk}/").content.decode()
    assert "1 late" in page


def test_schedule_then_settle_an_instalment(client_for, contracts_manager, agreement):
    client = client_for(contracts_manager)
    client.post(
        f"/contracts/{agreement.pk}/schedule/",
        {"basis": "quarterly_arrears", "amount": "25000", **date_fields("first_due_on", date(2026, 6, 30))},
    )
    assert agreement.payments.count() == 12
    first = agreement.payments.first()
    response = client.post(
        f"/contracts/{agreement.pk}/payments/{first.pk}/",
        {
            **date_fields("due_on", first.due_on),
            "amount": "25000",
            "invoice_reference": "INV-1",
            **date_fields("invoice_received_on", date(2026, 7, 1)),
            **date_fields("paid_on", date(2026, 7, 20)),
            "version": "1",
        },
    )
    assert response.status_code == 302
    first.refresh_from_db()
    assert first.paid_on == date(2026, 7, 20) and not first.is_late(date(2026, 12, 1))


def test_extension_variation_and_termination_pages(client_for, contracts_manager, agreement):
    client = client_for(contracts_manager)
    page = client.post(
        f"/contracts/{agreement.pk}/extension/",
        {
            "outcome": "extend",
            **date_fields("new_end_on", date(2030, 3, 31)),
            "reasons": "Good",
            **date_fields("decided_on", date(2026, 11, 1)),
        },
    ).content.decode()
    assert "no extension option" in page
    client.post(
        f"/contracts/{agreement.pk}/variations/add/",
        {
            "description": "More sessions",
            "value_change": "-5000",
            "reason": "Budget",
            "approved_by": "Board",
            **date_fields("approved_on", date(2026, 10, 1)),
        },
    )
    agreement.refresh_from_db()
    assert agreement.whole_life_value == Decimal("295000.00")
    client.post(
        f"/contracts/{agreement.pk}/terminate/",
        {**date_fields("terminated_on", date(2026, 12, 31)), "reason": "Service no longer needed"},
    )
    agreement.refresh_from_db()
    assert agreement.status == AgreementStatus.TERMINATED
    assert (
        "Terminated on 31 December 2026" in client.get(f"/contracts/{agreement.pk}/history/").content.decode()
    )


def test_provider_sees_only_its_own(client_for, provider_user, agreement, other_agreement):
    client = client_for(provider_user)
    page = client.get("/contracts/").content.decode()
    assert "CON-2026-001" in page and "CON-2026-002" not in page
    assert client.get(f"/contracts/{agreement.pk}/").status_code == 200
    assert client.get(f"/contracts/{other_agreement.pk}/").status_code == 404
    assert client.get(f"/contracts/{agreement.pk}/change/").status_code == 403
    assert client.get("/contracts/alerts/").status_code == 403
    assert client.get("/contracts/payments-compliance/").status_code == 403


def test_board_member_reads_but_cannot_change(client_for, board_member, agreement):
    client = client_for(board_member)
    page = client.get(f"/contracts/{agreement.pk}/").content.decode()
    assert "Change details" not in page
    assert client.post(f"/contracts/{agreement.pk}/archive/", {"reason": "x"}).status_code == 403
    assert client.get("/contracts/add/").status_code == 403


def test_signed_out_redirected(client, agreement):
    assert client.get("/contracts/").status_code == 302


def test_compliance_page_and_csv(client_for, contracts_manager, finance_officer, agreement):
    services.payment_record(
        actor=finance_officer,
        agreement=agreement,
        data={
            "due_on": date(2026, 5, 1),
            "amount": Decimal("100"),
            "invoice_reference": "INV-1",
            "invoice_received_on": date(2026, 5, 1),
            "paid_on": date(2026, 5, 11),
        },
    )
    client = client_for(contracts_manager)
    page = client.get("/contracts/payments-compliance/?period=2026-09").content.decode()
    assert "1 April 2026 to 30 September 2026" in page and "100.0%" in page
    csv_body = client.get("/contracts/payments-compliance/?period=2026-09&format=csv").content.decode()
    assert "Average days to pay,10.0" in csv_body and "INV-1" in csv_body
    bad = client.get("/contracts/payments-compliance/?period=2026-06").content.decode()
    assert "Reporting periods end on 31 March or 30 September" in bad


def test_alerts_page(client_for, contracts_manager, agreement_data):
    services.agreement_create(
        actor=contracts_manager,
        data=agreement_data(reference="SOON-1", ends_on=date(2027, 2, 28)),
    )
    page = client_for(contracts_manager).get("/contracts/alerts/").content.decode()
    assert "SOON-1" in page


def test_import_pages(client_for, contracts_manager, council, provider_org):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from commissioning.contracts.tests.test_import import as_csv, row

    client = client_for(contracts_manager)
    bad = SimpleUploadedFile("c.csv", as_csv(row(Provider="Nobody")), content_type="text/csv")
    page = client.post("/contracts/import/", {"file": bad}).content.decode()
    assert "The file has 1 problem" in page and "No organisation is called or numbered" in page
    good = SimpleUploadedFile("c.csv", as_csv(row()), content_type="text/csv")
    page = client.post("/contracts/import/", {"file": good}).content.decode()
    assert "Import 1 agreement" in page
    assert not Agreement.objects.exists()
    client.post("/contracts/import/confirm/")
    assert Agreement.objects.get().reference == "CON-100"
    assert (
        client.get("/contracts/import/template.csv")
        .content.decode()
        .lstrip("\ufeff")
        .startswith("Reference,Title")
    )


@pytest.mark.parametrize("name", ["alerts", "compliance", "import", "create"])
def test_pages_render_for_manager(client_for, contracts_manager, name):
    response = client_for(contracts_manager).get(reverse(f"contracts:{name}"))
    assert response.status_code == 200 and b"govuk-heading" in response.content


def test_list_marks_expiring_and_filters_by_officer_and_end(client_for, contracts_manager, agreement_data):
    soon = services.agreement_create(
        actor=contracts_manager,
        data=agreement_data(
            reference="SOON-2",
            ends_on=timezone.localdate() + timedelta(days=60),
            monitoring_officer=contracts_manager,
        ),
    )
    services.agreement_create(
        actor=contracts_manager, data=agreement_data(reference="LATER-1", ends_on=date(2035, 3, 31))
    )
    client = client_for(contracts_manager)
    page = client.get("/contracts/?expiring=3").content.decode()
    assert "SOON-2" in page and "LATER-1" not in page and "Expiring</strong>" in page
    page = client.get(f"/contracts/?officer={contracts_manager.pk}").content.decode()
    assert "SOON-2" in page and "LATER-1" not in page
    assert soon.is_expiring(timezone.localdate())


def test_change_the_funding_streams_through_the_form(
    client_for, contracts_manager, agreement, council, provider_org
):
    from commissioning.funding.models import FundingStream

    stream = FundingStream.objects.create(
        name="Family hubs grant",
        partner=council,
        source="Department for Education",
        financial_year=2026,
        amount=Decimal("100000"),
        start_date=date(2026, 4, 1),
        end_date=date(2027, 3, 31),
    )
    client = client_for(contracts_manager)
    data = form_data(council, provider_org, reference="CON-2026-001", title="Family support", version="1")
    data["funding_streams"] = [stream.pk]
    client.post(f"/contracts/{agreement.pk}/change/", data)
    agreement.refresh_from_db()
    assert list(agreement.funding_streams.all()) == [stream] and agreement.version == 2
