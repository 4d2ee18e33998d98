from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from commissioning.services.importing.importers import services_import
from commissioning.services.importing.readers import ServiceFileError


class Command(BaseCommand):
    help = (
        "Import services into the service register from a CSV (UTF-8) or Excel (.xlsx) file with the columns of "
        "the import template. Every row is checked first; nothing is written unless the whole file is valid. "
        "Services are matched on their reference, so running it again with the same file changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="The CSV or .xlsx file.")

    def handle(self, *args, file, **options):
        path = Path(file)
        try:
            content = path.read_bytes()
        except OSError as exc:
            raise CommandError(f"The file cannot be read: {exc}") from exc
        try:
            report = services_import(actor=None, content=content, file_name=path.name)
        except ServiceFileError as exc:
            exc.file_name = path.name
            raise CommandError(str(exc)) from exc
        for line in report.added:
            self.stdout.write(f"Added: {line}")
        for line in report.updated:
            self.stdout.write(f"Updated: {line}")
        self.stdout.write(report.summary())
