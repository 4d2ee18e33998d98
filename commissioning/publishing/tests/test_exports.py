"""Each export built from records made here and validated with the official schemas (libcoveocds for OCDS, the
360Giving JSON Schema), plus the edge cases: nothing to publish, organisations without identifiers."""

import csv
import datetime as dt
import io
import json
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from commissioning.contracts.models import AgreementStatus, AgreementType
from commissioning.organisations.tests.factories import OrganisationFactory
from commissioning.publishing import exports, grants, ocds, transparency, validation
from commissioning.publishing.tests import builders

pytestmark = pytest.mark.django_db

SHARED = Path(__file__).resolve().parents[3].parent / "shared" / "data"


@pytest.fixture
def buyer(db):
    return builders.council()


@pytest.fixture
def published(buyer):
    tender = builders.tender_with_award_and_agreement(buyer)
    grant = builders.grant_round_with_funding_agreement(buyer)
    return tender, grant


def test_the_app_keeps_the_official_schemas_unchanged():
    if not SHARED.exists():
        pytest.skip("the shared reference data is not next to this checkout")
    ours = validation.OCDS_SCHEMA
    for name in ("release-schema.json", "release-package-schema.json"):
        assert (ours / name).read_bytes() == (SHARED / "ocds" / "schema-1.1.5" / name).read_bytes()
    for name in ("360-giving-schema.json", "360-giving-package-schema.json"):
        shared = next((SHARED / "360giving" / "schema-1.4.3").rglob(name))
        assert (validation.GRANTS_SCHEMA / name).read_bytes() == shared.read_bytes()


# OCDS -------------------------------------------------------------------------------------------------


def test_ocds_package_is_valid_with_libcoveocds(published, settings):
    settings.OCDS_PREFIX = "ocds-abc123"
    package = ocds.release_package()

    result = validation.validate_ocds(package)

    assert result.errors == []
    assert result.warnings == []  # no field outside the core schema
    assert package["publisher"] == {"name": settings.ORGANISATION_NAME}
    releases = {release["ocid"]: release for release in package["releases"]}
    assert set(releases) == {"ocds-abc123-CYP-2026-001", "ocds-abc123-GR-2026-002"}


def test_ocds_tender_award_and_contract(published, settings):
    settings.OCDS_PREFIX = "ocds-abc123"
    release = next(r for r in ocds.release_package()["releases"] if r["ocid"].endswith("CYP-2026-001"))

    assert release["tag"] == ["tender", "award", "contract"]
    parties = {party["name"]: party for party in release["parties"]}
    assert parties["Testshire County Council"]["roles"] == ["buyer", "procuringEntity"]
    assert parties["Brightside Family Support Ltd"]["id"] == "GB-COH-01234567"
    assert parties["Brightside Family Support Ltd"]["identifier"] == {
        "scheme": "GB-COH",
        "id": "01234567",
        "legalName": "Brightside Family Support Ltd",
    }
    assert parties["Brightside Family Support Ltd"]["roles"] == ["tenderer", "supplier"]
    assert parties["Northgate Youth Trust"]["id"] == "GB-CHC-1123456"
    assert parties["Northgate Youth Trust"]["roles"] == ["tenderer"]
    tender = release["tender"]
    assert tender["value"] == {"amount": 900000, "currency": "GBP"}
    assert tender["status"] == "complete"
    assert tender["procurementMethod"] == "open"
    assert tender["tenderPeriod"] == {"startDate": "2026-02-02T09:00:00Z", "endDate": "2026-03-04T12:00:00Z"}
    assert tender["numberOfTenderers"] == 2
    # Only published notices, with the Procurement Act notice type in the title.
    assert [(d["documentType"], d["title"]) for d in tender["documents"]] == [
        ("tenderNotice", "UK4 Tender notice (section 21)")
    ]
    [ocds_award] = release["awards"]
    assert ocds_award["suppliers"] == [{"id": "GB-COH-01234567", "name": "Brightside Family Support Ltd"}]
    assert ocds_award["value"] == {"amount": 800000, "currency": "GBP"}
    [contract] = release["contracts"]
    assert contract["awardID"] == ocds_award["id"]
    assert contract["status"] == "active"
    assert contract["period"] == {
        "startDate": "2026-06-30T23:00:00Z",
        "endDate": "2029-06-29T23:00:00Z",
        "maxExtentDate": "2030-06-29T23:00:00Z",
    }
    assert contract["value"] == {"amount": 800000, "currency": "GBP"}


