from django.core.management.base import BaseCommand, CommandError

from commissioning.publishing import exports
from commissioning.publishing.management.commands._output import write


class Command(BaseCommand):
    help = "Write an OCDS 1.1.5 release package of the procurements, awards and contracts, checked by libcoveocds."

    def add_arguments(self, parser):
        parser.add_argument("--output", required=True, help="The JSON file to write.")

    def handle(self, *args, **options):
        export = exports.ocds_export()
        if export.empty:
            raise CommandError(
                "Nothing to publish: no procurement has been published and no agreement is in force. "
                "An OCDS release package must hold at least one release."
            )
        write(self, export, options["output"])
