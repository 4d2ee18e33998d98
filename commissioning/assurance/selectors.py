"""Reads for quality assurance: programmes, audits with their criteria grouped by standard, actions, the
annual summary with last year's trend, and the standards frameworks with their reviews and comments."""

from collections import Counter
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Count, Prefetch, Q, QuerySet

from commissioning.assurance.evidence import audit_scope, evidence_for_assessment
from commissioning.assurance.models import (
    NEEDS_ACTION,
    RATING_ORDER,
    ActionStatus,
    Assessment,
    Audit,
    AuditAction,
    AuditStatus,
    EvidenceFile,
    Programme,
    Rating,
    StandardComment,
    StandardsReview,
    quarter_months,
    source_roles_in,
)
from commissioning.core.queries import count_of
from commissioning.frameworks.models import Framework, FrameworkItem

AUDIT_SORTS = {
    "quarter": ["programme__financial_year", "quarter", "service_area"],
    "area": ["service_area", "programme__financial_year", "quarter"],
    "status": ["status", "programme__financial_year", "quarter"],
    "auditor": ["auditor__last_name", "auditor__first_name", "quarter"],
}
ACTION_SORTS = {"due": ["due_on", "pk"], "owner": ["owner__last_name", "owner__first_name", "due_on"]}


def programme_list(*, include_archived: bool = False) -> QuerySet[Programme]:
    queryset = Programme.objects.all() if include_archived else Programme.objects.active()
    return queryset.annotate(
        audit_count=Count("audits", filter=Q(audits__archived_at__isnull=True)),
        completed_count=Count(
            "audits", filter=Q(audits__archived_at__isnull=True, audits__status=AuditStatus.COMPLETED)
        ),
    ).order_by("-financial_year", "-pk")


def programme_detail(pk: int) -> Programme:
    return Programme.objects.get(pk=pk)


def _quarter_end_filter(today: date) -> Q:
    """Audits whose quarter ended before today (the quarter's end is computed from the year and quarter)."""
    condition = Q(pk__in=[])
    for quarter in (1, 2, 3, 4):
        # quarter q of year y ends before today when y < the last year whose quarter q has ended
        years_ended = [
            y for y in range(today.year - 2, today.year + 1) if quarter_months(y, quarter)[1] < today
        ]
        if years_ended:
            condition |= Q(quarter=quarter, programme__financial_year__lte=max(years_ended))
    return condition


def audit_list(
    *,
    programme: Programme | None = None,
    search: str = "",
    service_area: str = "",
    status: str = "",
    overdue: bool = False,
    ordering: str = "quarter",
    include_archived: bool = False,
    today: date | None = None,
) -> QuerySet[Audit]:
    queryset = Audit.objects.all() if include_archived else Audit.objects.active()
    if programme is None and not include_archived:
        queryset = queryset.filter(programme__archived_at__isnull=True)
    queryset = queryset.select_related("programme", "framework", "auditor").annotate(
        criteria_count=count_of(Assessment.objects.all(), "audit"),
        rated_count=count_of(Assessment.objects.exclude(rating=""), "audit"),
        open_actions=count_of(
            AuditAction.objects.filter(status=ActionStatus.OPEN, archived_at__isnull=True),
            "assessment__audit",
        ),
    )
    if programme is not None:
        queryset = queryset.filter(programme=programme)
    if search:
        queryset = queryset.filter(
            Q(framework__title__icontains=search)
            | Q(auditor__first_name__icontains=search)
            | Q(auditor__last_name__icontains=search)
            | Q(conclusion__icontains=search)
        )
    if service_area:
        queryset = queryset.filter(service_area=service_area)
    if status:
        queryset = queryset.filter(status=status)
    if overdue and today is not None:
        queryset = queryset.exclude(status=AuditStatus.COMPLETED).filter(_quarter_end_filter(today))
    return queryset.order_by(*AUDIT_SORTS.get(ordering, AUDIT_SORTS["quarter"]), "pk")


