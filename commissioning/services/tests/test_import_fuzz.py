"""Fuzzing the service register import: whatever the file holds, the import never fails with an unexpected
error (nor the upload page with a server error), a bad file is refused with its row, column and reason, and
nothing is written, not even the updates of its good rows; and good generated rows are imported."""

import base64
import io
from functools import cache

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from commissioning.core.tests.fuzzing import (
    FORMULAS,
    NOT_NUMBERS,
    NUL_TEXT,
    OVER_CSV_LIMIT,
    counts,
    csv_bytes,
    empty_files,
    fuzz_settings,
    rolled_back,
    shared_files,
    spoiled_workbooks,
    wrongly_encoded,
    xlsx_bytes,
)
from commissioning.cycle.models import Level, ServiceArea, Tier
from commissioning.organisations.models import Organisation
from commissioning.services.importing.importers import services_import
from commissioning.services.importing.readers import COLUMNS, ServiceFileError
from commissioning.services.models import SecuredBy, Service, ServiceStatus, TargetGroup
from commissioning.services.views import SESSION_KEY

pytestmark = pytest.mark.django_db

HEADER = [column.heading for column in COLUMNS]
REQUIRED = [column.heading for column in COLUMNS if column.required]
EXISTING = "EH-001"

BAD_CELLS = {
    "Reference": ("", "R" * 51, "EH 001", "#1", *FORMULAS),
    "Name": ("", "N" * 256, *FORMULAS),
    "Description": FORMULAS,
    "Provider": ("", "Nobody Ltd", "=cmd|' /C calc'!A0"),
    "Commissioning partner": ("Harbour Youth Trust", "Nobody Council"),
    "Service area": ("", "Astrology"),
    "Tier": ("", "Tier 4", "+1"),
    "Level": ("", "Cosmic"),
    "Localities": ("", ";", "Atlantis", "Whole area; North", "North; Atlantis"),
    "Target groups": ("Everyone", "Young carers; Martians"),
    "Age from": ("", "-1", "26", "five", "1.5", "NaN", "9" * 30),
    "Age to": ("", "30", "-3", "0x10", "²"),
    "Outcomes": ("ECM9", "Be wealthy"),
    "Priorities": ("World peace",),
    "Capacity": ("-5", "lots", "1.5", "9" * 30),
    "Current use": ("-5", "lots", "∞"),
    "Unit": ("U" * 61, *FORMULAS),
    "Annual cost": (*NOT_NUMBERS, "-100", "100.555", "1e30", "99999999999", "£-5"),
    "Secured by": ("", "Handshake"),
    "Status": ("", "Paused"),
    "Only one provider could deliver": ("maybe", "=TRUE()"),
}
ANYWHERE = (*NUL_TEXT, OVER_CSV_LIMIT)
# Refused whatever the column holds them: a few columns are enough.
ANYWHERE_TRIED_IN = (
    "Reference",
    "Age from",
    "Only one provider could deliver",
)
TOUCHED = (
    Service,
    Organisation,
    Service.localities.through,
    Service.outcomes.through,
    Service.priorities.through,
)


def fixed_row(reference: str, **values) -> dict[str, str]:
    return {
        "Reference": reference,
        "Name": "Family hub north",
        "Description": "Drop-in and outreach family support.",
        "Provider": "Harbour Youth Trust",
        "Commissioning partner": "Testshire County Council",
        "Service area": "Family support",
        "Tier": "Targeted",
        "Level": "Operational or local",
        "Localities": "North; E05000002",
        "Target groups": "Parents and carers; Young carers",
        "Age from": "5",
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
        **values,
    }


@pytest.fixture
def register(commissioner, voluntary, private, council, north, south, outcomes, priorities):
    """Providers, localities, outcomes and priorities to refer to, and one service already in the register."""
    services_import(actor=commissioner, content=as_csv([fixed_row(EXISTING)]))
    return commissioner


def snapshot() -> list[dict]:
    """Every service's fields, to show that an update was not written either."""
    return list(Service.objects.order_by("pk").values())


