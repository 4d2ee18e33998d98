from decimal import Decimal

from django.db import migrations

DEFAULT_BANDS = [
    (Decimal("0"), "annual"),
    (Decimal("50000"), "six_monthly"),
    (Decimal("250000"), "quarterly"),
]


def seed(apps, schema_editor):
    band = apps.get_model("monitoring", "FrequencyBand")
    for from_value, frequency in DEFAULT_BANDS:
        band.objects.get_or_create(from_value=from_value, defaults={"frequency": frequency})


class Migration(migrations.Migration):
    dependencies = [("monitoring", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
