"""Demo: the indicators catalogue, and real published figures for Trafford (the demo's home area), its ten
statistical neighbours and England, imported through the same import as users run."""

from pathlib import Path

from commissioning.needs.indicators.catalogue import catalogue_load
from commissioning.needs.indicators.importers import indicator_values_import
from commissioning.needs.indicators.mappings import MAPPINGS_DIR
from commissioning.needs.models import ImportBatch

DEMO_DIR = Path(__file__).resolve().parent.parent / "data" / "demo"
# (file, mapping): the tidy files need none. Ward (E05) and district (E07) rows are left out: the demo holds
# no localities.
DEMO_FILES = [
    ("trafford_sn_cla_health_assessment.csv", ""),
    ("trafford_sn_cla_dental_check.csv", ""),
    ("trafford_sn_children_poverty.csv", ""),
    ("trafford_sn_neet.csv", ""),
    ("trafford_sn_school_readiness.csv", ""),
    ("trafford_sn_vaccination_mmr.csv", ""),
    ("trafford_sn_grades_5_or_above_ks4.csv", ""),
    ("trafford_sn_children_offending.csv", ""),
    ("trafford_sn_obese_year6.csv", ""),
    ("ees_cla_number_and_rate_per_10k_children.csv", "dfe-children-looked-after-rates.yaml"),
]


def load(context) -> None:
    catalogue_load(actor=context.actor)
    imported = set(ImportBatch.objects.values_list("file_name", flat=True))
    for file_name, mapping in DEMO_FILES:
        if file_name in imported:
            continue
        indicator_values_import(
            actor=context.actor,
            content=(DEMO_DIR / file_name).read_bytes(),
            file_name=file_name,
            mapping=(MAPPINGS_DIR / mapping).read_text(encoding="utf-8") if mapping else "",
            accept_suppressed=True,
            skip_unknown_areas=True,
        )
