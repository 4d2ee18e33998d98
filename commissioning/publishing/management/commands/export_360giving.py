from django.core.management.base import BaseCommand, CommandError

from commissioning.publishing import exports
from commissioning.publishing.management.commands._output import write


class Command(BaseCommand):
    help = "Write the grants as a 360Giving 1.4.3 package, checked against its schema."

    def add_arguments(self, parser):
        parser.add_argument("--output", required=True, help="The JSON file to write.")

    def handle(self, *args, **options):
        export = exports.grants_export()
        if export.empty:
            raise CommandError(
                "Nothing to publish: no grant funding agreement has been made. "
                "A 360Giving package must hold at least one grant."
            )
        write(self, export, options["output"])
