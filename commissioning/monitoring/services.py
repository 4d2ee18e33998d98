"""Writes for contract monitoring. Views, the API, the reminders command and the demo call these."""

import re
from datetime import date, timedelta
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from commissioning.contracts.models import Agreement, Kpi, Polarity
from commissioning.core.audit import acting_as
from commissioning.core.exceptions import ConflictError
from commissioning.core.models import TimelineEvent
from commissioning.core.services import (
    apply_changes,
    record_archive,
    record_restore,
    timeline_record,
    version_check,
)
from commissioning.monitoring.characteristics import CHARACTERISTICS
from commissioning.monitoring.models import (
    AnnualReview,
    FeedbackRecord,
    FrequencyBand,
    ImprovementPlan,
    KpiActual,
    KpiAssessment,
    Meeting,
    MeetingAction,
    MonitoringPlan,
    ProviderReturn,
    ReturnPeriod,
    ReturnStatus,
    Visit,
)
from commissioning.monitoring.periods import frequency_for, period_dates
from commissioning.monitoring.rules import provider_ids_of

KPI_FIELDS = ["name", "kind", "unit", "target", "polarity", "tolerance", "indicator", "source"]
PLAN_FIELDS = ["frequency", "first_period_starts_on", "due_days"]


def _long(day: date) -> str:
    return f"{day:%-d %B %Y}"


def _clean(instance, errors: dict | None = None) -> None:
    errors = dict(errors or {})
    try:
        instance.full_clean(exclude=list(errors))
    except ValidationError as exc:
        for field, messages in exc.message_dict.items():
            errors.setdefault(field, messages[0])
    if errors:
        raise ValidationError(errors)


def _check_open(agreement: Agreement) -> None:
    if agreement.is_archived:
        raise ValidationError("This agreement is archived; restore it in the contracts register first.")


# The monitoring plan ----------------------------------------------------------------------------------------


def default_frequency(agreement: Agreement) -> str | None:
    """The frequency the configured value bands give for the agreement's annual value."""
    bands = FrequencyBand.objects.values_list("from_value", "frequency")
    return frequency_for(agreement.annual_value, bands)


def _generate_periods(plan: MonitoringPlan) -> int:
    agreement = plan.agreement
    last_day = agreement.latest_end_on or agreement.ends_on
    existing = set(ReturnPeriod.objects.filter(agreement=agreement).values_list("starts_on", flat=True))
    created = 0
    for start, end, due in period_dates(
        first_start=plan.first_period_starts_on,
        frequency=plan.frequency,
        last_day=last_day,
        due_days=plan.due_days,
    ):
        if start not in existing:
            ReturnPeriod.objects.create(agreement=agreement, starts_on=start, ends_on=end, due_on=due)
            created += 1
    return created


@transaction.atomic
def plan_save(
    *, actor, agreement: Agreement, data: dict, expected_version: int | None = None
) -> MonitoringPlan:
    """Set or change the plan, and the return periods it gives. Periods with a return are kept as they are;
    periods without one are redrawn when the frequency, first period or due days change."""
    _check_open(agreement)
    agreement = Agreement.objects.select_for_update().get(pk=agreement.pk)
    plan = MonitoringPlan.objects.filter(agreement=agreement).first()
    creating = plan is None
    if creating:
        plan = MonitoringPlan(agreement=agreement)
        changed = apply_changes(instance=plan, data=data, fields=PLAN_FIELDS)
    else:
        version_check(instance=plan, expected_version=expected_version)
        changed = apply_changes(instance=plan, data=data, fields=PLAN_FIELDS)
    errors = {}
    first = plan.first_period_starts_on
    if first and not (agreement.starts_on <= first <= agreement.ends_on):
        errors["first_period_starts_on"] = (
            f"The first period must start within the agreement, between {_long(agreement.starts_on)} "
            f"and {_long(agreement.ends_on)}."
        )
    _clean(plan, errors)
    if not creating and not changed:
        return plan
    with acting_as(actor):
        if not creating:
            plan.version += 1
        plan.save()
        if not creating:
            ReturnPeriod.objects.filter(agreement=agreement, returns__isnull=True).delete()
        count = _generate_periods(plan)
    timeline_record(
        instance=agreement,
        actor=actor,
        verb=TimelineEvent.Verb.NOTE,
        summary=(
            f"Monitoring plan {'set' if creating else 'changed'}: {plan.get_frequency_display().lower()} returns "
            f"from {_long(plan.first_period_starts_on)}, due {plan.due_days} days after each period "
            f"({count} period{'s' if count != 1 else ''} drawn)"
        ),
    )
    return plan


