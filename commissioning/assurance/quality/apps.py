from django.apps import AppConfig


class QualityConfig(AppConfig):
    name = "commissioning.assurance.quality"
    label = "quality"
    verbose_name = "Provider quality checks"

    def ready(self):
        from auditlog.registry import auditlog

        from commissioning.assurance.quality import (
            models,
            rules,  # noqa: F401 - registers the permissions
        )

        for model in (models.Requirement, models.ProviderEnrolment, models.ProviderCheck):
            auditlog.register(model)
