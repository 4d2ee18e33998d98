from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from commissioning.core.exceptions import ConflictError
from commissioning.core.models import TimelineEvent
from commissioning.core.selectors import history_for
from commissioning.services import services
from commissioning.services.models import Service

pytestmark = pytest.mark.django_db


def data(provider, **overrides):
    values = {
        "reference": " eh-001 ",
        "name": "Family support north",
        "description": "Whole-family support.",
        "provider": provider,
        "service_area": "family_support",
        "tier": "targeted",
        "level": "operational_local",
        "covers_whole_area": True,
        "target_groups": ["young_carers", "parents_carers"],
        "age_from": 0,
        "age_to": 18,
        "annual_cost": Decimal("125000.50"),
        "secured_by": "contract",
        "status": "active",
    }
    return values | overrides


def errors_of(excinfo) -> dict:
    return excinfo.value.message_dict


def test_create_records_the_service_with_its_links(
    commissioner, voluntary, council, north, outcomes, priorities
):
    service = services.service_create(
        actor=commissioner,
        data=data(voluntary, covers_whole_area=False, commissioner=council),
        localities=[north],
        outcomes=[outcomes["ECM2"]],
        priorities=[priorities["early"]],
    )
    service.refresh_from_db()
    assert service.reference == "EH-001"
    assert service.target_groups == ["young_carers", "parents_carers"]
    assert list(service.localities.all()) == [north]
    assert list(service.priorities.all()) == [priorities["early"]]
    assert service.annual_cost == Decimal("125000.50")
    assert TimelineEvent.objects.filter(object_id=str(service.pk), verb="created").exists()


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"age_from": 12, "age_to": 5}, "age_to", "same as or more than the from age"),
        ({"age_to": 30}, "age_to", "25"),
        ({"annual_cost": Decimal("-1")}, "annual_cost", ""),
        ({"target_groups": ["aliens"]}, "target_groups", ""),
        ({"capacity": None, "current_use": 10, "capacity_unit": "places"}, "capacity", "capacity"),
        ({"capacity": 10, "capacity_unit": ""}, "capacity_unit", "unit"),
        ({"tier": "tier 4"}, "tier", ""),
        ({"reference": "EH 001!"}, "reference", "letters, digits"),
    ],
)
def test_bad_values_are_refused(commissioner, voluntary, overrides, field, message):
    with pytest.raises(ValidationError) as excinfo:
        services.service_create(actor=commissioner, data=data(voluntary, **overrides))
    errors = errors_of(excinfo)
    assert field in errors, errors
    assert message in " ".join(errors[field])
    assert not Service.objects.exists()


def test_localities_or_whole_area_not_both_nor_neither(commissioner, voluntary, north):
    with pytest.raises(ValidationError) as excinfo:
        services.service_create(actor=commissioner, data=data(voluntary), localities=[north])
    assert "not both" in errors_of(excinfo)["localities"][0]
    with pytest.raises(ValidationError) as excinfo:
        services.service_create(actor=commissioner, data=data(voluntary, covers_whole_area=False))
    assert "Choose the localities" in errors_of(excinfo)["localities"][0]


def test_only_localities_and_ecm_outcomes_can_be_linked(commissioner, voluntary, home, outcomes):
    with pytest.raises(ValidationError) as excinfo:
        services.service_create(
            actor=commissioner, data=data(voluntary, covers_whole_area=False), localities=[home]
        )
    assert errors_of(excinfo)["localities"] == ["Choose localities only."]


def test_provider_must_be_a_provider_and_partner_a_partner(commissioner, voluntary, council):
    with pytest.raises(ValidationError) as excinfo:
        services.service_create(actor=commissioner, data=data(council, commissioner=voluntary))
    errors = errors_of(excinfo)
    assert "not marked as a provider" in errors["provider"][0]
    assert "not a partner" in errors["commissioner"][0]


def test_reference_is_unique(commissioner, voluntary):
    services.service_create(actor=commissioner, data=data(voluntary))
    with pytest.raises(ValidationError) as excinfo:
        services.service_create(actor=commissioner, data=data(voluntary, reference="EH-001", name="Other"))
    assert errors_of(excinfo)["reference"] == ["Another service already has this reference."]


def test_update_bumps_the_version_and_refuses_a_stale_edit(commissioner, voluntary, priorities):
    service = services.service_create(actor=commissioner, data=data(voluntary))
    updated = services.service_update(
        actor=commissioner,
        service=service,
        data={"name": "Family support (north)"},
        localities=[],
        outcomes=[],
        priorities=[priorities["carers"]],
        expected_version=1,
    )
    assert updated.version == 2 and updated.changed
    assert list(updated.priorities.all()) == [priorities["carers"]]
    with pytest.raises(ConflictError):
        services.service_update(
            actor=commissioner,
            service=service,
            data={"name": "Lost edit"},
            localities=[],
            outcomes=[],
            priorities=[],
            expected_version=1,
        )
    assert Service.objects.get().name == "Family support (north)"
    same = services.service_update(
        actor=commissioner,
        service=service,
        data={"name": "Family support (north)"},
        localities=[],
        outcomes=[],
        priorities=[priorities["carers"]],
        expected_version=2,
    )
    assert same.version == 2 and not same.changed
    changes = [change.field for entry in history_for(service) for change in entry.changes]
    assert "name" in [c.lower() for c in changes]


def test_archive_needs_a_reason_and_restore_brings_it_back(commissioner, voluntary):
    service = services.service_create(actor=commissioner, data=data(voluntary))
    with pytest.raises(ValidationError):
        services.service_archive(actor=commissioner, service=service, reason=" ")
    services.service_archive(actor=commissioner, service=service, reason="Contract ended")
    assert Service.objects.get().is_archived
    assert not Service.objects.running().exists()
    with pytest.raises(ValidationError, match="Restore this service"):
        services.service_update(
            actor=commissioner,
            service=service,
            data={},
            localities=[],
            outcomes=[],
            priorities=[],
            expected_version=None,
        )
    services.service_restore(actor=commissioner, service=service)
    assert Service.objects.running().count() == 1


def test_database_refuses_a_backwards_age_range(voluntary):
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        Service.objects.create(**data(voluntary, reference="X-1", age_from=10, age_to=2))
