"""Writes for funding: streams and the services they pay for, pooled and aligned budgets with their
contributions, allocations and commitments, and workforce and market development plans. Views, the demo and
the tests call these; each checks its rule, writes the audit trail and the record's timeline."""

from decimal import Decimal
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone

from commissioning.core.audit import acting_as
from commissioning.core.models import TimelineEvent
from commissioning.core.services import (
    apply_changes,
    record_archive,
    record_restore,
    timeline_record,
    version_check,
)
from commissioning.cycle.evidence import check_upload
from commissioning.cycle.models import CommissioningActivity, EvidenceKind
from commissioning.cycle.services import evidence_add
from commissioning.funding.models import (
    ALLOCATION_TARGETS,
    Allocation,
    Commitment,
    Contribution,
    DevelopmentPlan,
    FundingStream,
    MarketAction,
    PooledBudget,
    ServiceFunding,
    TrainingItem,
    year_label,
)
from commissioning.organisations.models import Sector

STREAM_FIELDS = [
    "name",
    "partner",
    "source",
    "financial_year",
    "amount",
    "ring_fenced",
    "restrictions",
    "start_date",
    "end_date",
]
BUDGET_FIELDS = [
    "name",
    "arrangement",
    "purpose",
    "host",
    "holder_user",
    "holder_name",
    "holder_role",
    "first_year",
    "last_year",
    "agreement_signed_on",
    "scheme_of_delegation",
]
CONTRIBUTION_FIELDS = ["partner", "financial_year", "amount", "notes"]
ALLOCATION_FIELDS = ["financial_year", *ALLOCATION_TARGETS, "amount", "description"]
COMMITMENT_FIELDS = ["amount", "committed_on", "description", "reference"]
PLAN_FIELDS = ["activity", "title", "skills_gaps", "sectors", "market_summary"]
TRAINING_FIELDS = ["what", "for_whom", "planned_for", "cost"]
ACTION_FIELDS = ["action", "owner", "due_on", "status"]
PENNY = Decimal("0.01")
STEP_WORKFORCE = 8


def money(amount: Decimal | None) -> str:
    return "£0.00" if amount is None else f"£{amount:,.2f}"


# Shared checks ------------------------------------------------------------------------------------------------


def _stripped(data: dict, fields: list[str]) -> dict:
    return {
        name: value.strip() if isinstance(value, str) else value
        for name, value in data.items()
        if name in fields
    }


def _check_amount(value, field: str = "amount", label: str = "amount", required: bool = True) -> dict:
    if value is None:
        return {field: f"Enter the {label} in pounds"} if required else {}
    if not isinstance(value, Decimal):
        return {field: f"Enter the {label} as a number of pounds, like 1250.50"}
    if value < 0:
        return {field: f"The {label} cannot be negative"}
    if value != value.quantize(PENNY):
        return {field: f"Enter the {label} in pounds and pence, with at most 2 decimal places"}
    return {}


def _full_clean(instance, errors: dict, exclude=()) -> None:
    try:
        instance.full_clean(exclude=[*errors, *exclude], validate_constraints=True)
    except ValidationError as exc:
        for field, messages in exc.message_dict.items():
            errors.setdefault(field, messages[0])
    if errors:
        raise ValidationError(errors)


def _check_partner(organisation, field: str, errors: dict) -> None:
    if organisation is None:
        return
    if organisation.is_archived:
        errors[field] = f"{organisation} is archived; restore it or choose another partner."
    elif not organisation.is_partner:
        errors[field] = f"{organisation} is not a partner of the partnership. Mark it as a partner first."


def _create(instance, *, actor, summary: str, timeline_on=None):
    with acting_as(actor):
        instance.save()
    timeline_record(
        instance=timeline_on or instance,
        actor=actor,
        verb=TimelineEvent.Verb.NOTE if timeline_on else TimelineEvent.Verb.CREATED,
        summary=summary,
    )
    return instance


