"""What the imports of files share: reading CSV text and Excel workbooks into rows of cells, and YAML into data,
where a file that cannot be read raises `UnreadableFile` with the reason (and the row, when it is known); and
the check that refuses a cell a spreadsheet would run as a formula when the data is opened again."""

import csv
import io
import re
from collections.abc import Iterator

import yaml

CSV_CELL_LIMIT = csv.field_size_limit()
FORMULA_STARTS = ("=", "@", "+", "-")
_NUMBER = re.compile(r"[+-]?[\d.,£%\s]+")


class UnreadableFile(Exception):
    """The file cannot be read at all; `reason` says why, for the person importing it."""

    def __init__(self, reason: str, *, row: int | None = None):
        super().__init__(reason)
        self.reason = reason
        self.row = row


def _line_of(content: bytes, at: int) -> int:
    return content[:at].count(b"\n") + 1


def decode_text(content: bytes, *, save_as: str = "“CSV UTF-8”") -> str:
    """UTF-8 text, with or without a byte-order mark. A file in another encoding, or holding NUL characters
    (which no text file has, and which PostgreSQL cannot store), is refused with the line where it is found."""
    content = content.removeprefix(b"\xef\xbb\xbf")
    try:
        text = content.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise UnreadableFile(
            f"the file is not UTF-8 text (byte {content[exc.start]:#04x} cannot be read). "
            f"Save it as {save_as} and try again.",
            row=_line_of(content, exc.start),
        ) from exc
    if "\x00" in text:
        raise UnreadableFile(
            "the file holds a NUL character (byte 0x00), which text files do not have: it may be UTF-16 or "
            f"not a CSV file at all. Save it as {save_as} and try again.",
            row=_line_of(content, content.index(b"\x00")),
        )
    return text


def csv_records(text: str) -> Iterator[list[str]]:
    """The rows of CSV text, one at a time. A row the csv module cannot read (a cell longer than it reads) is
    refused with its row."""
    reader = csv.reader(io.StringIO(text, newline=""))
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            raise UnreadableFile(csv_reason(exc), row=reader.line_num) from exc
        yield cells


def csv_reason(exc: csv.Error) -> str:
    """Why the csv module could not read a row (almost always a cell longer than it reads)."""
    return f"a cell is longer than {CSV_CELL_LIMIT:,} characters, or cannot be read as CSV ({exc})."


def csv_rows(text: str) -> list[list[str]]:
    """Every row of CSV text; see csv_records."""
    return list(csv_records(text))


def workbook_rows(content: bytes) -> list[list]:
    """The cells of the first sheet of an Excel workbook (.xlsx), as values (the last result of a formula)."""
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
        try:
            return [list(row) for row in workbook.worksheets[0].iter_rows(values_only=True)]
        finally:
            workbook.close()
    # A damaged workbook fails in many ways (zip, XML, a missing part, a bad checksum found only when the
    # sheet is read): whichever it is, the file cannot be imported.
    except Exception as exc:
        raise UnreadableFile("the file is not an Excel workbook (.xlsx) that can be read.") from exc


def formula_reason(text: str) -> str:
    """Why a text cell cannot be imported as it is, if a spreadsheet would run it as a formula; else ""."""
    cell = text.strip()
    if not cell.startswith(FORMULA_STARTS) or _NUMBER.fullmatch(cell) or cell in ("+", "-"):
        return ""
    shown = cell if len(cell) <= 30 else f"{cell[:30]}…"
    return (
        f"“{shown}” starts with “{cell[0]}”, so a spreadsheet would run it as a formula; remove the "
        f"“{cell[0]}” or start the text with a letter or a digit"
    )


def load_yaml(text: str):
    """The data of a YAML document. Whatever makes it unreadable (bad YAML, a date the calendar does not have,
    nesting too deep, a NUL character written as "\\0", which no database text can hold) is UnreadableFile."""
    try:
        document = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        problem = getattr(exc, "problem", None) or str(exc)
        raise UnreadableFile(
            f"not valid YAML{where}: {problem}", row=mark.line + 1 if mark else None
        ) from exc
    except ValueError as exc:  # a timestamp such as 2019-02-30
        raise UnreadableFile(f"not valid YAML: {exc} (a date that does not exist?)") from exc
    except RecursionError as exc:
        raise UnreadableFile("not valid YAML: it is nested too deeply.") from exc
    if _holds_nul(document):
        raise UnreadableFile("not usable: it holds a NUL character (written \\0), which cannot be stored.")
    return document


def _holds_nul(value) -> bool:
    stack, seen = [value], set()
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            if "\x00" in item:
                return True
        elif isinstance(item, dict | list | tuple) and id(item) not in seen:  # YAML aliases may loop
            seen.add(id(item))
            stack.extend([*item.keys(), *item.values()] if isinstance(item, dict) else item)
    return False
