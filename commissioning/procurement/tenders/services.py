"""Planning and running a procurement: create it for an activity (its gate applies), keep its route, steps,
timetable and notices in step, the project team and project initiation document, publish it and cancel it."""

from datetime import datetime, timedelta
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from commissioning.core.audit import acting_as
from commissioning.core.models import TimelineEvent
from commissioning.core.services import apply_changes, record_archive, timeline_record, version_check
from commissioning.cycle import gates
from commissioning.cycle.models import CommissioningActivity, GateTransition
from commissioning.procurement.models import (
    ConflictAssessment,
    Criterion,
    Milestone,
    Notice,
    Procedure,
    Procurement,
    ProcurementKind,
    ProcurementStatus,
    ProcurementStep,
    Question,
    Risk,
    StepStatus,
    TeamMember,
)
from commissioning.procurement.routes import Category, Regime
from commissioning.procurement.selectors import route_advice_for
from commissioning.procurement.tenders.steps import procurement_steps
from commissioning.procurement.tenders.weights import weight_problems
from commissioning.procurement.timetable.planner import (
    COMPETITIVE_FLEXIBLE,
    OPEN,
    STATUTORY_MINIMUM_DAYS,
    PlanRequest,
    plan_timetable,
)

ROUTE_FIELDS = [
    "category",
    "buyer_type",
    "estimated_value",
    "includes_vat",
    "duration_months",
    "contract_start",
]
PLAN_FIELDS = [
    "title",
    "description",
    "procedure",
    "voluntary_sector_affected",
    "voluntary_standstill",
    "grant_type",
    "eligibility",
    "objectives",
    "implementation_plan",
    *ROUTE_FIELDS,
]


def refuse(instance, actor, message: str, field: str | None = None):
    """Record a refused action on the record's timeline (it survives the refusal) and raise it."""
    timeline_record(
        instance=instance, actor=actor, verb=TimelineEvent.Verb.NOTE, summary=f"Refused: {message}"
    )
    raise ValidationError({field: message} if field else message)


def _default_procedure(procurement: Procurement) -> str:
    if procurement.kind == ProcurementKind.GRANT_ROUND:
        return Procedure.GRANT_APPLICATION
    if procurement.regime == Regime.BELOW_THRESHOLD:
        return Procedure.QUOTATION
    return Procedure.OPEN


def _apply_route(procurement: Procurement, on):
    advice = route_advice_for(
        estimated_value=procurement.estimated_value,
        includes_vat=procurement.includes_vat,
        category=procurement.category,
        duration_months=procurement.duration_months,
        buyer_type=procurement.buyer_type,
        on=on,
    )
    procurement.regime = advice.regime
    procurement.local_method = advice.local_method
    procurement.resulting_agreement = advice.resulting_agreement
    procurement.advice_reasons = advice.reasons
    if procurement.kind == ProcurementKind.GRANT_ROUND and procurement.category != Category.GRANT:
        raise ValidationError({"category": "A grant round is for a grant: choose the category 'A grant'."})
    if procurement.category == Category.GRANT:
        procurement.kind = ProcurementKind.GRANT_ROUND
    return advice


def _check_invitations(procurement: Procurement, invited: list) -> None:
    if procurement.by_invitation and not invited:
        raise ValidationError({"invited": "Choose the organisations invited to apply"})
    if invited and not procurement.by_invitation:
        raise ValidationError(
            {"invited": "Only a selective grant round or grant-in-aid invites organisations"}
        )


def plan_request(procurement: Procurement) -> PlanRequest:
    procedure = COMPETITIVE_FLEXIBLE if procurement.procedure == Procedure.COMPETITIVE_FLEXIBLE else OPEN
    return PlanRequest(
        regime=procurement.regime,
        contract_start=procurement.contract_start,
        procedure=procedure,
        voluntary_standstill=procurement.voluntary_standstill,
        voluntary_sector_affected=procurement.voluntary_sector_affected,
    )


def _replan(procurement: Procurement, today) -> list[str]:
    """Rewrite the milestones from the planner, keeping what is done; return the plan's problems."""
    plan = plan_timetable(plan_request(procurement), today=today)
    done = dict(procurement.milestones.exclude(done_on=None).values_list("key", "done_on"))
    keys = [milestone.key for milestone in plan.milestones]
    procurement.milestones.exclude(key__in=keys).filter(done_on=None).delete()
    for milestone in plan.milestones:
        Milestone.objects.update_or_create(
            procurement=procurement,
            key=milestone.key,
            defaults={
                "name": milestone.name,
                "due": milestone.due,
                "rule": milestone.rule,
                "done_on": done.get(milestone.key),
            },
        )
    return plan.problems


