from django.db import migrations


def seed(apps, schema_editor):
    from commissioning.assurance.quality.seed import seed_requirements

    seed_requirements(apps.get_model("quality", "Requirement"))


class Migration(migrations.Migration):
    dependencies = [("quality", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
