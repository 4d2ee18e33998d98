from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from commissioning.needs.areas.importers import localities_import
from commissioning.needs.areas.readers import AreaFileError


class Command(BaseCommand):
    help = (
        "Add an authority's localities (wards, districts or super output areas) from a CSV with the columns code "
        "and name (or area_code and area_name, as in tidy indicator files). Safe to run again; all or nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="The CSV file.")
        parser.add_argument(
            "--of", required=True, metavar="CODE", help="The authority's ONS code, e.g. E08000009."
        )

    def handle(self, *args, file, of, **options):
        path = Path(file)
        try:
            content = path.read_bytes()
        except OSError as exc:
            raise CommandError(f"The file cannot be read: {exc}") from exc
        try:
            report = localities_import(content=content, file_name=path.name, authority=of)
        except AreaFileError as exc:
            raise CommandError(str(exc)) from exc
        for line in report.added:
            self.stdout.write(f"Added: {line}")
        self.stdout.write(report.summary())
