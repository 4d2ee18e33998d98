from django.conf import settings
from django.core.management.base import BaseCommand

from commissioning.jobs.services import jobs_stalled_fail


class Command(BaseCommand):
    help = (
        "Fail and report background job runs that have been running longer than JOBS_STALLED_AFTER_MINUTES "
        "(their worker stopped without recording an outcome), so that they can be run again. Run daily."
    )

    def handle(self, *args, **options):
        stalled = jobs_stalled_fail()
        for run in stalled:
            self.stdout.write(f"Job {run.pk} ({run.label}): {run.last_error}")
        self.stdout.write(
            f"{len(stalled)} stalled run(s) failed and reported "
            f"(running longer than {settings.JOBS_STALLED_AFTER_MINUTES} minutes)."
        )