def test_ocds_agreement_entered_directly_and_organisations_without_identifiers(buyer, settings):
    settings.OCDS_PREFIX = "ocds-abc123"
    provider = OrganisationFactory(name="Community Therapy Partnership")  # no registered number
    builders.direct_agreement(buyer, provider)
    builders.direct_agreement(
        buyer, provider, reference="DRAFT-1", status=AgreementStatus.DRAFT
    )  # not public

    package = ocds.release_package()

    assert validation.validate_ocds(package).errors == []
    [release] = package["releases"]
    assert release["tag"] == ["award", "contract"]
    supplier = next(p for p in release["parties"] if p["name"] == provider.name)
    assert supplier["id"] == f"ocds-abc123-org-{provider.pk}"
    assert "identifier" not in supplier
    assert release["contracts"][0]["awardID"] == release["awards"][0]["id"]


def test_ocds_invalid_data_is_reported_by_the_validator():
    package = {
        "uri": "https://example.org/p.json",
        "version": "1.1",
        "publishedDate": "2026-01-01T00:00:00Z",
        "publisher": {"name": "Test"},
        "releases": [
            {
                "ocid": "ocds-abc123-1",
                "id": "1",
                "date": "1 May",
                "tag": ["notATag"],
                "initiationType": "tender",
            }
        ],
    }
    errors = validation.validate_ocds(package).errors
    assert any("releases/0/date" in error for error in errors)
    assert any("releaseTag" in error for error in errors)


def test_export_ocds_command_writes_the_package(published, tmp_path):
    output = tmp_path / "ocds.json"
    out = io.StringIO()
    call_command("export_ocds", output=str(output), stdout=out)
    package = json.loads(output.read_text())
    assert len(package["releases"]) == 2
    assert validation.validate_ocds(package).valid
    assert "Wrote 2 contracting processes" in out.getvalue()


def test_nothing_to_publish_is_refused_not_written_empty(db, tmp_path):
    """Both standards require at least one release or grant: an empty file would not be valid."""
    for command in ("export_ocds", "export_360giving"):
        output = tmp_path / f"{command}.json"
        with pytest.raises(CommandError, match="Nothing to publish"):
            call_command(command, output=str(output))
        assert not output.exists()
    empty = ocds.release_package()
    assert empty["releases"] == []
    assert not validation.validate_ocds(empty).valid  # releases: minItems 1
    assert not validation.validate_grants(grants.grants_package()).valid  # grants: minItems 1


def test_unpublished_procurement_is_not_exported(buyer):
    procurement, _, _ = builders.tender_with_award_and_agreement(buyer)
    procurement.published_at = None
    procurement.save()
    assert ocds.release_package()["releases"] == []


# 360Giving --------------------------------------------------------------------------------------------


def test_360giving_package_is_valid(published, settings):
    settings.GRANTS_PREFIX = "TESTSHIRE"
    package = grants.grants_package()

    assert validation.validate_grants(package).errors == []
    [grant] = package["grants"]
    recipient = published[1][2].bid.bidder
    assert grant["id"] == f"360G-TESTSHIRE-GR-2026-002-{recipient.pk}"
    assert grant["amountAwarded"] == 25000
    assert grant["amountAppliedFor"] == 30000
    assert grant["awardDate"] == "2026-07-10"
    assert grant["plannedDates"] == [{"startDate": "2026-08-01", "endDate": "2027-07-31"}]
    assert grant["recipientOrganization"][0]["id"] == "GB-CHC-1199999"
    assert grant["recipientOrganization"][0]["charityNumber"] == "1199999"
    assert grant["fundingOrganization"][0]["name"] == "Testshire County Council"
    assert grant["fromOpenCall"] == "Yes"


