"""Reading area files: the shipped reference data, area hierarchy files in the Fingertips format and the DfE
statistical neighbours file. Nothing here writes to the database: every problem in a file is collected
first, with its row, column and reason, so that an import writes everything or nothing."""

import csv
import io
import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from commissioning.core.importing import UnreadableFile, csv_reason, formula_reason, load_yaml
from commissioning.needs.files import FileImportError, Problem, csv_records, decode
from commissioning.needs.models import AreaType, AuthorityKind

DATA_FILE = Path(__file__).resolve().parent.parent / "data" / "areas.yaml"
MAX_NEIGHBOURS = 10

ONS_CODE = re.compile(r"^[A-Z][0-9]{8}$")
DFE_CODE = re.compile(r"^[0-9]{3}$")
AUTHORITY_PREFIXES = tuple(kind.value for kind in AuthorityKind)
_TYPE_PREFIXES = {
    AreaType.COUNTRY: ("E92",),
    AreaType.REGION: ("E12", "E13"),
    AreaType.LOCAL_AUTHORITY: AUTHORITY_PREFIXES,
}


AreaFileError = FileImportError


@dataclass
class AreaRecord:
    """An area as a file describes it."""

    code: str
    name: str
    area_type: str
    parent: str = ""
    dfe_code: str = ""
    start_date: date | None = None
    end_date: date | None = None
    successors: list[str] = field(default_factory=list)
    aliases: list[tuple[str, str]] = field(default_factory=list)
    row: int | None = None
    columns: dict[str, str] = field(default_factory=dict)  # the file's column of each field, for problems

    @property
    def authority_kind(self) -> str:
        if self.area_type == AreaType.LOCAL_AUTHORITY and self.code[:3] in AUTHORITY_PREFIXES:
            return self.code[:3]
        return ""


def authority_kind_label(code: str) -> str:
    kinds = dict(AuthorityKind.choices)
    return kinds.get(code[:3], "")


def code_description(code: str) -> str:
    """What kind of area an ONS code is for, from its prefix; used in error messages."""
    prefix = code[:3]
    return {
        "E05": "an electoral ward",
        "E07": "a district (lower-tier authority)",
        "E92": "a country",
        "E12": "a region",
        "E13": "a London sub-region",
    }.get(prefix, f"a {authority_kind_label(code).lower()}" if authority_kind_label(code) else "an area")


# The shipped reference data ------------------------------------------------------------------------------


