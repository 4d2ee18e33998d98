"""Reads for planning and running procurements."""

from django.db.models import Q, QuerySet
from django.utils import timezone

from commissioning.core.queries import count_of
from commissioning.cycle import gates
from commissioning.cycle.models import CommissioningActivity, GateTransition
from commissioning.procurement.models import Bid, Procurement, ProcurementStatus
from commissioning.procurement.tenders.weights import weight_problems

SORTS = {
    "newest": ["-created_at"],
    "closing": ["tender_deadline", "reference"],
    "reference": ["reference"],
    "value": ["-estimated_value"],
    "start": ["contract_start"],
}


def procurement_list(
    *, search: str = "", status: str = "", kind: str = "", regime: str = "", include_archived: bool = False,
    ordering: str = "newest",
) -> QuerySet[Procurement]:  # fmt: skip
    queryset = Procurement.objects.select_related("activity", "lead").annotate(
        bid_count=count_of(Bid.objects.filter(status="submitted"), "procurement")
    )
    if not include_archived:
        queryset = queryset.active()
    if search:
        queryset = queryset.filter(
            Q(reference__icontains=search) | Q(title__icontains=search) | Q(activity__title__icontains=search)
        )
    if status:
        queryset = queryset.filter(status=status)
    if kind:
        queryset = queryset.filter(kind=kind)
    if regime:
        queryset = queryset.filter(regime=regime)
    return queryset.order_by(*SORTS.get(ordering, SORTS["newest"]))


def procurement_detail(pk: int) -> Procurement:
    return (
        Procurement.objects.select_related("activity", "lead", "bids_opened_by")
        .prefetch_related("steps__guidance", "milestones", "notices", "conflict_assessments__assessed_by")
        .get(pk=pk)
    )


def activities_for_procurement() -> QuerySet[CommissioningActivity]:
    return CommissioningActivity.objects.filter(archived_at__isnull=True).order_by("title")


def gate_messages(activity: CommissioningActivity) -> list[str]:
    return [unmet.message for unmet in gates.unmet_conditions(activity, GateTransition.START_PROCUREMENT)]


def conflicts_review_due(procurement: Procurement, today=None) -> bool:
    today = today or timezone.localdate()
    latest = procurement.conflict_assessments.first()
    return latest is None or latest.next_review_on < today


def setup_problems(procurement: Procurement) -> list[str]:
    return weight_problems(procurement)


def overdue_milestones(procurement: Procurement, today=None):
    today = today or timezone.localdate()
    return [m for m in procurement.milestones.all() if m.done_on is None and m.due < today]


def is_live(procurement: Procurement) -> bool:
    return procurement.status not in (ProcurementStatus.CANCELLED, ProcurementStatus.AWARDED)
