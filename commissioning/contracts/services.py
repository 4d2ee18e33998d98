"""Writes for the contracts register: agreements, payment schedules and payments, extension decisions, variations
and termination. Views, the import, the API and the demo call these."""

from datetime import date, timedelta
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from commissioning.contracts.models import (
    SIMPLIFIED_TERMS_BELOW,
    Agreement,
    AgreementStatus,
    ExtensionDecision,
    ExtensionOutcome,
    Payment,
    PaymentSchedule,
    ScheduleBasis,
    Variation,
    add_months,
)
from commissioning.core.audit import acting_as
from commissioning.core.models import TimelineEvent
from commissioning.core.services import (
    apply_changes,
    record_archive,
    record_restore,
    timeline_record,
    version_check,
)
from commissioning.procurement.timetable.calendar import is_working_day

AGREEMENT_FIELDS = [
    "reference",
    "title",
    "description",
    "agreement_type",
    "provider",
    "commissioner",
    "activity",
    "procurement",
    "award",
    "service",
    "annual_value",
    "whole_life_value",
    "starts_on",
    "ends_on",
    "extension_options",
    "latest_end_on",
    "status",
    "signed_on",
    "simplified_terms",
    "payment_basis",
    "monitoring_officer",
    "notice_months",
]
MAX_INSTALMENTS = 600


def _normalise(data: dict) -> dict:
    data = dict(data)
    for key in ("reference", "title", "description", "extension_options"):
        if isinstance(data.get(key), str):
            data[key] = data[key].strip()
    if isinstance(data.get("reference"), str):
        data["reference"] = data["reference"].upper()
    return data


def check_agreement(agreement: Agreement, *, imported: bool = False) -> None:
    """The business rules beyond the model's own checks; every problem at once, by field. An import has checked
    the references against the register and the rest of the file, and found each organisation in the database:
    it skips those per-row queries."""
    errors: dict[str, str] = {}
    if agreement.provider_id and agreement.provider.is_archived:
        errors["provider"] = f"{agreement.provider} is archived; restore it or choose another provider."
    if agreement.commissioner_id and agreement.commissioner.is_archived:
        errors["commissioner"] = f"{agreement.commissioner} is archived; choose another partner."
    if agreement.starts_on and agreement.ends_on and agreement.ends_on < agreement.starts_on:
        errors["ends_on"] = "The end date must be the same as or after the start date."
    if agreement.latest_end_on and agreement.ends_on and agreement.latest_end_on < agreement.ends_on:
        errors["latest_end_on"] = (
            "The latest end date, with every extension, must be on or after the end date."
        )
    if (
        agreement.simplified_terms
        and agreement.whole_life_value is not None
        and agreement.whole_life_value >= SIMPLIFIED_TERMS_BELOW
    ):
        errors["simplified_terms"] = (
            f"Simplified terms are only for agreements worth less than £{SIMPLIFIED_TERMS_BELOW:,} over their "
            f"whole life (Islington standard 4.6). This one is worth £{agreement.whole_life_value:,.2f}: "
            "use the full terms and conditions."
        )
    if (
        agreement.annual_value is not None
        and agreement.whole_life_value is not None
        and agreement.annual_value > agreement.whole_life_value
    ):
        errors["whole_life_value"] = "The whole-life value cannot be less than the annual value."
    try:
        resolved = ["provider", "commissioner"] if imported else []
        agreement.full_clean(
            exclude=[*errors, "funding_streams", *resolved],
            validate_unique=not imported,
            validate_constraints=False,
        )
    except ValidationError as exc:
        for field, messages in exc.message_dict.items():
            errors.setdefault(field, messages[0])
    if errors:
        raise ValidationError(errors)


def agreement_build(data: dict) -> Agreement:
    """An unsaved agreement from the given data, normalised as every write does."""
    data = _normalise(data)
    return Agreement(**{k: v for k, v in data.items() if k in AGREEMENT_FIELDS})