def test_360giving_grant_funding_agreement_and_recipient_without_identifier(buyer, settings):
    settings.GRANTS_PREFIX = "TESTSHIRE"
    provider = OrganisationFactory(name="Little Acorns Playgroup")
    company = OrganisationFactory(
        name="Play CIC", companies_house_number="SC123456", charity_number="SC012345"
    )
    builders.direct_agreement(
        buyer, provider, reference="GFA-1", agreement_type=AgreementType.GRANT_FUNDING, description=""
    )
    builders.direct_agreement(buyer, company, reference="GFA-2", agreement_type=AgreementType.GRANT_FUNDING)
    builders.direct_agreement(buyer, company, reference="CON-9")  # an SLA is not a grant

    package = grants.grants_package()

    assert validation.validate_grants(package).errors == []
    by_id = {grant["id"]: grant for grant in package["grants"]}
    assert set(by_id) == {"360G-TESTSHIRE-GFA-1", "360G-TESTSHIRE-GFA-2"}
    assert (
        by_id["360G-TESTSHIRE-GFA-1"]["recipientOrganization"][0]["id"] == f"360G-TESTSHIRE-ORG-{provider.pk}"
    )
    assert by_id["360G-TESTSHIRE-GFA-1"]["description"] == "Speech and language therapy"
    assert by_id["360G-TESTSHIRE-GFA-2"]["recipientOrganization"][0]["id"] == "GB-SC-SC012345"


def test_360giving_grant_recorded_in_the_register_is_not_published_twice(published):
    (_, _, _), (procurement, award, grant) = published
    builders.direct_agreement(
        procurement.activity.lead_organisation,
        grant.bid.bidder,
        reference="GFA-7",
        agreement_type=AgreementType.GRANT_FUNDING,
        procurement=procurement,
        award=award,
    )
    ids = [g["id"] for g in grants.grants_package()["grants"]]
    assert ids == ["360G-BRACKENSHIRE-GFA-7"]


def test_360giving_schema_rejects_a_bad_grant():
    package = {"grants": [{"id": "360G-X-1", "title": "t", "awardDate": "27/09/2013"}]}
    assert len(validation.validate_grants(package).errors) >= 1


def test_export_360giving_command(published, tmp_path):
    output = tmp_path / "grants.json"
    call_command("export_360giving", output=str(output), stdout=io.StringIO())
    assert validation.validate_grants(json.loads(output.read_text())).valid


# Transparency Code ------------------------------------------------------------------------------------


def read_csv(path):
    return list(csv.DictReader(path.open(encoding="utf-8")))


def test_transparency_quarter_rows(published, buyer, tmp_path):
    builders.direct_agreement(
        buyer,
        OrganisationFactory(name="Tiny Supplier"),
        reference="SMALL-1",
        whole_life_value=Decimal("5000"),
        annual_value=Decimal("5000"),
    )  # not over £5,000
    builders.direct_agreement(
        buyer,
        OrganisationFactory(name="Old Supplier"),
        reference="OLD-1",
        starts_on=dt.date(2024, 1, 1),
        ends_on=dt.date(2026, 6, 30),
    )  # ended before Q3

    output = tmp_path / "q3.csv"
    call_command("export_transparency", output=str(output), quarter="2026-Q3", stdout=io.StringIO())

    rows = read_csv(output)
    assert list(rows[0]) == transparency.COLUMNS
    by_reference = {row["Reference"]: row for row in rows}
    assert set(by_reference) == {"CON-2026-001", f"GR-2026-002-{published[1][2].bid.bidder_id}"}
    contract = by_reference["CON-2026-001"]
    assert contract["Supplier name"] == "Brightside Family Support Ltd"
    assert contract["Companies House number"] == "01234567"
    assert contract["Department"] == "Testshire County Council"
    assert (contract["Start date"], contract["End date"], contract["Review date"]) == (
        "2026-07-01",
        "2029-06-30",
        "2029-03-30",
    )
    assert contract["Value"] == "800000.00"
    assert contract["Supplier is a VCSE organisation"] == "No"
    assert contract["Supplier is an SME"] == "Not recorded"
    assert contract["Procurement process"] == "Published invitation to tender (open procedure)"
    grant = next(row for row in rows if row["Reference"].startswith("GR-2026-002"))
    assert grant["Charity number"] == "1199999"
    assert grant["VAT that cannot be recovered"] == "0.00"
    assert grant["Supplier is a VCSE organisation"] == "Yes"
    result = exports.transparency_export(transparency.Quarter.parse("2026-Q3")).result
    assert result.valid