def _archive(model, record, *, actor, reason: str, noun: str, timeline_on=None):
    if not (reason or "").strip():
        raise ValidationError({"reason": f"Enter why you are archiving this {noun}."})
    record = model.objects.select_for_update().get(pk=record.pk)
    with acting_as(actor):
        record_archive(instance=record, actor=actor, reason=reason.strip())
    if timeline_on is not None:
        timeline_record(
            instance=timeline_on(record),
            actor=actor,
            verb=TimelineEvent.Verb.NOTE,
            summary=f"Removed {noun} {record}: {reason.strip()}",
        )
    return record


def _restore(model, record, *, actor):
    record = model.objects.select_for_update().get(pk=record.pk)
    with acting_as(actor):
        record_restore(instance=record, actor=actor)
    return record


# Funding streams ---------------------------------------------------------------------------------------------


def _check_stream(stream: FundingStream) -> None:
    errors = _check_amount(stream.amount)
    _check_partner(stream.partner if stream.partner_id else None, "partner", errors)
    if stream.start_date and stream.end_date and stream.end_date <= stream.start_date:
        errors["end_date"] = "The end date must be after the start date"
    _full_clean(stream, errors)


@transaction.atomic
def stream_create(*, actor, data: dict) -> FundingStream:
    stream = FundingStream(**_stripped(data, STREAM_FIELDS))
    _check_stream(stream)
    return _create(stream, actor=actor, summary="Funding stream added")


@transaction.atomic
def stream_update(*, actor, stream: FundingStream, data: dict, expected_version: int | None) -> FundingStream:
    stream = FundingStream.objects.select_for_update().get(pk=stream.pk)
    version_check(instance=stream, expected_version=expected_version)
    if stream.is_archived:
        raise ValidationError("Restore this funding stream before changing it.")
    changed = apply_changes(instance=stream, data=_stripped(data, STREAM_FIELDS), fields=STREAM_FIELDS)
    _check_stream(stream)
    if changed:
        stream.version += 1
        with acting_as(actor):
            stream.save()
    return stream


@transaction.atomic
def stream_archive(*, actor, stream: FundingStream, reason: str) -> FundingStream:
    return _archive(FundingStream, stream, actor=actor, reason=reason, noun="funding stream")


@transaction.atomic
def stream_restore(*, actor, stream: FundingStream) -> FundingStream:
    return _restore(FundingStream, stream, actor=actor)


@transaction.atomic
def service_funding_add(*, actor, stream: FundingStream, service, annual_amount) -> ServiceFunding:
    """Record that the stream pays `annual_amount` a year towards a service in the register."""
    if stream.is_archived:
        raise ValidationError("Restore this funding stream before linking services to it.")
    errors = _check_amount(annual_amount, "annual_amount", "amount a year")
    if service is None:
        errors["service"] = "Select the service"
    elif service.is_archived:
        errors["service"] = f"{service} is archived; restore it first."
    elif ServiceFunding.objects.active().filter(stream=stream, service=service).exists():
        errors["service"] = f"This stream already funds {service}. Remove that link first to change it."
    if not errors:
        linked = ServiceFunding.objects.active().filter(stream=stream).aggregate(total=Sum("annual_amount"))
        total = (linked["total"] or Decimal(0)) + annual_amount
        if total > stream.amount:
            errors["annual_amount"] = (
                f"This would take the services paid for by {stream.name} to {money(total)} a year, "
                f"{money(total - stream.amount)} more than the stream's {money(stream.amount)}."
            )
    if errors:
        raise ValidationError(errors)
    link = ServiceFunding(stream=stream, service=service, annual_amount=annual_amount)
    return _create(
        link,
        actor=actor,
        summary=f"Pays {money(annual_amount)} a year towards {service}",
        timeline_on=stream,
    )


@transaction.atomic
def service_funding_archive(*, actor, link: ServiceFunding, reason: str) -> ServiceFunding:
    return _archive(
        ServiceFunding, link, actor=actor, reason=reason, noun="service link", timeline_on=lambda r: r.stream
    )


# Pooled and aligned budgets ----------------------------------------------------------------------------------