@st.composite
def good_row(draw, reference: str) -> dict[str, str]:
    """A row the import accepts, written in any of the ways it accepts."""
    age_from = draw(st.integers(0, 25))
    capacity = draw(st.none() | st.integers(0, 10_000))
    words = st.text(st.characters(categories=["L", "N"], max_codepoint=0x2FF), min_size=1, max_size=30)
    some = st.lists(st.sampled_from(TargetGroup.labels), max_size=3, unique=True).map("; ".join)
    return fixed_row(
        reference,
        **{
            "Name": draw(words),
            "Description": draw(st.sampled_from(["", "For families with children under five."])),
            "Provider": draw(
                st.sampled_from(["Harbour Youth Trust", "1999002", "99000102", "MEADOWBANK HOMES LTD"])
            ),
            "Commissioning partner": draw(st.sampled_from(["", "Testshire County Council"])),
            "Service area": draw(st.sampled_from([*ServiceArea.labels, *ServiceArea.values])),
            "Tier": draw(st.sampled_from(Tier.labels)),
            "Level": draw(st.sampled_from([*Level.labels, "operational", "local"])),
            "Localities": draw(st.sampled_from(["Whole area", "North", "South; north", "E05000001"])),
            "Target groups": draw(some),
            "Age from": str(age_from),
            "Age to": str(draw(st.integers(age_from, 25))),
            "Outcomes": draw(st.sampled_from(["", "ECM1", "ECM2; Be healthy"])),
            "Priorities": draw(st.sampled_from(["", "Help families earlier", "Support young carers"])),
            "Capacity": "" if capacity is None else f"{capacity:,}",
            "Current use": "" if capacity is None else str(draw(st.integers(0, 20_000))),
            "Unit": "" if capacity is None else "places",
            "Annual cost": draw(st.sampled_from(["", "0", "£1,000.5", "99999.99", "9999999999.99"])),
            "Secured by": draw(st.sampled_from([*SecuredBy.labels, "in house", "spot"])),
            "Status": draw(st.sampled_from(ServiceStatus.labels)),
            "Only one provider could deliver": draw(st.sampled_from(["", "Yes", "no", "Y", "false"])),
        },
    )


@st.composite
def good_rows(draw, min_size: int = 1, max_size: int = 4) -> list[dict[str, str]]:
    count = draw(st.integers(min_size, max_size))
    references = [f"FZ-{number:03d}" for number in range(count)]
    if count and draw(st.booleans()):  # one of the rows updates the service already held
        references[draw(st.integers(0, count - 1))] = EXISTING
    return [draw(good_row(reference)) for reference in references]


@st.composite
def file_with_one_bad_cell(draw, *, anywhere: tuple = ANYWHERE):
    """Good rows with one bad row among them: (rows, spreadsheet row number, column, cell)."""
    rows = draw(good_rows(min_size=0, max_size=3))
    column = draw(st.sampled_from(sorted(BAD_CELLS)))
    cell = draw(st.sampled_from(BAD_CELLS[column] + anywhere))
    bad = fixed_row("FZ-BAD") | {column: cell}
    at = draw(st.integers(0, len(rows)))
    rows.insert(at, bad)
    return rows, at + 2, column, cell


def as_csv(rows: list[dict], header: list[str] = HEADER) -> bytes:
    return csv_bytes(header, [[row.get(heading, "") for heading in header] for row in rows])


def as_xlsx(rows: list[dict]) -> bytes:
    return xlsx_bytes(HEADER, [[row.get(heading, "") for heading in HEADER] for row in rows])


@cache
def good_workbook() -> bytes:
    return as_xlsx([fixed_row("FZ-001")])


def refused(content: bytes, file_name: str = "services.csv") -> list:
    """The problems the import gives, checking that it writes nothing (and undoing what it wrote if it did,
    so that the next example starts from the same register)."""
    with rolled_back():
        before, held = counts(*TOUCHED), snapshot()
        with pytest.raises(ServiceFileError) as excinfo:
            services_import(actor=None, content=content, file_name=file_name)
        assert counts(*TOUCHED) == before
        assert snapshot() == held
    problems = excinfo.value.problems
    assert problems and all(problem.reason.strip() for problem in problems)
    assert "nothing was imported" in str(excinfo.value)
    return problems


