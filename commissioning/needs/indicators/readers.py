"""Reading indicator files into values, checking every row before anything is written.

Two layouts are read:
- tidy files with the columns `area_code,area_name,period,indicator,measure,unit,value` (`NA` = missing), as
  published by Trafford Data Lab; an optional `inequality` column becomes a breakdown, and optional `breakdown`
  and `category` columns name one directly;
- DfE Explore Education Statistics (EES) files, through mappings (see mapping.py).

Rows are counted as a spreadsheet shows them: the header is row 1. Problems that repeat (an unknown area code, a
measure not understood, suppressed values) are reported once, with the first row and how many rows have them."""

import re
from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from typing import NamedTuple

from django.utils.text import slugify

from commissioning.core.importing import formula_reason
from commissioning.needs.areas.names import normalise_name
from commissioning.needs.areas.readers import ONS_CODE
from commissioning.needs.areas.selectors import AreaResolutionError, AreaResolver
from commissioning.needs.files import Problem, csv_records
from commissioning.needs.indicators.mapping import Mapping
from commissioning.needs.indicators.periods import Period, PeriodError, normalise_period
from commissioning.needs.models import Polarity, Suppression, Unit

TIDY_COLUMNS = ("area_code", "area_name", "period", "indicator", "measure", "unit", "value")
EES_COLUMNS = ("time_period", "geographic_level")
MAX_LISTED_PROBLEMS = 200
LOWER_TIER_PREFIXES = {"E05": "electoral ward", "E07": "district (lower-tier authority)"}
SKIP_HINT = "Or choose to leave out rows for areas that are not held (--skip-unknown-areas)."
ENGLAND = "E92000001"

# Cell values that mean "no figure", and how each is stored.
MARKERS = {
    "x": Suppression.NOT_AVAILABLE,
    "c": Suppression.CONFIDENTIAL,
    "z": Suppression.NOT_APPLICABLE,
    "low": Suppression.LOW,
    "na": Suppression.MISSING,
    "": Suppression.MISSING,
}
MARKER_NAMES = {
    Suppression.NOT_AVAILABLE: "x (not available)",
    Suppression.CONFIDENTIAL: "c (suppressed)",
    Suppression.NOT_APPLICABLE: "z (not applicable)",
    Suppression.LOW: "low (rounds to zero)",
    Suppression.MISSING: "NA or blank (missing)",
}
_RATE = re.compile(r"\bper\s*([\d,]+)")
_RATE_UNITS = {1_000: Unit.RATE_PER_1000, 10_000: Unit.RATE_PER_10000, 100_000: Unit.RATE_PER_100000}
_UPPER_BOUNDS = {Unit.PERCENTAGE: 100.0}


class ValueRow(NamedTuple):
    row: int
    indicator: str
    area_id: int
    period: str
    period_sort: int
    breakdown: str
    category: str
    value: float | None
    numerator: float | None
    denominator: float | None
    suppression: str

    def key(self) -> tuple:
        """What makes a figure unique: indicator, area, period and breakdown category."""
        return (self.indicator, self.area_id, self.period, self.breakdown, self.category)


@dataclass
class IndicatorSpec:
    """An indicator as a file describes it; `import_name` is the tidy file's "indicator | measure"."""

    code: str
    title: str
    unit: str
    polarity: str = Polarity.NO_JUDGEMENT
    definition: str = ""
    source: str = ""
    frequency: str = ""
    import_name: str = ""


@dataclass
class ParsedFile:
    file_format: str
    rows: list[ValueRow] = field(default_factory=list)
    indicators: dict[str, IndicatorSpec] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    rows_read: int = 0
    suppressed: Counter = field(default_factory=Counter)
    first_suppressed: tuple[int, str] | None = None
    skipped_areas: dict[str, int] = field(default_factory=dict)
    rows_left_out: Counter = field(default_factory=Counter)
    unmatched: list[str] = field(default_factory=list)
    more_problems: int = 0

    def add(self, problem: Problem) -> None:
        if len(self.problems) < MAX_LISTED_PROBLEMS:
            self.problems.append(problem)
        else:
            self.more_problems += 1

    def all_problems(self) -> list[Problem]:
        if not self.more_problems:
            return list(self.problems)
        return [*self.problems, Problem(f"… and {self.more_problems:,} more problems of the kinds above.")]


def import_name(indicator: str, measure: str) -> str:
    """How a tidy file's indicator and measure are recognised later: compared without case or punctuation."""
    return f"{normalise_name(indicator)} | {normalise_name(measure)}"


