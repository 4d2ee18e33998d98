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

        from commissioning.procurement.models import LocalRule, Threshold

        auditlog.register(Threshold)
        auditlog.register(LocalRule)
