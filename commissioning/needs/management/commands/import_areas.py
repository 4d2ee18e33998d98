from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from commissioning.needs.areas.importers import areas_import
from commissioning.needs.areas.readers import AreaFileError


class Command(BaseCommand):
    help = (
        "Import an area hierarchy file in the Fingertips format (Children, AreaCode, AreaName, Level, "
        "HierarchyType, AreaType, AreaTypeCode): England, the regions and the counties and unitary "
        "authorities, and optionally one authority's districts or wards as its localities. Safe to run "
        "again; nothing is written unless the whole file is valid."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="The CSV file.")
        parser.add_argument(
            "--localities-of",
            default="",
            metavar="CODE",
            help="Also import the areas this authority (ONS code) lists as its children, as its localities.",
        )

    def handle(self, *args, file, localities_of, **options):
        path = Path(file)
        try:
            content = path.read_bytes()
        except OSError as exc:
            raise CommandError(f"The file cannot be read: {exc}") from exc
        try:
            report = areas_import(content=content, file_name=path.name, localities_of=localities_of)
        except AreaFileError as exc:
            exc.file_name = path.name
            raise CommandError(str(exc)) from exc
        for line in report.added:
            self.stdout.write(f"Added: {line}")
        for line in report.updated:
            self.stdout.write(f"Updated: {line}")
        for line in report.aliases_added:
            self.stdout.write(f"Other name added: {line}")
        for line in report.notes:
            self.stdout.write(line)
        self.stdout.write(report.summary())
