from django.apps import AppConfig


class FundingConfig(AppConfig):
    name = "commissioning.funding"
    label = "funding"
    verbose_name = "Funding and budgets"

    def ready(self):
        from auditlog.registry import auditlog

        from commissioning.funding import models

        for model in (
            models.FundingStream,
            models.ServiceFunding,
            models.PooledBudget,
            models.Contribution,
            models.Allocation,
            models.Commitment,
            models.DevelopmentPlan,
            models.TrainingItem,
            models.MarketAction,
        ):
            auditlog.register(model)