def _check_budget(budget: PooledBudget) -> None:
    errors = {}
    _check_partner(budget.host if budget.host_id else None, "host", errors)
    if not budget.holder_user_id and not budget.holder_name:
        errors["holder_name"] = "Select the budget holder, or enter their name and role"
    if budget.holder_user_id and budget.holder_name:
        errors["holder_name"] = "Select a budget holder with an account or enter a name, not both"
    if budget.first_year and budget.last_year and budget.last_year < budget.first_year:
        errors["last_year"] = "The last financial year cannot be before the first"
    if budget.agreement_signed_on and budget.agreement_signed_on > timezone.localdate():
        errors["agreement_signed_on"] = "The date the agreement was signed must be today or in the past"
    if budget.pk:
        years = set(budget.contributions.active().values_list("financial_year", flat=True)) | set(
            budget.allocations.active().values_list("financial_year", flat=True)
        )
        outside = sorted(y for y in years if not budget.first_year <= y <= (budget.last_year or 0))
        if outside and "last_year" not in errors:
            errors["last_year"] = (
                "Contributions or allocations are recorded for "
                + ", ".join(year_label(y) for y in outside)
                + ", outside these years. Remove them first or cover those years."
            )
    _full_clean(budget, errors, exclude=["agreement_file"])


def _store_agreement(budget: PooledBudget, upload) -> None:
    try:
        content_type = check_upload(upload)
    except ValidationError as exc:
        raise ValidationError({"agreement_file": exc.message_dict["file"]}) from exc
    budget.agreement_content_type = content_type
    budget.agreement_file_name = Path(upload.name).name[:255]
    budget.agreement_file_size = upload.size
    budget.agreement_file.save(budget.agreement_file_name, upload, save=False)


@transaction.atomic
def budget_create(*, actor, data: dict, agreement_file=None) -> PooledBudget:
    budget = PooledBudget(**_stripped(data, BUDGET_FIELDS))
    _check_budget(budget)
    with acting_as(actor):
        budget.save()
        if agreement_file is not None:
            _store_agreement(budget, agreement_file)
            budget.save()
    timeline_record(
        instance=budget,
        actor=actor,
        verb=TimelineEvent.Verb.CREATED,
        summary=f"{budget.get_arrangement_display()} set up",
    )
    return budget


@transaction.atomic
def budget_update(
    *, actor, budget: PooledBudget, data: dict, expected_version: int | None, agreement_file=None
) -> PooledBudget:
    budget = PooledBudget.objects.select_for_update().get(pk=budget.pk)
    version_check(instance=budget, expected_version=expected_version)
    if budget.is_archived:
        raise ValidationError("Restore this budget before changing it.")
    changed = apply_changes(instance=budget, data=_stripped(data, BUDGET_FIELDS), fields=BUDGET_FIELDS)
    _check_budget(budget)
    if changed or agreement_file is not None:
        budget.version += 1
        with acting_as(actor):
            if agreement_file is not None:
                _store_agreement(budget, agreement_file)
            budget.save()
        if agreement_file is not None:
            timeline_record(
                instance=budget,
                actor=actor,
                verb=TimelineEvent.Verb.NOTE,
                summary=f"Signed agreement uploaded: {budget.agreement_file_name}",
            )
    return budget


@transaction.atomic
def budget_archive(*, actor, budget: PooledBudget, reason: str) -> PooledBudget:
    return _archive(PooledBudget, budget, actor=actor, reason=reason, noun="budget")


@transaction.atomic
def budget_restore(*, actor, budget: PooledBudget) -> PooledBudget:
    return _restore(PooledBudget, budget, actor=actor)


def _check_open(budget: PooledBudget) -> None:
    if budget.is_archived:
        raise ValidationError("This budget is archived; restore it first.")


def _check_year(budget: PooledBudget, year, errors: dict) -> None:
    if year is None:
        errors["financial_year"] = "Select the financial year"
    elif not budget.first_year <= year <= budget.last_year:
        errors["financial_year"] = (
            f"{year_label(year)} is outside the years the budget covers ({budget.years_label})"
        )


