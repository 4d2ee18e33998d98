from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from commissioning.needs.files import FileImportError
from commissioning.needs.indicators.catalogue import CATALOGUE_FILE, catalogue_load


class Command(BaseCommand):
    help = (
        "Load the indicators catalogue shipped in commissioning/needs/data/national_indicators.yaml (the 35 "
        "national indicators) and link it to the framework library. Safe to run again; it never overwrites an "
        "indicator's wording."
    )

    def add_arguments(self, parser):
        parser.add_argument("--file", default=str(CATALOGUE_FILE), help="The catalogue file (YAML).")

    def handle(self, *args, file, **options):
        try:
            report = catalogue_load(path=Path(file))
        except FileImportError as exc:
            raise CommandError(f"The catalogue was not loaded; nothing was changed.\n{exc}") from exc
        self.stdout.write(report.summary())
