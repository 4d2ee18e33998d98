"""Computed evidence from procurements: Islington 5.2, 5.3, 5.4, 5.5, 5.7, 5.8, 5.9 and 6.4, Central
Bedfordshire 8."""

from datetime import timedelta

from django.db.models import Count, Prefetch, Q
from django.utils import timezone

from commissioning.assurance.computed.base import ComputedEvidence, Scope, computed_check
from commissioning.assurance.computed.common import (
    CENTRAL_BEDFORDSHIRE,
    ISLINGTON,
    evidence,
    in_area,
    line,
    procurements,
)
from commissioning.procurement.models import (
    AddedValue,
    AwardDecision,
    ConflictAssessment,
    ConflictDeclaration,
    Criterion,
    PanelMember,
    PanelRole,
    ProcurementStatus,
    Question,
)
from commissioning.procurement.specifications.models import Specification

SERVICE_USER_ROLES = (PanelRole.YOUNG_PERSON, PanelRole.PARENT_CARER)
PANEL_STAGES = (ProcurementStatus.EVALUATION, ProcurementStatus.AWARD_DECIDED, ProcurementStatus.AWARDED)
MINIMUM_TENDER_DAYS = 25


def _with_panel(scope: Scope):
    """Procurements of the scope that reached evaluation, with their current panel and its declarations."""
    panel = PanelMember.objects.filter(removed_at__isnull=True).select_related("user").order_by("pk")
    return (
        procurements(scope)
        .filter(status__in=PANEL_STAGES)
        .prefetch_related(
            Prefetch("panel", queryset=panel, to_attr="current_panel"),
            Prefetch(
                "current_panel__declarations",
                queryset=ConflictDeclaration.objects.order_by("-declared_at"),
            ),
        )
    )


@computed_check(
    code="specification-drafted",
    framework=ISLINGTON,
    refs=("5.2",),
    title="A specification drafted for each procurement",
)
def specification_drafted(scope: Scope) -> ComputedEvidence:
    queryset = procurements(scope).prefetch_related(
        Prefetch(
            "activity__specifications",
            queryset=Specification.objects.active().order_by("-updated_at", "pk"),
            to_attr="current_specifications",
        )
    )
    lines = []
    for procurement in queryset:
        specifications = procurement.activity.current_specifications
        if specifications:
            specification = specifications[0]
            reason = f"{specification.title}, version {specification.current_number} ({specification.get_status_display().lower()})"
            lines.append(line(procurement, str(procurement), True, reason))
        else:
            lines.append(
                line(procurement, str(procurement), False, "No service specification for its activity")
            )
    return evidence(
        code="specification-drafted",
        rule=(
            "Every procurement of the service area published in the period (or whose contract starts in it) has a "
            "service specification, at least in draft, on its commissioning activity."
        ),
        scope=scope,
        lines=lines,
        noun="procurements",
        passing_text="have a service specification",
        empty_text="No procurement is recorded for this service area in the period",
    )


@computed_check(
    code="project-team",
    framework=ISLINGTON,
    refs=("5.3",),
    title="A project team and project initiation document for each procurement",
)
def project_team(scope: Scope) -> ComputedEvidence:
    queryset = procurements(scope).annotate(
        members=Count("team", filter=Q(team__archived_at__isnull=True), distinct=True),
        open_risks=Count("risks", filter=Q(risks__archived_at__isnull=True), distinct=True),
    )
    lines = []
    for procurement in queryset:
        missing = []
        if not procurement.members:
            missing.append("project team")
        if not procurement.objectives.strip():
            missing.append("objectives")
        if not procurement.implementation_plan.strip():
            missing.append("implementation plan")
        if not procurement.open_risks:
            missing.append("risks with contingency plans")
        if missing:
            reason = "No " + ", no ".join(missing)
        else:
            reason = f"{procurement.members} in the team; objectives, plan and {procurement.open_risks} risks recorded"
        lines.append(line(procurement, str(procurement), not missing, reason))
    return evidence(
        code="project-team",
        rule=(
            "Every procurement of the service area published in the period (or whose contract starts in it) has a "
            "project team and a project initiation document: objectives, an implementation plan and a risk "
            "register with contingency plans."
        ),
        scope=scope,
        lines=lines,
        noun="procurements",
        passing_text="have a project team and a complete project initiation document",
        empty_text="No procurement is recorded for this service area in the period",
    )


