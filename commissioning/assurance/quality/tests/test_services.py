from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from commissioning.assurance.quality import services
from commissioning.assurance.quality.models import CheckStatus, ProviderCheck, Requirement
from commissioning.assurance.quality.tests.conftest import TODAY
from commissioning.core.exceptions import ConflictError
from commissioning.core.selectors import history_for


def test_requirements_are_seeded_from_the_gateshead_standards(db):
    dbs = Requirement.objects.get(code="dbs-checks")
    assert "DBS" in dbs.title
    assert "CRB checked" in dbs.source_text  # the seed's words kept as the source
    assert dbs.standard_ref == "1"
    titles = set(Requirement.objects.values_list("title", flat=True))
    for word in (
        "Safeguarding",
        "Equality",
        "Whistleblowing",
        "Complaints",
        "Annual report",
        "supervision",
        "training",
        "Information sharing",
        "Integrated processes",
    ):
        assert any(word.lower() in t.lower() for t in titles), word


def test_submission_awaits_verification_with_a_default_expiry(submitted, safeguarding):
    assert submitted.status == CheckStatus.AWAITING
    # last reviewed 1 May 2026 + 12 months
    assert submitted.expires_on == date(2027, 5, 1)
    assert submitted.effective_status(TODAY) == CheckStatus.AWAITING
    assert submitted.effective_status(date(2027, 5, 2)) == CheckStatus.EXPIRED


def test_bad_dates_are_refused_and_nothing_is_written(provider_user, provider_org, dbs):
    with pytest.raises(ValidationError) as exc:
        services.check_submit(
            actor=provider_user,
            provider=provider_org,
            requirement=dbs,
            evidence_text="",
            adopted_on=date(2026, 1, 1),
            last_reviewed_on=date(2025, 1, 1),
            expires_on=date(2026, 1, 1),
            today=TODAY,
        )
    errors = exc.value.message_dict
    assert errors["evidence_text"] == ["Describe the evidence you have in place"]
    assert "before the policy was adopted" in errors["last_reviewed_on"][0]
    assert "in the future" in errors["expires_on"][0]
    assert not ProviderCheck.objects.exists()


def test_an_executable_upload_is_refused(provider_user, provider_org, dbs):
    upload = SimpleUploadedFile("list.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")
    with pytest.raises(ValidationError) as exc:
        services.check_submit(
            actor=provider_user,
            provider=provider_org,
            requirement=dbs,
            evidence_text="DBS list",
            upload=upload,
            today=TODAY,
        )
    assert "file" in exc.value.message_dict
    assert not ProviderCheck.objects.exists()


def test_a_pdf_upload_is_kept_under_a_random_name(provider_user, provider_org, dbs, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    upload = SimpleUploadedFile("dbs-register.pdf", b"%PDF-1.7 test", content_type="application/pdf")
    check = services.check_submit(
        actor=provider_user,
        provider=provider_org,
        requirement=dbs,
        evidence_text="DBS register",
        upload=upload,
        today=TODAY,
    )
    assert check.file_name == "dbs-register.pdf"
    assert "dbs-register" not in check.file.name
    assert check.content_type == "application/pdf"


def test_verify_then_reject_needs_a_reason_and_history_says_so(submitted, commissioner):
    check = services.check_verify(
        actor=commissioner, check=submitted, expected_version=submitted.version, today=TODAY
    )
    assert check.status == CheckStatus.VERIFIED and check.verified_by == commissioner
    with pytest.raises(ValidationError) as exc:
        services.check_reject(actor=commissioner, check=check, reason="  ", expected_version=check.version)
    assert exc.value.message_dict["reason"] == ["Enter why the evidence is not accepted"]
    check = services.check_reject(
        actor=commissioner,
        check=check,
        reason="Policy does not name the designated lead.",
        expected_version=check.version,
    )
    assert check.status == CheckStatus.REJECTED
    summaries = [entry.summary for entry in history_for(check)]
    assert "Evidence rejected: Policy does not name the designated lead." in summaries
    assert "Evidence verified" in summaries


def test_a_stale_version_is_refused(submitted, commissioner):
    stale = submitted.version
    services.check_reject(actor=commissioner, check=submitted, reason="Out of date", expected_version=stale)
    with pytest.raises(ConflictError):
        services.check_verify(actor=commissioner, check=submitted, expected_version=stale, today=TODAY)


def test_expired_evidence_cannot_be_verified(submitted, commissioner):
    with pytest.raises(ValidationError, match="expired"):
        services.check_verify(
            actor=commissioner, check=submitted, expected_version=submitted.version, today=date(2027, 6, 1)
        )


def test_resubmitting_clears_the_rejection(
    submitted, commissioner, provider_user, provider_org, safeguarding
):
    rejected = services.check_reject(
        actor=commissioner, check=submitted, reason="No review date", expected_version=submitted.version
    )
    again = services.check_submit(
        actor=provider_user,
        provider=provider_org,
        requirement=safeguarding,
        evidence_text="Reviewed policy",
        last_reviewed_on=date(2026, 11, 1),
        expected_version=rejected.version,
        today=TODAY,
    )
    assert again.pk == rejected.pk
    assert again.status == CheckStatus.AWAITING and again.rejection_reason == ""
    assert ProviderCheck.objects.count() == 1


def test_requirement_validity_is_checked(manager):
    with pytest.raises(ValidationError) as exc:
        services.requirement_create(
            actor=manager,
            code="first-aid",
            data={"title": "First aid", "standard_ref": "8", "standard_title": "x", "validity_months": 0},
        )
    assert "validity_months" in exc.value.message_dict


def test_enrolling_a_provider_puts_it_on_the_register(commissioner, other_provider_org):
    from commissioning.assurance.quality import selectors

    assert other_provider_org not in selectors.providers_in_scope()
    services.provider_enrol(actor=commissioner, organisation=other_provider_org, note="Spot purchases")
    assert other_provider_org in selectors.providers_in_scope()
    with pytest.raises(ValidationError, match="already on the register"):
        services.provider_enrol(actor=commissioner, organisation=other_provider_org)
