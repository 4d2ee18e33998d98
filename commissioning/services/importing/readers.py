"""Reading a service register file (CSV or Excel .xlsx) into rows of text by column, and the problems found
in it, each with its row, column and reason. Rows are counted as a spreadsheet shows them: the header is row 1."""

import csv
import io
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from django.core.exceptions import ValidationError

from commissioning.core.importing import UnreadableFile, csv_rows, decode_text, workbook_rows

MAX_ROWS = 5000


@dataclass(frozen=True)
class Column:
    key: str
    heading: str
    required: bool = False
    hint: str = ""


COLUMNS = [
    Column("reference", "Reference", True, "The partnership's code for the service, like EH-001. Unique."),
    Column("name", "Name", True, "The name of the service."),
    Column("description", "Description", hint="What the service does and for whom."),
    Column(
        "provider", "Provider", True, "The provider's name, or its Companies House, charity or other number."
    ),
    Column("commissioner", "Commissioning partner", hint="The partner's name or number; empty if none."),
    Column("service_area", "Service area", True, "For example: Early help; SEND; Youth justice."),
    Column("tier", "Tier", True, "Universal, Targeted or Specialist."),
    Column("level", "Level", True, "Individual, Operational or local, or Strategic."),
    Column("localities", "Localities", True, "Whole area, or locality names or ONS codes separated by ;"),
    Column("target_groups", "Target groups", hint="Separated by ; for example: Young carers; Care leavers."),
    Column("age_from", "Age from", True, "Whole years, 0 to 25."),
    Column("age_to", "Age to", True, "Whole years, 0 to 25, not less than Age from."),
    Column("outcomes", "Outcomes", hint="Every Child Matters outcome codes separated by ;, like ECM1; ECM3."),
    Column("priorities", "Priorities", hint="Titles of needs analysis priorities separated by ;"),
    Column("capacity", "Capacity", hint="A whole number."),
    Column("current_use", "Current use", hint="A whole number, in the same unit."),
    Column("capacity_unit", "Unit", hint="For example: places, families a year."),
    Column("annual_cost", "Annual cost", hint="Pounds, like 125000 or £125,000.50; empty if not known."),
    Column(
        "secured_by",
        "Secured by",
        True,
        "In-house, Contract, Grant, Service level agreement or Spot purchase.",
    ),
    Column("status", "Status", True, "Active, Planned or Decommissioned."),
    Column("single_provider_only", "Only one provider could deliver", hint="Yes or No; empty means No."),
]
HEADINGS = {column.heading.lower(): column.key for column in COLUMNS} | {c.key: c.key for c in COLUMNS}
HEADING_OF = {column.key: column.heading for column in COLUMNS}


@dataclass(frozen=True)
class Problem:
    reason: str
    row: int | None = None
    column: str = ""

    def __str__(self) -> str:
        where = [
            part
            for part in (
                f"row {self.row}" if self.row else "",
                f"column {self.column}" if self.column else "",
            )
            if part
        ]
        if not where:
            return self.reason
        place = ", ".join(where)
        return f"{place[0].upper()}{place[1:]}: {self.reason}"


class ServiceFileError(ValidationError):
    """A file that cannot be imported; `problems` lists every problem found. Nothing has been written."""

    def __init__(self, problems: list[Problem], *, file_name: str = ""):
        self.problems = problems
        self.file_name = file_name
        super().__init__([str(problem) for problem in problems])

    def __str__(self) -> str:
        heading = f"{self.file_name}: " if self.file_name else ""
        count = len(self.problems)
        lines = [f"{heading}{count} problem{'s' if count != 1 else ''} found; nothing was imported."]
        lines += [f"  {problem}" for problem in self.problems]
        return "\n".join(lines)


@dataclass
class FileRow:
    number: int
    values: dict[str, str]


def _heading_key(heading) -> str | None:
    text = " ".join(str(heading or "").replace("_", " ").split()).lower().rstrip("*").strip()
    return HEADINGS.get(text) or HEADINGS.get(text.replace(" ", "_"))


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, (int, float, Decimal)):
        return str(value)
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    return str(value).strip()


def _table(content: bytes, file_name: str) -> list[list]:
    try:
        if file_name.lower().endswith(".xlsx") or content[:4] == b"PK\x03\x04":
            return workbook_rows(content)
        return csv_rows(decode_text(content, save_as="“CSV UTF-8” or as an Excel workbook"))
    except UnreadableFile as exc:
        raise ServiceFileError([Problem(exc.reason, row=exc.row)]) from exc


def _read_header(header: list, row: int) -> list[str | None]:
    """The column key of each cell of the header row; every unknown, repeated or missing column refused."""
    problems, keys, seen = [], [], set()
    for heading in header:
        text = _cell_text(heading)
        key = _heading_key(text) if text else None
        if text and key is None:
            problems.append(Problem(f"“{text}” is not a column of the template", row=row, column=text))
        elif key in seen:
            problems.append(Problem("the column appears more than once", row=row, column=HEADING_OF[key]))
        seen.add(key)
        keys.append(key)
    problems += [
        Problem("the column is missing", row=row, column=column.heading)
        for column in COLUMNS
        if column.required and column.key not in seen
    ]
    if problems:
        raise ServiceFileError(problems)
    return keys


def read_rows(content: bytes, *, file_name: str = "") -> list[FileRow]:
    """The file's rows as text by column key. A missing required column, an unknown or repeated heading, or a
    file that cannot be read, is refused with every such problem at once."""
    table = _table(content, file_name)
    first = next((n for n, cells in enumerate(table) if any(_cell_text(cell) for cell in cells)), None)
    if first is None:
        raise ServiceFileError(
            [Problem("the file is empty: it needs a header row and a row for each service.")]
        )
    keys = _read_header(table[first], first + 1)
    problems, rows = [], []
    for number, cells in enumerate(table[first + 1 :], start=first + 2):
        texts = [_cell_text(cell) for cell in cells]
        if not any(texts):
            continue
        if len(texts) > len(keys) and any(texts[len(keys) :]):
            problems.append(Problem("the row has more cells than the header", row=number))
            continue
        rows.append(FileRow(number=number, values={k: t for k, t in zip(keys, texts, strict=False) if k}))
    if len(rows) > MAX_ROWS:
        problems.append(Problem(f"the file has {len(rows)} services; import at most {MAX_ROWS} at a time."))
    if not rows and not problems:
        problems.append(Problem("the file has a header but no services."))
    if problems:
        raise ServiceFileError(problems)
    return rows


def template_csv() -> str:
    """The import template: the header row, in the order of the guide on the import page."""
    buffer = io.StringIO()
    csv.writer(buffer).writerow([column.heading for column in COLUMNS])
    return "\ufeff" + buffer.getvalue()
