from django.apps import AppConfig


class MonitoringConfig(AppConfig):
    name = "commissioning.monitoring"
    label = "monitoring"
    verbose_name = "Contract monitoring"

    def ready(self):
        from auditlog.registry import auditlog

        from commissioning.monitoring import models

        for model in (
            models.FrequencyBand,
            models.MonitoringPlan,
            models.ProviderReturn,
            models.Meeting,
            models.MeetingAction,
            models.Visit,
            models.FeedbackRecord,
            models.ImprovementPlan,
            models.AnnualReview,
            models.KpiAssessment,
        ):
            auditlog.register(model)