def _notices(procurement: Procurement, advice) -> None:
    published = {notice.name: notice for notice in procurement.notices.exclude(published_on=None)}
    procurement.notices.filter(published_on=None).delete()
    for position, name in enumerate(advice.notices):
        if name in published:
            Notice.objects.filter(pk=published[name].pk).update(position=position)
        else:
            Notice.objects.create(procurement=procurement, name=name, position=position)


@transaction.atomic
def procurement_create(*, actor, activity: CommissioningActivity, data: dict, today=None) -> Procurement:
    """Plan a procurement or grant round for an activity. The activity's start-procurement gate must be open."""
    today = today or timezone.localdate()
    gates.check_gate(activity, GateTransition.START_PROCUREMENT)
    procurement = Procurement(activity=activity, lead=actor, reference=data.get("reference", "").strip())
    kind = data.get("kind") or ProcurementKind.TENDER
    procurement.kind = kind
    for name in PLAN_FIELDS:
        if name in data and name != "procedure":
            setattr(procurement, name, data[name])
    if procurement.contract_start and procurement.contract_start <= today:
        raise ValidationError({"contract_start": "The contract start date must be in the future."})
    advice = _apply_route(procurement, today)
    procurement.procedure = data.get("procedure") or _default_procedure(procurement)
    if procurement.kind == ProcurementKind.GRANT_ROUND:
        procurement.price_formula = "none"
        procurement.quality_weight = Decimal("100")
    procurement.full_clean(exclude=["lead"])
    invited = list(data.get("invited") or [])
    _check_invitations(procurement, invited)
    with acting_as(actor):
        procurement.save()
        procurement.invited.set(invited)
        for number, title, item in procurement_steps():
            ProcurementStep.objects.create(procurement=procurement, number=number, title=title, guidance=item)
        _notices(procurement, advice)
        _replan(procurement, today)
    timeline_record(
        instance=procurement,
        actor=actor,
        verb=TimelineEvent.Verb.CREATED,
        summary=f"Planned {procurement.reference} for {activity}: {procurement.get_regime_display()}.",
    )
    return procurement


@transaction.atomic
def procurement_update(
    *, actor, procurement: Procurement, data: dict, expected_version, today=None
) -> Procurement:
    today = today or timezone.localdate()
    procurement = Procurement.objects.select_for_update().get(pk=procurement.pk)
    version_check(instance=procurement, expected_version=expected_version)
    if procurement.status != ProcurementStatus.PLANNING:
        raise ValidationError("This procurement is no longer being planned: its plan can no longer change.")
    changed = apply_changes(instance=procurement, data=data, fields=PLAN_FIELDS)
    if "invited" in data:
        invited = list(data["invited"] or [])
        _check_invitations(procurement, invited)
        if {o.pk for o in invited} != set(procurement.invited.values_list("pk", flat=True)):
            with acting_as(actor):
                procurement.invited.set(invited)
            timeline_record(
                instance=procurement,
                actor=actor,
                verb=TimelineEvent.Verb.NOTE,
                summary="Invited: " + (", ".join(o.name for o in invited) or "nobody"),
            )
    if not changed:
        return procurement
    if "contract_start" in changed and procurement.contract_start <= today:
        raise ValidationError({"contract_start": "The contract start date must be in the future."})
    with acting_as(actor):
        if set(changed) & set(ROUTE_FIELDS):
            advice = _apply_route(procurement, today)
            _notices(procurement, advice)
        procurement.full_clean()
        procurement.version += 1
        procurement.save()
        _replan(procurement, today)
    return procurement


@transaction.atomic
def step_update(*, actor, step: ProcurementStep, status: str, done_on, notes: str) -> ProcurementStep:
    if status == StepStatus.NOT_APPLICABLE and not notes.strip():
        raise ValidationError({"notes": "Say why this step does not apply."})
    if status == StepStatus.COMPLETE and not done_on:
        raise ValidationError({"done_on": "Enter the date the step was completed."})
    if done_on and done_on > timezone.localdate():
        raise ValidationError({"done_on": "The date the step was completed must be today or in the past."})
    step.status, step.done_on, step.notes = status, done_on if status == StepStatus.COMPLETE else None, notes
    with acting_as(actor):
        step.save()
    return step


@transaction.atomic
def milestone_done(*, actor, milestone: Milestone, done_on) -> Milestone:
    if done_on and done_on > timezone.localdate():
        raise ValidationError({"done_on": "The date must be today or in the past."})
    milestone.done_on = done_on
    with acting_as(actor):
        milestone.save()
    return milestone


