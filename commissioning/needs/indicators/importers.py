"""Importing indicator values from a file, all or nothing.

`indicator_values_check` reads and checks a whole file and works out what importing it would do (the preview);
`indicator_values_import` does the same and then writes it in one transaction. A value already held is updated
only when the file's figure differs, and the old figure is kept as an IndicatorValueChange; importing the same
file again changes nothing."""

import hashlib
from collections import Counter
from dataclasses import dataclass, field

from django.db import IntegrityError, transaction

from commissioning.core.audit import acting_as
from commissioning.needs.areas.selectors import AreaResolver
from commissioning.needs.files import FileImportError, Problem, decode
from commissioning.needs.indicators.mapping import read_mappings
from commissioning.needs.indicators.readers import (
    IndicatorSpec,
    ParsedFile,
    ValueRow,
    detect_format,
    group_rows_by_indicator,
    import_name,
    read_ees,
    read_tidy,
    suppressed_problem,
)
from commissioning.needs.models import (
    Frequency,
    ImportBatch,
    ImportFormat,
    Indicator,
    IndicatorValue,
    IndicatorValueChange,
)

WRITE_BATCH = 2_000
COMPARED = ("value", "numerator", "denominator", "suppression")
PREVIEW_ROWS = 20


@dataclass
class PlannedIndicator:
    spec: IndicatorSpec
    exists: bool
    title: str
    rows: int = 0


@dataclass
class ImportPlan:
    """What importing a file will do (or did)."""

    file_name: str
    sha256: str
    file_format: str
    rows_read: int = 0
    indicators: list[PlannedIndicator] = field(default_factory=list)
    to_create: list[ValueRow] = field(default_factory=list)
    to_update: list[tuple[int, ValueRow, tuple]] = field(default_factory=list)
    unchanged: int = 0
    suppressed: int = 0
    skipped_areas: dict[str, int] = field(default_factory=dict)
    rows_left_out: Counter = field(default_factory=Counter)
    unmatched: list[str] = field(default_factory=list)
    areas: int = 0
    periods: list[str] = field(default_factory=list)
    breakdowns: list[str] = field(default_factory=list)
    sample: list[ValueRow] = field(default_factory=list)
    imported_before: ImportBatch | None = None
    batch: ImportBatch | None = None

    @property
    def new_indicators(self) -> list[PlannedIndicator]:
        return [planned for planned in self.indicators if not planned.exists]

    @property
    def value_count(self) -> int:
        return len(self.to_create) + len(self.to_update) + self.unchanged

    def notes(self) -> list[str]:
        lines = []
        if self.skipped_areas:
            codes = ", ".join(f"{code} ({count:,})" for code, count in sorted(self.skipped_areas.items()))
            skipped = sum(self.skipped_areas.values())
            lines.append(f"{skipped:,} rows for areas that are not held were left out: {codes}.")
        for reason, count in sorted(self.rows_left_out.items()):
            lines.append(f"{count:,} rows left out: {reason}.")
        lines += [f"The mapping found {reason}." for reason in self.unmatched]
        return lines

    def summary(self) -> str:
        created = len(self.new_indicators)
        return (
            f"{self.file_name}: {self.rows_read:,} rows read; values: {len(self.to_create):,} new, "
            f"{len(self.to_update):,} changed, {self.unchanged:,} unchanged, {self.suppressed:,} stored as "
            f"suppressed; {created} new indicator{'s' if created != 1 else ''}."
        )


def _indicator_lookups() -> tuple[dict[str, str], dict[str, str]]:
    names: dict[str, str] = {}
    codes: dict[str, str] = {}
    for code, unit, import_names in Indicator.objects.values_list("code", "unit", "import_names"):
        codes[code] = unit
        for name in import_names or []:
            indicator, _, measure = name.partition("|")
            names[import_name(indicator, measure)] = code
    return names, codes


