from django.apps import AppConfig


class MaturityConfig(AppConfig):
    name = "commissioning.assurance.maturity"
    label = "maturity"
    verbose_name = "Joint commissioning maturity"
