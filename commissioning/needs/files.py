"""What every import of a file shares: problems with their row, column and reason, the error that carries all
of a file's problems (so that nothing is written unless the whole file is valid), and reading UTF-8 text."""

from dataclasses import dataclass

from django.core.exceptions import ValidationError


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
    """UTF-8 text, with or without a byte-order mark. Raises FileImportError naming the line that cannot be read."""
    if isinstance(content, str):
        return content.removeprefix("\ufeff")
    content = content.removeprefix(b"\xef\xbb\xbf")
    try:
        return content.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = content[: exc.start].count(b"\n") + 1
        raise FileImportError(
            [
                Problem(
                    f"the file is not UTF-8 text (byte {content[exc.start]:#04x} cannot be read). "
                    "Save it as “CSV UTF-8” and try again.",
                    row=line,
                )
            ]
        ) from exc
