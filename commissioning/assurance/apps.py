from django.apps import AppConfig


class AssuranceConfig(AppConfig):
    name = "commissioning.assurance"
    label = "assurance"
    verbose_name = "Quality assurance"