def assert_points_at(problems, row: int, column: str, cell: str) -> None:
    columns = (column, "") if cell in ANYWHERE else (column,)
    found = [p for p in problems if p.row == row and p.column in columns]
    assert found, f"no problem at row {row}, column {column} for {cell[:40]!r}: {problems}"
    for problem in found:
        assert "invalid literal" not in problem.reason and "Decimal" not in problem.reason


def test_every_bad_cell_is_refused_on_its_row_and_column(register):
    """One file: a good row, then a row for each bad cell of each column. Every one is reported at once, on its
    own row and column, and nothing is written."""
    cases = [(column, cell) for column, cells in BAD_CELLS.items() for cell in cells]
    rows = [fixed_row(EXISTING, Name="Renamed")] + [
        fixed_row(f"FZ-{number}") | {column: cell} for number, (column, cell) in enumerate(cases, start=1)
    ]
    problems = refused(as_csv(rows), "services.csv")
    failures = []
    for row, (column, cell) in enumerate(cases, start=3):
        try:
            assert_points_at(problems, row, column, cell)
        except AssertionError as exc:
            failures.append(str(exc)[:300])
    assert not failures, "\n".join(failures)


def test_a_nul_or_an_overlong_cell_refuses_the_file_whatever_its_column(register):
    for column in ANYWHERE_TRIED_IN:
        for cell in ANYWHERE:
            content = as_csv([fixed_row(EXISTING, Name="Renamed"), fixed_row("FZ-2") | {column: cell}])
            assert_points_at(refused(content, "services.csv"), 3, column, cell)


@fuzz_settings(max_examples=30)
@given(case=file_with_one_bad_cell())
def test_one_bad_cell_refuses_the_whole_csv_with_its_row_and_column(register, case):
    rows, row, column, cell = case
    assert_points_at(refused(as_csv(rows)), row, column, cell)


@fuzz_settings(max_examples=15)
@given(case=file_with_one_bad_cell(anywhere=()).filter(lambda case: case[3] not in FORMULAS))
def test_one_bad_cell_refuses_the_whole_workbook(register, case):
    rows, row, column, cell = case
    assert_points_at(refused(as_xlsx(rows), "services.xlsx"), row, column, cell)


@fuzz_settings(max_examples=30)
@given(
    content=st.one_of(
        st.binary(max_size=600),
        empty_files(),
        wrongly_encoded("Reference,Name,Provider\nEH-1,Café £5,Harbour\n"),
        st.binary(max_size=200).map(lambda tail: b"PK\x03\x04" + tail),
    ),
    file_name=st.sampled_from(["services.csv", "services.xlsx", "services"]),
)
def test_any_bytes_are_refused_with_a_reason(register, content, file_name):
    refused(content, file_name)


@fuzz_settings(max_examples=30)
@given(data=st.data())
def test_a_spoiled_workbook_is_refused_or_read_whole(register, data):
    """Damage that the workbook survives (a changed date in a zip header, say) may leave it readable: then
    it imports exactly its one service."""
    content = data.draw(spoiled_workbooks(good_workbook()))
    with rolled_back():
        before = counts(*TOUCHED)
        try:
            report = services_import(actor=None, content=content, file_name="services.xlsx")
        except ServiceFileError as exc:
            assert exc.problems and exc.problems[0].reason
            assert counts(*TOUCHED) == before
        else:
            assert report.added == ["FZ-001 Family hub north"]


@st.composite
def wrong_headers(draw) -> list[str]:
    header = list(HEADER)
    change = draw(st.sampled_from(["missing", "extra", "duplicated", "renamed", "only one"]))
    at = draw(st.integers(0, len(header) - 1))
    if change == "missing":
        header.remove(draw(st.sampled_from(REQUIRED)))
    elif change == "extra":
        header.insert(at, draw(st.sampled_from(["Colour", "Notes", "=1+1", "Reference 2", "Cost"])))
    elif change == "duplicated":
        header.insert(at, draw(st.sampled_from(HEADER)))
    elif change == "renamed":
        name = draw(st.sampled_from(REQUIRED))
        header[header.index(name)] = draw(st.sampled_from([name + "s", name.upper() + " (£)", "Ref."]))
    else:
        header = [draw(st.sampled_from(HEADER))]
    return header


