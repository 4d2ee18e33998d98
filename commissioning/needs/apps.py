from django.apps import AppConfig


class NeedsConfig(AppConfig):
    name = "commissioning.needs"
    label = "needs"
    verbose_name = "Needs assessment"

    def ready(self):
        from auditlog.registry import auditlog

        from commissioning.needs.models import (
            Area,
            AreaAlias,
            Indicator,
            NeedsAnalysis,
            NeedsSettings,
            NeighbourSet,
            Priority,
        )

        auditlog.register(Area)
        auditlog.register(AreaAlias)
        auditlog.register(NeighbourSet)
        auditlog.register(NeedsSettings)
        auditlog.register(Indicator, m2m_fields={"outcomes"})
        auditlog.register(NeedsAnalysis, m2m_fields={"indicators"})
        auditlog.register(Priority, m2m_fields={"outcomes", "indicators"})
