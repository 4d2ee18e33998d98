from types import SimpleNamespace

from rest_framework import serializers

from commissioning.api.fields import ChoiceLabelField
from commissioning.services.models import Service


class _Serializer(serializers.Serializer):
    status_label = ChoiceLabelField(source="get_status_display")
    provider_sector = ChoiceLabelField(source="provider.get_sector_display", allow_null=True)


def _record(provider):
    return SimpleNamespace(get_status_display=lambda: "Live", provider=provider)


def test_a_choice_label_is_read_with_its_display_method():
    provider = SimpleNamespace(get_sector_display=lambda: "Voluntary, community and faith")

    data = _Serializer(_record(provider)).data

    assert data == {"status_label": "Live", "provider_sector": "Voluntary, community and faith"}


def test_a_label_through_an_empty_relation_is_null():
    assert _Serializer(_record(None)).data["provider_sector"] is None


def test_labels_are_read_only():
    assert _Serializer().fields["status_label"].read_only


class _ServiceSerializer(serializers.Serializer):
    status_label = ChoiceLabelField(source="get_status_display")
    tier_label = ChoiceLabelField(source="get_tier_display")


def test_a_model_field_label_is_the_one_django_gives_for_every_value():
    statuses = [value for value, _ in Service._meta.get_field("status").flatchoices]
    for status in [*statuses, "no-such-status", ""]:
        service = Service(status=status, tier="targeted")
        assert _ServiceSerializer(service).data == {
            "status_label": service.get_status_display(),
            "tier_label": service.get_tier_display(),
        }
    assert _ServiceSerializer(Service(status="no-such-status")).data["status_label"] == "no-such-status"


def test_a_display_method_of_the_records_own_is_called():
    class Figures:
        status = "active"

        def get_status_display(self):
            return "Its own wording"

        def get_tier_display(self):
            return "Targeted"

    assert _ServiceSerializer(Figures()).data["status_label"] == "Its own wording"