@fuzz_settings(max_examples=25)
@given(header=wrong_headers(), rows=good_rows(max_size=2), header_only=st.booleans())
def test_a_wrong_header_is_refused_on_row_1(register, header, rows, header_only):
    problems = refused(as_csv([] if header_only else rows, header=header))
    assert any(problem.row == 1 and problem.column for problem in problems), problems


@pytest.mark.parametrize(
    "path",
    shared_files(
        "360giving/real-2021-datagetter/a003W000001B7PzQAK.original.xlsx",
        "ocds/uk-contracts-finder-2014/releases",
        "indicators/trafford_sn_neet.csv",
    ),
    ids=lambda path: path.name,
)
def test_real_files_of_other_kinds_are_refused(register, path):
    files = sorted(path.glob("*.json"))[:1] if path.is_dir() else [path]
    for file in files:
        refused(file.read_bytes(), file.name)


@fuzz_settings(max_examples=15)
@given(rows=good_rows(), as_workbook=st.booleans())
def test_good_rows_are_all_imported(register, rows, as_workbook):
    content = as_xlsx(rows) if as_workbook else as_csv(rows)
    with rolled_back():
        before = Service.objects.count()
        report = services_import(
            actor=register, content=content, file_name="s.xlsx" if as_workbook else "s.csv"
        )
        new = [row for row in rows if row["Reference"] != EXISTING]
        assert len(report.added) == len(new)
        assert Service.objects.count() == before + len(new)
        for row in rows:
            service = Service.objects.get(reference=row["Reference"])
            assert service.name == row["Name"]
            assert str(service.age_to) == row["Age to"]


# The upload pages ------------------------------------------------------------------------------------------


@pytest.fixture
def signed_in(client_for, register):
    """A browser signed in once for all the examples of a test."""
    return client_for(register)


@fuzz_settings(max_examples=15)
@given(
    case=st.one_of(
        file_with_one_bad_cell().map(lambda case: (as_csv(case[0]), "services.csv")),
        st.tuples(st.binary(max_size=300), st.sampled_from(["services.csv", "services.xlsx"])),
        st.tuples(wrongly_encoded("Reference,Name\nEH-1,Café £5\n"), st.just("services.csv")),
    )
)
def test_the_upload_page_lists_the_problems_and_keeps_nothing(signed_in, case):
    content, file_name = case
    client = signed_in
    before, held = counts(*TOUCHED), snapshot()
    response = client.post(reverse("services:import"), {"file": SimpleUploadedFile(file_name, content)})
    assert response.status_code == 200
    assert response.context.get("problems") or response.context["form"].errors
    assert SESSION_KEY not in client.session
    assert counts(*TOUCHED) == before and snapshot() == held


@fuzz_settings(max_examples=10)
@given(content=st.binary(max_size=300) | file_with_one_bad_cell().map(lambda case: as_csv(case[0])))
def test_confirming_a_file_that_no_longer_passes_writes_nothing(signed_in, content):
    client = signed_in
    session = client.session
    session[SESSION_KEY] = {"file_name": "services.csv", "content": base64.b64encode(content).decode()}
    session.save()
    before, held = counts(*TOUCHED), snapshot()
    response = client.post(reverse("services:import-confirm"))
    assert response.status_code == 302 and response.url == reverse("services:import")
    assert counts(*TOUCHED) == before and snapshot() == held


def test_the_command_refuses_a_damaged_workbook(register, tmp_path):
    path = tmp_path / "services.xlsx"
    path.write_bytes(good_workbook()[:-40])
    before = counts(*TOUCHED)
    with pytest.raises(CommandError, match="not an Excel workbook"):
        call_command("import_services", str(path))
    assert counts(*TOUCHED) == before


def test_a_formula_typed_as_text_in_a_workbook_is_refused(register):
    from openpyxl import load_workbook

    workbook = load_workbook(io.BytesIO(good_workbook()))
    cell = workbook.active.cell(row=2, column=HEADER.index("Name") + 1)
    cell.value, cell.data_type = "=cmd|' /C calc'!A0", "s"
    buffer = io.BytesIO()
    workbook.save(buffer)
    assert_points_at(refused(buffer.getvalue(), "services.xlsx"), 2, "Name", "=")
