from django.apps import AppConfig
from django.db.models.signals import post_migrate


def _defaults(sender, **kwargs):
    """After migrate, and after a flush (which empties the tables but runs post_migrate), the rules exist."""
    from commissioning.procurement.defaults import ensure_defaults
    from commissioning.procurement.models import LocalRule, Threshold

    ensure_defaults(Threshold, LocalRule)


class ProcurementConfig(AppConfig):
    name = "commissioning.procurement"
    label = "procurement"
    verbose_name = "Procurement and grants"

    def ready(self):
        post_migrate.connect(_defaults, sender=self)
        from auditlog.registry import auditlog

        from commissioning.procurement import models

        for model in (
            models.Threshold,
            models.LocalRule,
            models.Procurement,
            models.ProcurementStep,
            models.Milestone,
            models.Notice,
            models.TeamMember,
            models.Risk,
            models.PanelMember,
            models.ConflictDeclaration,
            models.ConflictAssessment,
            models.Question,
            models.Clarification,
            models.AwardDecision,
            models.GrantAgreement,
            models.Moderation,
            models.Score,
        ):
            auditlog.register(model)
        # Bids are not audited field by field: the log would copy sealed content where anyone reading history
        # could see it before the deadline. Their receipt, opening and refusals are on the procurement's timeline.
