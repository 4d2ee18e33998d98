from django.apps import AppConfig


class RemindersConfig(AppConfig):
    name = "commissioning.reminders"
    label = "reminders"
    verbose_name = "Reminders"