def test_transparency_direct_agreement_and_quarter_bounds(buyer):
    builders.direct_agreement(buyer, OrganisationFactory(name="Therapy Partnership"))
    assert [r["Reference"] for r in transparency.rows(transparency.Quarter.parse("2026-Q2"))] == [
        "SLA-2026-003"
    ]
    assert transparency.rows(transparency.Quarter.parse("2026-Q1")) == []  # starts 1 April
    assert transparency.rows(transparency.Quarter.parse("2028-Q2")) == []  # ended 31 March 2028
    [row] = transparency.rows(transparency.Quarter.parse("2028-Q1"))
    assert row["Procurement process"] == "No procurement recorded here: internal service level agreement"


def test_transparency_quarter_is_checked(db, tmp_path):
    with pytest.raises(CommandError, match="like 2026-Q3"):
        call_command("export_transparency", output=str(tmp_path / "x.csv"), quarter="2026-Q5")
    assert transparency.Quarter.parse("2026-q4").end == dt.date(2026, 12, 31)
    assert transparency.Quarter.parse("2026-Q1").end == dt.date(2026, 3, 31)


def test_transparency_validation_finds_missing_fields():
    row = dict.fromkeys(transparency.COLUMNS, "")
    row |= {"Reference": "X-1", "Value": "4000.00", "Start date": "2026-02-01", "End date": "2026-01-01"}
    errors = validation.validate_transparency(
        [row], transparency.COLUMNS, transparency.REQUIRED, threshold=transparency.THRESHOLD
    ).errors
    assert "Row 1 (X-1): Supplier name is empty." in errors
    assert any("not over £5,000" in error for error in errors)
    assert any("end date is before" in error for error in errors)


def test_output_folder_must_exist(published, tmp_path):
    with pytest.raises(CommandError, match="does not exist"):
        call_command("export_ocds", output=str(tmp_path / "missing" / "ocds.json"))


def test_ocds_contract_payments_and_variations(buyer, settings):
    from commissioning.contracts.models import Payment, Variation
    from commissioning.organisations.tests.factories import UserFactory

    settings.OCDS_PREFIX = "ocds-abc123"
    provider = OrganisationFactory(name="Therapy Partnership", charity_number="1100001")
    agreement = builders.direct_agreement(buyer, provider)
    Payment.objects.create(
        agreement=agreement, due_on=dt.date(2026, 4, 30), amount=Decimal("10000"), paid_on=dt.date(2026, 5, 6)
    )
    Payment.objects.create(
        agreement=agreement, due_on=dt.date(2026, 7, 31), amount=Decimal("10000")
    )  # not paid yet
    Variation.objects.create(
        agreement=agreement,
        description="Two more sessions a week.",
        value_change=Decimal("-2500.50"),
        reason="Demand fell.",
        approved_by="Contracts board",
        approved_on=dt.date(2026, 9, 1),
        recorded_by=UserFactory(),
    )

    package = ocds.release_package()

    assert validation.validate_ocds(package).errors == []
    [release] = package["releases"]
    assert release["tag"] == ["award", "contract", "contractAmendment", "implementation"]
    [contract] = release["contracts"]
    [transaction] = contract["implementation"]["transactions"]
    assert transaction["value"] == {"amount": 10000, "currency": "GBP"}
    assert transaction["date"] == "2026-05-05T23:00:00Z"
    assert transaction["payee"] == {"id": "GB-CHC-1100001", "name": "Therapy Partnership"}
    assert transaction["payer"]["name"] == "Testshire County Council"
    [amendment] = contract["amendments"]
    assert amendment["rationale"] == "Demand fell."
    assert "−£2,500.50" in amendment["description"]
    roles = {party["name"]: party["roles"] for party in release["parties"]}
    assert roles == {
        "Testshire County Council": ["buyer", "payer"],
        "Therapy Partnership": ["supplier", "payee"],
    }


