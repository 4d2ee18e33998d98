from django.apps import AppConfig


class OrganisationsConfig(AppConfig):
    name = "commissioning.organisations"
    label = "organisations"
    verbose_name = "Organisations and people"

    def ready(self):
        from auditlog.registry import auditlog

        from commissioning.organisations.models import Membership, Organisation

        auditlog.register(Organisation)
        auditlog.register(Membership)
