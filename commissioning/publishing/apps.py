from django.apps import AppConfig


class PublishingConfig(AppConfig):
    name = "commissioning.publishing"
    label = "publishing"
    verbose_name = "Open data publication"

    def ready(self):
        from commissioning.publishing import rules  # noqa: F401
