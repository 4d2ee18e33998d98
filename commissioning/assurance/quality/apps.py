from django.apps import AppConfig


class QualityConfig(AppConfig):
    name = "commissioning.assurance.quality"
    label = "quality"
    verbose_name = "Provider quality checks"
