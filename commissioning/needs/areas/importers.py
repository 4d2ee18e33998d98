"""Imports of whole files, all or nothing: the areas shipped with the product, area hierarchy files and the
DfE statistical neighbours file. The files are read and checked in readers.py; nothing is written unless
every row is valid."""

from dataclasses import dataclass, field
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction

from commissioning.core.audit import acting_as
from commissioning.needs.areas.names import normalise_name
from commissioning.needs.areas.readers import (
    DATA_FILE,
    ONS_CODE,
    AreaFileError,
    AreaRecord,
    NeighbourColumn,
    Problem,
    read_area_hierarchy,
    read_localities,
    read_neighbours_wide,
    read_shipped_areas,
)
from commissioning.needs.areas.selectors import AreaResolutionError, AreaResolver
from commissioning.needs.areas.services import area_label, neighbour_set_replace, ranked_neighbour_ids
from commissioning.needs.models import Area, AreaAlias, AreaType, NeighbourSet

ALIAS_LENGTH = AreaAlias._meta.get_field("name").max_length
SHIPPED_FIELDS = ("name", "area_type", "authority_kind", "old_la_code", "start_date", "end_date")
HIERARCHY_FIELDS = ("area_type", "authority_kind")


@dataclass
class AreasReport:
    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: int = 0
    aliases_added: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def summary(self) -> str:
        names = len(self.aliases_added)
        return (
            f"Areas: {len(self.added)} added, {len(self.updated)} updated, {self.unchanged} unchanged; "
            f"{names} other name{'s' if names != 1 else ''} added."
        )


@dataclass
class NeighboursReport:
    created: list[str] = field(default_factory=list)
    replaced: list[str] = field(default_factory=list)
    unchanged: int = 0

    def summary(self) -> str:
        return (
            f"Statistical neighbours: {len(self.created)} sets added, {len(self.replaced)} replaced, "
            f"{self.unchanged} unchanged."
        )


# Areas ----------------------------------------------------------------------------------------------------


@transaction.atomic
def areas_load(*, actor=None, path: Path = DATA_FILE) -> AreasReport:
    """Load the areas shipped with the product (commissioning/needs/data/areas.yaml). Safe to run again:
    an area already loaded changes only where it differs from the shipped data. All or nothing."""
    records = read_shipped_areas(path)
    return _apply(records, actor=actor, from_hierarchy=False)


@transaction.atomic
def areas_import(
    *, actor=None, content: bytes | str, file_name: str = "", localities_of: str = ""
) -> AreasReport:
    """Import England, the regions and the counties and unitary authorities of an area hierarchy file in
    the Fingertips format; with `localities_of` (an authority's ONS code), also that authority's children
    as its localities. Areas already loaded keep their names and dates (a different name in the file
    becomes another name); their type and parent follow the file."""
    localities_of = localities_of.strip().upper()
    known = frozenset(Area.objects.values_list("code", flat=True))
    try:
        records = read_area_hierarchy(content, localities_of=localities_of, known_codes=known)
        report = _apply(records, actor=actor, from_hierarchy=True)
    except AreaFileError as exc:
        exc.file_name = file_name
        raise
    if localities_of and not any(r.area_type == AreaType.LOCALITY for r in records):
        report.notes.append(f"The file lists no localities of {localities_of}.")
    return report


@transaction.atomic
def localities_import(
    *, actor=None, content: bytes | str, file_name: str = "", authority: str
) -> AreasReport:
    """Add an authority's localities (wards, districts or super output areas) from a CSV of codes and names."""
    code = authority.strip().upper()
    parent = (
        Area.objects.filter(code=code, area_type=AreaType.LOCAL_AUTHORITY).first()
        if ONS_CODE.match(code)
        else None
    )
    if parent is None:
        raise AreaFileError(
            [Problem(f"{code} is not a children's services authority that is loaded")], file_name=file_name
        )
    try:
        return _apply(read_localities(content, parent=parent.code), actor=actor, from_hierarchy=True)
    except AreaFileError as exc:
        exc.file_name = file_name
        raise