@transaction.atomic
def agreement_create(*, actor, data: dict, funding_streams=()) -> Agreement:
    agreement = agreement_build(data)
    check_agreement(agreement)
    with acting_as(actor):
        agreement.save()
        if funding_streams:
            agreement.funding_streams.set(funding_streams)
    timeline_record(
        instance=agreement, actor=actor, verb=TimelineEvent.Verb.CREATED, summary="Agreement added"
    )
    return agreement


def _check_status_change(agreement: Agreement, was: str) -> None:
    """Ending early goes through a termination, with its date and reason; an agreement ends on its end date."""
    if agreement.status == was:
        return
    if agreement.status == AgreementStatus.TERMINATED:
        raise ValidationError({"status": "Record the termination instead, with its date and reason."})
    if agreement.status == AgreementStatus.ENDED and agreement.ends_on > timezone.localdate():
        raise ValidationError(
            {
                "status": f"It ends on {agreement.ends_on:%-d %B %Y}: to end it before then, record a termination "
                "with its date and reason."
            }
        )


@transaction.atomic
def agreement_update(
    *, actor, agreement: Agreement, data: dict, expected_version: int | None, funding_streams=None
) -> Agreement:
    """Change an agreement (and, when given, its funding streams); a stale version is refused.
    `agreement.changed` says whether anything changed."""
    agreement = Agreement.objects.select_for_update().get(pk=agreement.pk)
    version_check(instance=agreement, expected_version=expected_version)
    if agreement.is_archived:
        raise ValidationError("Restore this agreement before changing it.")
    was = agreement.status
    changed = apply_changes(instance=agreement, data=_normalise(data), fields=AGREEMENT_FIELDS)
    _check_status_change(agreement, was)
    check_agreement(agreement)
    streams_changed = funding_streams is not None and set(agreement.funding_streams.all()) != set(
        funding_streams
    )
    if changed or streams_changed:
        agreement.version += 1
        with acting_as(actor):
            agreement.save()
            if streams_changed:
                agreement.funding_streams.set(funding_streams)
    agreement.changed = bool(changed or streams_changed)
    return agreement


@transaction.atomic
def agreement_archive(*, actor, agreement: Agreement, reason: str) -> Agreement:
    if not reason.strip():
        raise ValidationError({"reason": "Enter why you are archiving this agreement."})
    agreement = Agreement.objects.select_for_update().get(pk=agreement.pk)
    with acting_as(actor):
        record_archive(instance=agreement, actor=actor, reason=reason.strip())
    return agreement


@transaction.atomic
def agreement_restore(*, actor, agreement: Agreement) -> Agreement:
    agreement = Agreement.objects.select_for_update().get(pk=agreement.pk)
    with acting_as(actor):
        record_restore(instance=agreement, actor=actor)
    return agreement


def _locked_live(agreement: Agreement) -> Agreement:
    agreement = Agreement.objects.select_for_update().get(pk=agreement.pk)
    if agreement.is_archived:
        raise ValidationError("Restore this agreement first.")
    return agreement


# Payments -------------------------------------------------------------------------------------------------------


def fifteenth_working_day(year: int, month: int) -> date:
    """The 15th working day of a month: weekdays other than the bank holidays of England and Wales."""
    day, count = date(year, month, 1), 0
    while True:
        if is_working_day(day):
            count += 1
            if count == 15:
                return day
        day += timedelta(days=1)


