from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from commissioning.frameworks.schema import FrameworkFileError
from commissioning.frameworks.services import DATA_DIRECTORY, library_load


class Command(BaseCommand):
    help = "Load the framework library from commissioning/frameworks/data/*.yaml (safe to run again)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--directory", default=str(DATA_DIRECTORY), help="Folder of framework YAML files."
        )
        parser.add_argument("--force", action="store_true", help="Rewrite frameworks even if unchanged.")

    def handle(self, *args, directory, force, **options):
        try:
            report = library_load(directory=Path(directory), force=force)
        except FrameworkFileError as exc:
            raise CommandError(f"Framework library not loaded; nothing was changed. {exc}") from exc
        self.stdout.write(
            f"Framework library: {len(report.created)} added, {len(report.updated)} updated, "
            f"{len(report.unchanged)} unchanged ({report.items} items)."
        )
