from django.apps import AppConfig
from django.db.backends.signals import connection_created


class CoreConfig(AppConfig):
    name = "commissioning.core"
    label = "core"
    verbose_name = "Core"

    def ready(self) -> None:
        from commissioning.core import table_cache

        connection_created.connect(table_cache.install, dispatch_uid="core.table_cache")
