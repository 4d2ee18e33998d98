"""The demo data of `make run` gives non-empty, valid files for all three exports. The transparency export is taken
for the quarter the demo's grant was awarded in (the demo's dates follow today's date)."""

import csv
import io
import json

import pytest
from django.core.management import call_command
from django.utils import timezone

from commissioning.jobs.models import JobRun, JobStatus
from commissioning.procurement.models import GrantAgreement
from commissioning.publishing import transparency, validation
from commissioning.publishing.checks import checked_files, open_data_check

pytestmark = pytest.mark.django_db


def test_demo_data_gives_three_valid_non_empty_exports(tmp_path):
    call_command("load_frameworks", stdout=io.StringIO())
    call_command("load_demo_data", stdout=io.StringIO())

    call_command("export_ocds", output=str(tmp_path / "ocds.json"), stdout=io.StringIO())
    package = json.loads((tmp_path / "ocds.json").read_text())
    assert package["releases"]
    assert validation.validate_ocds(package).errors == []
    assert any("award" in release["tag"] for release in package["releases"])

    call_command("export_360giving", output=str(tmp_path / "grants.json"), stdout=io.StringIO())
    grants = json.loads((tmp_path / "grants.json").read_text())
    assert grants["grants"]
    assert validation.validate_grants(grants).errors == []

    grant = GrantAgreement.objects.select_related("bid__award").order_by("pk").first()
    quarter = transparency.Quarter.containing(grant.bid.award.decided_on if grant else timezone.localdate())
    call_command(
        "export_transparency",
        output=str(tmp_path / "contracts.csv"),
        quarter=str(quarter),
        stdout=io.StringIO(),
    )
    rows = list(csv.DictReader((tmp_path / "contracts.csv").open(encoding="utf-8")))
    assert rows
    assert list(rows[0]) == transparency.COLUMNS
    assert all(float(row["Value"]) > transparency.THRESHOLD for row in rows)


def test_demo_data_shows_both_files_checked_and_valid():
    call_command("load_frameworks", stdout=io.StringIO())
    call_command("load_demo_data", stdout=io.StringIO())
    call_command("load_demo_data", stdout=io.StringIO())

    files = checked_files()
    assert [file.state for file in files] == ["checked", "checked"]
    for file in files:
        assert file.check.status == JobStatus.SUCCEEDED
        assert file.outcome["valid"] is True and file.outcome["count"] == file.count > 0
    assert (
        JobRun.objects.filter(job_path=open_data_check.path).count() == 2
    )  # loading again checks nothing again