def tidy_code(indicator: str, measure: str) -> str:
    """The code of an indicator created from a tidy file, derived from its indicator and measure text."""
    return slugify(f"{indicator} {measure}")[:120].strip("-")


def unit_from_measure(measure: str) -> str | None:
    text = measure.strip().lower()
    if text in ("percentage", "percent", "%", "proportion (%)") or text.startswith("percentage"):
        return Unit.PERCENTAGE
    if match := _RATE.search(text):
        return _RATE_UNITS.get(int(match[1].replace(",", "")))
    if text in ("count", "number", "numbers", "frequency"):
        return Unit.COUNT
    if text in ("score", "average", "mean", "average score", "ratio", "rate"):
        return Unit.SCORE
    return None


def parse_number(text: str) -> float:
    """A figure as published: thousands separators are allowed. Raises ValueError."""
    cleaned = text.strip().replace(",", "")
    number = float(cleaned)
    if number != number or number in (float("inf"), float("-inf")):
        raise ValueError(text)
    return number


class _Reader:
    """Shared by both layouts: periods and areas looked up once each, values checked, duplicates found."""

    def __init__(self, parsed: ParsedFile, resolver: AreaResolver, *, skip_unknown_areas: bool):
        self.parsed = parsed
        self.resolver = resolver
        self.skip_unknown_areas = skip_unknown_areas
        self._periods: dict[tuple[str, str], Period | PeriodError] = {}
        self._areas: dict[tuple, int | str] = {}
        self._area_failures: dict[str, list] = {}
        self._seen: dict[tuple, int] = {}

    def period(self, text: str, identifier: str, row: int, column: str) -> Period | None:
        key = (text, identifier)
        if key not in self._periods:
            try:
                self._periods[key] = normalise_period(text, identifier)
            except PeriodError as error:
                self._periods[key] = error
        found = self._periods[key]
        if isinstance(found, PeriodError):
            self.parsed.add(Problem(str(found), row=row, column=column))
            return None
        return found

    def area(
        self, *, row: int, column: str, ends_on: date, code: str = "", dfe_code: str = "", name: str = ""
    ):
        key = (code, dfe_code, name, ends_on)
        found = self._areas.get(key)
        if found is None:
            try:
                found = self.resolver.resolve(code=code, dfe_code=dfe_code, name=name, on=ends_on).pk
            except AreaResolutionError as error:
                found = str(error)
            self._areas[key] = found
        if isinstance(found, int):
            return found
        label = code or dfe_code or name
        failure = self._area_failures.get(label)
        if failure is None:
            self._area_failures[label] = [row, column, found, 1]
        else:
            failure[3] += 1
        return None

    def value(self, text: str, *, row: int, column: str, unit: str, what: str = "value"):
        """(number, suppression); a problem is recorded and None returned for a cell that is not a figure."""
        marker = MARKERS.get(text.strip().lower())
        if marker is not None:
            return None, marker
        try:
            number = parse_number(text)
        except ValueError:
            self.parsed.add(
                Problem(
                    f"“{text}” is not a number, nor one of the markers for a missing or suppressed {what} "
                    "(x, c, z, low, NA).",
                    row=row,
                    column=column,
                )
            )
            return None, None
        if number < 0 and unit != Unit.SCORE:
            self.parsed.add(
                Problem(f"{number:g} is negative; a {what} here cannot be.", row=row, column=column)
            )
            return None, None
        upper = _UPPER_BOUNDS.get(unit)
        if upper is not None and number > upper and what == "value":
            self.parsed.add(
                Problem(
                    f"{number:g} is more than 100, and the indicator is a percentage.", row=row, column=column
                )
            )
            return None, None
        return number, ""

    def note_suppressed(self, suppression: str, row: int, column: str) -> None:
        self.parsed.suppressed[suppression] += 1
        if self.parsed.first_suppressed is None:
            self.parsed.first_suppressed = (row, column)

    def keep(self, value_row: ValueRow) -> None:
        key = value_row.key()
        first = self._seen.get(key)
        if first is not None:
            breakdown = f", {value_row.breakdown}: {value_row.category}" if value_row.breakdown else ""
            self.parsed.add(
                Problem(
                    f"this row repeats row {first} (the same indicator, area and period{breakdown}).",
                    row=value_row.row,
                )
            )
            return
        self._seen[key] = value_row.row
        self.parsed.rows.append(value_row)

    def finish(self) -> None:
        """Report each unknown area once; districts and wards together, as they usually come in dozens."""
        grouped: dict[str, list] = {}
        for label, (row, column, reason, count) in self._area_failures.items():
            if self.skip_unknown_areas:
                self.parsed.skipped_areas[label] = count
            elif label[:3] in LOWER_TIER_PREFIXES and ONS_CODE.match(label):
                grouped.setdefault(label[:3], []).append((label, row, column, count))
            else:
                also = f" ({count:,} rows have it; this is the first.)" if count > 1 else ""
                self.parsed.add(Problem(f"{reason}{also} {SKIP_HINT}", row=row, column=column))
        for prefix, failures in grouped.items():
            _, row, column, _ = failures[0]
            codes = [label for label, *_ in failures]
            listed = ", ".join(codes[:5]) + (", …" if len(codes) > 5 else "")
            rows = sum(count for *_, count in failures)
            self.parsed.add(
                Problem(
                    f"{len(codes):,} {LOWER_TIER_PREFIXES[prefix]} code{'s are' if len(codes) > 1 else ' is'} not "
                    f"held ({listed}; {rows:,} rows; this is the first). Add the districts or wards of the home "
                    "authority as its localities (`manage.py import_areas FILE --localities-of CODE`). "
                    f"{SKIP_HINT}",
                    row=row,
                    column=column,
                )
            )


