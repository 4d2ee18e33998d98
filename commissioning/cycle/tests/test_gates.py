import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from commissioning.cycle import gates, services
from commissioning.cycle.gates import GateRefused
from commissioning.cycle.models import (
    STEP_TRANSITIONS,
    ActivityBudget,
    ActivityReview,
    ActivityStep,
    EqualityImpactAssessment,
    GateRule,
    GateTransition,
    StepStatus,
    Strategy,
)
from commissioning.procurement.specifications.gate import MESSAGE as SPECIFICATION_MESSAGE

pytestmark = pytest.mark.django_db

ALL_STATUSES = list(StepStatus.values)


def put_step(activity, number, status):
    step = activity.steps.get(number=number)
    step.status = status
    step.not_applicable_reason = "Does not apply here" if status == StepStatus.NOT_APPLICABLE else ""
    step.save()
    return step


@pytest.mark.parametrize("current", ALL_STATUSES)
@pytest.mark.parametrize("wanted", ALL_STATUSES)
def test_step_state_machine(activity, commissioner, current, wanted):
    step = put_step(activity, 1, current)
    call = {
        "actor": commissioner,
        "step": step,
        "status": wanted,
        "reason": "Not needed for this activity",
        "expected_version": step.version,
    }
    if wanted == current or wanted in STEP_TRANSITIONS[current]:
        assert services.step_set_status(**call).status == wanted
    else:
        with pytest.raises(ValidationError, match="cannot become") as refused:
            services.step_set_status(**call)
        if current == StepStatus.COMPLETE:
            assert "Reopen it first" in str(refused.value)
        step.refresh_from_db()
        assert step.status == current


def test_a_complete_step_can_be_reopened_and_completed_again(activity, commissioner):
    step = put_step(activity, 2, StepStatus.COMPLETE)
    step = services.step_set_status(
        actor=commissioner, step=step, status="in_progress", expected_version=None
    )
    assert step.completed_at is None
    step = services.step_set_status(actor=commissioner, step=step, status="complete", expected_version=None)
    assert step.completed_at is not None


def complete(activity, commissioner, number):
    step = activity.steps.get(number=number)
    return services.step_set_status(
        actor=commissioner, step=step, status="complete", expected_version=step.version
    )


def test_step_7_refusal_lists_every_unmet_condition_and_changes_nothing(activity, commissioner):
    step = put_step(activity, 7, StepStatus.IN_PROGRESS)
    with pytest.raises(GateRefused) as refused:
        complete(activity, commissioner, 7)
    messages = [item.message for item in refused.value.unmet]
    assert [item.condition for item in refused.value.unmet] == [
        "budget_agreed",
        "eia_consulted",
        "specification",
    ]
    assert messages == [
        "Record the budget agreed for this activity: none is recorded.",
        "Carry out an equality impact assessment: none is recorded (it needs to be at least consulted on).",
        SPECIFICATION_MESSAGE,
    ]
    assert refused.value.message_dict == {"status": messages}
    fresh = ActivityStep.objects.get(pk=step.pk)
    assert (fresh.status, fresh.version, fresh.completed_at) == (StepStatus.IN_PROGRESS, step.version, None)


def add_budget(activity, commissioner, **extra):
    return ActivityBudget.objects.create(
        activity=activity,
        amount=Decimal("250000"),
        period="2026/27",
        agreed_by="Commissioning Executive",
        agreed_on=dt.date(2026, 6, 1),
        recorded_by=commissioner,
        **extra,
    )


def add_assessment(activity, commissioner, status):
    return EqualityImpactAssessment.objects.create(
        activity=activity, lead=commissioner, scope="Families using family support", status=status
    )


def add_specification(activity, commissioner, number=6, document_type="service_specification"):
    return services.evidence_add(
        actor=commissioner,
        step=activity.steps.get(number=number),
        kind="text",
        title="Family support service specification",
        text="Outcomes, service description and performance framework.",
        document_type=document_type,
    )


def test_step_7_opens_when_budget_consulted_eia_and_specification_exist(activity, commissioner):
    add_budget(activity, commissioner)
    add_assessment(activity, commissioner, "draft")
    add_specification(activity, commissioner)
    with pytest.raises(GateRefused) as refused:
        complete(activity, commissioner, 7)
    assert [item.message for item in refused.value.unmet] == [
        "The equality impact assessment is draft; it needs to be at least consulted on."
    ]
    EqualityImpactAssessment.objects.filter(activity=activity).update(status="consulted")
    assert complete(activity, commissioner, 7).status == StepStatus.COMPLETE


@pytest.mark.parametrize("status", ["consulted", "amended", "final"])
def test_eia_at_least_consulted(activity, commissioner, status):
    add_assessment(activity, commissioner, status)
    assert gates.CHECKS["eia_consulted"](activity, 7) is None


def test_archived_records_do_not_open_gates(activity, commissioner):
    add_budget(activity, commissioner, archived_at=dt.datetime(2026, 7, 1, tzinfo=dt.UTC))
    assessment = add_assessment(activity, commissioner, "final")
    assessment.archived_at = dt.datetime(2026, 7, 1, tzinfo=dt.UTC)
    assessment.save()
    evidence = add_specification(activity, commissioner)
    services.evidence_archive(actor=commissioner, evidence=evidence, reason="Superseded")
    activity.refresh_from_db()
    assert [item.condition for item in gates.unmet_conditions(activity, "complete_step", 7)] == [
        "budget_agreed",
        "eia_consulted",
        "specification",
    ]


def test_other_evidence_is_not_a_specification(activity, commissioner):
    add_specification(activity, commissioner, document_type="")
    assert "specification" in gates.CHECKS["specification"](activity, 7)


