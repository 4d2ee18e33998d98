from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from commissioning.assurance import computed, services
from commissioning.assurance.computed.base import ComputedEvidence, RecordLine, RegisteredCheck
from commissioning.assurance.models import (
    ActionStatus,
    Assessment,
    AuditStatus,
    Programme,
    default_period,
    quarter_months,
    source_roles_in,
)
from commissioning.assurance.tests.conftest import rate_all
from commissioning.core.exceptions import ConflictError
from commissioning.core.models import TimelineEvent


def test_quarters_are_of_the_financial_year():
    assert quarter_months(2026, 1) == (date(2026, 4, 1), date(2026, 6, 30))
    assert quarter_months(2026, 4) == (date(2027, 1, 1), date(2027, 3, 31))
    assert default_period(2026, 2) == (date(2025, 10, 1), date(2026, 9, 30))
    assert default_period(2026, 4) == (date(2026, 4, 1), date(2027, 3, 31))


def test_source_column_is_read_as_roles():
    assert source_roles_in("Commissioner / Procurement Manager") == ["procurement_manager", "commissioner"]
    assert source_roles_in("Executive Group of the Forum") == ["forum_executive"]
    assert source_roles_in("Children's Partnership Commissioning Manager") == ["partnership_manager"]


def test_one_live_programme_per_year(manager, programme):
    assert programme.title == "Quality assurance programme 2026/27"
    with pytest.raises(ValidationError) as exc:
        services.programme_create(actor=manager, data={"financial_year": 2026})
    assert "already a programme for 2026/27" in str(exc.value)
    assert Programme.objects.count() == 1


def test_programme_edit_refuses_a_stale_version(manager, programme):
    services.programme_update(
        actor=manager, programme=programme, data={"notes": "Agreed"}, expected_version=1
    )
    with pytest.raises(ConflictError):
        services.programme_update(
            actor=manager, programme=programme, data={"notes": "Other"}, expected_version=1
        )


def test_audit_period_defaults_to_the_12_months_to_the_end_of_its_quarter(audit):
    assert (audit.period_start, audit.period_end) == (date(2025, 10, 1), date(2026, 9, 30))
    assert audit.due_on == date(2026, 9, 30)
    assert audit.is_overdue(date(2026, 10, 1)) and not audit.is_overdue(date(2026, 9, 30))


def test_audit_refuses_a_provider_auditor_and_a_duplicate(
    manager, programme, islington, provider_user, audit
):
    with pytest.raises(ValidationError) as exc:
        services.audit_plan(
            actor=manager,
            programme=programme,
            data={"framework": islington, "service_area": "send", "quarter": 1, "auditor": provider_user},
        )
    assert "works for the partnership" in str(exc.value)
    with pytest.raises(ValidationError) as exc:
        services.audit_plan(
            actor=manager,
            programme=programme,
            data={"framework": islington, "service_area": "early_help", "quarter": 3, "auditor": manager},
        )
    assert "already has an audit of early help" in str(exc.value)


def test_audit_refuses_a_period_ending_before_it_starts(manager, programme, islington):
    with pytest.raises(ValidationError) as exc:
        services.audit_plan(
            actor=manager,
            programme=programme,
            data={
                "framework": islington,
                "service_area": "send",
                "quarter": 1,
                "auditor": manager,
                "period_start": date(2026, 4, 1),
                "period_end": date(2026, 3, 1),
            },
        )
    assert "on or after its start" in str(exc.value)


def test_starting_creates_one_assessment_per_criterion_given_by_the_source(started, islington):
    refs = set(started.assessments.values_list("item__ref", flat=True))
    assert "1.1" in refs and "8.8" in refs and "7.4" in refs
    assert not refs & {"7.1", "7.2", "7.3"}  # missing from the source: shown as a gap, never rated
    assert started.status == AuditStatus.IN_PROGRESS


def test_a_framework_without_criteria_is_rated_by_standard(manager, programme, bedfordshire):
    audit = services.audit_plan(
        actor=manager,
        programme=programme,
        data={"framework": bedfordshire, "service_area": "send", "quarter": 1, "auditor": manager},
    )
    audit = services.audit_start(actor=manager, audit=audit, expected_version=audit.version)
    assert audit.assessments.count() == 14