def audit_detail(pk: int) -> Audit:
    return Audit.objects.select_related("programme", "framework", "auditor", "completed_by").get(pk=pk)


@dataclass
class CriterionRow:
    item: FrameworkItem
    assessment: Assessment | None
    computed: list[dict] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)

    @property
    def is_gap(self) -> bool:
        return self.item.missing_from_source


@dataclass
class StandardSection:
    standard: FrameworkItem | None
    rows: list[CriterionRow] = field(default_factory=list)

    @property
    def ratings(self) -> Counter:
        return Counter(row.assessment.rating for row in self.rows if row.assessment and row.assessment.rating)


def item_field(item: FrameworkItem, label: str):
    for entry in item.fields or []:
        if entry.get("label") == label:
            return entry.get("value")
    return None


def assessments_of(audit: Audit) -> list[Assessment]:
    return list(
        audit.assessments.select_related("item", "confirmed_by", "rated_by")
        .prefetch_related(
            Prefetch("files", queryset=EvidenceFile.objects.active()),
            Prefetch("actions", queryset=AuditAction.objects.active().select_related("owner")),
        )
        .order_by("item__sort_key")
    )


SHOW_OPTIONS = {
    "": "Every criterion",
    "unrated": "Criteria not yet rated",
    "action": "Criteria partly met or not met",
}


def _shown(assessment: Assessment | None, show: str) -> bool:
    if not show:
        return True
    if assessment is None:
        return False
    if show == "unrated":
        return not assessment.rating
    return assessment.rating in NEEDS_ACTION


def audit_sections(audit: Audit, *, with_computed: bool = True, show: str = "") -> list[StandardSection]:
    """The framework's standards, each with its criteria: the assessment (once the audit has started), the
    computed evidence beside it, and criteria missing from the source shown as gaps. `show` narrows the
    criteria to those not yet rated ("unrated") or partly met or not met ("action")."""
    items = list(
        FrameworkItem.objects.filter(framework=audit.framework, kind__in=["standard", "criterion"]).order_by(
            "sort_key"
        )
    )
    assessments = {a.item_id: a for a in assessments_of(audit)}
    has_criteria = any(item.kind == "criterion" for item in items)
    scope = audit_scope(audit)
    sections: list[StandardSection] = []
    by_standard: dict[int, StandardSection] = {}
    for item in items:
        if item.kind == "standard":
            section = StandardSection(standard=item)
            sections.append(section)
            by_standard[item.pk] = section
            if has_criteria:
                continue
        section = by_standard.get(item.parent_id) if item.kind == "criterion" else by_standard.get(item.pk)
        if section is None:
            section = StandardSection(standard=None)
            sections.append(section)
        assessment = assessments.get(item.pk)
        if not _shown(assessment, show):
            continue
        computed = []
        if with_computed and assessment is not None:
            assessment.audit = audit
            computed = evidence_for_assessment(assessment, scope)
        section.rows.append(
            CriterionRow(
                item=item,
                assessment=assessment,
                computed=computed,
                sources=[item_field(item, "Source") or ""],
            )
        )
    return [section for section in sections if section.rows]


def standard_overview(audit: Audit) -> list[dict]:
    """Each standard with its criteria counted by rating, for the top of the audit page."""
    rows = audit.assessments.values_list("item__parent_id", "item__kind", "item_id", "rating")
    counts: dict[int, Counter] = {}
    for parent_id, kind, item_id, rating in rows:
        counts.setdefault(parent_id if kind == "criterion" else item_id, Counter())[rating or "unrated"] += 1
    standards = FrameworkItem.objects.filter(pk__in=counts).order_by("sort_key")
    return [
        {
            "standard": standard,
            "counts": dict(counts[standard.pk]),
            "total": sum(counts[standard.pk].values()),
        }
        for standard in standards
    ]


def audit_progress(audit: Audit) -> dict:
    counts = Counter(audit.assessments.values_list("rating", flat=True))
    total = sum(counts.values())
    return {
        "total": total,
        "rated": total - counts.get("", 0),
        "by_rating": [(Rating(value), counts.get(value, 0)) for value in RATING_ORDER],
    }