def test_step_9_needs_a_recorded_review(activity, commissioner):
    with pytest.raises(GateRefused, match="Record a review of the activity"):
        complete(activity, commissioner, 9)
    ActivityReview.objects.create(
        activity=activity,
        reviewed_on=dt.date(2027, 3, 1),
        method="Performance data and a survey of families",
        findings="Fewer families stepped up to statutory services.",
        recommendation="change",
        reviewed_by=commissioner,
    )
    assert complete(activity, commissioner, 9).status == StepStatus.COMPLETE


def test_strategy_rule_applies_only_to_strategies(activity, commissioner):
    assert complete(activity, commissioner, 5).status == StepStatus.COMPLETE
    put_step(activity, 5, StepStatus.IN_PROGRESS)
    activity.kind = "strategy"
    activity.save()
    with pytest.raises(GateRefused, match="Draft the strategy and record its approval"):
        complete(activity, commissioner, 5)
    strategy = Strategy.objects.create(
        activity=activity, title="Strategy", slug="strategy", summary="Summary"
    )
    with pytest.raises(GateRefused, match="it is still a draft"):
        complete(activity, commissioner, 5)
    strategy.status = "approved"
    strategy.save()
    assert complete(activity, commissioner, 5).status == StepStatus.COMPLETE


def test_a_rule_switched_off_is_not_checked(activity, commissioner):
    GateRule.objects.filter(step_number=9).update(enabled=False)
    assert complete(activity, commissioner, 9).status == StepStatus.COMPLETE


def test_not_applicable_is_not_gated(activity, commissioner):
    step = activity.steps.get(number=7)
    step = services.step_set_status(
        actor=commissioner, step=step, status="not_applicable", reason="No new service", expected_version=None
    )
    assert step.status == StepStatus.NOT_APPLICABLE


def add_rule(condition, step_number=3):
    return GateRule.objects.create(transition="complete_step", step_number=step_number, condition=condition)


def test_step_evidence_condition(activity, commissioner):
    add_rule("step_evidence")
    with pytest.raises(GateRefused, match="Add evidence to step 3: it has none"):
        complete(activity, commissioner, 3)
    services.evidence_add(
        actor=commissioner, step=activity.steps.get(number=3), kind="text", title="Focus groups", text="Notes"
    )
    assert complete(activity, commissioner, 3).status == StepStatus.COMPLETE


def test_self_assessment_condition(activity, commissioner):
    add_rule("self_assessment_answered", step_number=1)
    questions = list(services.step_questions(1))
    with pytest.raises(GateRefused, match=f"{len(questions)} questions are unanswered"):
        complete(activity, commissioner, 1)
    services.self_assessment_save(
        actor=commissioner,
        activity=activity,
        step_number=1,
        answers={q.ref: ("yes", "Shown in the needs analysis") for q in questions[1:]},
    )
    with pytest.raises(GateRefused, match="1 question is unanswered"):
        complete(activity, commissioner, 1)
    services.self_assessment_save(
        actor=commissioner, activity=activity, step_number=1, answers={questions[0].ref: ("no", "")}
    )
    assert complete(activity, commissioner, 1).status == StepStatus.COMPLETE


def test_earlier_steps_condition(activity, commissioner):
    add_rule("earlier_steps_finished", step_number=4)
    put_step(activity, 1, StepStatus.COMPLETE)
    with pytest.raises(GateRefused, match="Finish steps 2 and 3 first"):
        complete(activity, commissioner, 4)
    put_step(activity, 2, StepStatus.NOT_APPLICABLE)
    with pytest.raises(GateRefused, match="Finish step 3 first"):
        complete(activity, commissioner, 4)
    put_step(activity, 3, StepStatus.COMPLETE)
    assert complete(activity, commissioner, 4).status == StepStatus.COMPLETE


def test_eia_final_condition(activity, commissioner):
    add_rule("eia_final", step_number=6)
    add_assessment(activity, commissioner, "amended")
    with pytest.raises(GateRefused, match="is amended after consultation; it needs to be final"):
        complete(activity, commissioner, 6)


def test_start_procurement_gate(activity, commissioner):
    with pytest.raises(GateRefused) as refused:
        gates.check_gate(activity, GateTransition.START_PROCUREMENT)
    assert refused.value.transition_label == "start a procurement"
    assert len(refused.value.unmet) == 3
    add_budget(activity, commissioner)
    add_assessment(activity, commissioner, "final")
    add_specification(activity, commissioner)
    gates.check_gate(activity, GateTransition.START_PROCUREMENT)


def test_evaluate_reports_met_and_unmet(activity, commissioner):
    add_budget(activity, commissioner)
    results = gates.evaluate(activity, GateTransition.COMPLETE_STEP, 7)
    assert [(r.rule.condition, r.met) for r in results] == [
        ("budget_agreed", True),
        ("eia_consulted", False),
        ("specification", False),
    ]


def test_default_rules_cite_their_source(db):
    rules = GateRule.objects.all()
    assert rules.count() == 8
    assert all(rule.source for rule in rules)
    assert (
        "Islington Commissioning Standards 5.1" in rules.get(step_number=7, condition="budget_agreed").source
    )


def test_unknown_document_type_is_refused(activity, commissioner):
    with pytest.raises(ValidationError) as refused:
        add_specification(activity, commissioner, document_type="contract")
    assert "document_type" in refused.value.message_dict


def test_default_rules_come_back_after_a_flush_but_changes_are_kept(db):
    from django.core.management import call_command

    GateRule.objects.filter(step_number=9).update(enabled=False)
    GateRule.objects.filter(step_number=5).delete()
    call_command("migrate", verbosity=0)
    assert GateRule.objects.get(step_number=9).enabled is False
    assert GateRule.objects.filter(step_number=5, condition="strategy_approved").exists()
