from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from commissioning.needs.areas.importers import neighbours_import
from commissioning.needs.areas.readers import AreaFileError


class Command(BaseCommand):
    help = (
        "Import statistical neighbours from the DfE wide layout: one column per authority, named in the "
        "header, with its ten neighbours below, closest first. Names are matched to current authorities and "
        "their other names; an unknown or ambiguous name stops the whole import. Sets that changed are "
        "replaced and kept in their history."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="The CSV file.")
        parser.add_argument(
            "--source",
            default="",
            help="Where the sets come from, and their date (shown with each set).",
        )

    def handle(self, *args, file, source, **options):
        path = Path(file)
        try:
            content = path.read_bytes()
        except OSError as exc:
            raise CommandError(f"The file cannot be read: {exc}") from exc
        try:
            report = neighbours_import(content=content, file_name=path.name, source=source)
        except AreaFileError as exc:
            exc.file_name = path.name
            raise CommandError(str(exc)) from exc
        self.stdout.write(report.summary())