def _ordered(records: list[AreaRecord], known: set[str]) -> tuple[list[AreaRecord], list[AreaRecord]]:
    """Parents before children; returns (ordered, records whose parent is nowhere to be found)."""
    pending = list(records)
    ordered: list[AreaRecord] = []
    placed = set(known)
    while pending:
        ready = [r for r in pending if not r.parent or r.parent in placed]
        if not ready:
            break
        ordered += ready
        placed |= {r.code for r in ready}
        pending = [r for r in pending if r not in ready]
    return ordered, pending


def _plan_area(record: AreaRecord, area: Area | None, parent: Area | None, *, from_hierarchy: bool):
    """The area as the record wants it (not saved), and the fields that change (None for a new area)."""
    new = area is None
    if new:
        area = Area(code=record.code)
    values = {
        "name": record.name,
        "area_type": record.area_type,
        "authority_kind": record.authority_kind,
        "old_la_code": record.dfe_code,
        "start_date": record.start_date,
        "end_date": record.end_date,
    }
    fields = HIERARCHY_FIELDS if (from_hierarchy and not new) else SHIPPED_FIELDS
    changed = [name for name in fields if getattr(area, name) != values[name]]
    for name in changed:
        setattr(area, name, values[name])
    if parent is not None and (area.parent_id is None or area.parent_id != parent.pk):
        area.parent = parent
        changed.append("parent")
    return area, None if new else changed


def _apply(records: list[AreaRecord], *, actor, from_hierarchy: bool) -> AreasReport:
    report = AreasReport()
    codes = (
        {r.code for r in records} | {r.parent for r in records} | {c for r in records for c in r.successors}
    )
    existing = {area.code: area for area in Area.objects.filter(code__in=codes - {""})}
    ordered, orphans = _ordered(records, set(existing))
    problems = [
        Problem(
            f"unknown parent {r.parent}: it is neither in the file nor loaded", row=r.row, column="parent"
        )
        for r in orphans
    ]
    planned: dict[str, Area] = {}
    changes: dict[str, list[str] | None] = {}
    for record in ordered:
        parent = planned.get(record.parent) or existing.get(record.parent)
        area, changes[record.code] = _plan_area(
            record, existing.get(record.code), parent, from_hierarchy=from_hierarchy
        )
        try:
            area.full_clean(validate_unique=False, exclude=["parent", "successors"])
        except ValidationError as exc:
            problems += [
                Problem(f"{record.code}: {message}", row=record.row, column=record.columns.get(name, ""))
                for name, messages in exc.message_dict.items()
                for message in messages
            ]
        planned[record.code] = area
    alias_plan = _plan_aliases(records, planned, strict=not from_hierarchy, report=report, problems=problems)
    if problems:
        raise AreaFileError(problems)

    with acting_as(actor):
        for record in ordered:
            area, changed = planned[record.code], changes[record.code]
            if changed is None or changed:
                area.save()
            if changed is None:
                report.added.append(area_label(area))
            elif changed:
                fields = ", ".join(name.replace("_", " ") for name in changed)
                report.updated.append(f"{area_label(area)}: {fields}")
            else:
                report.unchanged += 1
        if not from_hierarchy:
            _set_successors(ordered, planned, existing)
        for code, name, source in alias_plan:
            AreaAlias.objects.create(
                area=planned[code], name=name, normalised=normalise_name(name), source=source
            )
            report.aliases_added.append(f"{name} → {area_label(planned[code])}")
    return report


def _set_successors(records, planned, existing) -> None:
    for record in records:
        area = planned[record.code]
        wanted = {planned.get(code) or existing[code] for code in record.successors}
        if set(area.successors.all()) != wanted:
            area.successors.set(wanted)


