"""The 360Giving and Transparency Code exports, each built whole from the records as they are now and checked with
its standard. The OCDS package is streamed a release at a time instead (`ocds.stream_release_package`)."""

import json
from dataclasses import dataclass

from django.utils import timezone

from commissioning.publishing import grants, transparency, validation


class NothingToPublish(Exception):
    """The standard does not allow an empty file: there must be at least one release or grant."""


@dataclass
class Export:
    key: str
    title: str
    standard: str
    count: int
    count_label: str
    content: str
    content_type: str
    filename: str
    result: validation.Result | None

    @property
    def empty(self) -> bool:
        return self.count == 0


def dumps(data: dict) -> str:
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def grants_export(*, validate: bool = True) -> Export:
    package = grants.grants_package()
    count = len(package["grants"])
    return Export(
        key="360giving",
        title="Grants (360Giving)",
        standard="360Giving Data Standard 1.4.3 package",
        count=count,
        count_label="grant" if count == 1 else "grants",
        content=dumps(package),
        content_type="application/json",
        filename="360giving-grants.json",
        result=validation.validate_grants(package) if validate and count else None,
    )


def transparency_export(quarter: transparency.Quarter | None = None, *, validate: bool = True) -> Export:
    quarter = quarter or transparency.Quarter.containing(timezone.localdate())
    table = transparency.rows(quarter)
    return Export(
        key="transparency",
        title=f"Contracts over £5,000, {quarter} (Transparency Code)",
        standard="Local Government Transparency Code 2015: contracts",
        count=len(table),
        count_label="contract" if len(table) == 1 else "contracts",
        content=transparency.as_csv(table),
        content_type="text/csv",
        filename=f"transparency-contracts-{quarter}.csv",
        result=validation.validate_transparency(
            table, transparency.COLUMNS, transparency.REQUIRED, threshold=transparency.THRESHOLD
        )
        if validate
        else None,
    )
