"""Mapping files: how the columns of a DfE Explore Education Statistics (EES) file become indicator values.
Analysts write one once and reuse it each year. The format is described in docs/data-formats.md; in short::

    indicator: cla-rate-31-march          # the indicator's code (created if it does not exist)
    title: Children looked after at 31 March per 10,000 children
    unit: rate_per_10000                  # percentage, rate_per_1000, rate_per_10000, rate_per_100000, count, score
    polarity: lower_is_better             # higher_is_better, lower_is_better, no_judgement
    value_column: rate_per_10000
    numerator_column: number              # optional
    denominator_column: population_estimate   # optional
    filters:                              # optional: only rows with these values
      population_count: Children looked after at 31 March each year
    breakdowns:                           # optional: columns whose values become breakdown categories
      - column: placement_stability
        name: Placement stability          # optional, defaults to the column name
        total: Total children              # optional: the value meaning "everyone", default "Total"
    breakdown_topic_column: breakdown_topic    # optional, for files with a topic column and a category column
    breakdown_category_column: breakdown
    overall_topics: [All requests for EHC needs assessments]

A file may hold one mapping, or several under `indicators:` (one per indicator taken from the same file)."""

from dataclasses import dataclass, field

from django.utils.text import slugify

from commissioning.core.importing import UnreadableFile, load_yaml
from commissioning.needs.files import FileImportError, Problem
from commissioning.needs.models import Frequency, Polarity, Unit

REQUIRED = ("indicator", "title", "unit", "value_column")
SINGLE_VALUES = {
    *REQUIRED,
    "polarity",
    "definition",
    "source",
    "frequency",
    "numerator_column",
    "denominator_column",
    "breakdown_topic_column",
    "breakdown_category_column",
}
KNOWN_KEYS = set(REQUIRED) | {
    "polarity",
    "definition",
    "source",
    "frequency",
    "numerator_column",
    "denominator_column",
    "filters",
    "breakdowns",
    "breakdown_topic_column",
    "breakdown_category_column",
    "overall_topics",
}


@dataclass(frozen=True)
class BreakdownColumn:
    column: str
    name: str
    total: str = "Total"


@dataclass
class Mapping:
    indicator: str
    title: str
    unit: str
    value_column: str
    polarity: str = Polarity.NO_JUDGEMENT
    definition: str = ""
    source: str = ""
    frequency: str = ""
    numerator_column: str = ""
    denominator_column: str = ""
    filters: dict[str, str] = field(default_factory=dict)
    breakdowns: list[BreakdownColumn] = field(default_factory=list)
    breakdown_topic_column: str = ""
    breakdown_category_column: str = ""
    overall_topics: list[str] = field(default_factory=list)

    def columns(self) -> list[str]:
        """Every column of the data file this mapping reads."""
        names = [self.value_column, self.numerator_column, self.denominator_column, *self.filters]
        names += [b.column for b in self.breakdowns]
        names += [self.breakdown_topic_column, self.breakdown_category_column]
        return [name for name in names if name]


def _text(value) -> str:
    return "" if value is None else str(value).strip()


def _check_choice(entry: dict, key: str, choices, where: str, problems: list[Problem]) -> str:
    value = _text(entry.get(key))
    allowed = [choice for choice, _ in choices]
    if value and value not in allowed:
        problems.append(Problem(f"{where}“{key}” is “{value}”; it must be one of {', '.join(allowed)}."))
    return value


def _listed(entry: dict, key: str, where: str, problems: list[Problem]) -> list:
    """A key that holds a list; one value stands for a list of one."""
    value = entry.get(key)
    if value is None or value == "":
        return []
    if isinstance(value, str | int | float):
        return [value]
    if not isinstance(value, list):
        problems.append(Problem(f"{where}“{key}” must be a list."))
        return []
    return value


