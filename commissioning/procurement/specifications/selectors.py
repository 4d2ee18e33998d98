"""Reads of service specifications: the template's headings, the list, a specification with a version, and the
outcomes and performance measures an activity's priorities suggest."""

from dataclasses import dataclass, field

from django.db.models import Prefetch, Q, QuerySet

from commissioning.cycle.models import CommissioningActivity, StrategyPriority
from commissioning.frameworks.models import FrameworkItem
from commissioning.needs.analysis.selectors import final_priorities_for_activity
from commissioning.needs.areas.selectors import home_area
from commissioning.needs.benchmark.display import with_unit
from commissioning.needs.models import Area, Frequency, Indicator, IndicatorValue, Priority
from commissioning.procurement.specifications.models import (
    GUIDANCE_FRAMEWORK,
    GUIDANCE_ITEM,
    TEMPLATE_FRAMEWORK,
    KpiFrequency,
    Specification,
    SpecificationKpi,
    SpecificationSection,
    SpecificationVersion,
)

ENGLAND_CODE = "E92000001"
ORDERINGS = {
    "updated": ("-updated_at",),
    "title": ("title",),
    "activity": ("activity__title", "title"),
    "status": ("status", "title"),
}


class TemplateNotLoaded(Exception):
    """The framework library does not hold the service specification template."""

    message = (
        "The service specification template is not in the framework library yet. An administrator loads the "
        "library with the command manage.py load_frameworks; then start the specification again."
    )


def template_items() -> list[FrameworkItem]:
    """The template's headings in the library's order; TemplateNotLoaded when there are none."""
    items = list(
        FrameworkItem.objects.filter(framework__slug=TEMPLATE_FRAMEWORK, parent__isnull=True).order_by(
            "sort_key"
        )
    )
    if not items:
        raise TemplateNotLoaded(TemplateNotLoaded.message)
    return items


def template_guidance() -> FrameworkItem | None:
    """What a specification should contain: section 3.2 of the Wolverhampton framework."""
    return (
        FrameworkItem.objects.filter(framework__slug=GUIDANCE_FRAMEWORK, ref=GUIDANCE_ITEM)
        .select_related("framework")
        .first()
    )


def specifications_visible_to(user) -> QuerySet[Specification]:
    if not user.has_perm("specifications.view_specifications"):
        return Specification.objects.none()
    return Specification.objects.all()


def specification_list(
    *,
    user,
    search: str = "",
    status: str = "",
    activity_id: int | None = None,
    include_archived: bool = False,
    ordering: str = "updated",
) -> QuerySet[Specification]:
    queryset = specifications_visible_to(user).select_related("activity", "created_by")
    if not include_archived:
        queryset = queryset.active()
    if search:
        queryset = queryset.filter(Q(title__icontains=search) | Q(activity__title__icontains=search))
    if status:
        queryset = queryset.filter(status=status)
    if activity_id:
        queryset = queryset.filter(activity_id=activity_id)
    return queryset.order_by(*ORDERINGS.get(ordering, ORDERINGS["updated"]), "pk")


def specifications_for_activity(activity: CommissioningActivity) -> list[Specification]:
    return list(Specification.objects.active().filter(activity=activity).order_by("title", "pk"))


def specification_detail(pk: int) -> Specification:
    return Specification.objects.select_related("activity", "created_by", "archived_by").get(pk=pk)


def _version_queryset() -> QuerySet[SpecificationVersion]:
    return SpecificationVersion.objects.select_related("created_by", "approval_recorded_by").prefetch_related(
        Prefetch(
            "sections", queryset=SpecificationSection.objects.select_related("item").order_by("position")
        ),
        Prefetch("kpis", queryset=SpecificationKpi.objects.select_related("indicator").order_by("position")),
    )


def version_of(specification: Specification, number: int | None = None) -> SpecificationVersion:
    """A version with its sections and KPIs; the latest when no number is given."""
    wanted = specification.current_number if number is None else number
    return _version_queryset().get(specification=specification, number=wanted)


def versions_of(specification: Specification) -> list[SpecificationVersion]:
    return list(
        SpecificationVersion.objects.filter(specification=specification)
        .select_related("created_by", "approval_recorded_by")
        .order_by("-number")
    )


def kpis_in_force(specification: Specification) -> list[SpecificationKpi]:
    """The performance measures of the latest approved version (for contracts): none before approval."""
    if specification.approved_number is None:
        return []
    return list(
        SpecificationKpi.objects.filter(
            version__specification=specification, version__number=specification.approved_number
        )
        .select_related("indicator")
        .order_by("position")
    )


# What the activity suggests ---------------------------------------------------------------------------------


@dataclass
class SuggestedPriority:
    title: str
    description: str
    source: str
    outcomes: list[str] = field(default_factory=list)


@dataclass
class SuggestedKpi:
    indicator: Indicator
    measure: str
    frequency: str
    source: str
    unit: str
    unit_label: str
    polarity: str
    polarity_label: str
    baseline: str
    england: str

    def as_row(self) -> dict:
        return {
            "indicator": self.indicator,
            "measure": self.measure,
            "target": "",
            "frequency": self.frequency,
            "source": self.source,
        }