@transaction.atomic
def contribution_add(*, actor, budget: PooledBudget, data: dict) -> Contribution:
    budget = PooledBudget.objects.select_for_update().get(pk=budget.pk)
    _check_open(budget)
    contribution = Contribution(budget=budget, **_stripped(data, CONTRIBUTION_FIELDS))
    errors = _check_amount(contribution.amount)
    _check_partner(contribution.partner if contribution.partner_id else None, "partner", errors)
    _check_year(budget, contribution.financial_year, errors)
    if (
        not errors
        and Contribution.objects.active()
        .filter(budget=budget, partner=contribution.partner, financial_year=contribution.financial_year)
        .exists()
    ):
        errors["partner"] = (
            f"{contribution.partner}'s contribution for {year_label(contribution.financial_year)} is already "
            "recorded. Change that contribution instead."
        )
    _full_clean(contribution, errors, exclude=["budget"])
    return _create(
        contribution,
        actor=actor,
        summary=f"{contribution.partner} contributes {money(contribution.amount)} in "
        f"{year_label(contribution.financial_year)}",
        timeline_on=budget,
    )


@transaction.atomic
def contribution_update(
    *, actor, contribution: Contribution, amount, notes: str = "", expected_version: int | None
) -> Contribution:
    contribution = Contribution.objects.select_for_update().select_related("budget").get(pk=contribution.pk)
    version_check(instance=contribution, expected_version=expected_version)
    _check_open(contribution.budget)
    if contribution.is_archived:
        raise ValidationError("This contribution has been removed.")
    errors = _check_amount(amount)
    if errors:
        raise ValidationError(errors)
    before = contribution.amount
    changed = apply_changes(
        instance=contribution, data={"amount": amount, "notes": notes.strip()}, fields=["amount", "notes"]
    )
    if changed:
        contribution.version += 1
        with acting_as(actor):
            contribution.save()
        if "amount" in changed:
            timeline_record(
                instance=contribution.budget,
                actor=actor,
                verb=TimelineEvent.Verb.NOTE,
                summary=f"{contribution.partner}'s contribution for {year_label(contribution.financial_year)} "
                f"changed from {money(before)} to {money(amount)}",
            )
    return contribution


@transaction.atomic
def contribution_archive(*, actor, contribution: Contribution, reason: str) -> Contribution:
    return _archive(
        Contribution,
        contribution,
        actor=actor,
        reason=reason,
        noun="contribution",
        timeline_on=lambda r: r.budget,
    )


def year_totals(budget: PooledBudget, year: int) -> tuple[Decimal, Decimal]:
    """(pooled, allocated) for one year of a budget, from the database."""
    pooled = budget.contributions.active().filter(financial_year=year).aggregate(total=Sum("amount"))["total"]
    allocated = (
        budget.allocations.active().filter(financial_year=year).aggregate(total=Sum("amount"))["total"]
    )
    return pooled or Decimal(0), allocated or Decimal(0)


def over_allocation_message(*, amount: Decimal, year: int, allocated_after: Decimal, pooled: Decimal) -> str:
    return (
        f"This allocation of {money(amount)} would take {year_label(year)}'s allocations to "
        f"{money(allocated_after)}, {money(allocated_after - pooled)} more than the {money(pooled)} pooled."
    )


