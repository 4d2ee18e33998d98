"""Validation of framework library files (docs/framework-yaml.md). Pure Python: no Django needed.

Run it on files: `python -m commissioning.frameworks.schema commissioning/frameworks/data/*.yaml`.
"""

import functools
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

from commissioning.core.importing import UnreadableFile, load_yaml

FRAMEWORK_KINDS = {
    "cycle": "Commissioning cycle",
    "levels": "Levels and tiers",
    "self_assessment": "Self-assessment tool",
    "standards": "Commissioning standards",
    "quality_standards": "Quality standards",
    "principles": "Principles",
    "matrix": "Matrix",
    "governance": "Governance",
    "strategy_steps": "Strategy steps",
    "template": "Template",
    "procurement_steps": "Procurement steps",
    "procurement_guide": "Procurement guide",
    "values": "Values and standards",
    "outcomes": "Outcomes",
    "indicators": "Indicators",
    "glossary": "Glossary",
}
SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
KIND_RE = re.compile(r"^[a-z][a-z_]*$")
TOP_KEYS = {"slug", "title", "kind", "summary", "source", "introduction", "source_notes", "items"}
SOURCE_KEYS = {"council", "organisation", "document", "year", "seed"}
SOURCE_LIMITS = {
    "council": 200,
    "organisation": 255,
    "document": 500,
    "seed": 100,
}  # as the library holds them
ITEM_KEYS = {"ref", "kind", "title", "text", "fields", "sources", "missing_from_source", "children"}
MAX_REF = 60
MAX_TITLE = 500
MAX_DEPTH = 40  # items within items; the library orders them by a key of five characters a level, at most 200


class FrameworkFileError(Exception):
    """A framework file is malformed: says which file, which item and why."""

    def __init__(self, path: str, item: str | None, reason: str):
        self.path, self.item, self.reason = path, item, reason
        where = f"{path}: item {item!r}" if item else path
        super().__init__(f"{where}: {reason}")


@dataclass
class ParsedItem:
    ref: str
    kind: str
    title: str
    text: str
    fields: list[tuple[str, str | list[str]]]
    sources: list[dict]
    missing_from_source: bool
    position: int
    depth: int
    parent_ref: str | None
    children: list["ParsedItem"] = field(default_factory=list)


@dataclass
class ParsedFramework:
    path: str
    slug: str
    title: str
    kind: str
    summary: str
    source: dict
    introduction: str
    source_notes: str
    items: list[ParsedItem]

    def walk(self):
        stack = list(reversed(self.items))
        while stack:
            item = stack.pop()
            yield item
            stack.extend(reversed(item.children))


def _text(value, *, path, item, key, required=False, limit=None) -> str:
    if value is None:
        if required:
            raise FrameworkFileError(path, item, f"'{key}' is required")
        return ""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str):
        raise FrameworkFileError(path, item, f"'{key}' must be text, not {type(value).__name__}")
    value = value.strip()
    if required and not value:
        raise FrameworkFileError(path, item, f"'{key}' must not be empty")
    if limit and len(value) > limit:
        raise FrameworkFileError(path, item, f"'{key}' is longer than {limit} characters")
    return value


def _source(value, *, path, item, required_keys) -> dict:
    if not isinstance(value, dict):
        raise FrameworkFileError(
            path, item, "'source' must be a mapping with council, document, year and seed"
        )
    unknown = set(value) - SOURCE_KEYS
    if unknown:
        raise FrameworkFileError(path, item, f"unknown source keys: {', '.join(sorted(map(str, unknown)))}")
    for key in required_keys:
        if value.get(key) in (None, ""):
            raise FrameworkFileError(path, item, f"source needs '{key}'")
    year = value.get("year")
    if year is not None and (not isinstance(year, int) or isinstance(year, bool) or not 1990 <= year <= 2100):
        raise FrameworkFileError(path, item, "source 'year' must be a year such as 2009")
    source = {key: (str(v) if key != "year" else v) for key, v in value.items()}
    for key, limit in SOURCE_LIMITS.items():
        if len(source.get(key, "")) > limit:
            raise FrameworkFileError(path, item, f"source '{key}' is longer than {limit} characters")
    return source


def _fields(value, *, path, item) -> list[tuple[str, str | list[str]]]:
    if value is None:
        return []
    if not isinstance(value, dict):
        raise FrameworkFileError(path, item, "'fields' must be a mapping of label to text or list of text")
    result = []
    for label, content in value.items():
        if not isinstance(label, str) or not label.strip():
            raise FrameworkFileError(path, item, "every field needs a text label")
        if isinstance(content, list):
            entries = [_text(entry, path=path, item=item, key=f"fields.{label}") for entry in content]
            result.append((label.strip(), [entry for entry in entries if entry]))
        else:
            result.append((label.strip(), _text(content, path=path, item=item, key=f"fields.{label}")))
    return result