@transaction.atomic
def notice_record(*, actor, notice: Notice, published_on, reference: str) -> Notice:
    if published_on and published_on > timezone.localdate():
        raise ValidationError({"published_on": "The publication date must be today or in the past."})
    notice.published_on, notice.reference = published_on, reference.strip()
    with acting_as(actor):
        notice.save()
    return notice


@transaction.atomic
def team_member_add(*, actor, procurement: Procurement, data: dict) -> TeamMember:
    member = TeamMember(procurement=procurement, **data)
    member.full_clean()
    with acting_as(actor):
        member.save()
    return member


@transaction.atomic
def team_member_archive(*, actor, member: TeamMember, reason: str) -> TeamMember:
    if not reason.strip():
        raise ValidationError({"reason": "Enter why this person is leaving the team"})
    record_archive(instance=member, actor=actor, reason=reason)
    return member


@transaction.atomic
def risk_save(*, actor, procurement: Procurement, data: dict, risk: Risk | None = None) -> Risk:
    risk = risk or Risk(procurement=procurement)
    for name, value in data.items():
        setattr(risk, name, value)
    risk.full_clean()
    with acting_as(actor):
        risk.save()
    return risk


@transaction.atomic
def conflict_assessment_record(*, actor, procurement: Procurement, data: dict) -> ConflictAssessment:
    assessment = ConflictAssessment(procurement=procurement, assessed_by=actor, **data)
    if assessment.assessed_on and assessment.assessed_on > timezone.localdate():
        raise ValidationError({"assessed_on": "The date of the assessment must be today or in the past."})
    if (
        assessment.next_review_on
        and assessment.assessed_on
        and assessment.next_review_on < assessment.assessed_on
    ):
        raise ValidationError({"next_review_on": "The next review must be on or after the assessment."})
    assessment.full_clean(exclude=["assessed_by"])
    with acting_as(actor):
        assessment.save()
    timeline_record(
        instance=procurement,
        actor=actor,
        verb=TimelineEvent.Verb.NOTE,
        summary=f"Conflicts assessment recorded; next review by {assessment.next_review_on:%-d %B %Y}.",
    )
    return assessment


def _deadline_problems(procurement, tender_deadline, clarification_deadline, now):
    problems = []

    def add(field, message):
        problems.append((field, message))

    if tender_deadline is None:
        add("tender_deadline", "Enter the closing date and time for bids.")
    elif tender_deadline <= now:
        add("tender_deadline", "The closing date must be in the future.")
    else:
        minimum = STATUTORY_MINIMUM_DAYS.get(procurement.regime, 0)
        if minimum and tender_deadline - now < timedelta(days=minimum):
            add(
                "tender_deadline",
                f"The closing date must be at least {minimum} days after publication for an above-threshold "
                f"procurement (Procurement Act 2023, section 54): no earlier than "
                f"{timezone.localtime(now + timedelta(days=minimum)):%-d %B %Y %H:%M}.",
            )
    if clarification_deadline is not None:
        if clarification_deadline <= now:
            add("clarification_deadline", "The clarification deadline must be in the future.")
        elif tender_deadline is not None and clarification_deadline >= tender_deadline:
            add("clarification_deadline", "The clarification deadline must be before the closing date.")
    return problems


def publication_problems(
    procurement: Procurement, *, tender_deadline: datetime | None, clarification_deadline, now: datetime
) -> dict[str, list[str]]:
    """Everything that stops the opportunity being published, by field ('' for the procurement as a whole)."""
    problems: dict[str, list[str]] = {}

    def add(field, message):
        problems.setdefault(field, []).append(message)

    if procurement.status != ProcurementStatus.PLANNING:
        add("", f"This procurement is already {procurement.get_status_display().lower()}.")
    for unmet in gates.unmet_conditions(procurement.activity, GateTransition.START_PROCUREMENT):
        add("", unmet.message)
    for field, message in _deadline_problems(procurement, tender_deadline, clarification_deadline, now):
        add(field, message)
    for message in weight_problems(procurement):
        add("", message)
    assessment = procurement.conflict_assessments.first()
    if assessment is None:
        add("", "Record the conflicts assessment first (Procurement Act 2023, section 83).")
    elif assessment.next_review_on < timezone.localdate(now):
        add(
            "",
            f"The conflicts assessment was due for review on {assessment.next_review_on:%-d %B %Y}: review it.",
        )
    return problems


