"""Shared by the export commands: write the file, then report the validation result."""

from pathlib import Path

from django.core.management.base import CommandError


def write(command, export, output: str) -> None:
    if export.result is not None and not export.result.valid:
        listed = "\n".join(f"  - {error}" for error in export.result.errors[:50])
        raise CommandError(
            f"The {export.standard} is not valid, so it was not written ({len(export.result.errors)} errors):\n"
            f"{listed}"
        )
    path = Path(output)
    if not path.parent.exists():
        raise CommandError(f"The folder {path.parent} does not exist: create it or choose another --output.")
    path.write_text(export.content, encoding="utf-8")
    checked = f", valid ({export.result.validator})" if export.result is not None else ""
    command.stdout.write(
        command.style.SUCCESS(f"Wrote {export.count} {export.count_label} to {path}{checked}.")
    )