# KPIs ---------------------------------------------------------------------------------------------------------


def _normalise_kpi(data: dict) -> dict:
    data = dict(data)
    for key in ("name", "unit", "source"):
        if isinstance(data.get(key), str):
            data[key] = data[key].strip()
    return data


@transaction.atomic
def kpi_create(*, actor, agreement: Agreement, data: dict) -> Kpi:
    _check_open(agreement)
    data = _normalise_kpi(data)
    position = (agreement.kpis.order_by("-position").values_list("position", flat=True).first() or 0) + 1
    kpi = Kpi(agreement=agreement, position=position, **{k: v for k, v in data.items() if k in KPI_FIELDS})
    _clean(kpi)
    with acting_as(actor):
        kpi.save()
    timeline_record(
        instance=agreement, actor=actor, verb=TimelineEvent.Verb.NOTE, summary=f"KPI added: {kpi}"
    )
    return kpi


@transaction.atomic
def kpi_update(*, actor, kpi: Kpi, data: dict) -> Kpi:
    kpi = Kpi.objects.select_for_update().get(pk=kpi.pk)
    if kpi.is_archived:
        raise ValidationError("Restore this KPI before changing it.")
    changed = apply_changes(instance=kpi, data=_normalise_kpi(data), fields=KPI_FIELDS)
    _clean(kpi)
    if changed:
        with acting_as(actor):
            kpi.save()
        timeline_record(
            instance=kpi.agreement, actor=actor, verb=TimelineEvent.Verb.NOTE, summary=f"KPI changed: {kpi}"
        )
    return kpi


@transaction.atomic
def kpi_archive(*, actor, kpi: Kpi, reason: str) -> Kpi:
    if not reason.strip():
        raise ValidationError({"reason": "Enter why you are archiving this KPI."})
    kpi = Kpi.objects.select_for_update().get(pk=kpi.pk)
    with acting_as(actor):
        record_archive(instance=kpi, actor=actor, reason=reason.strip())
    return kpi


@transaction.atomic
def kpi_restore(*, actor, kpi: Kpi) -> Kpi:
    kpi = Kpi.objects.select_for_update().get(pk=kpi.pk)
    with acting_as(actor):
        record_restore(instance=kpi, actor=actor)
    return kpi


NUMBER = re.compile(r"-?\d[\d,]*(?:\.\d+)?")


def _target_number(text: str) -> Decimal | None:
    match = NUMBER.search(text or "")
    if not match:
        return None
    try:
        return Decimal(match.group(0).replace(",", ""))
    except InvalidOperation:
        return None


def specification_kpis(agreement: Agreement) -> list:
    """The KPIs in force in the approved specification of the agreement's commissioning activity."""
    if agreement.activity_id is None:
        return []
    from commissioning.procurement.specifications.models import Specification
    from commissioning.procurement.specifications.selectors import kpis_in_force

    result = []
    for specification in Specification.objects.active().filter(
        activity_id=agreement.activity_id, approved_number__isnull=False
    ):
        result.extend(kpis_in_force(specification))
    return result


@transaction.atomic
def kpis_copy_from_specification(*, actor, agreement: Agreement) -> tuple[list[Kpi], list[str]]:
    """Copy the specification's KPIs onto the agreement. Returns the KPIs added and the measures skipped: those
    already on the agreement, and those whose target has no number to monitor against."""
    _check_open(agreement)
    existing = {name.lower() for name in agreement.kpis.active().values_list("name", flat=True)}
    added, skipped = [], []
    for spec_kpi in specification_kpis(agreement):
        name = spec_kpi.measure.strip()[:255]
        target = _target_number(spec_kpi.target)
        if name.lower() in existing:
            skipped.append(f"{name}: already on the agreement")
            continue
        if target is None:
            skipped.append(f"{name}: the specification's target has no number; add it by hand")
            continue
        unit = spec_kpi.unit_label or ("per cent" if "%" in spec_kpi.target else "number")
        polarity = Polarity.LOWER if spec_kpi.polarity == "lower_is_better" else Polarity.HIGHER
        added.append(
            kpi_create(
                actor=actor,
                agreement=agreement,
                data={
                    "name": name,
                    "kind": "outcome",
                    "unit": unit,
                    "target": target,
                    "polarity": polarity,
                    "tolerance": Decimal("10"),
                    "indicator": spec_kpi.indicator,
                    "source": spec_kpi.source,
                },
            )
        )
        existing.add(name.lower())
    if not added and not skipped:
        raise ValidationError("The commissioning activity has no approved specification with KPIs to copy.")
    return added, skipped


