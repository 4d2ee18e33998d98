"""One run of a background job across all its attempts: what ran, how it went, and who was told of a failure."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.module_loading import import_string


class JobStatus(models.TextChoices):
    QUEUED = "queued", "Queued"
    RUNNING = "running", "Running"
    RETRYING = "retrying", "Waiting to try again"
    SUCCEEDED = "succeeded", "Succeeded"
    FAILED = "failed", "Failed"


WAITING_STATUSES = (JobStatus.QUEUED, JobStatus.RETRYING)


class JobRun(models.Model):
    """A job asked for once (by the daily schedule, a command or a person), tried up to `max_attempts` times.

    Each attempt is a task on the queue; a failed attempt queues the next one after a delay that doubles each
    time. After the last attempt fails, administrators are emailed and the run stays here as failed."""

    job_path = models.CharField(
        max_length=255, help_text="The job's Python path, for example a reminders job."
    )
    label = models.CharField(max_length=200, help_text="What the job does, in words.")
    arguments = models.JSONField(default=dict, blank=True, help_text="What the job was asked to do.")
    queue_name = models.CharField(max_length=32, default="default", help_text="The queue its attempts go on.")
    status = models.CharField(max_length=20, choices=JobStatus.choices, default=JobStatus.QUEUED)
    attempts = models.PositiveIntegerField(default=0, help_text="Attempts started so far.")
    max_attempts = models.PositiveIntegerField(help_text="Attempts allowed before the run is reported.")
    enqueued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="Who asked for the run; blank when the schedule did.",
    )
    enqueued_at = models.DateTimeField(
        auto_now_add=True, db_index=True, help_text="When the run was asked for."
    )
    started_at = models.DateTimeField(null=True, blank=True, help_text="When the latest attempt started.")
    finished_at = models.DateTimeField(null=True, blank=True, help_text="When the run succeeded or failed.")
    next_attempt_at = models.DateTimeField(
        null=True, blank=True, help_text="When the next attempt is due, while waiting to try again."
    )
    result = models.JSONField(null=True, blank=True, help_text="What the job reported when it succeeded.")
    last_error = models.TextField(blank=True, help_text="The error of the latest failed attempt.")
    last_traceback = models.TextField(blank=True, help_text="Where in the code the latest attempt failed.")
    reported_at = models.DateTimeField(
        null=True, blank=True, help_text="When administrators were told the run failed."
    )
    report_note = models.TextField(blank=True, help_text="Who was told of the failure, or why nobody was.")
    task_result_id = models.CharField(
        max_length=64, blank=True, help_text="The queue's identifier for the latest attempt."
    )
    run_again_of = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="runs_again",
        help_text="The failed run this one repeats.",
    )

    class Meta:
        ordering = ["-enqueued_at", "-pk"]
        indexes = [models.Index(fields=["status", "-enqueued_at"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(max_attempts__gte=1), name="job_run_at_least_one_attempt"
            ),
            models.CheckConstraint(
                condition=models.Q(attempts__lte=models.F("max_attempts")), name="job_run_attempts_within_max"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.label} (job {self.pk})"

    def get_absolute_url(self) -> str:
        return reverse("jobs:detail", args=[self.pk])

    @property
    def job(self):
        """The job definition this run executes (raises ImportError when the code no longer has it)."""
        from commissioning.jobs.base import Job

        found = import_string(self.job_path)
        if not isinstance(found, Job):
            raise ImportError(f"{self.job_path} is not a background job.")
        return found

    @property
    def summary(self) -> str:
        if isinstance(self.result, dict):
            return str(self.result.get("summary", ""))
        return ""

    @property
    def is_waiting(self) -> bool:
        return self.status in WAITING_STATUSES
