from django.apps import AppConfig


class CycleConfig(AppConfig):
    name = "commissioning.cycle"
    label = "cycle"
    verbose_name = "Commissioning cycle"

    def ready(self):
        from auditlog.registry import auditlog

        from commissioning.cycle.models import (
            ActivityStep,
            CommissioningActivity,
            SelfAssessmentAnswer,
            StepEvidence,
        )

        auditlog.register(CommissioningActivity, m2m_fields={"partners", "outcomes"})
        auditlog.register(ActivityStep)
        auditlog.register(StepEvidence, exclude_fields=["file"])
        auditlog.register(SelfAssessmentAnswer)