def _header(text: str) -> tuple[list[str], Iterator[list[str]]]:
    reader = csv_records(text)
    header = [cell.strip() for cell in next(reader, [])]
    return header, reader


def detect_format(text: str) -> str:
    """ "tidy", "ees" or "" (neither), from the header row."""
    header, _ = _header(text)
    if "area_code" in header and "indicator" in header:
        return "tidy"
    if all(column in header for column in EES_COLUMNS):
        return "ees"
    return ""


def _missing_columns(parsed: ParsedFile, header: list[str], required) -> bool:
    missing = [name for name in required if name not in header]
    for name in missing:
        parsed.add(Problem(f"the column “{name}” is missing.", row=1, column=name))
    duplicated = sorted({name for name in header if name and header.count(name) > 1})
    for name in duplicated:
        parsed.add(Problem(f"the column “{name}” appears more than once.", row=1, column=name))
    return bool(missing or duplicated)


def _inequality_name(category: str) -> str:
    """The breakdown an `inequality` cell belongs to, e.g. "Most deprived quintile" to "Deprivation quintile"."""
    lowered = category.lower()
    if "quintile" in lowered:
        return "Deprivation quintile"
    if "decile" in lowered:
        return "Deprivation decile"
    return "Inequality"


def _records(parsed: ParsedFile, reader, width: int):
    """The non-blank rows, each with its row number; a row of the wrong width is a problem."""
    for row_number, cells in enumerate(reader, start=2):
        if not any(cell.strip() for cell in cells):
            continue
        parsed.rows_read += 1
        if len(cells) != width:
            parsed.add(Problem(f"the row has {len(cells)} cells; the header has {width}.", row=row_number))
            continue
        yield row_number, cells


class _TidyColumns:
    def __init__(self, header: list[str]):
        self.at = {name: index for index, name in enumerate(header)}
        self.inequality = self.at.get("inequality")
        self.breakdown = self.at.get("breakdown")
        self.category = self.at.get("category")

    def problems(self, cells, row: int) -> list[Problem]:
        """Breakdown cells longer than a figure holds, or that a spreadsheet would run as a formula."""
        found = []
        for name, limit in (("breakdown", 100), ("category", 200), ("inequality", 200)):
            index = getattr(self, name)
            text = cells[index].strip() if index is not None else ""
            if len(text) > limit:
                found.append(Problem(f"the {name} is longer than {limit} characters.", row=row, column=name))
            elif reason := formula_reason(text):
                found.append(Problem(f"{reason}.", row=row, column=name))
        return found

    def breakdown_of(self, cells) -> tuple[str, str]:
        if self.breakdown is not None and cells[self.breakdown].strip():
            return cells[self.breakdown].strip(), cells[
                self.category
            ].strip() if self.category is not None else ""
        if self.inequality is not None and cells[self.inequality].strip() not in ("", "NA"):
            category = cells[self.inequality].strip()
            return _inequality_name(category), category
        return "", ""