def test_ocds_validation_never_uses_the_network(published, monkeypatch):
    import socket

    def refuse(*args, **kwargs):
        raise AssertionError("validation tried to use the network")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    validation.ocds_standard_zip.cache_clear()

    result = validation.validate_ocds(ocds.release_package())

    assert result.validator == "libcoveocds"
    assert result.errors == []


def test_ocds_agreements_from_a_procurement_without_award_decisions(buyer):
    procurement, _, _ = builders.tender_with_award_and_agreement(buyer)
    for number in (1, 2):
        builders.direct_agreement(
            buyer,
            OrganisationFactory(name=f"Lot {number} provider"),
            reference=f"CON-2026-00{number + 1}",
            procurement=procurement,
            agreement_type=AgreementType.CALL_OFF,
        )

    package = ocds.release_package()

    assert validation.validate_ocds(package).errors == []
    [release] = package["releases"]
    assert sorted(contract["id"] for contract in release["contracts"]) == [
        "CON-2026-001",
        "CON-2026-002",
        "CON-2026-003",
    ]
    award_ids = {award["id"] for award in release["awards"]}
    assert all(contract["awardID"] in award_ids for contract in release["contracts"])


def test_a_draft_in_the_register_does_not_hide_the_grant(published):
    (_, _, _), (procurement, award, grant) = published
    builders.direct_agreement(
        procurement.activity.lead_organisation,
        grant.bid.bidder,
        reference="GFA-8",
        agreement_type=AgreementType.GRANT_FUNDING,
        procurement=procurement,
        award=award,
        status=AgreementStatus.DRAFT,
    )
    ids = [g["id"] for g in grants.grants_package()["grants"]]
    assert ids == [f"360G-BRACKENSHIRE-GR-2026-002-{grant.bid.bidder_id}"]
    rows = transparency.rows(transparency.Quarter.parse("2026-Q3"))
    assert f"GR-2026-002-{grant.bid.bidder_id}" in [row["Reference"] for row in rows]


def test_export_ocds_checks_and_writes_a_batch_at_a_time(published, tmp_path, monkeypatch):
    from commissioning.publishing import checks

    monkeypatch.setattr(checks, "OCDS_BATCH", 1)
    checked = []
    real = validation.validate_ocds
    monkeypatch.setattr(validation, "validate_ocds", lambda package: checked.append(package) or real(package))
    output = tmp_path / "ocds.json"
    out = io.StringIO()

    call_command("export_ocds", output=str(output), stdout=out)

    assert [len(package["releases"]) for package in checked] == [1, 1]
    package = json.loads(output.read_text())
    assert [r["ocid"] for r in package["releases"]] == [r["ocid"] for p in checked for r in p["releases"]]
    assert real(package).valid
    assert "Wrote 2 contracting processes" in out.getvalue()


def test_an_invalid_batch_leaves_the_previous_file_alone(published, tmp_path, monkeypatch):
    output = tmp_path / "ocds.json"
    output.write_text("the previous export")
    monkeypatch.setattr(
        validation,
        "validate_ocds",
        lambda package: validation.Result("OCDS", errors=["tag is not valid (tag)"]),
    )

    with pytest.raises(CommandError, match="not valid, so it was not written"):
        call_command("export_ocds", output=str(output))

    assert output.read_text() == "the previous export"
    assert [p.name for p in tmp_path.iterdir()] == ["ocds.json"]  # no half-written file left


def test_the_streamed_package_is_the_package(published):
    now = dt.datetime(2026, 11, 2, 9, tzinfo=dt.UTC)
    streamed = json.loads("".join(ocds.stream_release_package(now=now)))
    assert streamed == json.loads(json.dumps(ocds.release_package(now=now)))
