from django.apps import AppConfig


class GovernanceConfig(AppConfig):
    name = "commissioning.governance"
    label = "governance"
    verbose_name = "Boards and decisions"

    def ready(self):
        from auditlog.registry import auditlog

        from commissioning.governance import models

        for model in (
            models.Body,
            models.BodyMember,
            models.Meeting,
            models.AgendaItem,
            models.AttendanceRecord,
            models.Decision,
            models.Action,
            models.ActionUpdate,
        ):
            auditlog.register(model)
