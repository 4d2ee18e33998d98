"""What every import of a file shares: problems with their row, column and reason, the error that carries all
of a file's problems (so that nothing is written unless the whole file is valid), and reading UTF-8 CSV text."""

from collections.abc import Iterator
from dataclasses import dataclass

from django.core.exceptions import ValidationError

from commissioning.core.importing import UnreadableFile, decode_text
from commissioning.core.importing import csv_records as core_csv_records


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a file. Rows are counted as a spreadsheet shows them: the header is row 1."""

    reason: str
    row: int | None = None
    column: str = ""

    def __str__(self) -> str:
        where = []
        if self.row is not None:
            where.append(f"row {self.row}")
        if self.column:
            where.append(f"column {self.column}")
        if not where:
            return self.reason
        place = ", ".join(where)
        return f"{place[0].upper()}{place[1:]}: {self.reason}"


class FileImportError(ValidationError):
    """A file that cannot be imported; `problems` lists every problem found."""

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


def decode(content: bytes | str) -> str:
    """UTF-8 text, with or without a byte-order mark. Raises FileImportError naming the line that cannot be read,
    or that holds a NUL character."""
    if isinstance(content, str):
        content = content.encode("utf-8", errors="surrogatepass")
    try:
        return decode_text(content)
    except UnreadableFile as exc:
        raise FileImportError([Problem(exc.reason, row=exc.row)]) from exc


def csv_records(text: str) -> Iterator[list[str]]:
    """The rows of CSV text, one at a time; a row that cannot be read raises FileImportError naming it."""
    try:
        yield from core_csv_records(text)
    except UnreadableFile as exc:
        raise FileImportError([Problem(exc.reason, row=exc.row)]) from exc
