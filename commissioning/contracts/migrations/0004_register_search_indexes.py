"""On PostgreSQL, trigram indexes on the columns the contracts register searches, in capitals, as Django's
case-insensitive "contains" compares them: a search reads the matching rows from the indexes instead of putting
every agreement's title, reference and description into capitals (ADR 0006)."""

from django.db import migrations

INDEXES = {
    "contracts_agreement_title_upper_trgm": "UPPER(title::text)",
    "contracts_agreement_reference_upper_trgm": "UPPER(reference::text)",
    "contracts_agreement_description_upper_trgm": "UPPER(description)",
}


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for name, expression in INDEXES.items():
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {name} ON contracts_agreement USING gin ({expression} gin_trgm_ops)"
        )
    schema_editor.execute(
        "ANALYZE contracts_agreement"
    )  # the planner's statistics of the indexed expressions


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for name in INDEXES:
            schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [("contracts", "0003_alerts_and_compliance_indexes")]

    operations = [migrations.RunPython(forwards, backwards, elidable=False)]
