from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from commissioning.core.models import TimelineEvent
from commissioning.cycle.gates import GateRefused
from commissioning.procurement.models import Procurement, ProcurementKind, ProcurementStatus
from commissioning.procurement.tenders import services as tenders
from commissioning.procurement.tests.conftest import plan, publish


def test_the_activity_gate_applies(procurement_manager, activity):
    with pytest.raises(GateRefused) as refused:
        plan(procurement_manager, activity)
    assert len(refused.value.unmet) == 3
    assert not activity.procurements.exists()


def test_planning_takes_the_route_steps_timetable_and_notices(planned):
    assert planned.regime == "light_touch"
    assert planned.procedure == "open"
    assert planned.advice_reasons
    assert planned.notices.filter(name__icontains="tender notice").exists()
    keys = set(planned.milestones.values_list("key", flat=True))
    assert {"contract_start", "tenders_close", "award_notice", "compact_notice"} <= keys
    compact = planned.milestones.get(key="compact_notice").due
    assert (planned.contract_start - compact).days >= 90


def test_steps_come_from_the_framework_library(procurement_manager, library, activity, open_gate):
    procurement = plan(procurement_manager, activity)
    assert list(procurement.steps.values_list("number", flat=True)) == list(range(1, 12))
    assert procurement.steps.get(number=1).title == "Prepare Service Specification"
    assert procurement.steps.get(number=1).guidance.framework.slug == "wolverhampton-procurement-steps"


def test_without_the_library_there_are_no_steps(planned):
    assert planned.steps.count() == 0


def test_a_grant_is_a_grant_round(procurement_manager, activity, open_gate):
    procurement = plan(
        procurement_manager, activity, category="grant", reference="GR-1", estimated_value=Decimal("50000")
    )
    assert procurement.kind == ProcurementKind.GRANT_ROUND
    assert procurement.regime == "grant"
    assert procurement.procedure == "grant_application"


def test_a_contract_start_in_the_past_is_refused(procurement_manager, activity, open_gate):
    with pytest.raises(ValidationError) as refused:
        plan(procurement_manager, activity, contract_start=timezone.localdate() - timedelta(days=1))
    assert "contract_start" in refused.value.message_dict


def test_changing_the_value_replans_and_keeps_what_is_done(planned, procurement_manager):
    milestone = planned.milestones.get(key="market_engagement")
    tenders.milestone_done(actor=procurement_manager, milestone=milestone, done_on=timezone.localdate())
    updated = tenders.procurement_update(
        actor=procurement_manager,
        procurement=planned,
        data={"estimated_value": Decimal("100000")},
        expected_version=planned.version,
    )
    assert updated.regime == "below_threshold_notifiable"
    assert not updated.milestones.filter(key="market_engagement", done_on=None).exists()


def test_publishing_needs_weights_of_100_and_a_future_deadline(planned, procurement_manager):
    planned.price_weight = Decimal("45")
    planned.save()
    now = timezone.now()
    with pytest.raises(ValidationError) as refused:
        publish(procurement_manager, planned, published=now, deadline=now - timedelta(days=1))
    messages = " ".join(refused.value.messages)
    assert "total 105%" in messages
    assert "The closing date must be in the future." in messages
    planned.refresh_from_db()
    assert planned.status == ProcurementStatus.PLANNING


def test_above_threshold_needs_25_days(procurement_manager, activity, open_gate):
    from commissioning.procurement.tests.conftest import add_questions

    procurement = plan(procurement_manager, activity, category="goods_and_services", reference="G-1")
    add_questions(procurement)
    assert procurement.regime == "above_threshold"
    now = timezone.now()
    with pytest.raises(ValidationError, match="at least 25 days"):
        publish(procurement_manager, procurement, published=now, deadline=now + timedelta(days=24))
    assert (
        publish(procurement_manager, procurement, published=now, deadline=now + timedelta(days=25)).status
        == "open"
    )


def test_publishing_without_a_conflicts_assessment_is_refused(planned, procurement_manager):
    now = timezone.now()
    with pytest.raises(ValidationError, match="conflicts assessment"):
        tenders.procurement_publish(
            actor=procurement_manager,
            procurement=planned,
            tender_deadline=now + timedelta(days=30),
            clarification_deadline=None,
        )


def test_published_procurement_is_on_the_timeline(published):
    assert TimelineEvent.objects.filter(object_id=str(published.pk), summary__startswith="Published").exists()


def test_selective_grants_are_by_invitation(procurement_manager, activity, open_gate, provider_org):
    grant = {
        "category": "grant",
        "reference": "GR-2",
        "estimated_value": Decimal("40000"),
        "grant_type": "selective",
    }
    with pytest.raises(ValidationError, match="Choose the organisations invited"):
        plan(procurement_manager, activity, **grant)
    procurement = plan(procurement_manager, activity, **grant, invited=[provider_org])
    assert procurement.by_invitation
    assert list(procurement.invited.all()) == [provider_org]
    assert procurement.needs_service_level_agreement


def test_only_invitation_grants_invite(procurement_manager, activity, open_gate, provider_org):
    with pytest.raises(ValidationError, match="Only a selective grant round or grant-in-aid"):
        plan(procurement_manager, activity, invited=[provider_org])
    small = plan(
        procurement_manager, activity, category="grant", reference="GR-3", estimated_value=Decimal("4000"),
        grant_type="small_grants",
    )  # fmt: skip
    assert not small.needs_service_level_agreement


def test_lessons_learned_never_undo_a_later_change(published, procurement_manager):
    stale = Procurement.objects.get(pk=published.pk)
    tenders.procurement_cancel(actor=procurement_manager, procurement=published, reason="Re-scoped")
    tenders.lessons_learned_record(
        actor=procurement_manager, procurement=stale, data={"lessons_learned": "Scope earlier."}
    )
    fresh = Procurement.objects.get(pk=published.pk)
    assert (fresh.status, fresh.lessons_learned) == ("cancelled", "Scope earlier.")
