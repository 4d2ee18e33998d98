"""Each export checked with the official schemas: OCDS with the Open Contracting Partnership's validator
(libcoveocds, run offline on the schema kept in this app) and 360Giving with its JSON Schema (Draft 2020-12, formats
checked). The Transparency Code has no schema: its rows are checked against the Code's required fields."""

import functools
import json
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from jsonschema import Draft202012Validator, FormatChecker
from referencing import Registry
from referencing.jsonschema import DRAFT202012

SCHEMAS = Path(__file__).resolve().parent / "schemas"
OCDS_SCHEMA = SCHEMAS / "ocds-1.1.5"
GRANTS_SCHEMA = SCHEMAS / "360giving-1.4.3"
OCDS_STANDARD_TOP = "standard-1__1__5"  # the layout of the standard's release ZIP: <top>/schema/...


@dataclass
class Result:
    standard: str
    errors: list[str] = field(default_factory=list)
    validator: str = ""
    warnings: list[str] = field(default_factory=list)

    @property
    def valid(self) -> bool:
        return not self.errors


@functools.cache
def ocds_standard_zip() -> str:
    """The OCDS 1.1.5 schema as the standard's ZIP, so that libcoveocds never downloads it."""
    work = Path(tempfile.mkdtemp(prefix="ocds-standard-"))
    shutil.copytree(OCDS_SCHEMA, work / OCDS_STANDARD_TOP / "schema")
    archive = shutil.make_archive(str(work / "standard"), "zip", work, OCDS_STANDARD_TOP)
    return archive


def validate_ocds(package: dict) -> Result:
    from libcoveocds.api import ocds_json_output
    from libcoveocds.config import LibCoveOCDSConfig

    config = LibCoveOCDSConfig()
    config.config.update(standard_zip=f"file://{ocds_standard_zip()}", context="api")
    output_dir = tempfile.mkdtemp(prefix="ocds-validation-")
    try:
        report = ocds_json_output(
            output_dir,
            None,
            "1.1",
            convert=False,
            json_data=package,
            lib_cove_ocds_config=config,
            record_pkg=False,
        )
    finally:
        shutil.rmtree(output_dir, ignore_errors=True)
    errors = [
        f"{error.get('description', error.get('message', 'Invalid'))} ({error.get('path', error.get('field', ''))})"
        for error in report.get("validation_errors", [])
    ]
    for path, codelist in report.get("additional_closed_codelist_values", {}).items():
        values = ", ".join(str(value) for value in codelist.get("values", []))
        errors.append(f"Values not in the closed codelist {codelist.get('codelist', '')}: {values} ({path})")
    for check, places in report.get("conformance_errors", {}).items():
        for place in places:
            errors.append(f"{check.replace('_', ' ').capitalize()}: {place[0]} ({place[1]})")
    warnings = [
        f"Additional field not in the schema: {field.get('path', '')}/{field.get('field_name', '')}"
        for field in report.get("all_additional_fields", [])
    ]
    warnings += [
        f"Value not in the open codelist {codelist.get('codelist', '')}: "
        + ", ".join(str(value) for value in codelist.get("values", []))
        + f" ({path})"
        for path, codelist in report.get("additional_open_codelist_values", {}).items()
    ]
    return Result("OCDS 1.1.5", errors, "libcoveocds", warnings)


@functools.cache
def grants_validator() -> Draft202012Validator:
    grant = json.loads((GRANTS_SCHEMA / "360-giving-schema.json").read_text())
    package = json.loads((GRANTS_SCHEMA / "360-giving-package-schema.json").read_text())
    resource = DRAFT202012.create_resource(grant)
    # The 1.4.3 package schema refers to the grant schema by its 1.4.2 address.
    registry = Registry().with_resources(
        [(grant["$id"], resource), (package["properties"]["grants"]["items"]["$ref"], resource)]
    )
    return Draft202012Validator(package, registry=registry, format_checker=FormatChecker())


def validate_grants(package: dict) -> Result:
    errors = []
    for error in sorted(grants_validator().iter_errors(package), key=lambda e: list(e.absolute_path)):
        path = "/".join(str(part) for part in error.absolute_path)
        errors.append(f"{error.message} ({path})" if path else error.message)
    return Result("360Giving 1.4.3", errors, "jsonschema")


def validate_transparency(rows: list[dict], columns: list[str], required: list[str], *, threshold) -> Result:
    errors = []
    for number, row in enumerate(rows, start=1):
        if list(row) != columns:
            errors.append(f"Row {number}: the columns are not the Code's columns.")
            continue
        for name in required:
            if str(row[name]).strip() == "":
                errors.append(f"Row {number} ({row[columns[0]]}): {name} is empty.")
        if row["Value"] != "" and float(row["Value"]) <= threshold:
            errors.append(f"Row {number} ({row[columns[0]]}): the value is not over £{threshold:,}.")
        if row["End date"] and row["Start date"] and row["End date"] < row["Start date"]:
            errors.append(f"Row {number} ({row[columns[0]]}): the end date is before the start date.")
    return Result("Local Government Transparency Code 2015", errors, "the Code's required fields")
