"""Writes for the service register. Views, the import, the API and the demo call these."""

from django.core.exceptions import ValidationError
from django.db import transaction

from commissioning.core.audit import acting_as
from commissioning.core.models import TimelineEvent
from commissioning.core.services import (
    apply_changes,
    record_archive,
    record_restore,
    timeline_record,
    version_check,
)
from commissioning.needs.models import AreaType
from commissioning.services.models import Service, TargetGroup

SERVICE_FIELDS = [
    "reference",
    "name",
    "description",
    "provider",
    "commissioner",
    "service_area",
    "tier",
    "level",
    "covers_whole_area",
    "target_groups",
    "age_from",
    "age_to",
    "capacity",
    "current_use",
    "capacity_unit",
    "annual_cost",
    "secured_by",
    "status",
    "single_provider_only",
    "activity",
]
RELATED = ("localities", "outcomes", "priorities")
ECM_FRAMEWORK = "every-child-matters-outcomes"


def normalise_service_data(data: dict) -> dict:
    data = dict(data)
    for key in ("reference", "name", "capacity_unit"):
        if isinstance(data.get(key), str):
            data[key] = data[key].strip()
    if isinstance(data.get("reference"), str):
        data["reference"] = data["reference"].upper()
    if isinstance(data.get("description"), str):
        data["description"] = data["description"].strip()
    if "target_groups" in data:
        chosen = list(dict.fromkeys(data["target_groups"] or ()))
        # In the order of the list; anything unknown is kept so that the check below refuses it.
        data["target_groups"] = [c for c in TargetGroup.values if c in chosen] + [
            c for c in chosen if c not in TargetGroup.values
        ]
    return data


def _party_errors(service: Service) -> dict[str, str]:
    errors = {}
    if service.provider_id:
        if service.provider.is_archived:
            errors["provider"] = f"{service.provider} is archived; restore it or choose another provider."
        elif not service.provider.is_provider:
            errors["provider"] = (
                f"{service.provider} is not marked as a provider. Mark it as a provider in Organisations first."
            )
    if service.commissioner_id:
        if service.commissioner.is_archived:
            errors["commissioner"] = f"{service.commissioner} is archived; choose another partner or none."
        elif not service.commissioner.is_partner:
            errors["commissioner"] = f"{service.commissioner} is not a partner of the partnership."
    if service.activity_id and service.activity.is_archived:
        errors["activity"] = "That commissioning activity is archived; choose another or none."
    return errors


def _figure_errors(service: Service) -> dict[str, str]:
    errors = {}
    if any(code not in TargetGroup.values for code in service.target_groups):
        errors["target_groups"] = "Choose target groups from the list."
    if service.age_from is not None and service.age_to is not None and service.age_from > service.age_to:
        errors["age_to"] = "The to age must be the same as or more than the from age."
    if service.capacity is None and service.current_use is not None:
        errors["capacity"] = "Enter the capacity as well as the current use, or neither."
    if (service.capacity is not None or service.current_use is not None) and not service.capacity_unit:
        errors["capacity_unit"] = "Enter the unit of the capacity, like places or families a year."
    return errors


def _link_errors(service: Service, localities, outcomes, priorities) -> dict[str, str]:
    errors = {}
    if service.covers_whole_area and localities:
        errors["localities"] = "Choose localities or the whole area, not both."
    elif not service.covers_whole_area and not localities:
        errors["localities"] = "Choose the localities it serves, or that it serves the whole area."
    elif any(area.area_type != AreaType.LOCALITY for area in localities):
        errors["localities"] = "Choose localities only."
    if any(item.framework.slug != ECM_FRAMEWORK for item in outcomes):
        errors["outcomes"] = "Choose Every Child Matters outcomes only."
    if any(priority.is_archived for priority in priorities):
        errors["priorities"] = (
            "One of the priorities has been removed from its needs analysis; choose another."
        )
    return errors


def check_service(service: Service, *, localities, outcomes, priorities) -> None:
    """The business rules beyond the model's own checks; every problem at once, by field."""
    errors = (
        _party_errors(service)
        | _figure_errors(service)
        | _link_errors(service, localities, outcomes, priorities)
    )
    try:
        service.full_clean(exclude=list(errors))
    except ValidationError as exc:
        for field, messages in exc.message_dict.items():
            errors.setdefault(field, messages[0])
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def service_create(*, actor, data: dict, localities=(), outcomes=(), priorities=()) -> Service:
    data = normalise_service_data(data)
    service = Service(**{k: v for k, v in data.items() if k in SERVICE_FIELDS})
    localities, outcomes, priorities = list(localities), list(outcomes), list(priorities)
    check_service(service, localities=localities, outcomes=outcomes, priorities=priorities)
    with acting_as(actor):
        service.save()
        service.localities.set(localities)
        service.outcomes.set(outcomes)
        service.priorities.set(priorities)
    timeline_record(instance=service, actor=actor, verb=TimelineEvent.Verb.CREATED, summary="Service added")
    return service


@transaction.atomic
def service_update(
    *, actor, service: Service, data: dict, localities, outcomes, priorities, expected_version: int | None
) -> Service:
    """Change a service; a stale version is refused. Returns the service; `service.changed` is True when
    anything changed (fields or links)."""
    service = Service.objects.select_for_update().get(pk=service.pk)
    version_check(instance=service, expected_version=expected_version)
    if service.is_archived:
        raise ValidationError("Restore this service before changing it.")
    changed = apply_changes(instance=service, data=normalise_service_data(data), fields=SERVICE_FIELDS)
    localities, outcomes, priorities = list(localities), list(outcomes), list(priorities)
    check_service(service, localities=localities, outcomes=outcomes, priorities=priorities)
    links = {
        "localities": {a.pk for a in localities},
        "outcomes": {o.pk for o in outcomes},
        "priorities": {p.pk for p in priorities},
    }
    links_changed = [
        name
        for name, wanted in links.items()
        if set(getattr(service, name).values_list("pk", flat=True)) != wanted
    ]
    if changed or links_changed:
        service.version += 1
        with acting_as(actor):
            service.save()
            if links_changed:
                service.localities.set(localities)
                service.outcomes.set(outcomes)
                service.priorities.set(priorities)
    service.changed = bool(changed or links_changed)
    return service


@transaction.atomic
def service_archive(*, actor, service: Service, reason: str) -> Service:
    if not reason.strip():
        raise ValidationError({"reason": "Enter why you are archiving this service."})
    service = Service.objects.select_for_update().get(pk=service.pk)
    with acting_as(actor):
        record_archive(instance=service, actor=actor, reason=reason.strip())
    return service


@transaction.atomic
def service_restore(*, actor, service: Service) -> Service:
    service = Service.objects.select_for_update().get(pk=service.pk)
    with acting_as(actor):
        record_restore(instance=service, actor=actor)
    return service
