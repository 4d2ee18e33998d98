from django.apps import AppConfig


class GovernanceConfig(AppConfig):
    name = "commissioning.governance"
    label = "governance"
    verbose_name = "Boards and decisions"
