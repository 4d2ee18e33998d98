"""The indicators catalogue shipped with the product: the 35 national indicators of the Staffordshire Local Area
Agreement (commissioning/needs/data/national_indicators.yaml), linked to their items in the framework library and
to the Every Child Matters outcomes they measure."""

from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction
from django.utils.text import slugify

from commissioning.core.audit import acting_as
from commissioning.core.importing import UnreadableFile, formula_reason, load_yaml
from commissioning.frameworks.models import FrameworkItem
from commissioning.needs.files import FileImportError, Problem
from commissioning.needs.indicators.readers import import_name
from commissioning.needs.models import Frequency, Indicator, Polarity, Unit

CATALOGUE_FILE = Path(__file__).resolve().parent.parent / "data" / "national_indicators.yaml"
NATIONAL_INDICATORS = "national-indicators"
OUTCOMES = "every-child-matters-outcomes"
FIELDS = ("code", "ref", "title", "definition", "unit", "polarity", "outcomes", "source", "frequency")
TEXT_LIMITS = {"code": 120, "ref": 0, "title": 500, "definition": 0, "source": 255}  # 0: any length


@dataclass
class CatalogueReport:
    added: list[str] = field(default_factory=list)
    linked: list[str] = field(default_factory=list)
    unchanged: int = 0

    def summary(self) -> str:
        return (
            f"Indicators catalogue: {len(self.added)} added, {len(self.linked)} linked to the framework library, "
            f"{self.unchanged} unchanged."
        )


def _choice(entry: dict, key: str, choices, where: str, problems: list[Problem]) -> None:
    allowed = [value for value, _ in choices]
    if entry.get(key) not in allowed:
        problems.append(
            Problem(f"{where}: “{key}” is “{entry.get(key)}”; it must be one of {', '.join(allowed)}.")
        )


def _text_problems(entry: dict, where: str) -> list[Problem]:
    problems = [
        Problem(f"{where}: “{key}” is required.") for key in ("code", "title", "unit") if not entry.get(key)
    ]
    for key, limit in TEXT_LIMITS.items():
        value = entry.get(key)
        if value is not None and not isinstance(value, str):
            problems.append(Problem(f"{where}: “{key}” must be text."))
        elif value and limit and len(value) > limit:
            problems.append(Problem(f"{where}: “{key}” is longer than {limit} characters."))
        elif value and (reason := formula_reason(value)):
            problems.append(Problem(f"{where}: “{key}”: {reason}."))
    code = entry.get("code")
    if isinstance(code, str) and code and slugify(code) != code:
        problems.append(Problem(f"{where}: the code may hold only lower-case letters, digits and hyphens."))
    return problems


def _entry_problems(entry: dict, where: str) -> list[Problem]:
    problems = _text_problems(entry, where)
    problems += [
        Problem(f"{where}: unknown key “{key}”.") for key in entry if key not in (*FIELDS, "import_names")
    ]
    _choice(entry, "unit", Unit.choices, where, problems)
    _choice(entry, "polarity", Polarity.choices, where, problems)
    _choice(entry, "frequency", Frequency.choices, where, problems)
    for key in ("outcomes", "import_names"):
        value = entry.get(key, [])
        if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
            problems.append(Problem(f"{where}: “{key}” must be a list of text."))
        elif key == "import_names" and not all("|" in name for name in value):
            problems.append(Problem(f"{where}: write each of the “import_names” as “indicator | measure”."))
    return problems


def read_catalogue(path: Path = CATALOGUE_FILE) -> list[dict]:
    try:
        document = load_yaml(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise FileImportError([Problem(f"the file cannot be read: {exc}")], file_name=path.name) from exc
    except UnreadableFile as exc:
        raise FileImportError([Problem(f"the file is {exc.reason}")], file_name=path.name) from exc
    entries = document.get("indicators") if isinstance(document, dict) else None
    if not isinstance(entries, list):
        raise FileImportError([Problem("the file must hold a list under “indicators”.")], file_name=path.name)
    problems: list[Problem] = []
    seen: set[str] = set()
    for index, entry in enumerate(entries, start=1):
        if not isinstance(entry, dict):
            problems.append(Problem(f"Indicator {index}: must be a set of “key: value” lines."))
            continue
        code = entry.get("code")
        where = f"Indicator {index} ({code})" if isinstance(code, str) else f"Indicator {index}"
        problems += _entry_problems(entry, where)
        if isinstance(code, str) and code in seen:
            problems.append(Problem(f"{where}: the code is used twice."))
        seen.add(str(code))
    if problems:
        raise FileImportError(problems, file_name=path.name)
    return entries


def _items(slug: str) -> dict[str, FrameworkItem]:
    return {item.ref: item for item in FrameworkItem.objects.filter(framework__slug=slug)}


@transaction.atomic
def catalogue_load(*, actor=None, path: Path = CATALOGUE_FILE) -> CatalogueReport:
    """Add the shipped indicators that are missing and link them to the framework library once it is loaded.
    Safe to run again: an indicator already held keeps the wording an analyst has given it."""
    entries = read_catalogue(path)
    national, outcomes = _items(NATIONAL_INDICATORS), _items(OUTCOMES)
    report = CatalogueReport()
    held = {
        indicator.code: indicator
        for indicator in Indicator.objects.filter(code__in=[e["code"] for e in entries])
    }
    with acting_as(actor):
        for entry in entries:
            indicator = held.get(entry["code"])
            if indicator is None:
                indicator = Indicator.objects.create(
                    code=entry["code"],
                    title=entry["title"],
                    definition=entry.get("definition", ""),
                    unit=entry["unit"],
                    polarity=entry["polarity"],
                    source=entry.get("source", ""),
                    frequency=entry["frequency"],
                    import_names=entry.get("import_names", []),
                )
                report.added.append(entry["code"])
            if _link(indicator, entry, national, outcomes) and entry["code"] not in report.added:
                report.linked.append(entry["code"])
            elif entry["code"] not in report.added:
                report.unchanged += 1
    return report


def _link(indicator: Indicator, entry: dict, national: dict, outcomes: dict) -> bool:
    changed = False
    item = national.get(entry.get("ref", ""))
    if item is not None and indicator.national_indicator_id is None:
        indicator.national_indicator = item
        indicator.save(update_fields=["national_indicator", "updated_at"])
        changed = True
    wanted = [outcomes[ref] for ref in entry.get("outcomes", []) if ref in outcomes]
    if wanted and not indicator.outcomes.exists():
        indicator.outcomes.set(wanted)
        changed = True
    names = [name for name in entry.get("import_names", []) if name]
    known = {import_name(*name.partition("|")[::2]) for name in indicator.import_names}
    missing = [name for name in names if import_name(*name.partition("|")[::2]) not in known]
    if missing:
        indicator.import_names = [*indicator.import_names, *missing]
        indicator.save(update_fields=["import_names", "updated_at"])
        changed = True
    return changed
