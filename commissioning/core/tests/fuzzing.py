"""What the import fuzz tests share: hypothesis settings that keep them fast and the same on every run,
strategies for malformed files and cells, and the check that a refused import wrote nothing."""

import csv
import io
import zipfile
from contextlib import contextmanager
from pathlib import Path

from auditlog.models import LogEntry
from django.db import transaction
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

from commissioning.core.models import TimelineEvent

SHARED_DATA = Path(__file__).resolve().parents[4] / "shared" / "data"

# Cells that a spreadsheet would run as a formula when the data is opened again (CSV injection).
FORMULAS = (
    "=cmd|' /C calc'!A0",
    '=HYPERLINK("https://example.com/","Open")',
    "+SUM(1,2)",
    "-2+3+cmd|' /C calc'!A0",
    "@SUM(1+9)*cmd|' /C calc'!A0",
    " =1+1",
)
# Text that is not a number of any kind the importers accept.
NOT_NUMBERS = ("NaN", "nan", "inf", "-inf", "Infinity", "1e999", "lots", "12,34.5.6", "£", "0x1F", "½", "--5")
# Text that is not a date, or a day that does not exist.
NOT_DATES = (
    "2026-02-30",
    "31/31/2026",
    "0000-01-01",
    "2026-13-01",
    "yesterday",
    "1/1/1",
    "26-4-1",
    "2026-04",
)
# Characters that must not reach the database: PostgreSQL refuses NUL in text.
NUL_TEXT = ("a\x00b", "\x00")
# Longer than the csv module reads in one cell (131,072 characters).
OVER_CSV_LIMIT = "x" * 140_000
# YAML that is not valid, nests too deeply, names a date that does not exist, loops on itself, mixes the types of
# its keys or holds a NUL character (escaped, as YAML allows).
NASTY_YAML = (
    "2019-13-45",
    "a: 2019-02-30",
    "1: a\nfoo: b",
    "[" * 700,
    "{a: " * 700,
    "? [a]\n: b",
    "&a [*a]",
    "a: &b {c: *b}",
    "a: !!binary xx",
    "a: !!python/object:os.system x",
    "\x00",
    'a: "b\\0c"',
    "\t- a",
    "",
    "- 1\n- [2",
    "5",
    "[1, 2]",
)


def yaml_values(long: bool = False) -> st.SearchStrategy:
    """Any value a YAML file can hold: scalars (and, with `long`, text longer than any field), lists, mappings."""
    text = st.text(max_size=10) | (
        st.sampled_from(["x" * 600, "=cmd|' /C calc'!A0"]) if long else st.nothing()
    )
    return st.recursive(
        st.none() | st.booleans() | st.integers() | st.floats() | text | st.dates(),
        lambda inner: (
            st.lists(inner, max_size=3)
            | st.dictionaries(st.text(max_size=5) | st.integers(), inner, max_size=3)
        ),
        max_leaves=8,
    )


def _places(document) -> list[tuple]:
    """Every (container, key) of a document, the document's own place first."""
    found, stack = [], [document]
    while stack:
        container = stack.pop()
        keys = list(container) if isinstance(container, dict) else range(len(container))
        for key in keys:
            found.append((container, key))
            if isinstance(container[key], dict | list):
                stack.append(container[key])
    return found


@st.composite
def mutated_yaml(draw, text: str, *, long: bool = True) -> str:
    """A good YAML document with one value (a scalar, a list or a mapping, anywhere in it) replaced by any
    value, or one key dropped; written back as YAML."""
    import yaml

    document = yaml.safe_load(text)
    container, key = draw(st.sampled_from(_places(document)))
    if isinstance(container, dict) and draw(st.booleans()):
        del container[key]
    else:
        container[key] = draw(yaml_values(long=long))
    return yaml.safe_dump(document, allow_unicode=True, sort_keys=False)


def fuzz_settings(max_examples: int) -> settings:
    """Deterministic (the same examples on every run, no example database written) and without deadlines:
    CI runs the suite on two shared cores, twice."""
    return settings(
        max_examples=max_examples,
        deadline=None,
        derandomize=True,
        database=None,
        print_blob=False,
        suppress_health_check=[
            HealthCheck.function_scoped_fixture,
            HealthCheck.too_slow,
            HealthCheck.data_too_large,
            HealthCheck.large_base_example,
        ],
    )