def read_file(
    *, content: bytes | str, file_name: str, mapping: str = "", skip_unknown_areas: bool = False
) -> ParsedFile:
    """Read and check a file; FileImportError lists every problem (other than suppressed values)."""
    text = decode(content)
    if not text.strip():
        raise FileImportError([Problem("the file is empty.")], file_name=file_name)
    found = detect_format(text)
    resolver = AreaResolver.build()
    if mapping.strip():
        mappings = read_mappings(mapping, file_name="the mapping")
        if found == "tidy":
            raise FileImportError(
                [Problem("this is a tidy file (area_code, …, value); import it without a mapping.", row=1)],
                file_name=file_name,
            )
        parsed = read_ees(text, mappings=mappings, resolver=resolver, skip_unknown_areas=skip_unknown_areas)
    elif found == "tidy":
        names, codes = _indicator_lookups()
        parsed = read_tidy(
            text,
            resolver=resolver,
            known_names=names,
            known_codes=codes,
            skip_unknown_areas=skip_unknown_areas,
        )
    elif found == "ees":
        raise FileImportError(
            [
                Problem(
                    "this looks like a DfE Explore Education Statistics file (it has time_period and "
                    "geographic_level). Choose a mapping that says which column holds which indicator.",
                    row=1,
                )
            ],
            file_name=file_name,
        )
    else:
        raise FileImportError(
            [
                Problem(
                    "the header is neither a tidy file's (area_code, area_name, period, indicator, measure, unit, "
                    "value) nor a DfE Explore Education Statistics file's (time_period, geographic_level, …).",
                    row=1,
                )
            ],
            file_name=file_name,
        )
    if parsed.problems:
        raise FileImportError(parsed.all_problems(), file_name=file_name)
    if not parsed.rows_read:
        raise FileImportError([Problem("the file has a header but no rows of figures.")], file_name=file_name)
    return parsed


def _existing_values(codes: list[str]) -> tuple[dict[str, Indicator], dict[tuple, tuple]]:
    indicators = {indicator.code: indicator for indicator in Indicator.objects.filter(code__in=codes)}
    held: dict[tuple, tuple] = {}
    for indicator in indicators.values():
        rows = IndicatorValue.objects.filter(indicator=indicator).values_list(
            "pk", "area_id", "period", "breakdown", "category", *COMPARED
        )
        for pk, area_id, period, breakdown, category, *compared in rows:
            held[(indicator.code, area_id, period, breakdown, category)] = (pk, tuple(compared))
    return indicators, held


def _plan(parsed: ParsedFile, *, file_name: str, sha256: str) -> ImportPlan:
    plan = ImportPlan(
        file_name=file_name,
        sha256=sha256,
        file_format=parsed.file_format,
        rows_read=parsed.rows_read,
        skipped_areas=dict(parsed.skipped_areas),
        rows_left_out=parsed.rows_left_out,
        unmatched=parsed.unmatched,
    )
    indicators, held = _existing_values(list(parsed.indicators))
    grouped = group_rows_by_indicator(parsed.rows)
    for code, spec in parsed.indicators.items():
        existing = indicators.get(code)
        plan.indicators.append(
            PlannedIndicator(
                spec=spec,
                exists=existing is not None,
                title=existing.title if existing else spec.title,
                rows=len(grouped.get(code, [])),
            )
        )
    areas, periods, breakdowns = set(), {}, set()
    for value_row in parsed.rows:
        key = value_row.key()
        compared = (value_row.value, value_row.numerator, value_row.denominator, value_row.suppression)
        found = held.get(key)
        if found is None:
            plan.to_create.append(value_row)
        elif found[1] != compared:
            plan.to_update.append((found[0], value_row, found[1]))
        else:
            plan.unchanged += 1
        if value_row.suppression:
            plan.suppressed += 1
        areas.add(value_row.area_id)
        periods[value_row.period] = value_row.period_sort
        if value_row.breakdown:
            breakdowns.add(value_row.breakdown)
    plan.areas = len(areas)
    plan.periods = sorted(periods, key=lambda label: (periods[label], label))
    plan.breakdowns = sorted(breakdowns)
    plan.sample = parsed.rows[:PREVIEW_ROWS]
    plan.imported_before = ImportBatch.objects.filter(sha256=sha256).first()
    return plan