def instalment_dates(*, basis: str, first_due_on: date, until: date) -> list[date]:
    """Every due date from the first up to and including `until`."""
    step = {
        ScheduleBasis.MONTHLY_IN_ADVANCE: 1,
        ScheduleBasis.MONTHLY_IN_ARREARS: 1,
        ScheduleBasis.FIFTEENTH_WORKING_DAY: 1,
        ScheduleBasis.QUARTERLY_IN_ADVANCE: 3,
        ScheduleBasis.QUARTERLY_IN_ARREARS: 3,
        ScheduleBasis.ANNUALLY: 12,
    }[basis]
    dates = []
    for index in range(MAX_INSTALMENTS):
        day = add_months(first_due_on, index * step)
        if basis == ScheduleBasis.FIFTEENTH_WORKING_DAY:
            day = fifteenth_working_day(day.year, day.month)
            if index == 0 and day < first_due_on:
                continue
        if day > until:
            break
        dates.append(day)
    return dates


@transaction.atomic
def schedule_set(
    *, actor, agreement: Agreement, basis: str, amount: Decimal, first_due_on: date
) -> PaymentSchedule:
    """Set the payment schedule and generate the instalments due from the first due date to the end date. Paid
    instalments are kept; unpaid generated ones are replaced."""
    agreement = _locked_live(agreement)
    errors = {}
    if basis not in ScheduleBasis.values:
        errors["basis"] = "Choose how the agreement is paid."
    if amount is None or amount < 0:
        errors["amount"] = "Enter the amount of each instalment in pounds, like 2500.00."
    if first_due_on is None:
        errors["first_due_on"] = "Enter the date the first payment is due."
    elif first_due_on > agreement.ends_on:
        errors["first_due_on"] = (
            f"The first payment must be due by the agreement's end date, {agreement.ends_on:%d %B %Y}."
        )
    elif first_due_on < agreement.starts_on:
        errors["first_due_on"] = (
            f"The first payment cannot be due before the agreement starts on {agreement.starts_on:%d %B %Y}."
        )
    if errors:
        raise ValidationError(errors)
    dates = instalment_dates(basis=basis, first_due_on=first_due_on, until=agreement.ends_on)
    with acting_as(actor):
        schedule, _ = PaymentSchedule.objects.update_or_create(
            agreement=agreement, defaults={"basis": basis, "amount": amount, "first_due_on": first_due_on}
        )
        generated = agreement.payments.active().filter(from_schedule=True)
        stale = generated.filter(paid_on__isnull=True, invoice_received_on__isnull=True)
        kept = set(generated.exclude(pk__in=stale).values_list("due_on", flat=True))
        # Unpaid instalments of the old schedule are archived, never deleted.
        stale.update(
            archived_at=timezone.now(),
            archived_by=actor if getattr(actor, "is_authenticated", False) else None,
            archived_reason="Replaced by a new payment schedule",
        )
        Payment.objects.bulk_create(
            [
                Payment(agreement=agreement, due_on=day, amount=amount, from_schedule=True)
                for day in dates
                if day not in kept
            ]
        )
    timeline_record(
        instance=agreement,
        actor=actor,
        verb=TimelineEvent.Verb.NOTE,
        summary=f"Payment schedule set: {schedule.get_basis_display().lower()}, £{amount:,.2f} each, "
        f"{len(dates)} instalments from {first_due_on:%d %B %Y}",
    )
    return schedule


def _check_payment(payment: Payment) -> None:
    errors = {}
    if payment.amount is None or payment.amount < 0:
        errors["amount"] = "Enter the amount in pounds, like 2500.00."
    if payment.paid_on and not payment.invoice_received_on:
        errors["invoice_received_on"] = (
            "Enter the date the invoice was received as well as the date it was paid."
        )
    if payment.paid_on and payment.invoice_received_on and payment.paid_on < payment.invoice_received_on:
        errors["paid_on"] = "The paid date cannot be before the invoice was received."
    if payment.invoice_received_on and not payment.invoice_reference:
        errors["invoice_reference"] = "Enter the invoice reference."
    if errors:
        raise ValidationError(errors)


PAYMENT_FIELDS = ["due_on", "amount", "invoice_reference", "invoice_received_on", "disputed", "paid_on"]


