"""Reads for the gap and overlap analysis: the running services against priorities or outcomes, and
localities against tiers."""

from django.db.models import Prefetch

from commissioning.cycle.models import CommissioningActivity
from commissioning.needs.models import NeedsAnalysis
from commissioning.services.analysis.figures import coverage_matrix, locality_matrix
from commissioning.services.models import Service
from commissioning.services.selectors import ecm_outcomes, localities, open_priorities

BY_PRIORITY, BY_OUTCOME = "priority", "outcome"
BY_CHOICES = [(BY_PRIORITY, "Priorities of the needs analyses"), (BY_OUTCOME, "Every Child Matters outcomes")]


def running_services() -> list[Service]:
    return list(
        Service.objects.running()
        .select_related("provider")
        .prefetch_related("priorities", "outcomes", "localities")
        .order_by("name", "reference")
    )


def analyses_with_priorities():
    return (
        NeedsAnalysis.objects.active()
        .filter(priorities__archived_at__isnull=True)
        .distinct()
        .order_by("title")
    )


def gap_analysis(*, by: str = BY_PRIORITY, analysis_id: int | None = None) -> dict:
    """The coverage matrix (by priority or by outcome) and the localities × tiers matrix."""
    services = running_services()
    if by == BY_OUTCOME:
        rows = [(item.pk, item.heading, item.ref) for item in ecm_outcomes()]
        links = {service.pk: {item.pk for item in service.outcomes.all()} for service in services}
        things = "outcomes"
    else:
        by = BY_PRIORITY
        priorities = open_priorities()
        if analysis_id:
            priorities = priorities.filter(analysis_id=analysis_id)
        rows = [(p.pk, p.title, p.analysis.title) for p in priorities]
        links = {service.pk: {p.pk for p in service.priorities.all()} for service in services}
        things = "priorities"
    area_links = {service.pk: {area.pk for area in service.localities.all()} for service in services}
    return {
        "by": by,
        "things": things,
        "matrix": coverage_matrix(services=services, rows=rows, links=links),
        "localities": locality_matrix(services=services, localities=localities(), locality_links=area_links),
    }


def activities_for_evidence(user):
    """Activities the person may add evidence to, for saving the findings on steps 4 and 5."""
    activities = (
        CommissioningActivity.objects.active()
        .select_related("lead_organisation")
        .prefetch_related(Prefetch("partners"))
    )
    return [
        activity
        for activity in activities.order_by("-cycle_year", "title")
        if user.has_perm("cycle.change_activity", activity)
    ]