@transaction.atomic
def procurement_publish(
    *, actor, procurement: Procurement, tender_deadline, clarification_deadline, now=None
) -> Procurement:
    now = now or timezone.now()
    procurement = Procurement.objects.select_for_update().get(pk=procurement.pk)
    problems = publication_problems(
        procurement, tender_deadline=tender_deadline, clarification_deadline=clarification_deadline, now=now
    )
    if problems:
        raise ValidationError({field or "__all__": messages for field, messages in problems.items()})
    procurement.status = ProcurementStatus.OPEN
    procurement.published_at = now
    procurement.tender_deadline = tender_deadline
    procurement.clarification_deadline = clarification_deadline
    procurement.version += 1
    with acting_as(actor):
        procurement.save()
    timeline_record(
        instance=procurement,
        actor=actor,
        verb=TimelineEvent.Verb.UPDATED,
        summary=f"Published: bids close {timezone.localtime(tender_deadline):%-d %B %Y at %H:%M}.",
    )
    return procurement


@transaction.atomic
def procurement_cancel(*, actor, procurement: Procurement, reason: str) -> Procurement:
    if not reason.strip():
        raise ValidationError({"reason": "Enter why the procurement is cancelled"})
    procurement = Procurement.objects.select_for_update().get(pk=procurement.pk)
    if procurement.status in (ProcurementStatus.AWARDED, ProcurementStatus.CANCELLED):
        raise ValidationError(f"This procurement is {procurement.get_status_display().lower()}.")
    procurement.status = ProcurementStatus.CANCELLED
    procurement.cancelled_reason = reason
    procurement.version += 1
    with acting_as(actor):
        procurement.save()
    timeline_record(
        instance=procurement, actor=actor, verb=TimelineEvent.Verb.UPDATED, summary=f"Cancelled: {reason}"
    )
    return procurement


@transaction.atomic
def lessons_learned_record(*, actor, procurement: Procurement, data: dict) -> Procurement:
    held_on = data.get("lessons_learned_on")
    if held_on and held_on > timezone.localdate() and data.get("lessons_learned"):
        raise ValidationError(
            {"lessons_learned": "Record what was learned after the meeting has taken place."}
        )
    # A fresh copy, and only these fields written: the caller's copy may be older than the award.
    procurement = Procurement.objects.select_for_update().get(pk=procurement.pk)
    fields = [name for name in ("lessons_learned_on", "lessons_learned", "panel_feedback") if name in data]
    with acting_as(actor):
        for name in fields:
            setattr(procurement, name, data[name])
        procurement.save(update_fields=[*fields, "updated_at"])
    return procurement


def _planning_only(procurement: Procurement, what: str) -> None:
    if procurement.status != ProcurementStatus.PLANNING:
        raise ValidationError(
            f"The {what} cannot change once the opportunity is published: bidders have been told how they are scored."
        )


@transaction.atomic
def evaluation_setup_update(*, actor, procurement: Procurement, data: dict, expected_version) -> Procurement:
    procurement = Procurement.objects.select_for_update().get(pk=procurement.pk)
    version_check(instance=procurement, expected_version=expected_version)
    _planning_only(procurement, "weights and scale")
    fields = ["price_weight", "quality_weight", "social_value_weight", "price_formula", "scoring_scale"]
    if apply_changes(instance=procurement, data=data, fields=fields):
        total = procurement.price_weight + procurement.quality_weight + procurement.social_value_weight
        if total != 100:
            raise ValidationError(f"Price, quality and social value total {total:f}%: they must total 100%.")
        procurement.full_clean()
        procurement.version += 1
        with acting_as(actor):
            procurement.save()
    return procurement


@transaction.atomic
def question_save(
    *, actor, procurement: Procurement, data: dict, question: Question | None = None
) -> Question:
    _planning_only(procurement, "questions")
    question = question or Question(procurement=procurement)
    for name, value in data.items():
        setattr(question, name, value)
    if question.criterion == Criterion.PASS_FAIL and question.weight:
        raise ValidationError({"weight": "A pass or fail question has no weight: enter 0"})
    if question.added_value and question.criterion != Criterion.SOCIAL_VALUE:
        raise ValidationError({"added_value": "Only a social value question asks for added value"})
    duplicate = procurement.questions.active().filter(number=question.number).exclude(pk=question.pk)
    if duplicate.exists():
        raise ValidationError({"number": f"Another question is numbered {question.number}."})
    question.full_clean()
    with acting_as(actor):
        question.save()
    return question


@transaction.atomic
def question_archive(*, actor, question: Question, reason: str) -> Question:
    _planning_only(question.procurement, "questions")
    if not reason.strip():
        raise ValidationError({"reason": "Enter why the question is removed"})
    record_archive(instance=question, actor=actor, reason=reason)
    return question
