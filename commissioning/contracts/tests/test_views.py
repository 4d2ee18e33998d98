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
    assert response.streaming  # written as it is sent, never all in memory
    body = b"".join(response.streaming_content).decode()
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


# Alerts and payments compliance at scale: counted in full, listed a page at a time, queries not growing with rows -


def add_alerts(council, provider, officer, how_many: int, start: int = 0) -> None:
    """`how_many` agreements in every alert group (ending soon with an extension option and notice due, and past
    their end), and `how_many` unpaid payments past their due date."""
    now = timezone.localdate()
    soon = [
        Agreement(
            reference=f"SOON-{start + n:03d}",
            title="Short breaks",
            agreement_type="contract",
            provider=provider,
            commissioner=council,
            annual_value=Decimal("1000"),
            whole_life_value=Decimal("3000"),
            starts_on=now - timedelta(days=700),
            ends_on=now + timedelta(days=30 + start + n),
            latest_end_on=now + timedelta(days=400),
            status=AgreementStatus.LIVE,
            payment_basis="fixed_price",
            monitoring_officer=officer if n % 2 else None,
        )
        for n in range(how_many)
    ]
    past = [
        Agreement(
            reference=f"PAST-{start + n:03d}",
            title="Youth work",
            agreement_type="contract",
            provider=provider,
            commissioner=council,
            annual_value=Decimal("1000"),
            whole_life_value=Decimal("3000"),
            starts_on=now - timedelta(days=700),
            ends_on=now - timedelta(days=1 + start + n),
            status=AgreementStatus.LIVE,
            payment_basis="fixed_price",
        )
        for n in range(how_many)
    ]
    Agreement.objects.bulk_create(soon + past)
    Payment.objects.bulk_create(
        Payment(agreement=past[0], due_on=now - timedelta(days=10 + n), amount=Decimal("250.00"))
        for n in range(how_many)
    )


def count_queries(client, url: str) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured.captured_queries), response.content.decode()


ALERT_URLS = [
    "/contracts/alerts/",
    "/contracts/alerts/ending/",
    "/contracts/alerts/extension/",
    "/contracts/alerts/notice/",
    "/contracts/alerts/past-end/",
    "/contracts/alerts/late-payments/",
    "/contracts/alerts/late-payments/?page=2",
]


def test_alert_pages_make_the_same_queries_for_few_and_many_rows(
    client_for, contracts_manager, council, provider_org
):
    client = client_for(contracts_manager)
    add_alerts(council, provider_org, contracts_manager, 1)
    client.get("/contracts/alerts/")  # the session and permissions, once
    few = {url: count_queries(client, url)[0] for url in ALERT_URLS}
    add_alerts(council, provider_org, contracts_manager, 59, start=1)
    many = {url: count_queries(client, url)[0] for url in ALERT_URLS}
    assert many == few
    # The session and permissions, then seven of its own: the agreement groups counted in one, the late payments in
    # another, and each group's first rows.
    assert few["/contracts/alerts/"] <= 16


def test_alerts_show_every_group_counted_with_its_first_rows_and_a_link_to_the_rest(
    client_for, contracts_manager, council, provider_org
):
    add_alerts(council, provider_org, contracts_manager, 30)
    client = client_for(contracts_manager)
    page = client.get("/contracts/alerts/").content.decode()
    for heading in (
        "Ending within 6 months (30)",
        "Extension decisions due (30)",
        "Notice deadlines in the next 3 months or passed (30)",
        "Live after their end date (30)",
        "Late payments (30)",
    ):
        assert heading in page
    # Each group's first ten, soonest to end first (most recently due first for payments), then a link to all.
    assert page.count(">SOON-") == 3 * 10 and "SOON-009" in page and "SOON-010" not in page
    assert page.count(">PAST-") == 10 + 10  # the past-end group, and the late payments (all on PAST-000)
    assert "PAST-029" in page and "PAST-000" in page
    for slug, rows_are in (
        ("ending", "agreements ending within 6 months"),
        ("extension", "agreements with an extension decision due"),
        ("notice", "agreements with a notice deadline in the next 3 months or passed"),
        ("past-end", "live agreements past their end date"),
        ("late-payments", "late payments"),
    ):
        assert f'href="/contracts/alerts/{slug}/">See all 30 {rows_are}</a>' in page

    first = client.get("/contracts/alerts/ending/").content.decode()
    assert "Ending within 6 months (30)" in first and first.count(">SOON-") == 25
    assert "Showing 1 to 25 of 30 results" in first and 'href="?page=2"' in first
    second = client.get("/contracts/alerts/ending/?page=2").content.decode()
    assert second.count(">SOON-") == 5 and "SOON-029" in second and "SOON-024" not in second
    late = client.get("/contracts/alerts/late-payments/?page=2").content.decode()
    assert "Late payments (30)" in late and late.count("Not paid") == 5
    assert "Showing 26 to 30 of 30 results" in late


def test_alert_groups_without_rows_and_unknown_groups(client_for, contracts_manager, provider_user):
    client = client_for(contracts_manager)
    page = client.get("/contracts/alerts/").content.decode()
    assert "Nothing needs attention." in page and "See all" not in page
    assert "None." in client.get("/contracts/alerts/past-end/").content.decode()
    assert client.get("/contracts/alerts/no-such-group/").status_code == 404
    assert client_for(provider_user).get("/contracts/alerts/ending/").status_code == 403


def add_paid_invoices(agreement, how_many: int, start: int = 0) -> None:
    Payment.objects.bulk_create(
        Payment(
            agreement=agreement,
            due_on=date(2026, 5, 1),
            amount=Decimal("100.00"),
            invoice_reference=f"INV-{start + n:03d}",
            invoice_received_on=date(2026, 5, 1),
            paid_on=date(2026, 5, 1) + timedelta(days=(start + n) % 70),
        )
        for n in range(how_many)
    )


def test_compliance_page_makes_the_same_queries_for_few_and_many_invoices(
    client_for, contracts_manager, agreement
):
    client = client_for(contracts_manager)
    add_paid_invoices(agreement, 1)
    client.get("/contracts/payments-compliance/?period=2026-09")
    urls = [
        "/contracts/payments-compliance/?period=2026-09",
        "/contracts/payments-compliance/?period=2026-09&page=2",
    ]
    few = {url: count_queries(client, url)[0] for url in urls}
    add_paid_invoices(agreement, 59, start=1)
    many = {url: count_queries(client, url) for url in urls}
    assert {url: queries for url, (queries, _) in many.items()} == few

    first, second = (body for _, body in many.values())
    assert "60 (£6,000.00)" in first
    assert first.count(">INV-") == 25 and "INV-000" in first and "INV-025" not in first
    assert 'href="?period=2026-09&amp;page=3"' in first and "Showing 1 to 25 of 60 results" in first
    assert second.count(">INV-") == 25 and "Showing 26 to 50 of 60 results" in second
    csv_body = client.get("/contracts/payments-compliance/?period=2026-09&format=csv").content.decode()
    assert all(f"INV-{n:03d}" in csv_body for n in range(60))