def test_rating_met_needs_evidence_and_links_must_be_links(started, manager):
    assessment = started.assessments.first()
    with pytest.raises(ValidationError) as exc:
        services.assessment_save(
            actor=manager, assessment=assessment, data={"rating": "met"}, expected_version=assessment.version
        )
    assert "Enter the evidence" in str(exc.value)
    with pytest.raises(ValidationError) as exc:
        services.assessment_save(
            actor=manager,
            assessment=assessment,
            data={"rating": "met", "evidence_links": "see the shared drive"},
            expected_version=assessment.version,
        )
    assert "is not a link" in str(exc.value)
    assessment.refresh_from_db()
    assert assessment.rating == ""  # nothing half-written
    with pytest.raises(ValidationError) as exc:
        services.assessment_save(
            actor=manager,
            assessment=assessment,
            data={"rating": "met", "evidence_links": "/no-such-page/"},
            expected_version=assessment.version,
        )
    assert "There is no page at /no-such-page/" in str(exc.value)
    saved = services.assessment_save(
        actor=manager,
        assessment=assessment,
        data={"rating": "met", "evidence_links": "/assurance/actions/", "source_role": "commissioner"},
        expected_version=assessment.version,
    )
    assert saved.rated_by == manager and saved.rated_at
    assert TimelineEvent.objects.filter(summary__startswith="Criterion 1.1 rated met").exists()


def test_a_stale_rating_is_refused(started, manager):
    assessment = started.assessments.first()
    services.assessment_save(
        actor=manager, assessment=assessment, data={"rating": "not_met"}, expected_version=assessment.version
    )
    with pytest.raises(ConflictError):
        services.assessment_save(
            actor=manager, assessment=assessment, data={"rating": "not_applicable"}, expected_version=1
        )


def test_confirmed_by_must_be_a_partnership_person_with_a_role(started, manager, provider_user):
    assessment = started.assessments.first()
    with pytest.raises(ValidationError) as exc:
        services.assessment_save(
            actor=manager,
            assessment=assessment,
            data={"rating": "not_met", "confirmed_by": provider_user},
            expected_version=assessment.version,
        )
    assert "Select the role" in str(exc.value) and "works for the partnership" in str(exc.value)


def test_evidence_file_is_checked(started, manager):
    assessment = started.assessments.first()
    with pytest.raises(ValidationError):
        services.evidence_file_add(
            actor=manager,
            assessment=assessment,
            title="Tool",
            upload=SimpleUploadedFile("tool.exe", b"MZ\x90\x00", content_type="application/octet-stream"),
        )
    record = services.evidence_file_add(
        actor=manager,
        assessment=assessment,
        title="Strategy extract",
        upload=SimpleUploadedFile("strategy.pdf", b"%PDF-1.4 test", content_type="application/pdf"),
    )
    assert record.file_name == "strategy.pdf" and record.content_type == "application/pdf"


def test_completing_needs_every_rating_and_an_action_for_what_is_not_met(started, manager):
    with pytest.raises(ValidationError) as exc:
        services.audit_complete(
            actor=manager, audit=started, conclusion="Good", expected_version=started.version
        )
    assert "Not yet rated: 1.1" in str(exc.value)
    rate_all(started, manager)
    first = started.assessments.order_by("item__sort_key").first()
    services.assessment_save(
        actor=manager, assessment=first, data={"rating": "not_met"}, expected_version=first.version
    )
    started.refresh_from_db()
    with pytest.raises(ValidationError) as exc:
        services.audit_complete(
            actor=manager, audit=started, conclusion="Good", expected_version=started.version
        )
    assert "Without an action: 1.1" in str(exc.value)
    services.action_add(
        actor=manager,
        assessment=first,
        data={
            "description": "Write the definition into the strategy",
            "owner": manager,
            "due_on": date(2099, 1, 1),
        },
    )
    started.refresh_from_db()
    done = services.audit_complete(
        actor=manager, audit=started, conclusion="Mostly met.", expected_version=started.version
    )
    assert done.status == AuditStatus.COMPLETED and done.completed_by == manager


def test_completion_keeps_a_snapshot_of_the_computed_evidence(started, manager, monkeypatch):
    def check(scope):
        return ComputedEvidence(
            check="test-check",
            rule="Every strategy names the definition",
            period=scope.describe_period(),
            outcome="met",
            summary="2 of 2 strategies",
            counted=2,
            passing=2,
            records=[RecordLine(label="Strategy A", url="/cycle/1/", passes=True)],
        )

    registry = {
        "test-check": RegisteredCheck(
            "test-check", "islington-commissioning-standards", ("1.1",), "Definition used", check
        )
    }
    monkeypatch.setattr(computed, "load_checks", lambda: registry)
    rate_all(started, manager, rating="not_applicable")
    started.refresh_from_db()
    services.audit_complete(
        actor=manager, audit=started, conclusion="Done.", expected_version=started.version
    )
    snapshot = Assessment.objects.get(audit=started, item__ref="1.1").computed_snapshot
    assert snapshot[0]["summary"] == "2 of 2 strategies"
    assert snapshot[0]["outcome_label"] == "The records show it is met"
    assert snapshot[0]["records"][0]["url"] == "/cycle/1/"
    assert snapshot[0]["period"] == "1 October 2025 to 30 September 2026"
    assert Assessment.objects.get(audit=started, item__ref="1.2").computed_snapshot == []


