"""What the computed checks share: the records of a scope (service area and period) and the outcome rule."""

from datetime import date

from django.db.models import Q, QuerySet

from commissioning.assurance.computed.base import ComputedEvidence, Outcome, RecordLine, Scope
from commissioning.contracts.models import Agreement, AgreementStatus
from commissioning.cycle.models import ActivityKind, CommissioningActivity
from commissioning.procurement.models import Procurement, ProcurementStatus

ISLINGTON = "islington-commissioning-standards"
CENTRAL_BEDFORDSHIRE = "central-bedfordshire-commissioning-standards"


def in_area(queryset: QuerySet, scope: Scope, path: str = "activity__service_area") -> QuerySet:
    """Records of the scope's service area, reached through the commissioning activity; every area when empty."""
    return queryset.filter(**{path: scope.service_area}) if scope.service_area else queryset


def cycle_years(scope: Scope) -> tuple[int, int]:
    """The cycle years (April to March) the period touches: 2026 is April 2026 to March 2027."""

    def year_of(day: date) -> int:
        return day.year if day.month >= 4 else day.year - 1

    return year_of(scope.start), year_of(scope.end)


def activities(scope: Scope) -> QuerySet:
    """Activities of the service area whose cycle year touches the period, not archived."""
    queryset = CommissioningActivity.objects.active().filter(cycle_year__range=cycle_years(scope))
    return in_area(queryset, scope, "service_area")


def strategy_activities(scope: Scope) -> QuerySet:
    return activities(scope).filter(kind=ActivityKind.STRATEGY)


def agreements(scope: Scope) -> QuerySet:
    """Agreements of the service area in force at some time in the period (signed or live, not a draft that never
    started), not archived. With no service area, agreements of no activity count too."""
    queryset = (
        Agreement.objects.active()
        .exclude(status=AgreementStatus.DRAFT)
        .filter(starts_on__lte=scope.end, ends_on__gte=scope.start)
        .select_related("provider", "activity")
        .order_by("reference")
    )
    return in_area(queryset, scope)


def procurements(scope: Scope) -> QuerySet:
    """Procurements of the service area published in the period, or whose contract starts in it; not cancelled or
    archived."""
    queryset = (
        Procurement.objects.active()
        .exclude(status=ProcurementStatus.CANCELLED)
        .filter(
            Q(published_at__date__range=(scope.start, scope.end))
            | Q(contract_start__range=(scope.start, scope.end))
        )
        .select_related("activity")
        .order_by("reference")
    )
    return in_area(queryset, scope)


def judge(lines: list[RecordLine], *, minimum: int = 1) -> str:
    """NOT_ENOUGH below the minimum of records; MET when every record passes, PARTLY_MET when some do, NOT_MET
    when none do."""
    passing = sum(line.passes for line in lines)
    if len(lines) < minimum:
        return Outcome.NOT_ENOUGH
    if passing == len(lines):
        return Outcome.MET
    return Outcome.PARTLY_MET if passing else Outcome.NOT_MET


def evidence(
    *,
    code: str,
    rule: str,
    scope: Scope,
    lines: list[RecordLine],
    noun: str,
    passing_text: str,
    empty_text: str,
    minimum: int = 1,
) -> ComputedEvidence:
    """The evidence of a check whose records each pass or fail: `noun` names the records ("agreements"),
    `passing_text` what a passing one has ("have a payment schedule")."""
    passing = sum(line.passes for line in lines)
    outcome = judge(lines, minimum=minimum)
    if not lines:
        summary = empty_text
    elif len(lines) < minimum:
        summary = f"Only {len(lines)} {noun} in the period: at least {minimum} are needed to say"
    else:
        summary = f"{passing} of {len(lines)} {noun} {passing_text}"
    return ComputedEvidence(
        check=code,
        rule=rule,
        period=scope.describe_period(),
        outcome=outcome,
        summary=summary,
        counted=len(lines),
        passing=passing,
        records=lines,
    )


def line(record, label: str, passes: bool, reason: str) -> RecordLine:
    return RecordLine(label=label, url=record.get_absolute_url(), passes=bool(passes), reason=reason)
