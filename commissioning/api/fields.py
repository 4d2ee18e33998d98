"""Serializer fields shared by the API's endpoints."""

import functools
import inspect

from rest_framework import serializers

from commissioning.core.choices import choice_label


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
        return _label_reader(type(instance), method)(instance)


@functools.cache
def _label_reader(model: type, method: str):
    """How to read `method` on records of `model`: Django's own `get_<field>_display` is read with `choice_label`,
    which does not build the field's choices again on each call; any other method (a record's own) is called."""
    declared = inspect.getattr_static(model, method, None)
    field = declared.keywords.get("field") if isinstance(declared, functools.partialmethod) else None
    if field is None:
        return lambda instance: getattr(instance, method)()
    return lambda instance: choice_label(instance, field)
