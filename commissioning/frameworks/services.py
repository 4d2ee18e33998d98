"""Loading the framework library from its YAML files: validate everything, then write all or nothing."""

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import ProtectedError
from django.utils import timezone

from commissioning.core.audit import acting_as, logged_in_bulk
from commissioning.core.services import version_check
from commissioning.frameworks.models import Framework, FrameworkItem
from commissioning.frameworks.schema import FrameworkFileError, ParsedFramework, ParsedItem, parse_directory

DATA_DIRECTORY = Path(__file__).resolve().parent / "data"


@dataclass
class LoadReport:
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    items: int = 0


def _sort_key(path: list[int]) -> str:
    return ".".join(f"{p:04d}" for p in path)


def _search_text(item: ParsedItem) -> str:
    parts = [item.ref, item.title, item.text]
    for label, value in item.fields:
        parts.append(label)
        parts.extend(value if isinstance(value, list) else [value])
    return "\n".join(p for p in parts if p).lower()


_LOCAL_MARK = "\n\x1elocal\n"


def _with_local(search_text: str, local_text: str) -> str:
    """The searched text: the source's, then any local variation, so both are found."""
    return f"{search_text}{_LOCAL_MARK}{local_text.lower()}" if local_text else search_text


def _hash(directory: Path, framework: ParsedFramework) -> str:
    return hashlib.sha256((directory / framework.path).read_bytes()).hexdigest()


def library_load(*, directory: Path = DATA_DIRECTORY, actor=None, force: bool = False) -> LoadReport:
    """Load every framework file. Raises FrameworkFileError, naming file, item and reason, before any write."""
    directory = Path(directory)
    parsed = parse_directory(directory)
    report = LoadReport()
    with transaction.atomic(), acting_as(actor):
        for position, framework in enumerate(sorted(parsed, key=_framework_order)):
            digest = _hash(directory, framework)
            existing = Framework.objects.filter(slug=framework.slug).first()
            report.items += sum(1 for _ in framework.walk())
            if existing and existing.content_hash == digest and existing.position == position and not force:
                report.unchanged.append(framework.slug)
                continue
            _write_framework(framework, existing=existing, digest=digest, position=position, actor=actor)
            (report.updated if existing else report.created).append(framework.slug)
    return report


# Order in the library: the cycle first, then the tools that apply it, reference lists last.
_KIND_ORDER = [
    "cycle",
    "levels",
    "self_assessment",
    "standards",
    "quality_standards",
    "principles",
    "matrix",
    "governance",
    "strategy_steps",
    "template",
    "procurement_steps",
    "procurement_guide",
    "values",
    "outcomes",
    "indicators",
    "glossary",
]


def _framework_order(framework: ParsedFramework):
    return (_KIND_ORDER.index(framework.kind), framework.source.get("year", 0), framework.slug)


def _write_framework(
    parsed: ParsedFramework, *, existing: Framework | None, digest: str, position: int, actor=None
) -> None:
    source = parsed.source
    values = {
        "title": parsed.title,
        "kind": parsed.kind,
        "summary": parsed.summary,
        "council": source["council"],
        "source_organisation": source.get("organisation", ""),
        "source_document": source["document"],
        "source_year": source["year"],
        "source_file": source["seed"],
        "introduction": parsed.introduction,
        "source_notes": parsed.source_notes,
        "position": position,
        "content_hash": digest,
    }
    if existing is None:
        framework = Framework.objects.create(slug=parsed.slug, **values)
    else:
        framework = existing
        for key, value in values.items():
            setattr(framework, key, value)
        framework.save()

    current = {item.ref: item for item in FrameworkItem.objects.filter(framework=framework)}
    if current:
        _update_items(framework, parsed, current)
    else:
        _create_items(framework, parsed, actor=actor)


def _update_items(framework: Framework, parsed: ParsedFramework, current: dict[str, FrameworkItem]) -> None:
    """A loaded framework's items brought in line with its file: changed ones saved with a new version, new ones
    added, dropped ones removed (refused where the partnership varied them or other records refer to them)."""
    saved: dict[str, FrameworkItem] = {}

    def visit(item: ParsedItem, path: list[int], parent: FrameworkItem | None) -> None:
        values = _item_values(item, path, parent)
        obj = current.get(item.ref)
        if obj is None:
            obj = FrameworkItem.objects.create(framework=framework, ref=item.ref, **values)
        else:
            values["search_text"] = _with_local(values["search_text"], obj.local_text)
            if any(getattr(obj, key) != value for key, value in values.items()):
                for key, value in values.items():
                    setattr(obj, key, value)
                obj.version += 1
                obj.save()
        saved[item.ref] = obj
        for child in item.children:
            visit(child, [*path, child.position], obj)

    for top in parsed.items:
        visit(top, [top.position], None)

    stale = [obj for ref, obj in current.items() if ref not in saved]
    for obj in sorted(stale, key=lambda o: -o.depth):
        if obj.local_text:
            raise FrameworkFileError(
                parsed.path,
                obj.ref,
                "the item was removed from the file but has a local variation; remove that first",
            )
        try:
            obj.delete()
        except ProtectedError as exc:
            raise FrameworkFileError(
                parsed.path, obj.ref, "the item was removed from the file but other records still refer to it"
            ) from exc


def _item_values(item: ParsedItem, path: list[int], parent: FrameworkItem | None) -> dict:
    return {
        "parent": parent,
        "kind": item.kind,
        "title": item.title,
        "text": item.text,
        "fields": [{"label": label, "value": value} for label, value in item.fields],
        "sources": item.sources,
        "missing_from_source": item.missing_from_source,
        "depth": item.depth,
        "sort_key": _sort_key(path),
        "search_text": _search_text(item),
    }


def _create_items(framework: Framework, parsed: ParsedFramework, *, actor) -> None:
    """A framework's items when it has none yet: inserted a level at a time (a parent before its children), with
    the audit entries saving each would have written, in a few queries instead of two an item."""
    level = [(top, [top.position], None) for top in parsed.items]
    created: list[FrameworkItem] = []
    while level:
        items = FrameworkItem.objects.bulk_create(
            [
                FrameworkItem(framework=framework, ref=item.ref, **_item_values(item, path, parent))
                for item, path, parent in level
            ],
            batch_size=500,
        )
        created.extend(items)
        level = [
            (child, [*path, child.position], obj)
            for (item, path, _), obj in zip(level, items, strict=True)
            for child in item.children
        ]
    logged_in_bulk(instances=created, actor=actor)


@transaction.atomic
def item_vary_locally(
    *, actor, item: FrameworkItem, local_text: str, local_note: str, expected_version: int | None
):
    """Record how the partnership applies an item where it differs from the source; blank text removes it."""
    item = FrameworkItem.objects.select_for_update().get(pk=item.pk)
    version_check(instance=item, expected_version=expected_version)
    local_text, local_note = local_text.strip(), local_note.strip()
    if local_text and not local_note:
        raise ValidationError({"local_note": "Enter why the partnership differs from the source"})
    if local_text == item.local_text and local_note == item.local_note:
        return item
    item.local_text = local_text
    item.local_note = local_note if local_text else ""
    item.local_amended_at = timezone.now() if local_text else None
    item.local_amended_by = actor if local_text else None
    item.version += 1
    item.search_text = _with_local(item.search_text.split(_LOCAL_MARK)[0], local_text)
    with acting_as(actor):
        item.save()
    return item
