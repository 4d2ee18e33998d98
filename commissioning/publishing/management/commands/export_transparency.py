from django.core.management.base import BaseCommand, CommandError

from commissioning.publishing import exports
from commissioning.publishing.management.commands._output import write
from commissioning.publishing.transparency import Quarter, QuarterError


class Command(BaseCommand):
    help = (
        "Write the Local Government Transparency Code 2015 contracts data (over £5,000) for a quarter as CSV."
    )

    def add_arguments(self, parser):
        parser.add_argument("--output", required=True, help="The CSV file to write.")
        parser.add_argument(
            "--quarter", help="Like 2026-Q3 (July to September). Default: the current quarter."
        )

    def handle(self, *args, **options):
        try:
            quarter = Quarter.parse(options["quarter"]) if options["quarter"] else None
        except QuarterError as error:
            raise CommandError(str(error)) from error
        write(self, exports.transparency_export(quarter), options["output"])
