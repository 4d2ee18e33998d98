"""Reads for the Background jobs pages and the failure report."""

from django.contrib.auth import get_user_model
from django.db.models import Count, QuerySet

from commissioning.jobs.models import JobRun, JobStatus
from commissioning.organisations.models import Membership, Role


def job_run_list(*, status: str = "") -> QuerySet[JobRun]:
    """Runs newest first, optionally of one status, with who asked for each."""
    runs = JobRun.objects.select_related("enqueued_by")
    if status in JobStatus.values:
        runs = runs.filter(status=status)
    return runs.order_by("-enqueued_at", "-pk")


def job_status_counts() -> dict[str, int]:
    counts = dict(JobRun.objects.values_list("status").annotate(count=Count("pk")).order_by())
    return {value: counts.get(value, 0) for value in JobStatus.values}


def job_run_detail(pk: int) -> JobRun:
    return JobRun.objects.select_related("enqueued_by", "run_again_of").get(pk=pk)


def administrator_emails() -> list[str]:
    """The email addresses of active people holding the Administrator role in an active organisation."""
    user_ids = (
        Membership.objects.active()
        .filter(role=Role.ADMINISTRATOR, organisation__archived_at__isnull=True)
        .values("user_id")
    )
    emails = (
        get_user_model()
        .objects.filter(pk__in=user_ids, is_active=True)
        .exclude(email="")
        .order_by("email")
        .values_list("email", flat=True)
    )
    return list(dict.fromkeys(emails))
