from django.apps import AppConfig


class MaturityConfig(AppConfig):
    name = "commissioning.assurance.maturity"
    label = "maturity"
    verbose_name = "Joint commissioning maturity"

    def ready(self):
        from auditlog.registry import auditlog

        from commissioning.assurance.maturity import models

        auditlog.register(models.MaturityAssessment)
        auditlog.register(models.MaturityRating)
