from django.core.management.base import BaseCommand
from django.utils import timezone

from commissioning.contracts.services import agreements_close_ended


class Command(BaseCommand):
    help = "Mark live agreements whose end date has passed as ended. Run nightly from cron."

    def handle(self, *args, **options):
        ended = agreements_close_ended(actor=None, today=timezone.localdate())
        self.stdout.write(f"{len(ended)} agreement{'s' if len(ended) != 1 else ''} marked ended.")