def _plan_aliases(records, planned, *, strict: bool, report: AreasReport, problems: list[Problem]):
    """The other names to add: (code, name, source). A name another area already has is a problem in the
    shipped data (strict) and a note in an imported file."""
    wanted = [(r.code, name, source) for r in records if r.code in planned for name, source in r.aliases]
    taken = {
        alias.normalised: alias.area
        for alias in AreaAlias.objects.filter(
            normalised__in={normalise_name(name) for _, name, _ in wanted}
        ).select_related("area")
    }
    plan, seen = [], {}
    for code, name, source in wanted:
        key = normalise_name(name)
        if len(name) > ALIAS_LENGTH or len(key) > ALIAS_LENGTH:
            record = next(r for r in records if r.code == code)
            problems.append(
                Problem(
                    f"the other name “{name[:40]}…” of {code} is longer than {ALIAS_LENGTH} characters",
                    row=record.row,
                    column=record.columns.get("name", ""),
                )
            )
            continue
        owner_code = taken[key].code if key in taken else seen.get(key)
        if not key or key == normalise_name(planned[code].name) or owner_code == code:
            continue
        if owner_code is not None:
            message = f"the other name “{name}” of {code} already belongs to {owner_code}"
            if strict:
                problems.append(Problem(message))
            else:
                report.notes.append(f"Not added: {message}.")
            continue
        seen[key] = code
        plan.append((code, name, source[:100]))
    return plan


# Statistical neighbours ------------------------------------------------------------------------------------


def _match_columns(columns: list[NeighbourColumn], resolver: AreaResolver):
    """Each column's authority and its neighbours, closest first; and every problem found."""
    problems: list[Problem] = []
    sets: list[tuple[Area, list[Area]]] = []
    column_of: dict[int, str] = {}

    def match(name: str, row: int, column: NeighbourColumn) -> Area | None:
        try:
            return resolver.by_name(name)
        except AreaResolutionError as exc:
            problems.append(Problem(str(exc), row=row, column=column.label))
            return None

    for column in columns:
        area = match(column.name, 1, column)
        neighbours: list[Area] = []
        for row, name in enumerate(column.neighbours, start=2):
            neighbour = match(name, row, column)
            if neighbour is None:
                continue
            if area is not None and neighbour.pk == area.pk:
                problems.append(
                    Problem(f"{area.name} is listed as its own neighbour", row=row, column=column.label)
                )
            elif neighbour in neighbours:
                problems.append(Problem(f"{neighbour.name} is listed twice", row=row, column=column.label))
            else:
                neighbours.append(neighbour)
        if area is not None and area.pk in column_of:
            problems.append(
                Problem(f"{area.name} already has column {column_of[area.pk]}", row=1, column=column.label)
            )
        elif area is not None:
            column_of[area.pk] = column.label
            sets.append((area, neighbours))
    return sets, problems


@transaction.atomic
def neighbours_import(
    *, actor=None, content: bytes | str, file_name: str = "", source: str = ""
) -> NeighboursReport:
    """Import the DfE statistical neighbours file (wide layout). Every name must match exactly one current
    children's services authority, by its name or another name; otherwise nothing is imported and every
    such name is listed with its row and column. A set that differs from the stored one replaces it (its
    version goes up and its history records the change); a set with the same neighbours in the same order
    is left alone, with its source."""
    try:
        columns = read_neighbours_wide(content)
    except AreaFileError as exc:
        exc.file_name = file_name
        raise
    resolver = AreaResolver.build(area_types=[AreaType.LOCAL_AUTHORITY], current_only=True)
    sets, problems = _match_columns(columns, resolver)
    if problems:
        raise AreaFileError(problems, file_name=file_name)

    source = (
        source.strip() or f"DfE children's services statistical neighbours ({file_name or 'imported file'})"
    )
    source = source[:255]
    existing = {
        neighbour_set.area_id: neighbour_set
        for neighbour_set in NeighbourSet.objects.filter(area__in=[a for a, _ in sets]).prefetch_related(
            "neighbours"
        )
    }
    report = NeighboursReport()
    for area, neighbours in sets:
        neighbour_set = existing.get(area.pk)
        if neighbour_set is not None and ranked_neighbour_ids(neighbour_set) == [n.pk for n in neighbours]:
            report.unchanged += 1
            continue
        neighbour_set_replace(
            neighbour_set,
            area=area,
            neighbours=neighbours,
            source=source,
            actor=actor,
            how=f"Imported from {file_name or 'a file'}",
        )
        (report.replaced if neighbour_set else report.created).append(area.name)
    return report