def read_shipped_areas(path: Path = DATA_FILE) -> list[AreaRecord]:
    """Read and check commissioning/needs/data/areas.yaml (its fields are described at the top of the file)."""
    try:
        entries = load_yaml(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise AreaFileError([Problem(f"the file cannot be read: {exc}")], file_name=path.name) from exc
    except UnreadableFile as exc:
        raise AreaFileError([Problem(f"the file is {exc.reason}")], file_name=path.name) from exc
    if not isinstance(entries, list):
        raise AreaFileError([Problem("the file must be a list of areas")], file_name=path.name)
    problems: list[Problem] = []
    records: list[AreaRecord] = []
    for number, entry in enumerate(entries, start=1):
        record = _shipped_record(entry, number, problems)
        if record is not None:
            problems += _check_record(record, where=f"area {number} ({record.code or 'no code'})")
            records.append(record)
    codes = {record.code for record in records}
    seen: set[str] = set()
    for record in records:
        where = f"area {record.row} ({record.code})"
        if record.code in seen:
            problems.append(Problem(f"{where}: the code appears more than once"))
        seen.add(record.code)
        if record.parent and record.parent not in codes:
            problems.append(Problem(f"{where}: its parent {record.parent} is not in the file"))
        for successor in record.successors:
            if successor not in codes:
                problems.append(Problem(f"{where}: its successor {successor} is not in the file"))
    if problems:
        raise AreaFileError(problems, file_name=path.name)
    return records


def _shipped_record(entry, number: int, problems: list[Problem]) -> AreaRecord | None:
    where = f"area {number}"
    if not isinstance(entry, dict):
        problems.append(Problem(f"{where} is not a mapping of fields"))
        return None
    listed = [key for key in ("successors", "aliases") if not isinstance(entry.get(key) or [], list)]
    if listed:
        problems.extend(Problem(f"{where}: {key} must be a list") for key in listed)
        return None
    return AreaRecord(
        code=str(entry.get("code", "")),
        name=str(entry.get("name", "")).strip(),
        area_type=str(entry.get("type", "")),
        parent=str(entry.get("parent", "") or ""),
        dfe_code=str(entry.get("dfe_code", "") or ""),
        start_date=entry.get("start_date"),
        end_date=entry.get("end_date"),
        successors=[str(code) for code in entry.get("successors", []) or []],
        aliases=[
            (str(alias.get("name", "")).strip(), str(alias.get("source", "")).strip())
            for alias in entry.get("aliases", []) or []
            if isinstance(alias, dict)
        ],
        row=number,
    )


def _check_record(record: AreaRecord, *, where: str) -> list[Problem]:
    problems = []
    if not ONS_CODE.match(record.code):
        problems.append(Problem(f"{where}: the code must be a letter and eight digits, like E06000001"))
    if not record.name:
        problems.append(Problem(f"{where}: the name is missing"))
    if record.area_type not in _TYPE_PREFIXES:
        problems.append(Problem(f"{where}: the type must be country, region or local_authority"))
    elif not record.code.startswith(_TYPE_PREFIXES[record.area_type]):
        problems.append(Problem(f"{where}: {record.code} is not a {record.area_type.replace('_', ' ')} code"))
    if record.dfe_code and not DFE_CODE.match(record.dfe_code):
        problems.append(Problem(f"{where}: the DfE code must be three digits"))
    for name in ("start_date", "end_date"):
        value = getattr(record, name)
        if value is not None and not isinstance(value, date):
            problems.append(Problem(f"{where}: {name} must be a date written like 2023-04-01"))
    if record.end_date and not record.successors and record.area_type == AreaType.LOCAL_AUTHORITY:
        problems.append(Problem(f"{where}: a former authority needs its successors"))
    if any(not name for name, _ in record.aliases):
        problems.append(Problem(f"{where}: an alias has no name"))
    return problems


# Area hierarchy files (the Fingertips format) ------------------------------------------------------------

HIERARCHY_COLUMNS = ("Children", "AreaCode", "AreaName", "Level", "HierarchyType", "AreaType", "AreaTypeCode")
ENGLAND_TYPE = "england"
REGION_TYPE = "regions"
AUTHORITY_TYPE = "counties-and-unitary-authorities"
_NAME_SUFFIXES = {REGION_TYPE: " Region", AUTHORITY_TYPE: " UA"}
_AREA_TYPES = {
    ENGLAND_TYPE: AreaType.COUNTRY,
    REGION_TYPE: AreaType.REGION,
    AUTHORITY_TYPE: AreaType.LOCAL_AUTHORITY,
}
HIERARCHY_FIELD_COLUMNS = {"code": "AreaCode", "name": "AreaName"}
_PREFIX_REASONS = {
    ENGLAND_TYPE: ("E92",),
    REGION_TYPE: ("E12",),
    AUTHORITY_TYPE: AUTHORITY_PREFIXES,
}


@dataclass
class _HierarchyRow:
    row: int
    code: str
    name: str
    type_code: str
    children: list[str]


def read_area_hierarchy(
    content: bytes | str, *, localities_of: str = "", known_codes: frozenset[str] = frozenset()
) -> list[AreaRecord]:
    """England, the regions and the counties and unitary authorities of a Fingertips-style hierarchy file,
    with each one's parent taken from the Children lists; with `localities_of`, also the areas that
    authority lists as its children, as localities. `known_codes` are codes already in the database: a
    loaded England stands in for one missing from the file.

    The area's name is the file's name without " Region" or " UA"; the file's name is kept as an alias."""
    reader = csv.DictReader(io.StringIO(decode(content), newline=""))
    try:
        missing = [name for name in HIERARCHY_COLUMNS if name not in (reader.fieldnames or [])]
        if missing:
            raise AreaFileError(
                [Problem(f"the column “{name}” is missing", row=1, column=name) for name in missing]
            )
        rows = list(reader)
    except csv.Error as exc:
        raise AreaFileError([Problem(csv_reason(exc), row=reader.reader.line_num)]) from exc
    problems: list[Problem] = []
    by_type, every_row = _hierarchy_rows(rows, problems)
    records = _england_and_regions(by_type, known_codes, problems)
    records += _authorities(by_type, problems)
    if not records and not problems:
        problems.append(
            Problem(
                "the file has no rows for England, a region or a county or unitary authority (AreaTypeCode "
                f"{ENGLAND_TYPE}, {REGION_TYPE} or {AUTHORITY_TYPE})."
            )
        )
    if localities_of:
        records += _localities(localities_of, by_type[AUTHORITY_TYPE], every_row, known_codes, problems)
    if problems:
        raise AreaFileError(problems)
    return records


def _hierarchy_rows(reader, problems):
    """The England, region and authority rows by type and code, and every row of the administrative
    hierarchy by code (for localities)."""
    by_type: dict[str, dict[str, _HierarchyRow]] = {ENGLAND_TYPE: {}, REGION_TYPE: {}, AUTHORITY_TYPE: {}}
    every_row: dict[str, _HierarchyRow] = {}
    for number, raw in enumerate(reader, start=2):
        if None in raw:
            problems.append(Problem("the row has more cells than the header", row=number))
            continue
        row = _HierarchyRow(
            row=number,
            code=(raw["AreaCode"] or "").strip(),
            name=(raw["AreaName"] or "").strip(),
            type_code=(raw["AreaTypeCode"] or "").strip(),
            children=[code.strip() for code in (raw["Children"] or "").split("|") if code.strip()],
        )
        if row.code and row.code not in every_row and (raw["HierarchyType"] or "").strip() != "NHS":
            every_row[row.code] = row
        if row.type_code not in by_type:
            continue
        problem = _row_problem(row, (raw["AreaType"] or "").strip(), by_type[row.type_code])
        if problem:
            problems.append(problem)
            continue
        if name_problem := _name_problem(row.name, row.row, "AreaName"):
            problems.append(name_problem)
        by_type[row.type_code][row.code] = row
    return by_type, every_row


def _name_problem(name: str, row: int, column: str) -> Problem | None:
    if not name:
        return Problem("the area has no name", row=row, column=column)
    if reason := formula_reason(name):
        return Problem(reason, row=row, column=column)
    return None


def _row_problem(row: _HierarchyRow, area_type: str, same_type: dict) -> Problem | None:
    if not ONS_CODE.match(row.code):
        return Problem(
            f"“{row.code}” is not an ONS code (a letter and eight digits, like E06000001)",
            row=row.row,
            column="AreaCode",
        )
    if not row.code.startswith(_PREFIX_REASONS[row.type_code]):
        return Problem(
            f"{row.code} is {code_description(row.code)} code, not a code for “{area_type}”",
            row=row.row,
            column="AreaCode",
        )
    if row.code in same_type:
        return Problem(
            f"{row.code} is already on row {same_type[row.code].row}", row=row.row, column="AreaCode"
        )
    return None


def _england_and_regions(by_type, known_codes, problems) -> list[AreaRecord]:
    records = []
    england = next(iter(by_type[ENGLAND_TYPE].values()), None)
    england_code = england.code if england else ("E92000001" if "E92000001" in known_codes else "")
    if england:
        records.append(_hierarchy_record(england, ENGLAND_TYPE, parent=""))
    for region in by_type[REGION_TYPE].values():
        if not england_code:
            problems.append(
                Problem(
                    "unknown parent: England is neither in the file nor loaded",
                    row=region.row,
                    column="AreaCode",
                )
            )
        elif england and region.code not in england.children:
            problems.append(
                Problem(
                    f"unknown parent: England's Children do not list {region.code}",
                    row=region.row,
                    column="AreaCode",
                )
            )
        records.append(_hierarchy_record(region, REGION_TYPE, parent=england_code))
    return records


def _authorities(by_type, problems) -> list[AreaRecord]:
    region_of: dict[str, list[str]] = {}
    for region in by_type[REGION_TYPE].values():
        for child in region.children:
            if child in by_type[AUTHORITY_TYPE]:
                region_of.setdefault(child, []).append(region.code)
            else:
                problems.append(
                    Problem(
                        f"{child} is listed as a child of {region.name}, but the file has no county or unitary "
                        "authority with that code",
                        row=region.row,
                        column="Children",
                    )
                )
    records = []
    for authority in by_type[AUTHORITY_TYPE].values():
        regions = region_of.get(authority.code, [])
        if len(regions) != 1:
            reason = (
                "unknown parent: no region lists this authority in its Children"
                if not regions
                else f"more than one region lists this authority: {', '.join(regions)}"
            )
            problems.append(Problem(reason, row=authority.row, column="AreaCode"))
        records.append(_hierarchy_record(authority, AUTHORITY_TYPE, parent=regions[0] if regions else ""))
    return records


def _hierarchy_record(row: _HierarchyRow, type_code: str, *, parent: str) -> AreaRecord:
    suffix = _NAME_SUFFIXES.get(type_code, "")
    name = row.name.removesuffix(suffix).strip() if suffix and row.name.endswith(suffix) else row.name
    aliases = [(row.name, "Area hierarchy file")] if name != row.name else []
    return AreaRecord(
        code=row.code,
        name=name,
        area_type=_AREA_TYPES[type_code],
        parent=parent,
        aliases=aliases,
        row=row.row,
        columns=HIERARCHY_FIELD_COLUMNS,
    )


def _localities(code, authorities, every_row, known_codes, problems) -> list[AreaRecord]:
    if not ONS_CODE.match(code):
        problems.append(Problem(f"--localities-of: “{code}” is not an ONS code"))
        return []
    authority = authorities.get(code)
    if authority is None:
        where = "" if code in known_codes else " and it is not loaded"
        problems.append(
            Problem(f"--localities-of: the file has no county or unitary authority {code}{where}")
        )
        return []
    records = []
    for child in authority.children:
        row = every_row.get(child)
        if row is None:
            problems.append(
                Problem(
                    f"{child} is listed as a child of {authority.name}, but the file has no row for it",
                    row=authority.row,
                    column="Children",
                )
            )
            continue
        if not ONS_CODE.match(row.code):
            problems.append(Problem(f"“{row.code}” is not an ONS code", row=row.row, column="AreaCode"))
            continue
        if name_problem := _name_problem(row.name, row.row, "AreaName"):
            problems.append(name_problem)
        records.append(
            AreaRecord(
                code=row.code,
                name=row.name,
                area_type=AreaType.LOCALITY,
                parent=code,
                row=row.row,
                columns=HIERARCHY_FIELD_COLUMNS,
            )
        )
    return records


# A list of localities: any CSV with a code and a name column -----------------------------------------------

LOCALITY_COLUMNS = (("code", "name"), ("area_code", "area_name"), ("AreaCode", "AreaName"))
LOCALITY_PREFIXES = (
    "E05",
    "E07",
    "E02",
    "E01",
)  # wards, districts, middle and lower layer super output areas


def read_localities(content: bytes | str, *, parent: str) -> list[AreaRecord]:
    """The localities of one authority from a CSV with the columns code and name (or area_code and area_name,
    as in tidy indicator files, or AreaCode and AreaName). Rows for other kinds of area (England, regions,
    authorities) are passed over, so an indicator file that includes ward rows serves as the list. A code may
    repeat (one row per period) but always with the same name."""
    reader = csv_records(decode(content))
    header = [cell.strip() for cell in next(reader, [])]
    columns = next(((c, n) for c, n in LOCALITY_COLUMNS if c in header and n in header), None)
    if columns is None:
        raise AreaFileError([Problem("the file needs a code and a name column (code and name).", row=1)])
    code_at, name_at = header.index(columns[0]), header.index(columns[1])
    records: dict[str, AreaRecord] = {}
    problems: list[Problem] = []
    for row_number, cells in enumerate(reader, start=2):
        if len(cells) <= max(code_at, name_at):
            continue
        code, name = cells[code_at].strip().upper(), cells[name_at].strip()
        if not code.startswith(LOCALITY_PREFIXES):
            continue
        if not ONS_CODE.match(code):
            problems.append(Problem(f"“{code}” is not an ONS code", row=row_number, column=columns[0]))
        elif name_problem := _name_problem(name, row_number, columns[1]):
            problems.append(name_problem)
        elif code in records and records[code].name != name:
            problems.append(
                Problem(
                    f"{code} is called “{records[code].name}” on row {records[code].row} and “{name}” here",
                    row=row_number,
                    column=columns[1],
                )
            )
        elif code not in records:
            records[code] = AreaRecord(
                code=code,
                name=name,
                area_type=AreaType.LOCALITY,
                parent=parent,
                row=row_number,
                columns={"code": columns[0], "name": columns[1]},
            )
    if problems:
        raise AreaFileError(problems)
    if not records:
        raise AreaFileError(
            [Problem("the file has no wards, districts or super output areas (E05, E07, E02, E01).")]
        )
    return list(records.values())


# The DfE statistical neighbours file (wide format) --------------------------------------------------------


@dataclass
class NeighbourColumn:
    """One authority's column: its name in the header and its neighbours' names, closest first."""

    number: int
    name: str
    neighbours: list[str]

    @property
    def label(self) -> str:
        return f"{self.number} ({self.name})" if self.name else str(self.number)


def read_neighbours_wide(content: bytes | str) -> list[NeighbourColumn]:
    """The DfE wide layout: the header row holds the authorities' names, and rows 2 to 11 their neighbours,
    closest first. Blank rows at the end are ignored. Names are matched to areas by the caller."""
    rows = list(csv_records(decode(content)))
    while rows and not any(cell.strip() for cell in rows[-1]):
        rows.pop()
    if not rows:
        raise AreaFileError([Problem("the file is empty")])
    header = [cell.strip() for cell in rows[0]]
    problems: list[Problem] = []
    columns = [
        NeighbourColumn(number=index, name=name, neighbours=[]) for index, name in enumerate(header, 1)
    ]
    for column in columns:
        if not column.name:
            problems.append(Problem("the header has no authority name", row=1, column=column.label))
    body = rows[1:]
    if len(body) > MAX_NEIGHBOURS:
        problems.append(
            Problem(
                f"there are {len(body)} rows of neighbours; the most an authority can have is {MAX_NEIGHBOURS}",
                row=MAX_NEIGHBOURS + 2,
            )
        )
    for row_number, row in enumerate(body, start=2):
        if len(row) > len(header) and any(cell.strip() for cell in row[len(header) :]):
            problems.append(
                Problem(f"the row has {len(row)} cells but the header has {len(header)}", row=row_number)
            )
    for column in columns:
        column.neighbours = _column_neighbours(column, body, problems)
    if problems:
        raise AreaFileError(problems)
    return columns


def _column_neighbours(column: NeighbourColumn, body: list[list[str]], problems: list[Problem]) -> list[str]:
    cells = [row[column.number - 1].strip() if column.number - 1 < len(row) else "" for row in body]
    for row_number, cell in enumerate(cells, start=2):
        if cell and any(not earlier for earlier in cells[: row_number - 2]):
            problems.append(
                Problem(
                    "a neighbour follows a blank cell; list the neighbours closest first without gaps",
                    row=row_number,
                    column=column.label,
                )
            )
            break
    neighbours = [cell for cell in cells if cell][:MAX_NEIGHBOURS]
    if column.name and not neighbours:
        problems.append(Problem("the authority has no neighbours listed", row=2, column=column.label))
    return neighbours
