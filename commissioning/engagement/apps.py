from django.apps import AppConfig


class EngagementConfig(AppConfig):
    name = "commissioning.engagement"
    label = "engagement"
    verbose_name = "Involvement and consultations"

    def ready(self):
        from auditlog.registry import auditlog

        from commissioning.engagement import models

        for model in (
            models.SupportType,
            models.Panel,
            models.Involvement,
            models.InvolvementCount,
            models.Consultation,
        ):
            auditlog.register(model)
        # Consultation responses are not in the audit log: it would name the person behind an anonymous answer.
