"""The gate rules a new partnership starts with; administrators can switch them off or add their own."""

from django.db import migrations

ISLINGTON_5 = (
    'Islington Commissioning Standards 5.1: "Procurement rules are followed from procurement initiation to award '
    'of contract. A budget is agreed and an Equalities Impact Assessment completed." 5.2: "A specification of '
    'services to be purchased is drafted."'
)
REVIEW = (
    "DCSF nine-step cycle, step 9 (Monitor and review): the Review quadrant ends with a formal review and "
    "evaluation, December to March."
)
STRATEGY = (
    "Gateshead commissioning strategy appendix, Activity Two: the strategy is drafted and agreed before services "
    "are planned and implemented."
)

DEFAULT_RULES = [
    ("complete_step", 7, "budget_agreed", [], ISLINGTON_5),
    ("complete_step", 7, "eia_consulted", [], ISLINGTON_5),
    ("complete_step", 7, "specification", [], ISLINGTON_5),
    ("start_procurement", None, "budget_agreed", [], ISLINGTON_5),
    ("start_procurement", None, "eia_consulted", [], ISLINGTON_5),
    ("start_procurement", None, "specification", [], ISLINGTON_5),
    ("complete_step", 9, "review_recorded", [], REVIEW),
    ("complete_step", 5, "strategy_approved", ["strategy"], STRATEGY),
]


def add_rules(apps, schema_editor):
    GateRule = apps.get_model("cycle", "GateRule")
    for transition, step, condition, kinds, source in DEFAULT_RULES:
        GateRule.objects.get_or_create(
            transition=transition,
            step_number=step,
            condition=condition,
            defaults={"activity_kinds": kinds, "source": source, "enabled": True},
        )


class Migration(migrations.Migration):
    dependencies = [("cycle", "0002_gates_equality_strategy_decommissioning")]

    operations = [migrations.RunPython(add_rules, migrations.RunPython.noop)]