def read_tidy(
    text: str,
    *,
    resolver: AreaResolver,
    known_names: dict[str, str],
    known_codes: dict[str, str],
    skip_unknown_areas: bool = False,
) -> ParsedFile:
    """`known_names` maps import names (see import_name) to the codes of indicators that hold them, and
    `known_codes` maps existing indicator codes to their units."""
    parsed = ParsedFile(file_format="tidy")
    header, reader = _header(text)
    if _missing_columns(parsed, header, TIDY_COLUMNS):
        return parsed
    columns = _TidyColumns(header)
    at = columns.at
    read = _Reader(parsed, resolver, skip_unknown_areas=skip_unknown_areas)
    codes: dict[tuple[str, str], str | None] = {}
    for row_number, cells in _records(parsed, reader, len(header)):
        key = (cells[at["indicator"]].strip(), cells[at["measure"]].strip())
        if key not in codes:
            codes[key] = _tidy_indicator(parsed, key, known_names, known_codes, row_number)
        code = codes[key]
        period = read.period(cells[at["period"]], "", row_number, "period") if code else None
        if period is None:
            continue
        area_id = read.area(
            row=row_number, column="area_code", ends_on=period.ends_on, code=cells[at["area_code"]]
        )
        unit = parsed.indicators[code].unit
        number, suppression = read.value(cells[at["value"]], row=row_number, column="value", unit=unit)
        if area_id is None or suppression is None:
            continue
        if breakdown_problems := columns.problems(cells, row_number):
            for problem in breakdown_problems:
                parsed.add(problem)
            continue
        if suppression:
            read.note_suppressed(suppression, row_number, "value")
        breakdown, category = columns.breakdown_of(cells)
        read.keep(
            ValueRow(row_number, code, area_id, period.label, period.sort_year, breakdown, category, number,
                     None, None, suppression)
        )  # fmt: skip
    read.finish()
    return parsed


def _tidy_indicator(
    parsed: ParsedFile, key: tuple[str, str], known_names, known_codes, row: int
) -> str | None:
    """The code of the indicator a tidy row holds; None (and a problem, once) when it cannot be told."""
    indicator_text, measure = key
    if not indicator_text:
        parsed.add(Problem("the indicator is empty.", row=row, column="indicator"))
        return None
    if reason := formula_reason(indicator_text):
        parsed.add(Problem(f"{reason}.", row=row, column="indicator"))
        return None
    if not any(character.isalnum() for character in indicator_text):
        parsed.add(
            Problem(
                f"“{indicator_text}” has no letters or digits to name an indicator.",
                row=row,
                column="indicator",
            )
        )
        return None
    name = import_name(indicator_text, measure)
    code = known_names.get(name) or tidy_code(indicator_text, measure)
    if code in parsed.indicators:
        return code
    unit = known_codes.get(code) or unit_from_measure(measure)
    if unit is None:
        parsed.add(
            Problem(
                f"“{measure}” is not a measure this import understands for “{indicator_text}”. Use Percentage, "
                "Count, Per 1,000, Per 10,000, Per 100,000 or Score, or add the indicator to the catalogue with "
                "this name first.",
                row=row,
                column="measure",
            )
        )
        return None
    title = indicator_text if unit == Unit.PERCENTAGE else f"{indicator_text} ({measure.lower()})"
    parsed.indicators[code] = IndicatorSpec(code=code, title=title[:500], unit=unit, import_name=name)
    return code


# DfE Explore Education Statistics ------------------------------------------------------------------------


def _cell(cells, at, name: str) -> str:
    return cells[at[name]].strip() if name in at else ""


def _ees_area(read: _Reader, level: str, cells, at, row: int, ends_on: date):
    """(area id or None, left out): regional and national rows name their area by code."""
    if level == "national":
        code = _cell(cells, at, "country_code") or ENGLAND
        return read.area(row=row, column="country_code", ends_on=ends_on, code=code), False
    if level == "regional":
        code, name = _cell(cells, at, "region_code"), _cell(cells, at, "region_name")
        return read.area(row=row, column="region_code", ends_on=ends_on, code=code, name=name), False
    if level == "local authority":
        code, dfe_code, name = (
            _cell(cells, at, column) for column in ("new_la_code", "old_la_code", "la_name")
        )
        column = "new_la_code" if code else "old_la_code" if dfe_code else "la_name"
        return read.area(
            row=row, column=column, ends_on=ends_on, code=code, dfe_code=dfe_code, name=name
        ), False
    return None, True


def _ees_breakdown(mapping: Mapping, cells, at) -> tuple[str, str]:
    names, categories = [], []
    if mapping.breakdown_topic_column:
        topic = cells[at[mapping.breakdown_topic_column]].strip()
        if topic and topic not in mapping.overall_topics:
            names.append(topic)
            categories.append(cells[at[mapping.breakdown_category_column]].strip())
    for column in mapping.breakdowns:
        value = cells[at[column.column]].strip()
        if value and value != column.total:
            names.append(column.name)
            categories.append(value)
    return " and ".join(names)[:100], ", ".join(categories)[:200]


