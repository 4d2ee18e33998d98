from django.apps import AppConfig


class ServicesConfig(AppConfig):
    name = "commissioning.services"
    label = "services"
    verbose_name = "Services and market"

    def ready(self):
        from auditlog.registry import auditlog

        from commissioning.services.models import MarketPositionStatement, Service

        auditlog.register(Service, m2m_fields={"localities", "outcomes", "priorities"})
        auditlog.register(MarketPositionStatement)
