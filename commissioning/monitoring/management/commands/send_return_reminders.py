from datetime import date

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from commissioning.monitoring.reminders import send_return_reminders


class Command(BaseCommand):
    help = (
        "Email providers about monitoring returns due within a week and overdue ones. Safe to run from cron "
        "as often as you like: each reminder goes at most once a day."
    )

    def add_arguments(self, parser):
        parser.add_argument("--date", help="Act as if today were this date (YYYY-MM-DD).")

    def handle(self, *args, **options):
        try:
            today = date.fromisoformat(options["date"]) if options["date"] else timezone.localdate()
        except ValueError as exc:
            raise CommandError("Give the date as YYYY-MM-DD, for example 2026-07-01.") from exc
        report = send_return_reminders(today=today)
        self.stdout.write(
            f"{report.sent} reminder(s) sent; {report.already_sent} already sent today; "
            f"{report.skipped_no_recipient} period(s) with no provider user to email."
        )
