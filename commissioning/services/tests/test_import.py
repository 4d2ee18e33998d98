"""Import of the register: a good file, each kind of bad input refused with its row, column and reason and
nothing written, and re-import of the same file changing nothing."""

import csv
import io
from decimal import Decimal

import openpyxl
import pytest
from django.core.management import CommandError, call_command

from commissioning.core.models import TimelineEvent
from commissioning.services.importing.importers import plan_import, services_import
from commissioning.services.importing.readers import COLUMNS, ServiceFileError
from commissioning.services.models import Service

pytestmark = pytest.mark.django_db

HEADER = [column.heading for column in COLUMNS]


def row(**values) -> dict:
    base = {
        "Reference": "eh-001",
        "Name": "Family hub north",
        "Description": "Drop-in and outreach family support.",
        "Provider": "Harbour Youth Trust",
        "Commissioning partner": "Testshire County Council",
        "Service area": "Family support",
        "Tier": "Targeted",
        "Level": "Operational or local",
        "Localities": "North; E05000002",
        "Target groups": "Parents and carers; Young carers",
        "Age from": "0",
        "Age to": "18",
        "Outcomes": "ECM2; ECM5",
        "Priorities": "Help families earlier",
        "Capacity": "120",
        "Current use": "95",
        "Unit": "families a year",
        "Annual cost": "£125,000.50",
        "Secured by": "Contract",
        "Status": "Active",
        "Only one provider could deliver": "No",
    }
    return base | values


def csv_file(*rows, header=HEADER) -> bytes:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=header, extrasaction="ignore")
    writer.writeheader()
    for values in rows:
        writer.writerow(values)
    return buffer.getvalue().encode("utf-8")


@pytest.fixture
def links(voluntary, private, council, north, south, outcomes, priorities):
    return {"north": north, "south": south, "priorities": priorities}


def problems_of(excinfo) -> list[tuple]:
    return [(p.row, p.column, p.reason) for p in excinfo.value.problems]


def test_good_file_adds_every_service_with_its_links(commissioner, links):
    second = row(
        Reference="YJ-002",
        Name="Youth justice prevention",
        Provider="99000102",  # Meadowbank Homes Ltd's Companies House number
        **{"Commissioning partner": "", "Localities": "Whole area", "Service area": "Youth justice"},
        **{"Tier": "specialist", "Level": "strategic", "Annual cost": "", "Secured by": "spot purchase"},
        **{"Priorities": "", "Outcomes": "", "Capacity": "", "Current use": "", "Unit": ""},
    )
    report = services_import(actor=commissioner, content=csv_file(row(), second), file_name="services.csv")
    assert report.summary() == "Services: 2 added, 0 updated, 0 unchanged."
    hub = Service.objects.get(reference="EH-001")
    assert hub.provider.name == "Harbour Youth Trust" and hub.commissioner.name == "Testshire County Council"
    assert hub.annual_cost == Decimal("125000.50")
    assert sorted(a.name for a in hub.localities.all()) == ["North", "South"]
    assert hub.target_groups == ["young_carers", "parents_carers"]
    assert sorted(o.ref for o in hub.outcomes.all()) == ["ECM2", "ECM5"]
    assert [p.title for p in hub.priorities.all()] == ["Help families earlier"]
    assert (hub.capacity, hub.current_use, hub.capacity_unit) == (120, 95, "families a year")
    youth = Service.objects.get(reference="YJ-002")
    assert youth.provider.name == "Meadowbank Homes Ltd" and youth.commissioner is None
    assert youth.covers_whole_area and youth.annual_cost is None
    assert (youth.tier, youth.level, youth.secured_by) == ("specialist", "strategic", "spot_purchase")


def test_reimporting_the_same_file_changes_nothing_and_a_changed_row_updates(commissioner, links):
    content = csv_file(row())
    services_import(actor=commissioner, content=content)
    again = services_import(actor=commissioner, content=content)
    assert again.summary() == "Services: 0 added, 0 updated, 1 unchanged."
    assert Service.objects.count() == 1 and Service.objects.get().version == 1
    changed = services_import(actor=commissioner, content=csv_file(row(**{"Annual cost": "130000"})))
    assert changed.summary() == "Services: 0 added, 1 updated, 0 unchanged."
    service = Service.objects.get()
    assert service.annual_cost == Decimal("130000") and service.version == 2
    assert TimelineEvent.objects.filter(object_id=str(service.pk), summary="Service added").count() == 1


def test_excel_workbook_imports_the_same(commissioner, links):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(HEADER)
    values = row(**{"Age from": 5, "Annual cost": 125000.5, "Capacity": 120, "Current use": 95})
    sheet.append([values[heading] for heading in HEADER])
    buffer = io.BytesIO()
    workbook.save(buffer)
    report = services_import(actor=commissioner, content=buffer.getvalue(), file_name="services.xlsx")
    assert len(report.added) == 1
    service = Service.objects.get()
    assert service.age_from == 5 and service.annual_cost == Decimal("125000.50")


