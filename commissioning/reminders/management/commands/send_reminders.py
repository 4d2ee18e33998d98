from datetime import date

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from commissioning.jobs.models import JobStatus
from commissioning.jobs.services import job_enqueue, job_run_now
from commissioning.reminders.jobs import reminders_run
from commissioning.reminders.services import reminders_send, report_text


class Command(BaseCommand):
    help = (
        "Email each person the things due soon or overdue (steps, returns, minutes, notice deadlines, expiries, "
        "audits, consultations) that they have not been reminded of. Run daily from cron: it queues the "
        "reminders job for the background worker (manage.py db_worker), which tries again if it fails; --now "
        "runs it here instead, for a host without a worker. Running it again the same day sends nothing new."
    )

    def add_arguments(self, parser):
        parser.add_argument("--date", help="Run as if today were this date (YYYY-MM-DD).")
        parser.add_argument(
            "--dry-run", action="store_true", help="Show what would be sent; send and record nothing."
        )
        parser.add_argument(
            "--now",
            action="store_true",
            help="Run in this process instead of queueing for the worker (one attempt; a failure is reported).",
        )

    def handle(self, *args, **options):
        try:
            today = date.fromisoformat(options["date"]) if options["date"] else timezone.localdate()
        except ValueError as exc:
            raise CommandError("Give the date as YYYY-MM-DD, for example 2026-07-01.") from exc
        if options["dry_run"]:
            text = report_text(reminders_send(today=today, dry_run=True), today=today, dry_run=True)
            self._write(output=text.output, problems=text.problems, summary=text.summary)
            return
        arguments = {"date": today.isoformat()}
        if options["now"]:
            run = job_run_now(job=reminders_run, arguments=arguments)
        else:
            run = job_enqueue(job=reminders_run, arguments=arguments)
        if run.status == JobStatus.SUCCEEDED:
            result = run.result or {}
            self._write(
                output=result.get("output", []), problems=result.get("problems", []), summary=run.summary
            )
        elif run.status == JobStatus.FAILED:
            raise CommandError(f"The reminders job (job {run.pk}) failed: {run.last_error}")
        else:
            self.stdout.write(
                f"Queued the reminders for {today:%-d %B %Y} as background job {run.pk} "
                f"({run.get_status_display().lower()}); the worker (manage.py db_worker) sends them."
            )

    def _write(self, *, output, problems, summary):
        for line in output:
            self.stdout.write(line)
        for line in problems:
            self.stderr.write(line)
        self.stdout.write(summary)
