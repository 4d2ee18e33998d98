"""Import of a contracts spreadsheet: a good file, each kind of bad input refused with its row, column and reason
and nothing written."""

import csv
import io

import openpyxl
import pytest
from django.core.management import CommandError, call_command

from commissioning.contracts.importing import COLUMNS, ContractsFileError, contracts_import, plan_import
from commissioning.contracts.models import Agreement

HEADER = [column.heading for column in COLUMNS]


def row(**values) -> dict:
    base = {
        "Reference": "con-100",
        "Title": "Young carers support",
        "Type": "Grant funding agreement",
        "Provider": "Brightside Family Support",
        "Commissioning partner": "Testshire County Council",
        "Annual value": "£12,000",
        "Whole-life value": "24000",
        "Start date": "2026-04-01",
        "End date": "31/03/2028",
        "Latest end date": "",
        "Extension options": "",
        "Status": "Live",
        "Payment basis": "",
        "Simplified terms": "Yes",
        "Notice months": "",
        "Date signed": "",
        "Description": "",
    }
    return base | values


def as_csv(*rows) -> bytes:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=HEADER)
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue().encode()


@pytest.fixture
def setup(council, provider_org, other_provider_org, contracts_manager):
    provider_org.charity_number = "1999001"
    provider_org.save()
    return contracts_manager


def test_good_csv_imports_every_row(setup):
    content = as_csv(row(), row(Reference="CON-101", Provider="1999001", **{"Simplified terms": "No"}))
    plan = plan_import(content, file_name="contracts.csv")
    assert plan.count == 2
    added = contracts_import(actor=setup, content=content, file_name="contracts.csv")
    assert [a.reference for a in added] == ["CON-100", "CON-101"]
    first = Agreement.objects.get(reference="CON-100")
    assert first.agreement_type == "grant_funding" and first.simplified_terms and first.notice_months == 3
    assert str(first.annual_value) == "12000.00" and str(first.ends_on) == "2028-03-31"


def test_xlsx_with_real_dates(setup):
    from datetime import datetime

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(HEADER)
    values = row()
    values["Start date"] = datetime(2026, 4, 1)
    values["Annual value"] = 12000
    sheet.append([values[h] for h in HEADER])
    buffer = io.BytesIO()
    workbook.save(buffer)
    added = contracts_import(actor=setup, content=buffer.getvalue(), file_name="contracts.xlsx")
    assert added[0].starts_on.isoformat() == "2026-04-01"


def test_every_problem_listed_and_nothing_written(setup, provider_org):
    content = as_csv(
        row(Provider="Nobody Ltd"),
        row(Reference="CON-100", **{"Annual value": "lots"}),
        row(Reference="CON-102", **{"Start date": "2026-13-01"}),
        row(Reference="CON-103", **{"End date": "2026-01-01"}),
        row(Reference="CON-104", Type="Handshake"),
        row(Reference="CON-105", **{"Whole-life value": "50000", "Annual value": "25000"}),
    )
    with pytest.raises(ContractsFileError) as exc:
        contracts_import(actor=setup, content=content, file_name="bad.csv")
    problems = {(p.row, p.column) for p in exc.value.problems}
    assert (2, "Provider") in problems
    assert (3, "Annual value") in problems and (3, "Reference") in problems  # duplicate of row 2
    assert (4, "Start date") in problems
    assert (5, "End date") in problems
    assert (6, "Type") in problems
    assert (7, "Simplified terms") in problems
    assert Agreement.objects.count() == 0


def test_reference_already_in_register(setup):
    contracts_import(actor=setup, content=as_csv(row()), file_name="a.csv")
    with pytest.raises(ContractsFileError) as exc:
        plan_import(as_csv(row()), file_name="a.csv")
    assert "already in the register" in exc.value.problems[0].reason


def test_missing_and_unknown_columns(setup):
    with pytest.raises(ContractsFileError) as exc:
        plan_import(b"Reference,Colour\nA,blue\n", file_name="a.csv")
    columns = {p.column for p in exc.value.problems}
    assert "Colour" in columns and "Provider" in columns


def test_command(setup, tmp_path):
    path = tmp_path / "contracts.csv"
    path.write_bytes(as_csv(row(Provider="Nobody")))
    with pytest.raises(CommandError, match="Row 2, column Provider"):
        call_command("import_contracts", str(path))
    path.write_bytes(as_csv(row()))
    out = io.StringIO()
    call_command("import_contracts", str(path), "--as-user", "contracts", stdout=out)
    assert "1 agreement imported" in out.getvalue()


def test_imported_agreements_have_the_history_of_agreements_added_by_hand(setup):
    """Inserted together, each still gets the audit-log entry and timeline line that adding it one by one writes."""
    from auditlog.models import LogEntry

    from commissioning.contracts import services
    from commissioning.core.models import TimelineEvent

    by_hand = services.agreement_create(
        actor=setup, data=plan_import(as_csv(row(Reference="CON-099")), file_name="one.csv").rows[0][1]
    )
    imported = contracts_import(
        actor=setup, content=as_csv(row(), row(Reference="CON-101")), file_name="two.csv"
    )

    expected = LogEntry.objects.get_for_object(by_hand).get()
    for agreement in imported:
        entry = LogEntry.objects.get_for_object(agreement).get()
        assert (entry.action, entry.actor, entry.object_repr) == (
            LogEntry.Action.CREATE,
            setup,
            str(agreement),
        )
        assert set(entry.changes_dict) == set(expected.changes_dict)
        assert entry.changes_dict["reference"] == ["None", agreement.reference]
        line = TimelineEvent.objects.filter(
            object_id=str(agreement.pk), content_type__model="agreement"
        ).get()
        assert (line.verb, line.summary, line.actor) == ("created", "Agreement added", setup)


def test_an_import_makes_the_same_number_of_queries_for_ten_rows_as_for_two(
    setup, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as two:
        contracts_import(actor=setup, content=as_csv(*(row(Reference=f"CON-2{n:02d}") for n in range(2))))
    with CaptureQueriesContext(connection) as ten:
        contracts_import(actor=setup, content=as_csv(*(row(Reference=f"CON-3{n:02d}") for n in range(10))))
    assert len(ten) <= len(two)
