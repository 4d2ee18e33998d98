from django.apps import AppConfig


class SpecificationsConfig(AppConfig):
    name = "commissioning.procurement.specifications"
    label = "specifications"
    verbose_name = "Service specifications"

    def ready(self):
        from auditlog.registry import auditlog

        from commissioning.procurement.specifications import gate
        from commissioning.procurement.specifications.models import Specification, SpecificationVersion

        auditlog.register(Specification)
        auditlog.register(SpecificationVersion)
        gate.register_check()