def _breakdowns(entry: dict, where: str, problems: list[Problem]) -> list[BreakdownColumn]:
    breakdowns = []
    for index, item in enumerate(_listed(entry, "breakdowns", where, problems), start=1):
        if isinstance(item, str) and item.strip():
            breakdowns.append(BreakdownColumn(column=item.strip(), name=item.strip()))
        elif isinstance(item, dict) and _text(item.get("column")):
            column = _text(item["column"])
            name, total = _text(item.get("name")) or column, _text(item.get("total")) or "Total"
            breakdowns.append(BreakdownColumn(column=column, name=name, total=total))
        else:
            problems.append(Problem(f"{where}breakdown {index} must be a column name or have a “column”."))
    return breakdowns


def _mapping(entry, where: str, problems: list[Problem]) -> Mapping | None:
    if not isinstance(entry, dict):
        problems.append(Problem(f"{where}a mapping must be a set of “key: value” lines."))
        return None
    before = len(problems)
    unknown = sorted(str(key) for key in set(entry) - KNOWN_KEYS)
    if unknown:
        problems.append(
            Problem(f"{where}unknown key{'s' if len(unknown) > 1 else ''}: {', '.join(unknown)}.")
        )
    for key in REQUIRED:
        if not _text(entry.get(key)):
            problems.append(Problem(f"{where}“{key}” is required."))
    for key in sorted(SINGLE_VALUES & set(entry)):
        if isinstance(entry[key], list | dict):
            problems.append(Problem(f"{where}“{key}” must be a single value, not a list or a set of lines."))
    code = _text(entry.get("indicator"))
    if code and slugify(code) != code:
        problems.append(
            Problem(
                f"{where}the indicator code “{code}” may hold only lower-case letters, digits and hyphens."
            )
        )
    unit = _check_choice(entry, "unit", Unit.choices, where, problems)
    polarity = _check_choice(entry, "polarity", Polarity.choices, where, problems)
    frequency = _check_choice(entry, "frequency", Frequency.choices, where, problems)
    filters = entry.get("filters") or {}
    if not isinstance(filters, dict):
        problems.append(Problem(f"{where}“filters” must be a set of “column: value” lines."))
        filters = {}
    breakdowns = _breakdowns(entry, where, problems)
    topic, category = (
        _text(entry.get("breakdown_topic_column")),
        _text(entry.get("breakdown_category_column")),
    )
    if bool(topic) != bool(category):
        problems.append(
            Problem(f"{where}give both “breakdown_topic_column” and “breakdown_category_column”, or neither.")
        )
    overall = _listed(entry, "overall_topics", where, problems)
    if len(problems) > before:
        return None
    return Mapping(
        indicator=code,
        title=_text(entry["title"]),
        unit=unit,
        value_column=_text(entry["value_column"]),
        polarity=polarity or Polarity.NO_JUDGEMENT,
        definition=_text(entry.get("definition")),
        source=_text(entry.get("source")),
        frequency=frequency,
        numerator_column=_text(entry.get("numerator_column")),
        denominator_column=_text(entry.get("denominator_column")),
        filters={_text(k): _text(v) for k, v in filters.items()},
        breakdowns=breakdowns,
        breakdown_topic_column=topic,
        breakdown_category_column=category,
        overall_topics=[_text(t) for t in overall],
    )


def read_mappings(text: str, *, file_name: str = "") -> list[Mapping]:
    """Read and check a mapping file; FileImportError lists every problem in it."""
    try:
        document = load_yaml(text)
    except UnreadableFile as exc:
        raise FileImportError([Problem(f"the mapping is {exc.reason}")], file_name=file_name) from exc
    problems: list[Problem] = []
    if isinstance(document, dict) and "indicators" in document:
        entries = document["indicators"]
        if not isinstance(entries, list) or not entries:
            raise FileImportError([Problem("“indicators” must be a list of mappings.")], file_name=file_name)
        labelled = [(entry, f"Mapping {index}: ") for index, entry in enumerate(entries, start=1)]
    else:
        labelled = [(document, "")]
    mappings = [_mapping(entry, where, problems) for entry, where in labelled]
    codes = [m.indicator for m in mappings if m]
    for code in sorted({c for c in codes if codes.count(c) > 1}):
        problems.append(Problem(f"the indicator “{code}” is mapped more than once."))
    if problems:
        raise FileImportError(problems, file_name=file_name)
    return mappings
