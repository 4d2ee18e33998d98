from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from commissioning.needs.areas.importers import areas_load
from commissioning.needs.areas.readers import DATA_FILE, AreaFileError


class Command(BaseCommand):
    help = (
        "Load England, the regions and the children's services authorities (current and former) shipped in "
        "commissioning/needs/data/areas.yaml. Safe to run again; all or nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("--file", default=str(DATA_FILE), help="The areas file (YAML).")

    def handle(self, *args, file, **options):
        try:
            report = areas_load(path=Path(file))
        except AreaFileError as exc:
            raise CommandError(f"Areas not loaded; nothing was changed.\n{exc}") from exc
        self.stdout.write(report.summary())