def read_ees(
    text: str, *, mappings: list[Mapping], resolver: AreaResolver, skip_unknown_areas: bool = False
) -> ParsedFile:
    parsed = ParsedFile(file_format="ees")
    header, reader = _header(text)
    required = list(EES_COLUMNS)
    for mapping in mappings:
        required += [column for column in mapping.columns() if column not in required]
    if _missing_columns(parsed, header, required):
        return parsed
    at = {name: index for index, name in enumerate(header)}
    for mapping in mappings:
        parsed.indicators[mapping.indicator] = IndicatorSpec(
            code=mapping.indicator,
            title=mapping.title,
            unit=mapping.unit,
            polarity=mapping.polarity,
            definition=mapping.definition,
            source=mapping.source,
            frequency=mapping.frequency,
        )
    read = _Reader(parsed, resolver, skip_unknown_areas=skip_unknown_areas)
    filters = [[(at[column], value) for column, value in m.filters.items()] for m in mappings]
    matched = [0] * len(mappings)
    for row_number, cells in _records(parsed, reader, len(header)):
        chosen = [
            (index, mapping)
            for index, mapping in enumerate(mappings)
            if all(cells[column].strip() == value for column, value in filters[index])
        ]
        if not chosen:
            parsed.rows_left_out["not selected by the mapping's filters"] += 1
            continue
        for index, _ in chosen:
            matched[index] += 1
        _ees_row(read, chosen, cells, at, row_number)
    unmatched = [mapping for index, mapping in enumerate(mappings) if not matched[index]]
    if parsed.rows_read and len(unmatched) == len(mappings):
        parsed.add(
            Problem("no row matches the filters of the mapping; check that it is the mapping for this file.")
        )
    elif unmatched:
        for mapping in unmatched:
            parsed.unmatched.append(
                f"no rows for “{mapping.indicator}”: none matches its filters {mapping.filters}"
            )
            del parsed.indicators[mapping.indicator]
    read.finish()
    return parsed


def _ees_row(read: _Reader, chosen, cells, at, row: int) -> None:
    level = cells[at["geographic_level"]].strip()
    identifier = cells[at["time_identifier"]] if "time_identifier" in at else ""
    period = read.period(cells[at["time_period"]], identifier, row, "time_period")
    if period is None:
        return
    area_id, left_out = _ees_area(read, level.lower(), cells, at, row, period.ends_on)
    if left_out:
        read.parsed.rows_left_out[f"geographic level “{level}”"] += 1
        return
    for _, mapping in chosen:
        _ees_value(read, mapping, cells, at, row, period, area_id)


def _ees_value(
    read: _Reader, mapping: Mapping, cells, at, row: int, period: Period, area_id: int | None
) -> None:
    number, suppression = read.value(cells[at[mapping.value_column]], row=row, column=mapping.value_column,
                                     unit=mapping.unit)  # fmt: skip
    extra = {}
    for name, column in (
        ("numerator", mapping.numerator_column),
        ("denominator", mapping.denominator_column),
    ):
        extra[name] = None
        if column:
            figure, marker = read.value(cells[at[column]], row=row, column=column, unit=Unit.COUNT, what=name)
            if marker is None:
                suppression = None
            extra[name] = figure
    if area_id is None or suppression is None:
        return
    if suppression:
        read.note_suppressed(suppression, row, mapping.value_column)
    breakdown, category = _ees_breakdown(mapping, cells, at)
    read.keep(
        ValueRow(row, mapping.indicator, area_id, period.label, period.sort_year, breakdown, category, number,
                 extra["numerator"], extra["denominator"], suppression)
    )  # fmt: skip


def suppressed_problem(parsed: ParsedFile) -> Problem | None:
    """One problem for every suppressed or missing value, unless they are to be stored as suppressed."""
    total = sum(parsed.suppressed.values())
    if not total:
        return None
    kinds = "; ".join(f"{MARKER_NAMES[kind]}: {count:,}" for kind, count in parsed.suppressed.most_common())
    row, column = parsed.first_suppressed
    return Problem(
        f"{total:,} value{'s are' if total != 1 else ' is'} suppressed or missing ({kinds}); this is the first. "
        "Choose to store suppressed values as suppressed (--accept-suppressed) to import them: they are kept as "
        "suppressed, never as 0.",
        row=row,
        column=column,
    )


def group_rows_by_indicator(rows: list[ValueRow]) -> dict[str, list[ValueRow]]:
    grouped: dict[str, list[ValueRow]] = defaultdict(list)
    for value_row in rows:
        grouped[value_row.indicator].append(value_row)
    return grouped
