"""Demo: two maturity assessments of the Brackenshire partnership a year apart, and one of an activity."""

from datetime import timedelta

from django.utils import timezone

from commissioning.assurance.maturity import services
from commissioning.assurance.maturity.models import MaturityAssessment

FIRST = {
    "purpose-and-strategy": (
        "parallel",
        "Each partner wrote its own plan, but the council and the integrated care board shared drafts "
        "before sign-off.",
    ),
    "needs-and-market-intelligence": (
        "parallel",
        "The council's needs analysis and the health needs assessment were shared but not designed together.",
    ),
    "stakeholder-engagement": (
        "separate",
        "Each agency ran its own consultations with families and providers.",
    ),
    "resource-allocation-and-management": (
        "separate",
        "Budgets were used for each agency's own objectives.",
    ),
}
SECOND = {
    "purpose-and-strategy": (
        "joint",
        "The children and young people's plan was developed jointly and agreed by every partner's board.",
    ),
    "needs-and-market-intelligence": (
        "joint",
        "A jointly designed population needs analysis, and a joint working group reviewing the market mix.",
    ),
    "stakeholder-engagement": (
        "parallel",
        "Feedback from families and providers is now shared between agencies when relevant.",
    ),
    "resource-allocation-and-management": (
        "parallel",
        "Partners set aside some resources for early help, a common concern; no pooled budget yet.",
    ),
}
ACTIVITY = {
    "purpose-and-strategy": ("joint", "Outcomes for the service agreed jointly by the council and the ICB."),
    "needs-and-market-intelligence": ("joint", "Needs analysis for the service designed by both partners."),
    "stakeholder-engagement": ("joint", "Consultation with young people and parents designed together."),
    "resource-allocation-and-management": (
        "integrated",
        "A pooled budget under a section 75 agreement, managed by one lead commissioner.",
    ),
}


def load(context) -> None:
    users = context.records.get("users", {})
    assessor = users.get("partnership") or users.get("commissioner")
    if assessor is None:
        return
    today = timezone.localdate()
    earlier, later = today - timedelta(days=400), today - timedelta(days=35)
    for assessed_on, ratings, summary in (
        (
            earlier,
            FIRST,
            "Mostly parallel working: the priority is a joint strategy and a shared needs analysis.",
        ),
        (
            later,
            SECOND,
            "Strategy and needs analysis are now joint. Next: joint engagement and a pooled budget.",
        ),
    ):
        if not MaturityAssessment.objects.filter(activity__isnull=True, assessed_on=assessed_on).exists():
            services.assessment_create(
                actor=assessor,
                subject_kind="partnership",
                assessed_on=assessed_on,
                assessor=assessor,
                summary=summary,
                ratings=ratings,
                today=today,
            )
    activities = list(context.records.get("activities", {}).values())
    if activities and not MaturityAssessment.objects.filter(activity=activities[0]).exists():
        services.assessment_create(
            actor=assessor,
            subject_kind="activity",
            activity=activities[0],
            assessed_on=later,
            assessor=assessor,
            ratings=ACTIVITY,
            today=today,
        )
