"""Serializer fields shared by the API's endpoints."""

from rest_framework import serializers


class ChoiceLabelField(serializers.CharField):
    """The label of a choice, read with its model's `get_<field>_display` (the `source`), e.g.
    `ChoiceLabelField(source="get_status_display")`.

    A plain CharField with that source works too, but DRF checks the signature of any callable it reads
    (`inspect.signature`) on every row: a quarter of the time of a page of the service register."""

    def __init__(self, **kwargs):
        kwargs.setdefault("read_only", True)
        super().__init__(**kwargs)

    def get_attribute(self, instance):
        *path, method = self.source_attrs
        for name in path:
            instance = getattr(instance, name, None)
            if instance is None:
                return None
        return getattr(instance, method)()