def _item(raw, *, path, refs: set[str], position: int, depth: int, parent_ref: str | None) -> ParsedItem:
    label = f"#{position + 1} under {parent_ref}" if parent_ref else f"#{position + 1}"
    if not isinstance(raw, dict):
        raise FrameworkFileError(path, label, "each item must be a mapping")
    if depth >= MAX_DEPTH:
        raise FrameworkFileError(path, label, f"items are nested more than {MAX_DEPTH} deep")
    ref = _text(raw.get("ref"), path=path, item=label, key="ref", required=True, limit=MAX_REF)
    unknown = set(raw) - ITEM_KEYS
    if unknown:
        raise FrameworkFileError(path, ref, f"unknown keys: {', '.join(sorted(map(str, unknown)))}")
    if "/" in ref or ref != ref.strip():
        raise FrameworkFileError(path, ref, "ref must not contain '/' or surrounding spaces")
    if ref in refs:
        raise FrameworkFileError(path, ref, "ref is used by more than one item in this file")
    refs.add(ref)
    kind = _text(raw.get("kind"), path=path, item=ref, key="kind", required=True, limit=40)
    if not KIND_RE.match(kind):
        raise FrameworkFileError(
            path, ref, f"kind {kind!r} must be a lowercase word (letters and underscores)"
        )
    title = _text(raw.get("title"), path=path, item=ref, key="title", limit=MAX_TITLE)
    text = _text(raw.get("text"), path=path, item=ref, key="text")
    missing = raw.get("missing_from_source", False)
    if not isinstance(missing, bool):
        raise FrameworkFileError(path, ref, "'missing_from_source' must be true or false")
    if not (title or text or missing):
        raise FrameworkFileError(path, ref, "an item needs a title or text (or missing_from_source: true)")
    sources_raw = raw.get("sources") or []
    if not isinstance(sources_raw, list):
        raise FrameworkFileError(path, ref, "'sources' must be a list")
    sources = [_source(s, path=path, item=ref, required_keys=("council", "year")) for s in sources_raw]
    children_raw = raw.get("children") or []
    if not isinstance(children_raw, list):
        raise FrameworkFileError(path, ref, "'children' must be a list of items")
    item = ParsedItem(
        ref=ref,
        kind=kind,
        title=title,
        text=text,
        fields=_fields(raw.get("fields"), path=path, item=ref),
        sources=sources,
        missing_from_source=missing,
        position=position,
        depth=depth,
        parent_ref=parent_ref,
    )
    item.children = [
        _item(child, path=path, refs=refs, position=i, depth=depth + 1, parent_ref=ref)
        for i, child in enumerate(children_raw)
    ]
    return item


def parse_framework(path: str | Path, content: str | None = None) -> ParsedFramework:
    path = Path(path)
    name = path.name
    if content is None:
        try:
            content = path.read_text(encoding="utf-8")
        except UnicodeDecodeError as exc:
            raise FrameworkFileError(name, None, f"not UTF-8 text ({exc.reason})") from exc
        except OSError as exc:
            raise FrameworkFileError(name, None, f"cannot be read ({exc.strerror})") from exc
    return _parse_text(name, path.suffix, path.stem, content)


# The library's files are parsed again each time the library is loaded (every deployment, every test that needs
# it); the same text gives the same result, so it is kept. Callers only read what they are given.
@functools.lru_cache(maxsize=64)
def _parse_text(name: str, suffix: str, stem: str, content: str) -> ParsedFramework:
    try:
        data = load_yaml(content)
    except UnreadableFile as exc:
        raise FrameworkFileError(name, None, exc.reason) from exc
    if not isinstance(data, dict):
        raise FrameworkFileError(
            name, None, "the file must be a mapping with slug, title, kind, source and items"
        )
    unknown = set(data) - TOP_KEYS
    if unknown:
        raise FrameworkFileError(name, None, f"unknown keys: {', '.join(sorted(map(str, unknown)))}")
    slug = _text(data.get("slug"), path=name, item=None, key="slug", required=True, limit=100)
    if not SLUG_RE.match(slug):
        raise FrameworkFileError(name, None, f"slug {slug!r} must be lowercase words joined by hyphens")
    if suffix in (".yaml", ".yml") and stem != slug:
        raise FrameworkFileError(name, None, f"the file must be named {slug}.yaml after its slug")
    kind = _text(data.get("kind"), path=name, item=None, key="kind", required=True)
    if kind not in FRAMEWORK_KINDS:
        raise FrameworkFileError(name, None, f"kind {kind!r} is not one of: {', '.join(FRAMEWORK_KINDS)}")
    items_raw = data.get("items")
    if not isinstance(items_raw, list) or not items_raw:
        raise FrameworkFileError(name, None, "'items' must be a non-empty list")
    refs: set[str] = set()
    items = [
        _item(raw, path=name, refs=refs, position=i, depth=0, parent_ref=None)
        for i, raw in enumerate(items_raw)
    ]
    return ParsedFramework(
        path=name,
        slug=slug,
        title=_text(data.get("title"), path=name, item=None, key="title", required=True, limit=255),
        kind=kind,
        summary=_text(data.get("summary"), path=name, item=None, key="summary", required=True),
        source=_source(
            data.get("source"), path=name, item=None, required_keys=("council", "document", "year", "seed")
        ),
        introduction=_text(data.get("introduction"), path=name, item=None, key="introduction"),
        source_notes=_text(data.get("source_notes"), path=name, item=None, key="source_notes"),
        items=items,
    )


def parse_directory(directory: str | Path) -> list[ParsedFramework]:
    files = sorted(Path(directory).glob("*.yaml"))
    if not files:
        raise FrameworkFileError(str(directory), None, "no framework files (*.yaml) found")
    frameworks = [parse_framework(path) for path in files]
    seen: dict[str, str] = {}
    for framework in frameworks:
        if framework.slug in seen:
            raise FrameworkFileError(
                framework.path, None, f"slug {framework.slug!r} is also used by {seen[framework.slug]}"
            )
        seen[framework.slug] = framework.path
    return frameworks


def main(argv: list[str]) -> int:
    status = 0
    for arg in argv:
        try:
            framework = parse_framework(arg)
        except FrameworkFileError as exc:
            print(f"ERROR {exc}")
            status = 1
        else:
            count = sum(1 for _ in framework.walk())
            print(f"ok {arg}: {framework.slug} ({count} items)")
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
