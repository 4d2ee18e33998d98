from datetime import date
from decimal import Decimal

import pytest
from auditlog.diff import model_instance_diff
from auditlog.models import LogEntry

from commissioning.contracts.models import Agreement
from commissioning.core.audit import created_in_bulk
from commissioning.core.models import TimelineEvent
from commissioning.organisations.tests.factories import OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db


def _agreements(count: int) -> list[Agreement]:
    council = OrganisationFactory(is_partner=True)
    provider = OrganisationFactory(is_provider=True)
    officer = UserFactory()
    return Agreement.objects.bulk_create(
        Agreement(
            reference=f"BULK-{index}",
            title=f"Short breaks {index}",
            provider=provider,
            commissioner=council,
            monitoring_officer=officer if index % 2 else None,
            annual_value=Decimal("1250.50") * (index + 1),
            whole_life_value=Decimal("2501.00") * (index + 1),
            starts_on=date(2026, 4, 1),
            ends_on=date(2028, 3, 31),
            simplified_terms=bool(index % 2),
        )
        for index in range(3)
    )


def test_records_added_in_bulk_have_the_changes_saving_each_one_records():
    agreements = _agreements(3)
    actor = UserFactory()

    created_in_bulk(instances=agreements, actor=actor, summary="Agreement added")

    for agreement in agreements:
        entry = LogEntry.objects.get_for_object(agreement).get()
        expected = model_instance_diff(None, Agreement.objects.get(pk=agreement.pk))
        assert entry.changes_dict == {name: list(change) for name, change in expected.items()}
        assert (entry.action, entry.actor, entry.object_repr) == (
            LogEntry.Action.CREATE,
            actor,
            str(agreement),
        )
    assert TimelineEvent.objects.filter(summary="Agreement added", actor=actor).count() == 3


def test_a_date_left_empty_is_not_recorded_as_a_change():
    agreement = _agreements(1)[0]

    created_in_bulk(instances=[agreement], actor=None, summary="Agreement added")

    changes = LogEntry.objects.get_for_object(agreement).get().changes_dict
    assert "latest_end_on" not in changes
    assert changes["reference"] == ["None", "BULK-0"]
    assert changes["annual_value"] == ["None", "1250.50"]


def test_with_foreign_keys_recorded_by_name_the_changes_still_match_auditlogs(settings):
    settings.AUDITLOG_USE_FK_STRING_REPRESENTATION = True
    agreements = _agreements(2)

    created_in_bulk(instances=agreements, actor=None, summary="Agreement added")

    for agreement in agreements:
        expected = model_instance_diff(None, Agreement.objects.get(pk=agreement.pk))
        changes = LogEntry.objects.get_for_object(agreement).get().changes_dict
        assert changes == {name: list(change) for name, change in expected.items()}
        assert changes["provider"][1] == str(agreement.provider)