def suggested_source_role(item: FrameworkItem) -> str:
    roles = source_roles_in(item_field(item, "Source") or "")
    return roles[0] if roles else ""


def action_list(
    *,
    audit: Audit | None = None,
    owner=None,
    status: str = "",
    overdue: bool = False,
    search: str = "",
    ordering: str = "due",
    today: date | None = None,
    include_archived: bool = False,
) -> QuerySet[AuditAction]:
    queryset = (
        AuditAction.objects.all() if include_archived else AuditAction.objects.active()
    ).select_related(
        "owner",
        "assessment__item",
        "assessment__audit__programme",
        "assessment__audit__framework",
    )
    queryset = queryset.filter(assessment__audit__archived_at__isnull=True)
    if audit is not None:
        queryset = queryset.filter(assessment__audit=audit)
    if owner is not None:
        queryset = queryset.filter(owner=owner)
    if status:
        queryset = queryset.filter(status=status)
    if overdue and today is not None:
        queryset = queryset.filter(status=ActionStatus.OPEN, due_on__lt=today)
    if search:
        queryset = queryset.filter(Q(description__icontains=search) | Q(completion_note__icontains=search))
    return queryset.order_by(*ACTION_SORTS.get(ordering, ACTION_SORTS["due"]))


def action_detail(pk: int) -> AuditAction:
    return AuditAction.objects.select_related(
        "owner", "assessment__item", "assessment__audit__programme", "assessment__audit__framework"
    ).get(pk=pk)


# The annual summary -----------------------------------------------------------------------------------------


@dataclass
class StandardSummary:
    framework: Framework
    standard: FrameworkItem
    counts: dict
    last_year: dict | None

    @property
    def rated(self) -> int:
        return sum(self.counts.get(r, 0) for r in (Rating.MET, Rating.PARTLY_MET, Rating.NOT_MET))

    @property
    def met_share(self) -> int | None:
        return round(100 * self.counts.get(Rating.MET, 0) / self.rated) if self.rated else None

    @property
    def last_met_share(self) -> int | None:
        if not self.last_year:
            return None
        rated = sum(self.last_year.get(r, 0) for r in (Rating.MET, Rating.PARTLY_MET, Rating.NOT_MET))
        return round(100 * self.last_year.get(Rating.MET, 0) / rated) if rated else None

    @property
    def trend(self) -> str:
        now, before = self.met_share, self.last_met_share
        if now is None or before is None:
            return "No comparison"
        if now > before:
            return "Better than last year"
        if now < before:
            return "Worse than last year"
        return "The same as last year"


def _counts_by_standard(programme: Programme | None) -> dict[tuple[int, int], Counter]:
    """(framework id, standard id) -> ratings counted over the programme's completed audits."""
    if programme is None:
        return {}
    rows = (
        Assessment.objects.filter(
            audit__programme=programme, audit__archived_at__isnull=True, audit__status=AuditStatus.COMPLETED
        )
        .exclude(rating="")
        .values_list("audit__framework_id", "item_id", "item__parent_id", "item__kind", "rating")
    )
    counts: dict[tuple[int, int], Counter] = {}
    for framework_id, item_id, parent_id, kind, rating in rows:
        standard_id = parent_id if kind == "criterion" else item_id
        counts.setdefault((framework_id, standard_id), Counter())[rating] += 1
    return counts


def previous_programme(programme: Programme) -> Programme | None:
    return Programme.objects.active().filter(financial_year=programme.financial_year - 1).first()


