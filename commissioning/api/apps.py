from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "commissioning.api"
    label = "api"
    verbose_name = "API"