@transaction.atomic
def allocation_add(
    *, actor, budget: PooledBudget, data: dict, override: bool = False, override_reason: str = ""
) -> Allocation:
    """Set aside part of a year's budget for an activity, a service or an agreement. The year's allocations may not go
    beyond its contributions unless the person ticks the override and gives a reason; the override is kept on
    the allocation and in the budget's timeline."""
    budget = PooledBudget.objects.select_for_update().get(pk=budget.pk)
    _check_open(budget)
    allocation = Allocation(budget=budget, **_stripped(data, ALLOCATION_FIELDS))
    errors = _check_amount(allocation.amount)
    _check_year(budget, allocation.financial_year, errors)
    targets = [name for name in ALLOCATION_TARGETS if getattr(allocation, f"{name}_id") is not None]
    if len(targets) != 1:
        errors["activity"] = (
            "Choose one commissioning activity, one service or one agreement to allocate the money to"
        )
    else:
        target = allocation.target
        if target.is_archived:
            errors[targets[0]] = f"{target} is archived; choose another."
    if errors:
        raise ValidationError(errors)
    pooled, allocated = year_totals(budget, allocation.financial_year)
    allocated_after = allocated + allocation.amount
    beyond = allocated_after > pooled
    reason = (override_reason or "").strip()
    if beyond and not override:
        raise ValidationError(
            {
                "amount": over_allocation_message(
                    amount=allocation.amount,
                    year=allocation.financial_year,
                    allocated_after=allocated_after,
                    pooled=pooled,
                )
                + " Reduce the amount, record more contributions, or tick the override and give a reason."
            }
        )
    if beyond and not reason:
        raise ValidationError({"override_reason": "Give the reason for allocating beyond what is pooled"})
    if beyond:
        allocation.override_reason = reason
        allocation.override_by = actor if getattr(actor, "is_authenticated", False) else None
        allocation.override_at = timezone.now()
    _full_clean(allocation, {}, exclude=["budget", "override_by"])
    with acting_as(actor):
        allocation.save()
    summary = (
        f"Allocated {money(allocation.amount)} in {year_label(allocation.financial_year)} to "
        f"{allocation.target_kind.lower()} {allocation.target}"
    )
    if beyond:
        summary += (
            f". Override: allocations go {money(allocated_after - pooled)} beyond the {money(pooled)} pooled. "
            f"Reason: {reason}"
        )
    timeline_record(instance=budget, actor=actor, verb=TimelineEvent.Verb.NOTE, summary=summary)
    return allocation


@transaction.atomic
def allocation_archive(*, actor, allocation: Allocation, reason: str) -> Allocation:
    if allocation.commitments.active().exists():
        raise ValidationError(
            {"reason": "Money is committed against this allocation; remove the commitments first."}
        )
    return _archive(
        Allocation, allocation, actor=actor, reason=reason, noun="allocation", timeline_on=lambda r: r.budget
    )


@transaction.atomic
def commitment_add(*, actor, allocation: Allocation, data: dict) -> Commitment:
    allocation = Allocation.objects.select_for_update().select_related("budget").get(pk=allocation.pk)
    _check_open(allocation.budget)
    if allocation.is_archived:
        raise ValidationError("This allocation has been removed.")
    commitment = Commitment(allocation=allocation, **_stripped(data, COMMITMENT_FIELDS))
    errors = _check_amount(commitment.amount)
    if not commitment.description:
        errors["description"] = "Enter what the money is committed to"
    _full_clean(commitment, errors, exclude=["allocation"])
    return _create(
        commitment,
        actor=actor,
        summary=f"Committed {money(commitment.amount)} against the allocation to {allocation.target}: "
        f"{commitment.description}",
        timeline_on=allocation.budget,
    )


@transaction.atomic
def commitment_archive(*, actor, commitment: Commitment, reason: str) -> Commitment:
    return _archive(
        Commitment,
        commitment,
        actor=actor,
        reason=reason,
        noun="commitment",
        timeline_on=lambda r: r.allocation.budget,
    )


# Workforce and market development plans -------------------------------------------------------------------


def _check_plan(plan: DevelopmentPlan) -> None:
    errors = {}
    if plan.activity_id and plan.activity.is_archived:
        errors["activity"] = "That commissioning activity is archived; choose another."
    if any(code not in Sector.values for code in plan.sectors or []):
        errors["sectors"] = "Choose sectors from the list"
    if not plan.title:
        errors["title"] = "Enter a title for the plan"
    _full_clean(plan, errors)


@transaction.atomic
def plan_create(*, actor, data: dict) -> DevelopmentPlan:
    data = _stripped(data, PLAN_FIELDS)
    data["sectors"] = [code for code in Sector.values if code in (data.get("sectors") or [])] + [
        code for code in (data.get("sectors") or []) if code not in Sector.values
    ]
    plan = DevelopmentPlan(**data)
    _check_plan(plan)
    plan = _create(plan, actor=actor, summary="Workforce and market development plan added")
    timeline_record(
        instance=plan.activity,
        actor=actor,
        verb=TimelineEvent.Verb.NOTE,
        summary=f"Workforce and market development plan added: {plan.title}",
    )
    return plan