# Provider returns ---------------------------------------------------------------------------------------------


def _number(value, field: str, label: str, errors: dict) -> int | Decimal | None:
    if value in (None, ""):
        errors[field] = f"Enter {label}"
        return None
    try:
        number = Decimal(str(value).replace(",", "").strip())
    except InvalidOperation:
        errors[field] = f"{label[0].upper()}{label[1:]} must be a number"
        return None
    if number < 0:
        errors[field] = f"{label[0].upper()}{label[1:]} must be 0 or more"
        return None
    return number


def _whole(value, field, label, errors) -> int | None:
    number = _number(value, field, label, errors)
    if number is None:
        return None
    if number != number.to_integral_value():
        errors[field] = f"{label[0].upper()}{label[1:]} must be a whole number"
        return None
    return int(number)


def _check_actuals(kpis, given: dict, errors: dict) -> dict:
    actuals = {}
    for kpi in kpis:
        value = _number(
            given.get(kpi.pk, given.get(str(kpi.pk))), f"kpi_{kpi.pk}", f"the actual for {kpi.name}", errors
        )
        if value is not None:
            actuals[kpi] = value
    if {str(k) for k in given} - {str(k.pk) for k in kpis}:
        errors["__all__"] = "One of the KPIs is not one of this agreement's KPIs."
    return actuals


def _check_characteristics(given: dict, total: int | None, errors: dict) -> dict:
    characteristics = {}
    for key, (label, groups) in CHARACTERISTICS.items():
        counts = given.get(key) or {}
        cleaned = {}
        for index, group in enumerate(groups):
            value = counts.get(group)
            if value in (None, ""):
                continue
            count = _whole(value, f"char_{key}_{index}", f"the number for {label.lower()}: {group}", errors)
            if count is not None:
                cleaned[group] = count
        if total is not None and sum(cleaned.values()) > total:
            errors[f"char_{key}_0"] = (
                f"The numbers by {label.lower()} add up to {sum(cleaned.values())}, more than the "
                f"{total} service users"
            )
        characteristics[key] = cleaned
    return characteristics


def check_return_data(*, period: ReturnPeriod, data: dict, today: date) -> dict:
    """Validate a return's figures; every problem at once, by field. Returns the cleaned values.

    `data` holds: actuals {kpi id: value}, narrative, service_users, characteristics
    {characteristic: {group: count}}, feedback_summary, complaints, safeguarding_incidents,
    safeguarding_details."""
    errors: dict[str, str] = {}
    if today < period.ends_on:
        errors["__all__"] = (
            f"This period ends on {_long(period.ends_on)}; submit the return on or after that day."
        )
    kpis = list(period.agreement.kpis.active())
    if not kpis:
        errors["__all__"] = "The agreement has no KPIs yet; the monitoring officer must add them first."
    actuals = _check_actuals(kpis, data.get("actuals") or {}, errors)
    narrative = (data.get("narrative") or "").strip()
    if not narrative:
        errors["narrative"] = "Enter a narrative: what went well, what did not and why"
    total = _whole(data.get("service_users"), "service_users", "the number of service users", errors)
    characteristics = _check_characteristics(data.get("characteristics") or {}, total, errors)
    complaints = _whole(data.get("complaints", 0), "complaints", "the number of complaints", errors)
    incidents = _whole(
        data.get("safeguarding_incidents", 0),
        "safeguarding_incidents",
        "the number of safeguarding incidents",
        errors,
    )
    details = (data.get("safeguarding_details") or "").strip()
    if incidents and not details:
        errors["safeguarding_details"] = "Describe the safeguarding incidents and what was done"
    if errors:
        raise ValidationError(errors)
    return {
        "actuals": actuals,
        "narrative": narrative,
        "service_users": total,
        "characteristics": characteristics,
        "feedback_summary": (data.get("feedback_summary") or "").strip(),
        "complaints": complaints,
        "safeguarding_incidents": incidents,
        "safeguarding_details": details,
    }


