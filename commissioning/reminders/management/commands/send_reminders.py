from datetime import date

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from commissioning.reminders.services import reminders_send


class Command(BaseCommand):
    help = (
        "Email each person the things due soon or overdue (steps, returns, minutes, notice deadlines, expiries, "
        "audits, consultations) that they have not been reminded of. Run daily from cron; running it again the "
        "same day sends nothing new."
    )

    def add_arguments(self, parser):
        parser.add_argument("--date", help="Run as if today were this date (YYYY-MM-DD).")
        parser.add_argument("--dry-run", action="store_true", help="Show what would be sent; send nothing.")

    def handle(self, *args, **options):
        try:
            today = date.fromisoformat(options["date"]) if options["date"] else timezone.localdate()
        except ValueError as exc:
            raise CommandError("Give the date as YYYY-MM-DD, for example 2026-07-01.") from exc
        dry_run = options["dry_run"]
        report = reminders_send(today=today, dry_run=dry_run)
        verb = "Would send" if dry_run else "Sent"
        for sent in report.sent:
            self.stdout.write(f"{verb} to {sent.email}: {len(sent.items)} item(s)")
            for item in sent.items:
                state = "overdue" if item.is_overdue(today) else "due"
                self.stdout.write(f"  - {item.kind}: {item.title} ({state} {item.due:%-d %B %Y}) {item.url}")
        for name in report.no_email:
            self.stdout.write(f"No email address for {name}: not reminded.")
        for failure in report.not_delivered:
            self.stderr.write(f"Not delivered: {failure}")
        for failure in report.failures:
            self.stderr.write(f"Reminders from {failure.source} failed: {failure.error}")
        self.stdout.write(
            f"{len(report.sent)} email(s) {'to send' if dry_run else 'sent'} on {today:%-d %B %Y}; "
            f"{report.already_reminded} item(s) already reminded; {len(report.failures)} source(s) failed."
        )
