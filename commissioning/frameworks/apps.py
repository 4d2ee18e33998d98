from django.apps import AppConfig


class FrameworksConfig(AppConfig):
    name = "commissioning.frameworks"
    label = "frameworks"
    verbose_name = "Framework library"

    def ready(self):
        from auditlog.registry import auditlog

        from commissioning.frameworks.models import Framework, FrameworkItem

        auditlog.register(Framework, exclude_fields=["content_hash", "position"])
        auditlog.register(FrameworkItem, exclude_fields=["search_text", "sort_key", "depth"])