def counts(*models) -> dict[str, int]:
    """Rows held by each model (archived ones too), with the audit trail and the timeline that every write
    through a service leaves."""
    return {model._meta.label: model._base_manager.count() for model in (*models, TimelineEvent, LogEntry)}


@contextmanager
def rolled_back():
    """Run an example in a savepoint rolled back at the end, so that every example starts from the same data."""
    with transaction.atomic():
        yield
        transaction.set_rollback(True)


def csv_bytes(header: list[str], rows: list[list[str]], *, encoding: str = "utf-8") -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue().encode(encoding)


def xlsx_bytes(header: list, rows: list[list]) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.append(header)
    for cells in rows:
        sheet.append(cells)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _zip(members: dict[str, bytes], *, compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def _members(workbook: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(workbook)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def _sheet_name(members: dict[str, bytes]) -> str:
    return next(name for name in members if name.startswith("xl/worksheets/sheet"))


def _bad_crc(workbook: bytes) -> bytes:
    """The workbook stored without compression, with one byte of the sheet changed: the zip's checksum no
    longer matches, which is found only when the sheet is read."""
    members = _members(workbook)
    stored = _zip(members, compression=zipfile.ZIP_STORED)
    at = stored.index(b"<sheetData") + 3
    return stored[:at] + bytes([stored[at] ^ 0x20]) + stored[at + 1 :]


def spoiled_workbooks(workbook: bytes) -> st.SearchStrategy[bytes]:
    """A good workbook truncated, overwritten in places, with a broken sheet or checksum, or with its parts
    replaced; and files that are not workbooks at all, as if renamed .xlsx."""
    members = _members(workbook)
    sheet = _sheet_name(members)
    fixed = [
        _zip({"notes.txt": b"Not a workbook."}),
        _zip({"[Content_Types].xml": b"<Types", "xl/workbook.xml": b"\x00\x01"}),
        _zip(members | {"[Content_Types].xml": b"<not xml"}),
        _zip(members | {"xl/workbook.xml": b"<workbook><sheets><sheet"}),
        _zip(members | {sheet: b"<worksheet><sheetData><row><c r='A1' t='s'><v>99"}),
        _zip(
            members
            | {
                sheet: b"<worksheet><sheetData><row r='1'><c r='A1' t='s'><v>9999</v></c></row>"
                b"</sheetData></worksheet>"
            }
        ),
        _zip(members | {"xl/sharedStrings.xml": b"\xff\xfe<sst"}),
        _zip({name: content for name, content in members.items() if name != "xl/workbook.xml"}),
        _zip({name: content for name, content in members.items() if name != sheet}),
        _bad_crc(workbook),
        b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\n",
        b"PK\x03\x04",
        b"PK\x05\x06" + bytes(18),
        b'{"releases": [{"ocid": "ocds-b5fd17-1"}]}',
    ]
    truncated = st.integers(0, len(workbook) - 1).map(lambda n: workbook[:n])
    overwritten = st.tuples(st.integers(4, len(workbook) - 1), st.binary(min_size=1, max_size=64)).map(
        lambda t: workbook[: t[0]] + t[1] + workbook[t[0] + len(t[1]) :]
    )
    return st.one_of(st.sampled_from(fixed), truncated, overwritten)


def wrongly_encoded(text: str) -> st.SearchStrategy[bytes]:
    """Text saved as UTF-16 (with or without its byte-order mark) or as Latin-1 / Windows-1252, which
    differ from UTF-8 only for non-ASCII characters: the text should hold some."""
    return st.sampled_from(["utf-16", "utf-16-le", "utf-16-be", "latin-1", "cp1252"]).map(
        lambda encoding: text.encode(encoding, errors="replace")
    )


def empty_files() -> st.SearchStrategy[bytes]:
    return st.sampled_from([b"", b"\xef\xbb\xbf", b"\n", b"\r\n\r\n", b" , , \n", b",,,\n,,\n", b"\t"])


def shared_files(*relative: str) -> list[Path]:
    """Real files written by others (in ../shared/data), where they are available."""
    return [path for path in (SHARED_DATA / name for name in relative) if path.exists()]
