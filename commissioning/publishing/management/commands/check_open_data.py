from django.core.management.base import BaseCommand, CommandError

from commissioning.jobs.models import JobStatus
from commissioning.jobs.services import job_run_now
from commissioning.publishing import services
from commissioning.publishing.checks import CHECKED_FILES, open_data_check


class Command(BaseCommand):
    help = (
        "Check the OCDS and 360Giving files with their standards, as the open data page shows them. Run daily "
        "from cron: it queues a check of each file for the background worker (manage.py db_worker); --now runs "
        "them here instead, for a host without a worker. A file already being checked is not queued again."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--now",
            action="store_true",
            help="Run in this process instead of queueing for the worker (one attempt; a failure is reported).",
        )

    def handle(self, *args, now: bool, **options):
        failed = []
        for key, title in CHECKED_FILES.items():
            if now:
                run = job_run_now(job=open_data_check, arguments={"key": key})
            else:
                run, queued = services.open_data_check_request(key=key, actor=None)
                if not queued:
                    self.stdout.write(f"{title}: already being checked (background job {run.pk}).")
                    continue
            if run.status == JobStatus.SUCCEEDED:
                self.stdout.write(f"{title}: {run.summary}")
            elif run.status == JobStatus.FAILED:
                failed.append(f"{title} (job {run.pk}): {run.last_error}")
            else:
                self.stdout.write(f"{title}: queued as background job {run.pk} for the worker.")
        if failed:
            raise CommandError("Could not check " + "; ".join(failed))
