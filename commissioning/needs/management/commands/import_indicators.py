from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from commissioning.needs.files import FileImportError
from commissioning.needs.indicators.importers import indicator_values_check, indicator_values_import
from commissioning.needs.indicators.mappings import MAPPINGS_DIR


class Command(BaseCommand):
    help = (
        "Import indicator values from a tidy file (area_code, area_name, period, indicator, measure, unit, value) "
        "or, with --mapping, from a DfE Explore Education Statistics file. Every row is checked first; nothing is "
        "written unless the whole file is valid. Importing the same file again changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="The CSV file (UTF-8).")
        parser.add_argument(
            "--mapping",
            default="",
            metavar="MAPPING.yaml",
            help=f"The mapping for a DfE file: a path, or the name of one shipped in {MAPPINGS_DIR}.",
        )
        parser.add_argument(
            "--accept-suppressed",
            action="store_true",
            help="Store suppressed and missing values (x, c, z, low, NA) as suppressed instead of refusing the file.",
        )
        parser.add_argument(
            "--skip-unknown-areas",
            action="store_true",
            help="Leave out rows for areas that are not held (e.g. districts), listing them, instead of refusing.",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Check the file and report; write nothing."
        )

    def handle(self, *args, file, mapping, accept_suppressed, skip_unknown_areas, dry_run, **options):
        path = Path(file)
        try:
            content = path.read_bytes()
        except OSError as exc:
            raise CommandError(f"The file cannot be read: {exc}") from exc
        mapping_text = self._mapping(mapping) if mapping else ""
        run = indicator_values_check if dry_run else indicator_values_import
        extra = {} if dry_run else {"actor": None}
        try:
            plan = run(
                content=content,
                file_name=path.name,
                mapping=mapping_text,
                accept_suppressed=accept_suppressed,
                skip_unknown_areas=skip_unknown_areas,
                **extra,
            )
        except FileImportError as exc:
            exc.file_name = path.name
            raise CommandError(str(exc)) from exc
        for planned in plan.new_indicators:
            self.stdout.write(f"New indicator: {planned.spec.code} — {planned.title} ({planned.spec.unit})")
        for note in plan.notes():
            self.stdout.write(note)
        if plan.imported_before and not dry_run:
            self.stdout.write(
                f"This file was imported before, on {plan.imported_before.created_at:%-d %B %Y}."
            )
        self.stdout.write(("Checked, nothing written: " if dry_run else "") + plan.summary())

    @staticmethod
    def _mapping(mapping: str) -> str:
        path = Path(mapping)
        if not path.exists():
            shipped = MAPPINGS_DIR / (mapping if mapping.endswith(".yaml") else f"{mapping}.yaml")
            if not shipped.exists():
                raise CommandError(
                    f"The mapping “{mapping}” is neither a file nor a mapping shipped in {MAPPINGS_DIR}."
                )
            path = shipped
        try:
            return path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise CommandError(f"The mapping cannot be read: {exc}") from exc