@transaction.atomic
def return_submit(*, actor, period: ReturnPeriod, data: dict, today: date | None = None) -> ProviderReturn:
    """The provider submits a return for a period; after a query, the resubmission replaces the queried return
    (which is kept, superseded). A second submission while one is awaiting review or accepted is refused."""
    today = today or timezone.localdate()
    period = ReturnPeriod.objects.select_for_update().select_related("agreement").get(pk=period.pk)
    if period.agreement.provider_id not in provider_ids_of(actor) and not getattr(
        actor, "is_superuser", False
    ):
        raise ValidationError("Only the provider of this agreement can submit its returns.")
    current = period.returns.exclude(status=ReturnStatus.SUPERSEDED).first()
    if current is not None and current.status != ReturnStatus.QUERIED:
        raise ValidationError(
            f"A return for {period} has already been submitted ({current.get_status_display().lower()}). "
            "You can resubmit only when the monitoring officer queries it."
        )
    cleaned = check_return_data(period=period, data=data, today=today)
    actuals = cleaned.pop("actuals")
    with acting_as(actor):
        if current is not None:
            current.status = ReturnStatus.SUPERSEDED
            current.version += 1
            current.save()
        try:
            with transaction.atomic():
                provider_return = ProviderReturn.objects.create(
                    period=period, submitted_by=actor, submitted_at=timezone.now(), **cleaned
                )
        except IntegrityError as exc:
            raise ValidationError(f"A return for {period} has already been submitted.") from exc
        KpiActual.objects.bulk_create(
            KpiActual(provider_return=provider_return, kpi=kpi, value=value) for kpi, value in actuals.items()
        )
    timeline_record(
        instance=provider_return,
        actor=actor,
        verb=TimelineEvent.Verb.CREATED,
        summary="Return resubmitted after a query" if current is not None else "Return submitted",
    )
    return provider_return


def _reviewable(provider_return: ProviderReturn, expected_version) -> ProviderReturn:
    provider_return = ProviderReturn.objects.select_for_update().get(pk=provider_return.pk)
    version_check(instance=provider_return, expected_version=expected_version)
    if provider_return.status != ReturnStatus.SUBMITTED:
        raise ConflictError(
            f"This return is {provider_return.get_status_display().lower()}; only a submitted return can be "
            "accepted or queried."
        )
    return provider_return


@transaction.atomic
def return_accept(
    *, actor, provider_return: ProviderReturn, expected_version: int | None = None
) -> ProviderReturn:
    provider_return = _reviewable(provider_return, expected_version)
    provider_return.status = ReturnStatus.ACCEPTED
    provider_return.reviewed_by = actor
    provider_return.reviewed_at = timezone.now()
    provider_return.version += 1
    with acting_as(actor):
        provider_return.save()
    timeline_record(
        instance=provider_return, actor=actor, verb=TimelineEvent.Verb.NOTE, summary="Return accepted"
    )
    return provider_return


@transaction.atomic
def return_query(
    *, actor, provider_return: ProviderReturn, query: str, expected_version: int | None = None
) -> ProviderReturn:
    if not (query or "").strip():
        raise ValidationError({"query": "Enter what the provider must explain or correct"})
    provider_return = _reviewable(provider_return, expected_version)
    provider_return.status = ReturnStatus.QUERIED
    provider_return.query_text = query.strip()
    provider_return.reviewed_by = actor
    provider_return.reviewed_at = timezone.now()
    provider_return.version += 1
    with acting_as(actor):
        provider_return.save()
    timeline_record(
        instance=provider_return,
        actor=actor,
        verb=TimelineEvent.Verb.NOTE,
        summary=f"Return queried: {query.strip()}",
    )
    return provider_return


# Meetings, visits and feedback --------------------------------------------------------------------------------

MINUTES_DUE_DAYS = 21


@transaction.atomic
def meeting_save(*, actor, agreement: Agreement, data: dict, meeting: Meeting | None = None) -> Meeting:
    _check_open(agreement)
    fields = ["held_on", "attendees", "minutes", "minutes_sent_on"]
    meeting = (
        Meeting.objects.select_for_update().get(pk=meeting.pk) if meeting else Meeting(agreement=agreement)
    )
    creating = meeting.pk is None
    changed = apply_changes(instance=meeting, data=data, fields=fields)
    errors = {}
    today = timezone.localdate()
    if meeting.held_on and meeting.held_on > today + timedelta(days=366):
        errors["held_on"] = "The meeting date must be within the next year"
    if meeting.minutes_sent_on:
        if meeting.held_on and meeting.minutes_sent_on < meeting.held_on:
            errors["minutes_sent_on"] = "The minutes cannot have been sent before the meeting"
        elif meeting.minutes_sent_on > today:
            errors["minutes_sent_on"] = "The date the minutes were sent must be today or in the past"
        elif not (meeting.minutes or "").strip():
            errors["minutes"] = "Enter the minutes that were sent"
    _clean(meeting, errors)
    if creating or changed:
        if not creating:
            meeting.version += 1
        with acting_as(actor):
            meeting.save()
        timeline_record(
            instance=meeting,
            actor=actor,
            verb=TimelineEvent.Verb.CREATED if creating else TimelineEvent.Verb.UPDATED,
            summary="Meeting recorded" if creating else "Meeting changed",
        )
    return meeting


