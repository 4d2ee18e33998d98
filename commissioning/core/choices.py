"""A choice's label, as `get_<field>_display` gives it, without building the field's choices again on each call.

Django's own method turns every choice into a dictionary each time it is called; a register of 25 rows with four
labels a row calls it a hundred times a page."""

import functools

from django.utils.choices import CallableChoiceIterator
from django.utils.encoding import force_str
from django.utils.hashable import make_hashable


def choice_label(instance, field) -> str:
    value = getattr(instance, field.attname)
    labels = _labels(field) if not isinstance(field.choices, CallableChoiceIterator) else _read(field)
    return force_str(labels.get(make_hashable(value), value), strings_only=True)


@functools.cache
def _labels(field) -> dict:
    return _read(field)


def _read(field) -> dict:
    return dict(make_hashable(field.flatchoices))