@transaction.atomic
def payment_record(*, actor, agreement: Agreement, data: dict) -> Payment:
    """Record a payment that is not in the schedule (or before a schedule is set)."""
    agreement = _locked_live(agreement)
    payment = Payment(agreement=agreement, **{k: v for k, v in data.items() if k in PAYMENT_FIELDS})
    if isinstance(payment.invoice_reference, str):
        payment.invoice_reference = payment.invoice_reference.strip()
    _check_payment(payment)
    with acting_as(actor):
        payment.save()
    timeline_record(
        instance=agreement,
        actor=actor,
        verb=TimelineEvent.Verb.NOTE,
        summary=f"Payment recorded: {payment}",
    )
    return payment


@transaction.atomic
def payment_update(*, actor, payment: Payment, data: dict, expected_version: int | None) -> Payment:
    """Record the invoice and the payment against an instalment; a stale version is refused."""
    payment = Payment.objects.select_for_update().select_related("agreement").get(pk=payment.pk)
    version_check(instance=payment, expected_version=expected_version)
    data = dict(data)
    if isinstance(data.get("invoice_reference"), str):
        data["invoice_reference"] = data["invoice_reference"].strip()
    changed = apply_changes(instance=payment, data=data, fields=PAYMENT_FIELDS)
    _check_payment(payment)
    if changed:
        payment.version += 1
        with acting_as(actor):
            payment.save()
        summary = f"Paid on {payment.paid_on:%d %B %Y}" if payment.paid_on else "Invoice recorded"
        timeline_record(
            instance=payment.agreement,
            actor=actor,
            verb=TimelineEvent.Verb.NOTE,
            summary=f"{summary}: {payment} (invoice {payment.invoice_reference or 'not yet received'})",
        )
    return payment


# Expiry, extension, variation, termination ----------------------------------------------------------------------


@transaction.atomic
def extension_decide(
    *, actor, agreement: Agreement, outcome: str, new_end_on: date | None, reasons: str, decided_on: date
) -> ExtensionDecision:
    agreement = _locked_live(agreement)
    errors = {}
    reasons = (reasons or "").strip()
    if outcome not in ExtensionOutcome.values:
        errors["outcome"] = "Choose whether to extend the agreement."
    if not reasons:
        errors["reasons"] = "Enter the reasons for the decision."
    if agreement.status not in (AgreementStatus.LIVE, AgreementStatus.DRAFT):
        errors["outcome"] = (
            f"The agreement is {agreement.get_status_display().lower()}; it cannot be extended."
        )
    if outcome == ExtensionOutcome.EXTEND:
        if new_end_on is None:
            errors["new_end_on"] = "Enter the new end date."
        elif agreement.latest_end_on is None:
            errors["new_end_on"] = (
                "The agreement has no extension option: its latest end date is not recorded."
            )
        elif new_end_on <= agreement.ends_on:
            errors["new_end_on"] = (
                f"The new end date must be after the current end date, {agreement.ends_on:%d %B %Y}."
            )
        elif new_end_on > agreement.latest_end_on:
            errors["new_end_on"] = (
                f"The new end date cannot be after the latest end date with every extension, "
                f"{agreement.latest_end_on:%d %B %Y}."
            )
    elif new_end_on is not None and outcome == ExtensionOutcome.NOT_EXTEND:
        errors["new_end_on"] = "Leave the new end date empty when the agreement is not extended."
    if errors:
        raise ValidationError(errors)
    with acting_as(actor):
        decision = ExtensionDecision.objects.create(
            agreement=agreement,
            outcome=outcome,
            previous_end_on=agreement.ends_on,
            new_end_on=new_end_on,
            reasons=reasons,
            decided_on=decided_on,
            decided_by=actor if getattr(actor, "is_authenticated", False) else None,
        )
        if outcome == ExtensionOutcome.EXTEND:
            agreement.ends_on = new_end_on
            agreement.version += 1
            agreement.save()
    summary = (
        f"Extended to {new_end_on:%d %B %Y}: {reasons}"
        if outcome == ExtensionOutcome.EXTEND
        else f"Not extended beyond {agreement.ends_on:%d %B %Y}: {reasons}"
    )
    timeline_record(instance=agreement, actor=actor, verb=TimelineEvent.Verb.NOTE, summary=summary)
    return decision


