"""On PostgreSQL, a trigram index on organisations' names in capitals, as Django's case-insensitive "contains"
compares them: the contracts register's search finds the providers whose names match from it (ADR 0006)."""

from django.db import migrations

INDEX = "organisations_name_upper_trgm"


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {INDEX} ON organisations_organisation "
        "USING gin (UPPER(name::text) gin_trgm_ops)"
    )
    schema_editor.execute("ANALYZE organisations_organisation")  # the planner's statistics of the expression


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("organisations", "0001_initial")]

    operations = [migrations.RunPython(forwards, backwards, elidable=False)]
