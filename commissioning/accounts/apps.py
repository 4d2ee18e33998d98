from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "commissioning.accounts"
    label = "accounts"
    verbose_name = "Accounts"

    def ready(self):
        from auditlog.registry import auditlog

        from commissioning.accounts.models import User

        auditlog.register(User, exclude_fields=["password", "last_login"])
