from django.apps import AppConfig


class AssuranceConfig(AppConfig):
    name = "commissioning.assurance"
    label = "assurance"
    verbose_name = "Quality assurance"

    def ready(self):
        from auditlog.registry import auditlog

        from commissioning.assurance import models

        for model in (
            models.Programme,
            models.Audit,
            models.Assessment,
            models.EvidenceFile,
            models.AuditAction,
            models.StandardComment,
            models.StandardsReview,
        ):
            auditlog.register(model)
