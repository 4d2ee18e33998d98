from django.apps import apps
from django.db import models

from commissioning.core.choices import choice_label
from commissioning.core.models import TimeStampedModel
from commissioning.services.models import Service


def _django_label(instance, field):
    return models.Model._get_FIELD_display(instance, field)


def test_every_choice_of_every_record_reads_as_django_reads_it():
    checked = 0
    for model in apps.get_models():
        if not issubclass(model, TimeStampedModel):
            continue
        for field in model._meta.concrete_fields:
            if not field.choices:
                continue
            for value in [*(value for value, _ in field.flatchoices), "not-a-choice", None]:
                instance = model(**{field.attname: value})
                assert getattr(instance, f"get_{field.name}_display")() == _django_label(instance, field)
                checked += 1
    assert checked > 300


def test_a_value_that_is_not_a_choice_reads_as_itself():
    assert Service(status="withdrawn-long-ago").get_status_display() == "withdrawn-long-ago"


def test_choices_given_by_a_function_are_read_again_each_time():
    wording = ["First wording"]
    field = models.CharField(choices=lambda: [("a", wording[0])])
    field.set_attributes_from_name("kind")
    record = type("Record", (), {"kind": "a"})()
    assert choice_label(record, field) == "First wording"
    wording[0] = "Second wording"
    assert choice_label(record, field) == "Second wording"
