"""Reads for the indicators catalogue and the import history."""

from django.db.models import Count, Exists, Max, Min, OuterRef, Q, QuerySet

from commissioning.core.queries import count_of
from commissioning.core.table_cache import remember
from commissioning.frameworks.models import FrameworkItem
from commissioning.needs.models import ImportBatch, Indicator, IndicatorValue, IndicatorValueChange

ORDERINGS = {
    "title": ("title",),
    "code": ("code",),
    "values": ("-value_count", "title"),
    "updated": ("-updated_at",),
}
OUTCOME_FRAMEWORK = "every-child-matters-outcomes"


def indicator_list(
    *,
    search: str = "",
    unit: str = "",
    polarity: str = "",
    outcome: str = "",
    with_values: str = "",
    include_archived: bool = False,
    ordering: str = "title",
) -> QuerySet[Indicator]:
    indicators = Indicator.objects.all() if include_archived else Indicator.objects.active()
    if search:
        for word in search.split():
            indicators = indicators.filter(
                Q(title__icontains=word) | Q(code__icontains=word) | Q(definition__icontains=word)
                | Q(source__icontains=word) | Q(national_indicator__ref__iexact=search)
            )  # fmt: skip
    if unit:
        indicators = indicators.filter(unit=unit)
    if polarity:
        indicators = indicators.filter(polarity=polarity)
    if outcome:
        indicators = indicators.filter(
            pk__in=Indicator.outcomes.through.objects.filter(
                frameworkitem__ref=outcome, frameworkitem__framework__slug=OUTCOME_FRAMEWORK
            ).values("indicator")
        )
    if ordering == "values":  # sorted by the figures held: counted in the query, for every row
        indicators = indicators.annotate(value_count=count_of(IndicatorValue.objects.all(), "indicator"))
    has_values = Exists(IndicatorValue.objects.filter(indicator=OuterRef("pk")))
    if with_values == "yes":
        indicators = indicators.filter(has_values)
    elif with_values == "no":
        indicators = indicators.filter(~has_values)
    return (
        indicators.select_related("national_indicator")
        .prefetch_related("outcomes")
        .order_by(*ORDERINGS.get(ordering, ORDERINGS["title"]))
    )


def with_value_counts(indicators) -> list[Indicator]:
    """The indicators, each with `value_count` (the figures held for it) where the query did not count them:
    counted for these indicators only, in one grouped query kept in the table cache until a figure is written
    (3,300 figures an indicator at 10 × a county: half the catalogue page's time)."""
    indicators = list(indicators)
    uncounted = sorted(indicator.pk for indicator in indicators if not hasattr(indicator, "value_count"))
    if uncounted:
        counts = remember(
            f"needs.indicator_value_counts|{','.join(map(str, uncounted))}",
            lambda: dict(
                IndicatorValue.objects.filter(indicator__in=uncounted)
                .order_by()
                .values_list("indicator")
                .annotate(count=Count("*"))
            ),
        )
        for indicator in indicators:
            if not hasattr(indicator, "value_count"):
                indicator.value_count = counts.get(indicator.pk, 0)
    return indicators


def outcome_choices() -> list[tuple[str, str]]:
    items = FrameworkItem.objects.filter(framework__slug=OUTCOME_FRAMEWORK).order_by("sort_key")
    return [(item.ref, item.title) for item in items]


def indicator_by_code(code: str) -> Indicator:
    return Indicator.objects.select_related("national_indicator__framework").get(code=code)


def value_summary(indicator: Indicator) -> dict:
    values = IndicatorValue.objects.filter(indicator=indicator)
    figures = values.aggregate(
        count=Count("pk"),
        areas=Count("area", distinct=True),
        first=Min("period_sort"),
        last=Max("period_sort"),
        suppressed=Count("pk", filter=~Q(suppression="")),
    )
    periods = list(values.order_by("-period_sort", "-period").values_list("period", flat=True).distinct()[:8])
    breakdowns = list(
        values.exclude(breakdown="").values("breakdown").annotate(categories=Count("category", distinct=True))
        .order_by("breakdown")
    )  # fmt: skip
    return {**figures, "recent_periods": periods, "breakdowns": breakdowns}


def recent_changes(indicator: Indicator, limit: int = 20) -> list[IndicatorValueChange]:
    return list(
        IndicatorValueChange.objects.filter(value__indicator=indicator)
        .select_related("value__area", "batch")
        .order_by("-changed_at", "-pk")[:limit]
    )


def batches_for(indicator: Indicator, limit: int = 10) -> list[ImportBatch]:
    """The imports that wrote this indicator's figures (added or changed them)."""
    wrote = IndicatorValue.objects.filter(indicator=indicator).values("batch")
    changed = IndicatorValueChange.objects.filter(value__indicator=indicator).values("batch")
    return list(
        ImportBatch.objects.filter(Q(pk__in=wrote) | Q(pk__in=changed))
        .select_related("imported_by")
        .order_by("-created_at", "-pk")[:limit]
    )


def batch_list(*, search: str = "") -> QuerySet[ImportBatch]:
    batches = ImportBatch.objects.select_related("imported_by")
    if search:
        batches = batches.filter(file_name__icontains=search)
    return batches.order_by("-created_at", "-pk")


def batch_changes(batch: ImportBatch, limit: int = 500) -> list[IndicatorValueChange]:
    return list(
        IndicatorValueChange.objects.filter(batch=batch)
        .select_related("value__area", "value__indicator")
        .order_by("value__indicator__code", "value__area__name", "value__period")[:limit]
    )