@dataclass
class Suggestions:
    priorities: list[SuggestedPriority]
    kpis: list[SuggestedKpi]
    area: Area | None

    @property
    def is_empty(self) -> bool:
        return not self.priorities

    def outcomes_text(self) -> str:
        lines = []
        for priority in self.priorities:
            line = f"- {priority.title}"
            if priority.description:
                line += f": {priority.description}"
            line += f" ({priority.source}"
            if priority.outcomes:
                line += f"; outcomes: {', '.join(priority.outcomes)}"
            lines.append(line + ")")
        return "\n".join(lines)


def _strategy_priorities(activity) -> list[StrategyPriority]:
    strategy = getattr(activity, "strategy", None)
    if strategy is None or strategy.is_archived:
        return []
    return list(
        StrategyPriority.objects.filter(strategy=strategy)
        .select_related("needs_priority__analysis", "strategy")
        .prefetch_related("outcomes")
        .order_by("position", "id")
    )


def _latest(indicator: Indicator, area: Area | None) -> IndicatorValue | None:
    if area is None:
        return None
    return (
        IndicatorValue.objects.filter(
            indicator=indicator, area=area, breakdown="", category="", value__isnull=False
        )
        .order_by("-period_sort", "-period")
        .first()
    )


def figure_words(indicator: Indicator, area: Area | None) -> tuple[str, str]:
    """The latest figure for the area with its period, and England's for the same period ("" when not held)."""
    local = _latest(indicator, area)
    if local is None:
        return "", ""
    england = (
        IndicatorValue.objects.filter(
            indicator=indicator,
            area__code=ENGLAND_CODE,
            period=local.period,
            breakdown="",
            category="",
            value__isnull=False,
        )
        .values_list("value", flat=True)
        .first()
    )
    baseline = f"{with_unit(local.value, indicator.unit)} ({local.period})"
    return baseline, (f"{with_unit(england, indicator.unit)} ({local.period})" if england is not None else "")


def suggested_kpi(indicator: Indicator, area: Area | None) -> SuggestedKpi:
    baseline, england = figure_words(indicator, area)
    return SuggestedKpi(
        indicator=indicator,
        measure=indicator.title,
        frequency=KpiFrequency.QUARTERLY
        if indicator.frequency == Frequency.QUARTERLY
        else KpiFrequency.ANNUALLY,
        source=indicator.source,
        unit=indicator.unit,
        unit_label=indicator.get_unit_display(),
        polarity=indicator.polarity,
        polarity_label=indicator.get_polarity_display(),
        baseline=baseline,
        england=england,
    )


def _outcome_names(items) -> list[str]:
    return [item.title or item.ref for item in items]


def activity_suggestions(activity: CommissioningActivity) -> Suggestions:
    """The priorities behind the activity (its strategy's priorities, and the priorities of its final needs
    analyses and of those the strategy answers) and the indicators behind them, with the latest figures."""
    strategy_priorities = _strategy_priorities(activity)
    needs_priorities: dict[int, Priority] = {}
    for priority in final_priorities_for_activity(activity):
        needs_priorities[priority.pk] = priority
    for row in strategy_priorities:
        linked = row.needs_priority
        if linked is not None and not linked.is_archived and linked.pk not in needs_priorities:
            needs_priorities[linked.pk] = linked
    full = {
        p.pk: p
        for p in Priority.objects.filter(pk__in=needs_priorities)
        .select_related("analysis__area", "baseline_indicator")
        .prefetch_related("outcomes", Prefetch("indicators", queryset=Indicator.objects.order_by("title")))
    }
    suggestions: list[SuggestedPriority] = [
        SuggestedPriority(
            title=row.title,
            description=row.description,
            source=f"strategy priority {row.position}",
            outcomes=_outcome_names(row.outcomes.all()),
        )
        for row in strategy_priorities
    ]
    indicators: list[Indicator] = []
    area = home_area()
    for pk in needs_priorities:
        priority = full[pk]
        area = area or priority.analysis.area
        suggestions.append(
            SuggestedPriority(
                title=priority.title,
                description="",
                source=f"needs analysis: {priority.analysis.title}",
                outcomes=_outcome_names(priority.outcomes.all()),
            )
        )
        if priority.baseline_indicator is not None:
            indicators.append(priority.baseline_indicator)
        indicators.extend(priority.indicators.all())
    national = [item.pk for row in strategy_priorities for item in row.outcomes.all()]
    if national:
        indicators.extend(Indicator.objects.filter(national_indicator__in=national).order_by("title"))
    unique: dict[int, Indicator] = {}
    for indicator in indicators:
        if not indicator.is_archived:
            unique.setdefault(indicator.pk, indicator)
    return Suggestions(
        priorities=suggestions, kpis=[suggested_kpi(i, area) for i in unique.values()], area=area
    )
