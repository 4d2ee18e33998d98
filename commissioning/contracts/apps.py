from django.apps import AppConfig


class ContractsConfig(AppConfig):
    name = "commissioning.contracts"
    label = "contracts"
    verbose_name = "Contracts and agreements"

    def ready(self):
        from auditlog.registry import auditlog

        from commissioning.contracts import models

        for model in (
            models.Agreement,
            models.Kpi,
            models.PaymentSchedule,
            models.Payment,
            models.ExtensionDecision,
            models.Variation,
        ):
            auditlog.register(model)