def indicator_values_check(
    *,
    content: bytes,
    file_name: str,
    mapping: str = "",
    accept_suppressed: bool = False,
    skip_unknown_areas: bool = False,
) -> ImportPlan:
    """Read and check a file and say what importing it would do, without writing anything."""
    parsed = read_file(
        content=content, file_name=file_name, mapping=mapping, skip_unknown_areas=skip_unknown_areas
    )
    if not accept_suppressed and (problem := suppressed_problem(parsed)):
        raise FileImportError([problem], file_name=file_name)
    sha256 = hashlib.sha256(content if isinstance(content, bytes) else content.encode()).hexdigest()
    return _plan(parsed, file_name=file_name, sha256=sha256)


def _create_indicators(plan: ImportPlan) -> dict[str, Indicator]:
    created = {}
    for planned in plan.new_indicators:
        spec = planned.spec
        created[spec.code] = Indicator.objects.create(
            code=spec.code,
            title=spec.title,
            unit=spec.unit,
            polarity=spec.polarity,
            definition=spec.definition,
            source=spec.source,
            frequency=spec.frequency or Frequency.OTHER,
            import_names=[spec.import_name] if spec.import_name else [],
        )
    return created


def _write(plan: ImportPlan, *, actor, mapping: str) -> ImportBatch:
    created = _create_indicators(plan)
    indicators = {
        i.code: i for i in Indicator.objects.filter(code__in=[p.spec.code for p in plan.indicators])
    }
    batch = ImportBatch.objects.create(
        file_name=plan.file_name[:255],
        sha256=plan.sha256,
        file_format=ImportFormat.EES if plan.file_format == "ees" else ImportFormat.TIDY,
        mapping=mapping,
        rows_read=plan.rows_read,
        created_count=len(plan.to_create),
        updated_count=len(plan.to_update),
        unchanged_count=plan.unchanged,
        suppressed_count=plan.suppressed,
        skipped_count=sum(plan.skipped_areas.values()),
        indicators_created=sorted(created),
        indicator_codes=[p.spec.code for p in plan.indicators],
        notes=plan.notes(),
        imported_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    IndicatorValue.objects.bulk_create(
        (
            IndicatorValue(
                indicator_id=indicators[r.indicator].pk,
                area_id=r.area_id,
                period=r.period,
                period_sort=r.period_sort,
                breakdown=r.breakdown,
                category=r.category,
                value=r.value,
                numerator=r.numerator,
                denominator=r.denominator,
                suppression=r.suppression,
                batch=batch,
            )
            for r in plan.to_create
        ),
        batch_size=WRITE_BATCH,
    )
    _update(plan, batch)
    return batch


def _update(plan: ImportPlan, batch: ImportBatch) -> None:
    for start in range(0, len(plan.to_update), WRITE_BATCH):
        chunk = plan.to_update[start : start + WRITE_BATCH]
        values = []
        changes = []
        for pk, r, (old_value, _num, _den, old_suppression) in chunk:
            values.append(
                IndicatorValue(
                    pk=pk,
                    value=r.value,
                    numerator=r.numerator,
                    denominator=r.denominator,
                    suppression=r.suppression,
                    period_sort=r.period_sort,
                    batch=batch,
                )
            )
            changes.append(
                IndicatorValueChange(
                    value_id=pk,
                    batch=batch,
                    old_value=old_value,
                    new_value=r.value,
                    old_suppression=old_suppression,
                    new_suppression=r.suppression,
                )
            )
        IndicatorValue.objects.bulk_update(
            values,
            ["value", "numerator", "denominator", "suppression", "period_sort", "batch"],
            batch_size=500,
        )
        IndicatorValueChange.objects.bulk_create(changes, batch_size=WRITE_BATCH)


def indicator_values_import(
    *,
    actor,
    content: bytes,
    file_name: str,
    mapping: str = "",
    accept_suppressed: bool = False,
    skip_unknown_areas: bool = False,
) -> ImportPlan:
    """Check the whole file, then write all of it or nothing. Raises FileImportError."""
    plan = indicator_values_check(
        content=content,
        file_name=file_name,
        mapping=mapping,
        accept_suppressed=accept_suppressed,
        skip_unknown_areas=skip_unknown_areas,
    )
    try:
        with acting_as(actor), transaction.atomic():
            plan.batch = _write(plan, actor=actor, mapping=mapping)
    except IntegrityError as exc:
        raise FileImportError(
            [
                Problem(
                    "another import changed these figures at the same moment; nothing was imported. Try again."
                )
            ],
            file_name=file_name,
        ) from exc
    return plan
