import os
import tempfile
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from commissioning.publishing import checks, ocds


class Command(BaseCommand):
    help = (
        "Write an OCDS 1.1.5 release package of the procurements, awards and contracts, checked by libcoveocds. "
        "Releases are read, checked and written a batch at a time, so memory does not grow with the data."
    )

    def add_arguments(self, parser):
        parser.add_argument("--output", required=True, help="The JSON file to write.")
        parser.add_argument(
            "--no-validate", action="store_true", help="Write without checking with libcoveocds."
        )

    def handle(self, *args, output: str, no_validate: bool, **options):
        path = Path(output)
        if not path.parent.exists():
            raise CommandError(
                f"The folder {path.parent} does not exist: create it or choose another --output."
            )
        if not ocds.has_releases():
            raise CommandError(
                "Nothing to publish: no procurement has been published and no agreement is in force. "
                "An OCDS release package must hold at least one release."
            )
        now = timezone.now()
        self.count = 0
        # Written beside the target and moved into place at the end: an invalid package never replaces a file.
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".ocds-", suffix=".json")
        try:
            with os.fdopen(handle, "w", encoding="utf-8") as out:
                for piece in ocds.stream_release_package(
                    now=now, release_list=self._checked(now, no_validate)
                ):
                    out.write(piece)
            os.replace(temporary, path)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
        count = self.count
        noun = "contracting process" if count == 1 else "contracting processes"
        checked = "" if no_validate else ", valid (libcoveocds)"
        self.stdout.write(self.style.SUCCESS(f"Wrote {count} {noun} to {path}{checked}."))

    def _checked(self, now, no_validate: bool):
        if no_validate:
            for release in ocds.releases():
                self.count += 1
                yield release
            return
        for batch, result in checks.ocds_checked_batches(now):
            if not result.valid:
                listed = "\n".join(f"  - {error}" for error in result.errors[:50])
                raise CommandError(
                    f"The Open Data Contracting Standard 1.1.5 release package is not valid, so it was not "
                    f"written ({len(result.errors)} errors in releases {batch[0]['ocid']} to "
                    f"{batch[-1]['ocid']}):\n{listed}"
                )
            self.count += len(batch)
            yield from batch