@computed_check(
    code="conflicts-managed",
    framework=ISLINGTON,
    refs=("5.4",),
    title="Conflicts of interest declared and assessed",
)
def conflicts_managed(scope: Scope) -> ComputedEvidence:
    queryset = _with_panel(scope).prefetch_related(
        Prefetch("conflict_assessments", queryset=ConflictAssessment.objects.order_by("-assessed_on"))
    )
    lines = []
    for procurement in queryset:
        panel = procurement.current_panel
        undeclared = [member for member in panel if not member.declarations.all()]
        assessments = list(procurement.conflict_assessments.all())
        missing = []
        if not panel:
            missing.append("no panel recorded")
        if undeclared:
            missing.append(
                f"{len(undeclared)} of {len(panel)} panel members have not declared their interests"
            )
        if not assessments:
            missing.append("no conflicts assessment")
        if missing:
            reason = "; ".join(missing)
            reason = reason[0].upper() + reason[1:]
        else:
            reason = f"All {len(panel)} panel members declared; conflicts assessed on {assessments[0].assessed_on:%-d %B %Y}"
        lines.append(line(procurement, str(procurement), not missing, reason))
    return evidence(
        code="conflicts-managed",
        rule=(
            "Every procurement of the service area that reached evaluation has a panel whose members have all "
            "declared their interests, and a conflicts assessment (Procurement Act 2023, section 83). Who else "
            "took part is for the auditor."
        ),
        scope=scope,
        lines=lines,
        noun="procurements in evaluation or awarded",
        passing_text="have every declaration and a conflicts assessment",
        empty_text="No procurement of this service area reached evaluation in the period",
    )


def _service_users(procurement) -> list:
    return [member for member in procurement.current_panel if member.panel_role in SERVICE_USER_ROLES]


@computed_check(
    code="panel-service-users",
    framework=ISLINGTON,
    refs=("6.4",),
    title="Children, young people or parents on tender panels",
)
def panel_service_users(scope: Scope) -> ComputedEvidence:
    lines = []
    for procurement in _with_panel(scope):
        members = _service_users(procurement)
        if members:
            roles = ", ".join(sorted({member.get_panel_role_display().lower() for member in members}))
            reason = f"{len(members)} on the panel ({roles})"
        else:
            reason = "No young person, parent or carer on the panel"
        lines.append(line(procurement, str(procurement), bool(members), reason))
    return evidence(
        code="panel-service-users",
        rule=(
            "Every procurement of the service area that reached evaluation in the period has a young person, "
            "parent or carer on its tender panel."
        ),
        scope=scope,
        lines=lines,
        noun="procurements in evaluation or awarded",
        passing_text="have a young person, parent or carer on the panel",
        empty_text="No procurement of this service area reached evaluation in the period",
    )


@computed_check(
    code="panel-trained",
    framework=ISLINGTON,
    refs=("5.5",),
    title="Tender panel members trained, with service users on the panel",
)
def panel_trained(scope: Scope) -> ComputedEvidence:
    lines = []
    for procurement in _with_panel(scope):
        panel = procurement.current_panel
        untrained = [member for member in panel if member.training_completed_on is None]
        service_users = _service_users(procurement)
        missing = []
        if not panel:
            missing.append("no panel recorded")
        if untrained:
            missing.append(f"{len(untrained)} of {len(panel)} panel members have no training recorded")
        if not service_users:
            missing.append("no young person, parent or carer on the panel")
        if missing:
            reason = "; ".join(missing)
            reason = reason[0].upper() + reason[1:]
        else:
            reason = f"All {len(panel)} panel members trained, {len(service_users)} of them service users"
        lines.append(line(procurement, str(procurement), not missing, reason))
    return evidence(
        code="panel-trained",
        rule=(
            "Every procurement of the service area that reached evaluation in the period has a panel whose members "
            "all have their training recorded, including at least one young person, parent or carer. The panel's "
            "feedback on the support they had is for the auditor."
        ),
        scope=scope,
        lines=lines,
        noun="procurements in evaluation or awarded",
        passing_text="have a trained panel with service users",
        empty_text="No procurement of this service area reached evaluation in the period",
    )


@computed_check(
    code="added-value-scored",
    framework=ISLINGTON,
    refs=("5.7",),
    title="Tender documents score added value",
)
def added_value_scored(scope: Scope) -> ComputedEvidence:
    questions = Question.objects.active().filter(criterion=Criterion.SOCIAL_VALUE).exclude(added_value="")
    queryset = (
        procurements(scope)
        .filter(published_at__isnull=False)
        .prefetch_related(
            Prefetch("questions", queryset=questions.order_by("position", "pk"), to_attr="added")
        )
    )
    lines = []
    for procurement in queryset:
        kinds = {question.added_value for question in procurement.added}
        if kinds:
            names = " and ".join(
                "social" if kind == AddedValue.SOCIAL else "resource" for kind in sorted(kinds, reverse=True)
            )
            reason = f"{len(procurement.added)} scored questions on added value ({names} component)"
        else:
            reason = "No scored social value question on added value"
        lines.append(line(procurement, str(procurement), bool(kinds), reason))
    return evidence(
        code="added-value-scored",
        rule=(
            "Every procurement of the service area published in the period (or whose contract starts in it) asks "
            "bidders at least one scored social value question on the added value of their service (a social or "
            "a resource component)."
        ),
        scope=scope,
        lines=lines,
        noun="published procurements",
        passing_text="score added value",
        empty_text="No procurement of this service area was published in the period",
    )


