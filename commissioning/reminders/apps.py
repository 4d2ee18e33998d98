from django.apps import AppConfig


class RemindersConfig(AppConfig):
    name = "commissioning.reminders"
    label = "reminders"
    verbose_name = "Reminders"

    def ready(self):
        from auditlog.registry import auditlog

        import commissioning.reminders.rules  # noqa: F401
        from commissioning.reminders.models import SentReminder

        auditlog.register(SentReminder)
