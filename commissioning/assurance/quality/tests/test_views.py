from datetime import date

from django.urls import reverse

from commissioning.assurance.quality import services
from commissioning.assurance.quality.models import CheckStatus, ProviderCheck
from commissioning.assurance.quality.tests.conftest import TODAY
from commissioning.monitoring.tests.factories import AgreementFactory
from commissioning.organisations.tests.factories import OrganisationFactory


def test_provider_user_is_sent_to_their_own_checks(client_for, provider_user, provider_org, agreement):
    client = client_for(provider_user)
    response = client.get(reverse("quality:home"))
    assert response.status_code == 302 and response.url == reverse("quality:mine")
    response = client.get(reverse("quality:mine"))
    assert response.url == reverse("quality:provider", args=[provider_org.pk])
    page = client.get(response.url).content.decode()
    assert "Staff and volunteers are DBS checked" in page and "Provide evidence" in page
    assert 'href="/assurance/provider-checks/mine/"' in page  # the nav entry


def test_a_provider_never_sees_another_providers_checks(
    client_for, submitted, other_provider_user, other_provider_org, provider_org, safeguarding
):
    client = client_for(other_provider_user)
    assert client.get(reverse("quality:provider", args=[provider_org.pk])).status_code == 404
    assert client.get(reverse("quality:check", args=[submitted.pk])).status_code == 404
    assert client.get(reverse("quality:check-history", args=[submitted.pk])).status_code == 404
    assert client.get(reverse("quality:submit", args=[provider_org.pk, safeguarding.pk])).status_code == 404
    assert client.get(reverse("quality:verify", args=[submitted.pk])).status_code in (403, 404)
    assert client.get(reverse("quality:home") + "?format=csv").status_code == 302


