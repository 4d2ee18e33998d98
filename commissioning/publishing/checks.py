"""The OCDS and 360Giving files checked with their standards as a background job.

At a partnership's scale a check reads and validates every release, which takes far longer than a page may: the
open data page shows the latest check and asks for another, and the daily schedule runs both."""

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from itertools import islice

from django.utils import timezone

from commissioning.jobs.base import JobCannotSucceed, job
from commissioning.jobs.models import WAITING_STATUSES, JobRun, JobStatus
from commissioning.publishing import exports, ocds, selectors, validation

# Releases checked together: each batch is a valid package on its own, so memory stays flat however large the data.
OCDS_BATCH = 500
# The errors and warnings kept with a check; the count says how many there were in all.
KEPT = 50


def ocds_release_count() -> int:
    return selectors.procurements_for_ocds().count() + selectors.agreements_without_procurement().count()


def grant_count() -> int:
    return selectors.grant_agreements().count() + selectors.grant_funding_agreements().count()


@dataclass(frozen=True)
class FileKind:
    title: str
    standard: str
    nouns: tuple[str, str]  # one record, several
    filename: str
    count: Callable[[], int]

    def noun(self, count: int) -> str:
        return self.nouns[0] if count == 1 else self.nouns[1]

    def counted(self, count: int) -> str:
        return f"{count:,} {self.noun(count)}"


FILE_KINDS = {
    "ocds": FileKind(
        "Contracting data (OCDS)",
        "Open Contracting Data Standard 1.1.5 release package",
        ("contracting process", "contracting processes"),
        "ocds-release-package.json",
        ocds_release_count,
    ),
    "360giving": FileKind(
        "Grants (360Giving)",
        "360Giving Data Standard 1.4.3 package",
        ("grant", "grants"),
        "360giving-grants.json",
        grant_count,
    ),
}
CHECKED_FILES = {key: kind.title for key, kind in FILE_KINDS.items()}


def ocds_checked_batches(now=None) -> Iterator[tuple[list[dict], validation.Result]]:
    """Every release, a batch at a time, each batch with its check as a package of its own."""
    now = now or timezone.now()
    releases = ocds.releases()
    while batch := list(islice(releases, OCDS_BATCH)):
        yield batch, validation.validate_ocds({**ocds.package_metadata(now=now), "releases": batch})


def _unique(items: list[str]) -> list[str]:
    return list(dict.fromkeys(items))


def _outcome(key: str, count: int, errors: list[str], warnings: list[str], validator: str) -> dict:
    what = FILE_KINDS[key].counted(count)
    if not count:
        summary = "Nothing to publish."
    elif errors:
        summary = f"{len(errors):,} error{'' if len(errors) == 1 else 's'} in {what}."
    else:
        summary = f"Valid: {what}."
    return {
        "summary": summary,
        "key": key,
        "count": count,
        "valid": not errors if count else None,
        "error_count": len(errors),
        "errors": errors[:KEPT],
        "warning_count": len(warnings),
        "warnings": warnings[:KEPT],
        "validator": validator,
    }


@job(label="Check an open data file")
def open_data_check(*, key: str) -> dict:
    """Build the file `key` ("ocds" or "360giving") from the records as they are now and check it with its
    standard. Safe to run again: it only reads."""
    if key == "ocds":
        count, errors, warnings, validator = 0, [], [], "libcoveocds"
        for batch, result in ocds_checked_batches():
            count += len(batch)
            errors += result.errors
            warnings += result.warnings
            validator = result.validator or validator
        return _outcome(key, count, errors, _unique(warnings), validator)
    if key == "360giving":
        export = exports.grants_export()
        result = export.result or validation.Result(export.standard, [], "jsonschema")
        return _outcome(key, export.count, result.errors, result.warnings, result.validator)
    raise JobCannotSucceed(f"There is no open data file called “{key}” to check: choose ocds or 360giving.")


def latest_check(key: str) -> JobRun | None:
    """The latest check of the open data file `key`, whatever its state, or None."""
    return (
        JobRun.objects.filter(job_path=open_data_check.path, arguments__key=key)
        .select_related("enqueued_by")
        .order_by("-enqueued_at", "-pk")
        .first()
    )


@dataclass
class CheckedFile:
    """An open data file as the page shows it: how many records it would hold now, and its latest check."""

    key: str
    title: str
    standard: str
    count: int
    count_label: str
    filename: str
    check: JobRun | None

    @property
    def empty(self) -> bool:
        return self.count == 0

    @property
    def state(self) -> str:
        """nothing (no records), unchecked, waiting (queued or running), failed (the check could not run),
        or checked."""
        if self.empty:
            return "nothing"
        if self.check is None:
            return "unchecked"
        if self.check.status in (*WAITING_STATUSES, JobStatus.RUNNING):
            return "waiting"
        if self.check.status == JobStatus.FAILED:
            return "failed"
        return "checked"

    @property
    def outcome(self) -> dict:
        return (self.check.result or {}) if self.check is not None else {}


def checked_files() -> list[CheckedFile]:
    files = []
    for key, kind in FILE_KINDS.items():
        count = kind.count()
        files.append(
            CheckedFile(
                key=key,
                title=kind.title,
                standard=kind.standard,
                count=count,
                count_label=kind.noun(count),
                filename=kind.filename,
                check=latest_check(key),
            )
        )
    return files