def test_a_failing_check_is_reported_not_raised(started, manager, monkeypatch):
    def broken(scope):
        raise RuntimeError("boom")

    registry = {
        "broken": RegisteredCheck("broken", "islington-commissioning-standards", ("1.1",), "Broken", broken)
    }
    monkeypatch.setattr(computed, "load_checks", lambda: registry)
    from commissioning.assurance.evidence import audit_scope, live_evidence

    result = live_evidence("islington-commissioning-standards", "1.1", audit_scope(started))
    assert result[0]["outcome_label"] == "The check could not be run"


def test_action_done_needs_a_date_and_is_tracked(started, manager):
    assessment = started.assessments.first()
    action = services.action_add(
        actor=manager,
        assessment=assessment,
        data={"description": "Publish the strategy", "owner": manager, "due_on": timezone.localdate()},
    )
    with pytest.raises(ValidationError) as exc:
        services.action_update(actor=manager, action=action, data={"status": "done"}, expected_version=1)
    assert "Enter the date the action was done" in str(exc.value)
    done = services.action_update(
        actor=manager,
        action=action,
        data={"status": "done", "completed_on": timezone.localdate(), "completion_note": "Published"},
        expected_version=1,
    )
    assert done.status == ActionStatus.DONE
    assert TimelineEvent.objects.filter(object_id=str(action.pk), summary__startswith="Done on").exists()
    with pytest.raises(ValidationError):
        services.action_update(
            actor=manager,
            action=done,
            data={"completed_on": timezone.localdate() + timedelta(days=3)},
            expected_version=done.version,
        )


def test_action_owner_must_work_for_the_partnership(started, manager, provider_user):
    with pytest.raises(ValidationError) as exc:
        services.action_add(
            actor=manager,
            assessment=started.assessments.first(),
            data={"description": "x", "owner": provider_user, "due_on": timezone.localdate()},
        )
    assert "owner" in exc.value.message_dict


def test_reopen_and_archive(started, manager):
    rate_all(started, manager, rating="not_applicable")
    started.refresh_from_db()
    done = services.audit_complete(
        actor=manager, audit=started, conclusion="Done.", expected_version=started.version
    )
    reopened = services.audit_reopen(
        actor=manager, audit=done, reason="New evidence", expected_version=done.version
    )
    assert reopened.status == AuditStatus.IN_PROGRESS
    archived = services.audit_archive(actor=manager, audit=reopened, reason="Replaced")
    assert archived.is_archived
    restored = services.audit_restore(actor=manager, audit=archived)
    assert not restored.is_archived


def test_comments_only_on_standards_and_review_dates_in_order(manager, islington, council):
    standard = islington.items.get(ref="7")
    criterion = islington.items.get(ref="7.4")
    with pytest.raises(ValidationError):
        services.comment_add(
            actor=manager,
            item=criterion,
            data={"organisation": council, "received_on": date(2026, 1, 5), "comment": "x"},
        )
    comment = services.comment_add(
        actor=manager,
        item=standard,
        data={"organisation": council, "received_on": date(2026, 1, 5), "comment": "Consult us earlier."},
    )
    assert comment.item == standard
    with pytest.raises(ValidationError) as exc:
        services.review_save(
            actor=manager,
            framework=islington,
            data={"last_reviewed_on": date(2025, 9, 1), "next_review_on": date(2025, 8, 1)},
            expected_version=None,
        )
    assert "after the last one" in str(exc.value)
    review = services.review_save(
        actor=manager,
        framework=islington,
        data={"last_reviewed_on": date(2025, 9, 1), "next_review_on": date(2027, 9, 1)},
        expected_version=None,
    )
    assert review.version == 1


def test_an_archived_audit_cannot_be_rated_or_completed(started, manager):
    assessment = started.assessments.first()
    services.audit_archive(actor=manager, audit=started, reason="Planned twice")
    with pytest.raises(ValidationError) as exc:
        services.assessment_save(
            actor=manager,
            assessment=assessment,
            data={"rating": "not_met"},
            expected_version=assessment.version,
        )
    assert "archived" in str(exc.value)
    started.refresh_from_db()
    with pytest.raises(ValidationError):
        services.audit_complete(
            actor=manager, audit=started, conclusion="x", expected_version=started.version
        )
