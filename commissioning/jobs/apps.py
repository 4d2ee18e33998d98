from django.apps import AppConfig


class JobsConfig(AppConfig):
    name = "commissioning.jobs"
    label = "jobs"
    verbose_name = "Background jobs"

    def ready(self):
        from auditlog.registry import auditlog

        import commissioning.jobs.rules  # noqa: F401
        from commissioning.jobs.models import JobRun

        auditlog.register(JobRun, include_fields=["status", "attempts", "reported_at"])