@transaction.atomic
def variation_record(*, actor, agreement: Agreement, data: dict) -> Variation:
    """Record a variation; a value change is added to the whole-life value."""
    agreement = _locked_live(agreement)
    variation = Variation(
        agreement=agreement,
        description=(data.get("description") or "").strip(),
        value_change=data.get("value_change") or Decimal("0"),
        reason=(data.get("reason") or "").strip(),
        approved_by=(data.get("approved_by") or "").strip(),
        approved_on=data.get("approved_on"),
        recorded_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    errors = {}
    for name, message in (
        ("description", "Enter what changed."),
        ("reason", "Enter the reason for the variation."),
        ("approved_by", "Enter who approved the variation."),
        ("approved_on", "Enter the date the variation was approved."),
    ):
        if not getattr(variation, name):
            errors[name] = message
    new_value = agreement.whole_life_value + variation.value_change
    if new_value < 0:
        errors["value_change"] = (
            f"The reduction is more than the whole-life value (£{agreement.whole_life_value:,.2f})."
        )
    if errors:
        raise ValidationError(errors)
    with acting_as(actor):
        variation.save()
        if variation.value_change:
            agreement.whole_life_value = new_value
            agreement.version += 1
            agreement.save()
    change = f" (value {'+' if variation.value_change >= 0 else '-'}£{abs(variation.value_change):,.2f})"
    timeline_record(
        instance=agreement,
        actor=actor,
        verb=TimelineEvent.Verb.NOTE,
        summary=f"Variation approved by {variation.approved_by}: {variation.description}"
        + (change if variation.value_change else ""),
    )
    return variation


@transaction.atomic
def agreement_terminate(*, actor, agreement: Agreement, terminated_on: date, reason: str) -> Agreement:
    agreement = _locked_live(agreement)
    errors = {}
    if agreement.status in (AgreementStatus.TERMINATED, AgreementStatus.ENDED):
        raise ValidationError(f"This agreement has already {agreement.get_status_display().lower()}.")
    if not (reason or "").strip():
        errors["reason"] = "Enter why the agreement is terminated."
    if terminated_on is None:
        errors["terminated_on"] = "Enter the date the agreement is terminated."
    elif terminated_on < agreement.starts_on:
        errors["terminated_on"] = (
            f"The termination date cannot be before the start, {agreement.starts_on:%d %B %Y}."
        )
    if errors:
        raise ValidationError(errors)
    with acting_as(actor):
        agreement.status = AgreementStatus.TERMINATED
        agreement.terminated_on = terminated_on
        agreement.ended_reason = reason.strip()
        agreement.version += 1
        agreement.save()
    timeline_record(
        instance=agreement,
        actor=actor,
        verb=TimelineEvent.Verb.NOTE,
        summary=f"Terminated on {terminated_on:%d %B %Y}: {reason.strip()}",
    )
    return agreement


@transaction.atomic
def agreements_close_ended(*, actor, today: date) -> list[Agreement]:
    """Mark live agreements whose end date has passed as ended."""
    ended = list(
        Agreement.objects.active().select_for_update().filter(status=AgreementStatus.LIVE, ends_on__lt=today)
    )
    for agreement in ended:
        with acting_as(actor):
            agreement.status = AgreementStatus.ENDED
            agreement.version += 1
            agreement.save()
        timeline_record(
            instance=agreement,
            actor=actor,
            verb=TimelineEvent.Verb.NOTE,
            summary=f"Ended on {agreement.ends_on:%d %B %Y}",
        )
    return ended