@pytest.mark.parametrize(
    ("values", "column", "reason"),
    [
        ({"Provider": "Nobody Ltd"}, "Provider", "no organisation is called or numbered “Nobody Ltd”"),
        ({"Annual cost": "about £5k"}, "Annual cost", "“about £5k” is not an amount of money"),
        ({"Annual cost": "-100"}, "Annual cost", "the annual cost cannot be negative"),
        ({"Annual cost": "100.555"}, "Annual cost", "at most 2 decimal places"),
        ({"Age from": "16", "Age to": "5"}, "Age to", "the age range runs backwards: 16 to 5"),
        ({"Age to": "30"}, "Age to", "enter a number from 0 to 25"),
        ({"Age from": "five"}, "Age from", "“five” is not a whole number"),
        ({"Tier": "Tier 4"}, "Tier", "“Tier 4” is not a tier the register knows"),
        ({"Localities": "Atlantis"}, "Localities", "“Atlantis” is not a locality the register knows"),
        ({"Outcomes": "ECM9"}, "Outcomes", "not an Every Child Matters outcome"),
        (
            {"Priorities": "World peace"},
            "Priorities",
            "no open needs analysis has the priority “World peace”",
        ),
        ({"Only one provider could deliver": "maybe"}, "Only one provider could deliver", "is not Yes or No"),
        ({"Name": ""}, "Name", "enter the name"),
        ({"Commissioning partner": "Harbour Youth Trust"}, "Commissioning partner", "is not a partner"),
    ],
)
def test_each_bad_value_is_refused_with_row_column_and_reason(commissioner, links, values, column, reason):
    content = csv_file(row(Reference="OK-1"), row(**values))
    with pytest.raises(ServiceFileError) as excinfo:
        services_import(actor=commissioner, content=content)
    problems = problems_of(excinfo)
    assert len(problems) == 1, problems
    assert problems[0][:2] == (3, column)
    assert reason in problems[0][2]
    assert not Service.objects.exists()  # the good row on row 2 was not written either


def test_missing_column_is_refused(commissioner, links):
    header = [h for h in HEADER if h != "Provider"]
    with pytest.raises(ServiceFileError) as excinfo:
        services_import(actor=commissioner, content=csv_file(row(), header=header))
    assert problems_of(excinfo) == [(1, "Provider", "the column is missing")]
    assert "Row 1, column Provider: the column is missing" in str(excinfo.value)
    assert not Service.objects.exists()


def test_unknown_column_is_refused(commissioner, links):
    content = csv_file(row()).replace(b"Status", b"State", 1)
    with pytest.raises(ServiceFileError) as excinfo:
        services_import(actor=commissioner, content=content)
    assert (1, "State", "“State” is not a column of the template") in problems_of(excinfo)


def test_duplicate_reference_in_the_file_is_refused(commissioner, links):
    with pytest.raises(ServiceFileError) as excinfo:
        services_import(actor=commissioner, content=csv_file(row(), row(Reference="EH-001", Name="Again")))
    assert problems_of(excinfo) == [
        (3, "Reference", "the reference EH-001 is also on row 2; each service once")
    ]
    assert not Service.objects.exists()


def test_every_problem_is_reported_at_once(commissioner, links):
    content = csv_file(row(Provider="Nobody"), row(Reference="X-2", **{"Annual cost": "lots", "Tier": "?"}))
    with pytest.raises(ServiceFileError) as excinfo:
        plan_import(content)
    assert [(r, c) for r, c, _ in problems_of(excinfo)] == [(2, "Provider"), (3, "Tier"), (3, "Annual cost")]


def test_archived_service_is_not_imported_over(commissioner, links):
    from commissioning.services import services

    services_import(actor=commissioner, content=csv_file(row()))
    services.service_archive(actor=commissioner, service=Service.objects.get(), reason="Ended")
    with pytest.raises(ServiceFileError) as excinfo:
        services_import(actor=commissioner, content=csv_file(row(Name="Renamed")))
    assert "archived; restore it" in problems_of(excinfo)[0][2]
    assert Service.objects.get().name == "Family hub north"


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"", "the file is empty"),
        ("Reference,Name\n".encode("utf-16"), "not UTF-8"),
        (csv_file(), "a header but no services"),
    ],
)
def test_unreadable_files(db, content, reason):
    with pytest.raises(ServiceFileError) as excinfo:
        plan_import(content)
    assert reason in str(excinfo.value)


def test_not_really_an_excel_file(db):
    with pytest.raises(ServiceFileError, match="not an Excel workbook"):
        plan_import(b"PK\x03\x04 but not a zip", file_name="services.xlsx")


def test_management_command(commissioner, links, tmp_path, capsys):
    path = tmp_path / "services.csv"
    path.write_bytes(csv_file(row()))
    call_command("import_services", str(path))
    call_command("import_services", str(path))
    out = capsys.readouterr().out
    assert "Added: EH-001 Family hub north" in out
    assert "Services: 0 added, 0 updated, 1 unchanged." in out
    path.write_bytes(csv_file(row(Provider="Nobody")))
    with pytest.raises(CommandError, match="Row 2, column Provider: no organisation"):
        call_command("import_services", str(path))