def annual_summary(programme: Programme, *, today: date) -> dict:
    """Ratings by standard over the year's completed audits, against last year's; the audits by area; and the
    actions still outstanding."""
    audits = list(audit_list(programme=programme))
    last = previous_programme(programme)
    this_counts = _counts_by_standard(programme)
    last_counts = _counts_by_standard(last)
    standard_ids = {standard_id for _, standard_id in this_counts}
    standards = {
        s.pk: s for s in FrameworkItem.objects.filter(pk__in=standard_ids).select_related("framework")
    }
    rows = [
        StandardSummary(
            framework=standards[standard_id].framework,
            standard=standards[standard_id],
            counts=dict(counts),
            last_year=dict(last_counts[(framework_id, standard_id)])
            if (framework_id, standard_id) in last_counts
            else None,
        )
        for (framework_id, standard_id), counts in this_counts.items()
    ]
    rows.sort(key=lambda r: (r.framework.position, r.framework.title, r.standard.sort_key))
    outstanding = list(
        action_list(status=ActionStatus.OPEN, today=today).filter(assessment__audit__programme=programme)
    )
    for action in outstanding:
        action.overdue = action.is_overdue(today)
    for audit in audits:
        audit.overdue = audit.is_overdue(today)
    return {
        "programme": programme,
        "previous": last,
        "audits": audits,
        "standards": rows,
        "outstanding_actions": outstanding,
        "completed": sum(1 for a in audits if a.status == AuditStatus.COMPLETED),
        "overdue": sum(1 for a in audits if a.overdue),
        "ratings": RATING_ORDER,
    }


def audit_report(audit: Audit) -> dict:
    """Everything the audit report shows: the criteria by standard with ratings, evidence, what the records
    said and the actions; ratings counted by standard; and the same area's audit last year."""
    sections = audit_sections(audit)
    last = (
        Audit.objects.active()
        .filter(
            programme__financial_year=audit.programme.financial_year - 1,
            programme__archived_at__isnull=True,
            framework=audit.framework,
            service_area=audit.service_area,
            status=AuditStatus.COMPLETED,
        )
        .first()
    )
    last_ratings = {}
    if last is not None:
        for item_id, rating in last.assessments.values_list("item_id", "rating"):
            last_ratings[item_id] = Rating(rating).label if rating else ""
    for section in sections:
        for row in section.rows:
            row.last_rating = last_ratings.get(row.item.pk, "")
    actions = [a for s in sections for r in s.rows if r.assessment for a in r.assessment.actions.all()]
    return {
        "audit": audit,
        "sections": sections,
        "progress": audit_progress(audit),
        "last_audit": last,
        "actions": actions,
        "needs_action": NEEDS_ACTION,
    }


# The standards ----------------------------------------------------------------------------------------------


def standards_frameworks() -> list[Framework]:
    frameworks = list(
        Framework.objects.filter(kind="standards")
        .prefetch_related(Prefetch("assurance_review", queryset=StandardsReview.objects.all()))
        .annotate(
            comment_count=Count(
                "items__assurance_comments",
                filter=Q(items__assurance_comments__archived_at__isnull=True),
            )
        )
        .order_by("position", "title")
    )
    for framework in frameworks:
        try:
            framework.review = framework.assurance_review
        except StandardsReview.DoesNotExist:
            framework.review = None
    return frameworks


def framework_standards(framework: Framework) -> list[FrameworkItem]:
    return list(
        FrameworkItem.objects.filter(framework=framework, kind="standard")
        .annotate(
            comment_count=Count("assurance_comments", filter=Q(assurance_comments__archived_at__isnull=True)),
            gap_count=Count("children", filter=Q(children__missing_from_source=True)),
        )
        .order_by("sort_key")
    )


def standard_detail(pk: int) -> FrameworkItem:
    return FrameworkItem.objects.select_related("framework").get(
        pk=pk, kind="standard", framework__kind="standards"
    )


def comments_on(item: FrameworkItem, *, archived: bool = False) -> QuerySet[StandardComment]:
    queryset = StandardComment.objects.archived() if archived else StandardComment.objects.active()
    return queryset.filter(item=item).select_related("organisation", "recorded_by")


def review_of(framework: Framework) -> StandardsReview | None:
    return StandardsReview.objects.filter(framework=framework).first()