@computed_check(
    code="tender-closing-date",
    framework=ISLINGTON,
    refs=("5.8",),
    title="Adverts with a reasonable closing date",
)
def tender_closing_date(scope: Scope) -> ComputedEvidence:
    queryset = procurements(scope).filter(published_at__isnull=False, tender_deadline__isnull=False)
    lines = []
    for procurement in queryset:
        published = timezone.localtime(procurement.published_at)
        deadline = timezone.localtime(procurement.tender_deadline)
        days = (deadline.date() - published.date()).days
        passes = deadline - published >= timedelta(days=MINIMUM_TENDER_DAYS)
        reason = f"Published {published:%-d %B %Y}, closing {deadline:%-d %B %Y}: {days} days"
        lines.append(line(procurement, str(procurement), passes, reason))
    return evidence(
        code="tender-closing-date",
        rule=(
            f"Every procurement of the service area published in the period (or whose contract starts in it) gave "
            f"bidders at least {MINIMUM_TENDER_DAYS} days from publication to the closing date (the Procurement Act "
            f"2023, section 54: the minimum tendering period of an open procedure with tenders submitted "
            f"electronically and no qualifying planned procurement notice; the seed asks only for a 'reasonable "
            f"closing date', so this is used as the reasonable minimum for every route). Stakeholder events are for the auditor."
        ),
        scope=scope,
        lines=lines,
        noun="published procurements",
        passing_text=f"gave at least {MINIMUM_TENDER_DAYS} days to bid",
        empty_text="No procurement of this service area was published in the period",
    )


@computed_check(
    code="lessons-learned",
    framework=ISLINGTON,
    refs=("5.9",),
    title="Feedback and a lessons learned meeting at the end of each procurement",
)
def lessons_learned(scope: Scope) -> ComputedEvidence:
    queryset = procurements(scope).filter(status=ProcurementStatus.AWARDED)
    lines = []
    for procurement in queryset:
        missing = []
        if procurement.lessons_learned_on is None or not procurement.lessons_learned.strip():
            missing.append("no lessons learned meeting recorded")
        if not procurement.panel_feedback.strip():
            missing.append("no feedback from the panel recorded")
        if missing:
            reason = "; ".join(missing)
            reason = reason[0].upper() + reason[1:]
        else:
            reason = f"Lessons learned meeting on {procurement.lessons_learned_on:%-d %B %Y}; panel feedback recorded"
        lines.append(line(procurement, str(procurement), not missing, reason))
    return evidence(
        code="lessons-learned",
        rule=(
            "Every awarded procurement of the service area published in the period (or whose contract starts in "
            "it) has its lessons learned meeting and the panel's feedback recorded."
        ),
        scope=scope,
        lines=lines,
        noun="awarded procurements",
        passing_text="have lessons learned and panel feedback recorded",
        empty_text="No procurement of this service area was awarded in the period",
    )


@computed_check(
    code="award-decisions-transparent",
    framework=CENTRAL_BEDFORDSHIRE,
    refs=("8",),
    title="Award decisions recorded with reasons, approval and a published notice",
)
def award_decisions_transparent(scope: Scope) -> ComputedEvidence:
    queryset = in_area(
        AwardDecision.objects.filter(decided_on__range=(scope.start, scope.end)).select_related(
            "procurement", "bid__bidder"
        ),
        scope,
        "procurement__activity__service_area",
    ).order_by("decided_on", "pk")
    lines = []
    for award in queryset:
        label = f"{award.procurement}: award to {award.bid.bidder.name} on {award.decided_on:%-d %B %Y}"
        missing = []
        if not award.reasons.strip():
            missing.append("no reasons")
        if not award.approved_by.strip():
            missing.append("no approval")
        if award.award_notice_on is None:
            missing.append("no award notice published")
        if missing:
            reason = "; ".join(missing)
            reason = reason[0].upper() + reason[1:]
        else:
            reason = (
                f"Approved by {award.approved_by}; award notice published {award.award_notice_on:%-d %B %Y}"
            )
        lines.append(line(award.procurement, label, not missing, reason))
    return evidence(
        code="award-decisions-transparent",
        rule=(
            "Every award decision in the period on a procurement of the service area records its reasons and who "
            "approved it, and its contract award notice is published."
        ),
        scope=scope,
        lines=lines,
        noun="award decisions",
        passing_text="are recorded with reasons, approval and a published notice",
        empty_text="No award decision was made for this service area in the period",
    )
