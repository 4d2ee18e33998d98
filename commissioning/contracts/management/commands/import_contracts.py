from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from commissioning.contracts.importing import ContractsFileError, contracts_import


class Command(BaseCommand):
    help = (
        "Import a contracts spreadsheet (CSV or .xlsx) into the contracts register. Every row is checked first; "
        "on any problem nothing is imported. The columns are described in docs/contracts.md."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="A CSV file (UTF-8) or an Excel workbook (.xlsx).")
        parser.add_argument("--as-user", help="The username recorded as having made the import.")

    def handle(self, *args, **options):
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"{path} is not a file.")
        actor = None
        if options.get("as_user"):
            actor = get_user_model().objects.filter(username=options["as_user"]).first()
            if actor is None:
                raise CommandError(f"No user is called {options['as_user']}.")
        try:
            added = contracts_import(actor=actor, content=path.read_bytes(), file_name=path.name)
        except ContractsFileError as exc:
            raise CommandError(f"{path.name}: {exc}") from exc
        self.stdout.write(
            self.style.SUCCESS(f"{len(added)} agreement{'s' if len(added) != 1 else ''} imported.")
        )