def test_provider_submits_evidence_through_the_form(client_for, provider_user, provider_org, dbs, agreement):
    client = client_for(provider_user)
    url = reverse("quality:submit", args=[provider_org.pk, dbs.pk])
    response = client.post(
        url, {"evidence_text": "", "expires_on_0": "1", "expires_on_1": "13", "expires_on_2": "2027"}
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in page and "Describe the evidence you have in place" in page
    assert not ProviderCheck.objects.exists()
    response = client.post(
        url,
        {
            "evidence_text": "All 14 staff on the DBS Update Service",
            "last_reviewed_on_0": "1",
            "last_reviewed_on_1": "10",
            "last_reviewed_on_2": "2026",
        },
    )
    assert response.status_code == 302
    check = ProviderCheck.objects.get()
    assert check.status == CheckStatus.AWAITING and check.expires_on == date(2029, 10, 1)


def test_commissioner_verifies_and_rejects(client_for, commissioner, submitted, provider_user):
    client = client_for(commissioner)
    page = client.get(reverse("quality:check", args=[submitted.pk])).content.decode()
    assert "Verify the evidence" in page
    response = client.post(reverse("quality:verify", args=[submitted.pk]), {"version": submitted.version})
    assert response.status_code == 302
    submitted.refresh_from_db()
    assert submitted.status == CheckStatus.VERIFIED
    response = client.post(
        reverse("quality:reject", args=[submitted.pk]), {"version": submitted.version - 1, "reason": "x"}
    )
    assert "Someone else changed this record" in response.content.decode()
    response = client.post(
        reverse("quality:reject", args=[submitted.pk]),
        {"version": submitted.version, "reason": "Policy unsigned"},
    )
    submitted.refresh_from_db()
    assert submitted.status == CheckStatus.REJECTED
    provider_page = client_for(provider_user).get(reverse("quality:provider", args=[submitted.provider_id]))
    assert "Not accepted: Policy unsigned" in provider_page.content.decode()


def test_board_member_reads_but_cannot_verify(client_for, board_member, submitted):
    client = client_for(board_member)
    assert client.get(reverse("quality:home")).status_code == 200
    assert (
        "Verify the evidence"
        not in client.get(reverse("quality:check", args=[submitted.pk])).content.decode()
    )
    assert (
        client.post(
            reverse("quality:verify", args=[submitted.pk]), {"version": submitted.version}
        ).status_code
        == 403
    )


def test_register_filters_and_csv(client_for, commissioner, submitted, other_agreement, provider_org):
    client = client_for(commissioner)
    page = client.get(reverse("quality:home") + "?status=awaiting").content.decode()
    assert "Safeguarding policy and procedures" in page and "1 check." in page
    csv = client.get(reverse("quality:home") + f"?provider={provider_org.pk}&format=csv").content.decode(
        "utf-8-sig"
    )
    lines = csv.strip().splitlines()
    assert lines[0].startswith("Provider,Requirement,Gateshead standard,Status")
    assert len(lines) == 11  # one row per requirement
    assert any("Awaiting verification" in line and "2027-05-01" in line for line in lines)
    page = client.get(reverse("quality:home") + "?within=30").content.decode()
    assert "No checks match these filters." in page
    page = client.get(reverse("quality:home") + "?within=200").content.decode()
    assert "1 check." in page


def test_register_queries_do_not_grow_with_providers(client_for, commissioner, django_assert_max_num_queries):
    client = client_for(commissioner)
    AgreementFactory(provider=OrganisationFactory())
    with django_assert_max_num_queries(18):
        assert client.get(reverse("quality:home")).status_code == 200
    for _ in range(12):
        AgreementFactory(provider=OrganisationFactory())
    with django_assert_max_num_queries(18):
        assert client.get(reverse("quality:home")).status_code == 200


def test_requirements_are_editable_by_the_partnership_manager_only(client_for, manager, commissioner, dbs):
    url = reverse("quality:requirement-edit", args=[dbs.pk])
    assert client_for(commissioner).get(url).status_code == 403
    client = client_for(manager)
    data = {
        "title": dbs.title,
        "guidance": dbs.guidance,
        "standard_ref": "1",
        "standard_title": dbs.standard_title,
        "source_text": dbs.source_text,
        "validity_months": "abc",
        "version": dbs.version,
    }
    assert "Enter the number of months as a whole number" in client.post(url, data).content.decode()
    data["validity_months"] = "24"
    assert client.post(url, data).status_code == 302
    dbs.refresh_from_db()
    assert dbs.validity_months == 24 and dbs.code == "dbs-checks"
    history = client.get(reverse("quality:requirement-history", args=[dbs.pk])).content.decode()
    assert "Valid for (months)" in history and "36" in history and "24" in history


def test_expired_shows_on_the_register(client_for, commissioner, submitted, monkeypatch):
    services.check_verify(
        actor=commissioner, check=submitted, expected_version=submitted.version, today=TODAY
    )
    from django.utils import timezone

    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: date(2027, 6, 1))
    page = client_for(commissioner).get(reverse("quality:home") + "?status=expired").content.decode()
    assert "Safeguarding policy and procedures" in page


def test_register_as_excel_and_a_providers_checks_as_pdf(
    client_for, commissioner, submitted, provider_org, other_provider_user
):
    from io import BytesIO

    from openpyxl import load_workbook

    client = client_for(commissioner)
    response = client.get(reverse("quality:home") + "?status=awaiting&format=xlsx")
    sheet = load_workbook(BytesIO(response.content)).active
    rows = list(sheet.values)
    assert rows[0][:4] == ("Provider", "Requirement", "Gateshead standard", "Status")
    assert rows[1][1] == "Safeguarding policy and procedures" and len(rows) == 2
    pdf = client.get(reverse("quality:provider-pdf", args=[provider_org.pk]))
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    assert (
        client_for(other_provider_user)
        .get(reverse("quality:provider-pdf", args=[provider_org.pk]))
        .status_code
        == 404
    )


def test_register_page_makes_the_same_queries_with_few_or_many_providers_and_checks(
    client_for, manager, submitted, dbs
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_for(manager)
    url = reverse("quality:home") + "?sort=expiry"

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    few = queries()
    for _ in range(12):
        provider = OrganisationFactory()
        AgreementFactory(provider=provider)
        services.check_submit(
            actor=manager,
            provider=provider,
            requirement=dbs,
            evidence_text="Enhanced DBS checks for every member of staff.",
            last_reviewed_on=date(2026, 5, 1),
            today=TODAY,
        )
    page = client.get(url).content.decode()
    assert "130 checks." in page and 'aria-label="Page 3"' in page
    assert queries() == few
