from types import SimpleNamespace

from rest_framework import serializers

from commissioning.api.fields import ChoiceLabelField


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