@transaction.atomic
def action_add(*, actor, meeting: Meeting, data: dict) -> MeetingAction:
    action = MeetingAction(meeting=meeting, **{k: data.get(k) for k in ("description", "owner", "due_on")})
    action.description = (action.description or "").strip()
    action.owner = (action.owner or "").strip()
    _clean(action)
    with acting_as(actor):
        action.save()
    timeline_record(
        instance=meeting, actor=actor, verb=TimelineEvent.Verb.NOTE, summary=f"Action added: {action}"
    )
    return action


@transaction.atomic
def action_set_status(*, actor, action: MeetingAction, status: str) -> MeetingAction:
    action = MeetingAction.objects.select_for_update().get(pk=action.pk)
    action.status = status
    _clean(action)
    with acting_as(actor):
        action.save()
    timeline_record(
        instance=action.meeting,
        actor=actor,
        verb=TimelineEvent.Verb.NOTE,
        summary=f"Action '{action}' marked {action.get_status_display().lower()}",
    )
    return action


@transaction.atomic
def visit_create(*, actor, agreement: Agreement, data: dict) -> Visit:
    _check_open(agreement)
    visit = Visit(
        agreement=agreement,
        **{k: data.get(k) for k in ("visited_on", "announced", "visited_by", "observations")},
    )
    errors = {}
    if visit.visited_on and visit.visited_on > timezone.localdate():
        errors["visited_on"] = "The date of the visit must be today or in the past"
    _clean(visit, errors)
    with acting_as(actor):
        visit.save()
    timeline_record(
        instance=agreement, actor=actor, verb=TimelineEvent.Verb.NOTE, summary=f"{visit} recorded"
    )
    return visit


@transaction.atomic
def feedback_create(*, actor, agreement: Agreement, data: dict) -> FeedbackRecord:
    _check_open(agreement)
    record = FeedbackRecord(
        agreement=agreement, **{k: data.get(k) for k in ("gathered_on", "independent", "method", "summary")}
    )
    errors = {}
    if record.gathered_on and record.gathered_on > timezone.localdate():
        errors["gathered_on"] = "The date the feedback was gathered must be today or in the past"
    _clean(record, errors)
    with acting_as(actor):
        record.save()
    timeline_record(
        instance=agreement, actor=actor, verb=TimelineEvent.Verb.NOTE, summary=f"{record} recorded"
    )
    return record


# Improvement and review ---------------------------------------------------------------------------------------


@transaction.atomic
def improvement_plan_save(
    *, actor, agreement: Agreement, data: dict, plan: ImprovementPlan | None = None, expected_version=None
) -> ImprovementPlan:
    _check_open(agreement)
    if plan is not None:
        plan = ImprovementPlan.objects.select_for_update().get(pk=plan.pk)
        version_check(instance=plan, expected_version=expected_version)
    else:
        plan = ImprovementPlan(agreement=agreement)
    creating = plan.pk is None
    changed = apply_changes(instance=plan, data=data, fields=["issues", "actions", "deadline", "status"])
    errors = {}
    if creating and plan.deadline and plan.deadline < timezone.localdate():
        errors["deadline"] = "The deadline must be today or in the future"
    _clean(plan, errors)
    if creating or changed:
        if not creating:
            plan.version += 1
        with acting_as(actor):
            plan.save()
        timeline_record(
            instance=agreement,
            actor=actor,
            verb=TimelineEvent.Verb.NOTE,
            summary=f"Improvement plan {'agreed' if creating else 'changed'}: {plan.get_status_display().lower()}",
        )
    return plan


ACTIVITY_RECOMMENDATION = {"continue": "continue", "redesign": "change", "decommission": "decommission"}