@transaction.atomic
def plan_update(*, actor, plan: DevelopmentPlan, data: dict, expected_version: int | None) -> DevelopmentPlan:
    plan = DevelopmentPlan.objects.select_for_update().get(pk=plan.pk)
    version_check(instance=plan, expected_version=expected_version)
    if plan.is_archived:
        raise ValidationError("Restore this plan before changing it.")
    changed = apply_changes(instance=plan, data=_stripped(data, PLAN_FIELDS), fields=PLAN_FIELDS)
    _check_plan(plan)
    if changed:
        plan.version += 1
        with acting_as(actor):
            plan.save()
    return plan


@transaction.atomic
def plan_archive(*, actor, plan: DevelopmentPlan, reason: str) -> DevelopmentPlan:
    return _archive(DevelopmentPlan, plan, actor=actor, reason=reason, noun="plan")


@transaction.atomic
def plan_restore(*, actor, plan: DevelopmentPlan) -> DevelopmentPlan:
    return _restore(DevelopmentPlan, plan, actor=actor)


def _check_plan_open(plan: DevelopmentPlan) -> None:
    if plan.is_archived:
        raise ValidationError("This plan is archived; restore it first.")


@transaction.atomic
def training_add(*, actor, plan: DevelopmentPlan, data: dict) -> TrainingItem:
    _check_plan_open(plan)
    item = TrainingItem(plan=plan, **_stripped(data, TRAINING_FIELDS))
    errors = _check_amount(item.cost, "cost", "cost", required=False)
    _full_clean(item, errors, exclude=["plan"])
    return _create(item, actor=actor, summary=f"Training planned: {item.what}", timeline_on=plan)


@transaction.atomic
def training_archive(*, actor, item: TrainingItem, reason: str) -> TrainingItem:
    return _archive(
        TrainingItem, item, actor=actor, reason=reason, noun="training", timeline_on=lambda r: r.plan
    )


@transaction.atomic
def action_add(*, actor, plan: DevelopmentPlan, data: dict) -> MarketAction:
    _check_plan_open(plan)
    action = MarketAction(plan=plan, **_stripped(data, ACTION_FIELDS))
    _full_clean(action, {}, exclude=["plan"])
    return _create(
        action, actor=actor, summary=f"Market development action added: {action.action}", timeline_on=plan
    )


@transaction.atomic
def action_update(*, actor, action: MarketAction, data: dict, expected_version: int | None) -> MarketAction:
    action = MarketAction.objects.select_for_update().select_related("plan").get(pk=action.pk)
    version_check(instance=action, expected_version=expected_version)
    _check_plan_open(action.plan)
    before = action.get_status_display()
    changed = apply_changes(instance=action, data=_stripped(data, ACTION_FIELDS), fields=ACTION_FIELDS)
    _full_clean(action, {}, exclude=["plan"])
    if changed:
        action.version += 1
        with acting_as(actor):
            action.save()
        if "status" in changed:
            timeline_record(
                instance=action.plan,
                actor=actor,
                verb=TimelineEvent.Verb.NOTE,
                summary=f"{action.action}: {before} → {action.get_status_display()}",
            )
    return action


@transaction.atomic
def action_archive(*, actor, action: MarketAction, reason: str) -> MarketAction:
    return _archive(
        MarketAction, action, actor=actor, reason=reason, noun="action", timeline_on=lambda r: r.plan
    )


@transaction.atomic
def plan_save_as_evidence(*, actor, plan: DevelopmentPlan, path: str):
    """Link the plan from step 8 of its activity as evidence, through the cycle app's own evidence service."""
    _check_plan_open(plan)
    activity = CommissioningActivity.objects.get(pk=plan.activity_id)
    return evidence_add(
        actor=actor,
        step=activity.steps.get(number=STEP_WORKFORCE),
        kind=EvidenceKind.RECORD,
        title=f"Workforce and market development plan: {plan.title}",
        record_path=path,
    )
