from django.apps import AppConfig
from django.db.models.signals import post_migrate


def _default_gate_rules(sender, **kwargs):
    """After migrate, and after a flush (which empties the tables but runs post_migrate), the seeds' rules exist."""
    from commissioning.cycle.gaterules.defaults import ensure_default_rules
    from commissioning.cycle.models import GateRule

    ensure_default_rules(GateRule)


class CycleConfig(AppConfig):
    name = "commissioning.cycle"
    label = "cycle"
    verbose_name = "Commissioning cycle"

    def ready(self):
        post_migrate.connect(_default_gate_rules, sender=self)
        from auditlog.registry import auditlog

        from commissioning.cycle.models import (
            ActivityBudget,
            ActivityReview,
            ActivityStep,
            CommissioningActivity,
            CrossCuttingIssue,
            Decommissioning,
            EqualityImpact,
            EqualityImpactAssessment,
            GateRule,
            SelfAssessmentAnswer,
            StepEvidence,
            Strategy,
            StrategyPriority,
            StrategyRecommendation,
        )

        auditlog.register(CommissioningActivity, m2m_fields={"partners", "outcomes"})
        auditlog.register(ActivityStep)
        auditlog.register(StepEvidence, exclude_fields=["file"])
        auditlog.register(SelfAssessmentAnswer)
        auditlog.register(EqualityImpactAssessment)
        auditlog.register(EqualityImpact)
        auditlog.register(Strategy, m2m_fields={"outcomes"})
        auditlog.register(StrategyPriority, m2m_fields={"outcomes"})
        auditlog.register(StrategyRecommendation)
        auditlog.register(CrossCuttingIssue)
        auditlog.register(Decommissioning)
        auditlog.register(ActivityBudget)
        auditlog.register(ActivityReview)
        auditlog.register(GateRule)
