"""Indicators with twenty years of values for every current local authority, region and England, and the
needs analyses that draw on them."""

import hashlib

from bench.scale.base import SERVICE_AREAS, Scale, words
from commissioning.needs.models import (
    Area,
    ImportBatch,
    Indicator,
    IndicatorValue,
    NeedsAnalysis,
    Priority,
)

INDICATORS_PER_COUNTY = 65
YEARS = 20
FIRST_YEAR = 2005
TOPICS = [
    ("Children in need", "rate_per_10000", "lower_is_better"),
    ("Good level of development at age 5", "percentage", "higher_is_better"),
    ("Hospital admissions for self-harm (10 to 24 years)", "rate_per_100000", "lower_is_better"),
    ("First-time entrants to the youth justice system", "rate_per_100000", "lower_is_better"),
    ("Children looked after", "rate_per_10000", "lower_is_better"),
    ("Young people not in education, employment or training", "percentage", "lower_is_better"),
    ("Pupils with an education, health and care plan", "percentage", "no_judgement"),
    ("Obesity in reception year", "percentage", "lower_is_better"),
]


def _period(year: int) -> str:
    return f"{year}/{(year + 1) % 100:02d}"


def indicators(scale: Scale) -> None:
    areas = list(
        Area.objects.filter(area_type__in=["country", "region", "local_authority"], end_date__isnull=True)
        .order_by("code")
        .values_list("pk", flat=True)
    )
    if not areas:
        raise RuntimeError("No areas: run `manage.py load_areas` before seeding at scale.")
    importer = scale.records["users"]["partnership_manager"][0]
    count = scale.n(INDICATORS_PER_COUNTY)
    created = []
    for index in range(count):
        topic, unit, polarity = TOPICS[index % len(TOPICS)]
        created.append(
            Indicator(
                code=f"scale-{index + 1:04d}",
                title=f"{topic} (series {index // len(TOPICS) + 1})",
                definition=f"{topic}, as published each year by the department.",
                unit=unit,
                polarity=polarity,
                source="Department for Education statistics",
                frequency="financial_year",
                import_names=[f"{topic} series {index // len(TOPICS) + 1}"],
            )
        )
    saved = scale.bulk(Indicator, created)
    scale.records["indicators"] = saved
    rng = scale.rng
    for start in range(0, len(saved), 10):
        group = saved[start : start + 10]
        batch = scale.bulk(
            ImportBatch,
            [
                ImportBatch(
                    file_name=f"indicators-{start // 10 + 1:03d}.csv",
                    sha256=hashlib.sha256(f"{scale.seed}-{start}".encode()).hexdigest(),
                    file_format="tidy",
                    mapping="tidy",
                    rows_read=len(group) * len(areas) * YEARS,
                    created_count=len(group) * len(areas) * YEARS,
                    indicator_codes=[i.code for i in group],
                    imported_by=importer,
                )
            ],
        )[0]
        values = []
        for indicator in group:
            level = rng.uniform(5, 80)
            for area_index, area_id in enumerate(areas):
                base = level * (0.7 + (area_index % 13) / 20)
                for offset in range(YEARS):
                    year = FIRST_YEAR + offset
                    value = round(base * (1 + 0.01 * offset) + rng.uniform(-2, 2), 1)
                    suppressed = area_index % 97 == 5 and offset % 7 == 3
                    values.append(
                        IndicatorValue(
                            indicator=indicator,
                            area_id=area_id,
                            period=_period(year),
                            period_sort=year,
                            value=None if suppressed else value,
                            suppression="c" if suppressed else "",
                            lower_ci=None if suppressed else round(value * 0.93, 1),
                            upper_ci=None if suppressed else round(value * 1.07, 1),
                            batch=batch,
                        )
                    )
            if len(values) >= 20000:
                scale.bulk(IndicatorValue, values)
                values = []
        scale.bulk(IndicatorValue, values)


def analyses(scale: Scale) -> None:
    home = Area.objects.filter(area_type="local_authority").order_by("code").first()
    authors = scale.records["users"]["commissioner"]
    activities = scale.records["activities"]
    indicators_ = scale.records["indicators"]
    rows = []
    for index in range(scale.n(5)):
        area = SERVICE_AREAS[index % len(SERVICE_AREAS)].replace("_", " ")
        rows.append(
            NeedsAnalysis(
                title=f"Needs analysis: {area} {2020 + index % 6}",
                topic=area.capitalize(),
                activity=activities[index % len(activities)],
                area=home,
                findings=words(scale.rng, 3),
                vulnerable_groups="Children in need, young carers and disabled children.",
                unmet_needs=words(scale.rng),
                forecast_indicator=indicators_[index % len(indicators_)],
                status="final" if index % 3 else "draft",
                author=authors[index % len(authors)],
            )
        )
    saved = scale.bulk(NeedsAnalysis, rows)
    priorities = []
    for analysis in saved:
        for rank in range(1, 5):
            priorities.append(
                Priority(
                    analysis=analysis,
                    rank=rank,
                    title=f"Priority {rank}: {analysis.topic.lower()}",
                    evidence=words(scale.rng),
                    baseline_indicator=scale.pick(indicators_),
                    story_behind_baseline=words(scale.rng),
                    partners="Council, integrated care board, schools",
                    what_works="Early, whole-family support.",
                    actions="Commission one early help offer.",
                )
            )
    scale.records["priorities"] = scale.bulk(Priority, priorities)
    Through = NeedsAnalysis.indicators.through
    scale.bulk(
        Through,
        [
            Through(needsanalysis_id=analysis.pk, indicator_id=indicator.pk)
            for analysis in saved
            for indicator in indicators_[:4]
        ],
    )