@transaction.atomic
def annual_review_create(
    *, actor, agreement: Agreement, data: dict, record_on_activity: bool = False
) -> AnnualReview:
    """Record the annual formal review. On request, the same review is recorded on the agreement's commissioning
    activity (step 9 of the cycle) through the cycle's own service."""
    _check_open(agreement)
    review = AnnualReview(
        agreement=agreement, **{k: data.get(k) for k in ("reviewed_on", "findings", "recommendation")}
    )
    if isinstance(review.findings, str):
        review.findings = review.findings.strip()
    errors = {}
    if review.reviewed_on and review.reviewed_on > timezone.localdate():
        errors["reviewed_on"] = "The date of the review must be today or in the past"
    if record_on_activity and agreement.activity_id is None:
        errors["__all__"] = (
            "The agreement has no commissioning activity to record the review on; link one in the contracts "
            "register or untick the box."
        )
    _clean(review, errors)
    if record_on_activity:
        from commissioning.cycle.resources.services import review_create

        review.activity_review = review_create(
            actor=actor,
            activity=agreement.activity,
            data={
                "reviewed_on": review.reviewed_on,
                "method": f"Annual formal review of the agreement {agreement.reference} with its provider",
                "findings": review.findings,
                "recommendation": ACTIVITY_RECOMMENDATION[review.recommendation],
            },
        )
    with acting_as(actor):
        review.save()
    timeline_record(
        instance=agreement,
        actor=actor,
        verb=TimelineEvent.Verb.NOTE,
        summary=f"{review} recorded, recommending: {review.get_recommendation_display().lower()}",
    )
    return review


@transaction.atomic
def assessment_create(*, actor, agreement: Agreement, data: dict) -> KpiAssessment:
    _check_open(agreement)
    fields = ("kpi", "assessed_on", "period_end", "rating", "rating_details", "published_on")
    assessment = KpiAssessment(agreement=agreement, **{k: data.get(k) for k in fields})
    assessment.rating_details = (assessment.rating_details or "").strip()
    errors = {}
    if assessment.kpi is not None and assessment.kpi.agreement_id != agreement.pk:
        errors["kpi"] = "Choose one of this agreement's KPIs"
    if assessment.rating == "other" and not assessment.rating_details:
        errors["rating_details"] = "Say what the 'Other' rating means for this KPI"
    if assessment.assessed_on and assessment.assessed_on > timezone.localdate():
        errors["assessed_on"] = "The date of the assessment must be today or in the past"
    if (
        assessment.published_on
        and assessment.assessed_on
        and assessment.published_on < assessment.assessed_on
    ):
        errors["published_on"] = "The notice cannot have been published before the assessment"
    _clean(assessment, errors)
    with acting_as(actor):
        assessment.save()
    timeline_record(
        instance=agreement, actor=actor, verb=TimelineEvent.Verb.NOTE, summary=f"KPI assessment: {assessment}"
    )
    return assessment


@transaction.atomic
def band_save(*, actor, data: dict, band: FrequencyBand | None = None) -> FrequencyBand:
    """Add or change a value band. Plans already set keep their frequency; the bands give new plans their
    default."""
    band = FrequencyBand.objects.select_for_update().get(pk=band.pk) if band else FrequencyBand()
    creating = band.pk is None
    changed = apply_changes(instance=band, data=data, fields=["from_value", "frequency"])
    errors = {}
    if FrequencyBand.objects.exclude(pk=band.pk).filter(from_value=band.from_value).exists():
        errors["from_value"] = (
            f"There is already a band from £{band.from_value:,.0f}; change that one instead."
        )
    _clean(band, errors)
    if creating or changed:
        with acting_as(actor):
            band.save()
    return band


@transaction.atomic
def band_remove(*, actor, band: FrequencyBand) -> None:
    """Remove a band (configuration, not a record). The lowest band, from £0, stays so every value has one."""
    if band.from_value == 0:
        raise ValidationError("The band from £0 cannot be removed; change its frequency instead.")
    with acting_as(actor):
        band.delete()


@transaction.atomic
def record_archive_with_reason(*, actor, instance, reason: str):
    """Archive a meeting, visit, feedback record, improvement plan, review or assessment, with the reason."""
    if not (reason or "").strip():
        raise ValidationError({"reason": "Enter why you are archiving this record."})
    instance = type(instance).objects.select_for_update().get(pk=instance.pk)
    with acting_as(actor):
        record_archive(instance=instance, actor=actor, reason=reason.strip())
    timeline_record(
        instance=instance.agreement,
        actor=actor,
        verb=TimelineEvent.Verb.NOTE,
        summary=f"{instance} archived: {reason.strip()}",
    )
    return instance
