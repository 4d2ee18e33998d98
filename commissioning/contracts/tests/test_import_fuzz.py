"""Fuzzing the contracts register import: whatever the file holds, the import never fails with an unexpected
error (nor the upload page with a server error), a bad file is refused with its row, column and reason, and
nothing is written; and good generated rows are imported."""

import base64
import io
from datetime import date, timedelta
from decimal import Decimal
from functools import cache

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from commissioning.contracts import services
from commissioning.contracts.importing import COLUMNS, ContractsFileError, contracts_import
from commissioning.contracts.models import Agreement, AgreementStatus, AgreementType, PaymentBasis
from commissioning.contracts.views import SESSION_KEY
from commissioning.core.tests.fuzzing import (
    FORMULAS,
    NOT_DATES,
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
from commissioning.funding.models import FundingStream
from commissioning.organisations.models import Organisation
from commissioning.organisations.tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db

HEADER = [column.heading for column in COLUMNS]
REQUIRED = [column.heading for column in COLUMNS if column.required]
PROVIDERS = ("Brightside Family Support", "brightside family support", "1999001", "09990001")
PARTNERS = ("Testshire County Council", "TESTSHIRE COUNTY COUNCIL")
FORMATS = ("%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y")

# For each column, cells the import must refuse in any row.
MONEY = (*NOT_NUMBERS, "-1", "-0.01", "1e30", "1e999", "1000000000000", "0.001", "£12,000.005")
BAD_CELLS = {
    "Reference": ("", "   ", "R" * 41),
    "Title": ("", "T" * 256, *FORMULAS),
    "Type": ("", "Handshake", "=1+1", "Contracts"),
    "Provider": ("", "Nobody Ltd", "Testshire County Council", "=cmd|' /C calc'!A0"),
    "Commissioning partner": ("", "Brightside Family Support", "Somewhere Else Council"),
    "Annual value": ("", *MONEY),
    "Whole-life value": ("", *MONEY),
    "Start date": ("", *NOT_DATES),
    "End date": ("", *NOT_DATES, "1989-12-31"),
    "Latest end date": (*NOT_DATES, "1989-12-31"),
    "Extension options": ("E" * 256, *FORMULAS),
    "Status": ("Pending", "=cmd|' /C calc'!A0"),
    "Payment basis": ("Barter",),
    "Simplified terms": ("Maybe", "Y"),
    "Notice months": ("-1", "61", "²", "٣.5", "3.5", "NaN", "three", "9" * 30),
    "Date signed": NOT_DATES,
    "Description": FORMULAS,
}
# Cells refused in any column, where the row (but not always the column) can be told.
ANYWHERE = (*NUL_TEXT, OVER_CSV_LIMIT)
# Refused whatever the column holds them: a few columns are enough.
ANYWHERE_TRIED_IN = (
    "Reference",
    "Annual value",
    "Description",
)
TOUCHED = (Agreement, Organisation, FundingStream, Agreement.funding_streams.through)


@pytest.fixture
def register(council, provider_org, contracts_manager, agreement_data):
    """Two providers, a partner and one agreement already in the register (CON-2026-001)."""
    provider_org.charity_number = "1999001"
    provider_org.save()
    OrganisationFactory(name="Northgate Youth Trust", companies_house_number="09990001")
    services.agreement_create(actor=contracts_manager, data=agreement_data())
    return contracts_manager


@st.composite
def good_row(draw, reference: str) -> dict[str, str]:
    """A row the import accepts, written in any of the ways it accepts."""
    starts = draw(st.dates(date(1990, 1, 1), date(2060, 12, 31)))
    ends = starts + timedelta(days=draw(st.integers(0, 3650)))
    latest = draw(st.none() | st.integers(0, 1500).map(lambda days: ends + timedelta(days=days)))
    simplified = draw(st.booleans())
    whole_life = draw(st.integers(0, 2_999_999 if simplified else 99_999_999_999_99)) / Decimal(100)
    annual = draw(st.integers(0, int(whole_life * 100))) / Decimal(100)
    money = draw(st.sampled_from(["{:.2f}", "£{:,.2f}", "{:f}"]))
    written = draw(st.sampled_from(FORMATS))
    words = st.text(st.characters(categories=["L", "N"], max_codepoint=0x2FF), min_size=1, max_size=30)
    return {
        "Reference": reference,
        "Title": draw(words),
        "Type": draw(st.sampled_from([*AgreementType.labels, *AgreementType.values])),
        "Provider": draw(st.sampled_from(PROVIDERS)),
        "Commissioning partner": draw(st.sampled_from(PARTNERS)),
        "Annual value": money.format(annual),
        "Whole-life value": money.format(whole_life),
        "Start date": starts.strftime(written),
        "End date": ends.strftime(written),
        "Latest end date": latest.isoformat() if latest else "",
        "Extension options": draw(st.sampled_from(["", "Two of 12 months"])),
        "Status": draw(st.sampled_from(["", AgreementStatus.LIVE.label, AgreementStatus.DRAFT.label])),
        "Payment basis": draw(st.sampled_from(["", *PaymentBasis.labels])),
        "Simplified terms": "Yes" if simplified else draw(st.sampled_from(["No", ""])),
        "Notice months": draw(st.sampled_from(["", "0", "3", "60"])),
        "Date signed": draw(st.sampled_from(["", "2026-03-20", "20/03/2026"])),
        "Description": draw(st.sampled_from(["", "Support for young carers, in schools and at home."])),
    }


def fixed_row(reference: str) -> dict[str, str]:
    return {
        "Reference": reference,
        "Title": "Young carers support",
        "Type": "Grant funding agreement",
        "Provider": "Brightside Family Support",
        "Commissioning partner": "Testshire County Council",
        "Annual value": "£12,000",
        "Whole-life value": "24000",
        "Start date": "2026-04-01",
        "End date": "31/03/2028",
    }


@cache
def good_workbook() -> bytes:
    return as_xlsx([fixed_row("FUZZ-1")])


@st.composite
def good_rows(draw, min_size: int = 1, max_size: int = 4) -> list[dict[str, str]]:
    count = draw(st.integers(min_size, max_size))
    return [draw(good_row(f"FUZZ-{number:03d}")) for number in range(count)]


@st.composite
def file_with_one_bad_cell(draw, *, anywhere: tuple = ANYWHERE):
    """Good rows with one bad row among them: (rows, spreadsheet row number, column, cell)."""
    rows = draw(good_rows(min_size=0, max_size=3))
    column = draw(st.sampled_from(sorted(BAD_CELLS)))
    cell = draw(st.sampled_from(BAD_CELLS[column] + anywhere))
    bad = draw(good_row("FUZZ-BAD")) | {column: cell}
    at = draw(st.integers(0, len(rows)))
    rows.insert(at, bad)
    return rows, at + 2, column, cell


def as_csv(rows: list[dict], header: list[str] = HEADER) -> bytes:
    return csv_bytes(header, [[row.get(heading, "") for heading in header] for row in rows])


def as_xlsx(rows: list[dict]) -> bytes:
    return xlsx_bytes(HEADER, [[row.get(heading, "") for heading in HEADER] for row in rows])


def refused(content: bytes, file_name: str) -> list:
    """The problems the import gives, checking that it writes nothing (and undoing what it wrote if it did,
    so that the next example starts from the same register)."""
    with rolled_back():
        before = counts(*TOUCHED)
        with pytest.raises(ContractsFileError) as excinfo:
            contracts_import(actor=None, content=content, file_name=file_name)
        assert counts(*TOUCHED) == before
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
    rows = [fixed_row("FUZZ-0")] + [
        fixed_row(f"FUZZ-{number}") | {column: cell} for number, (column, cell) in enumerate(cases, start=1)
    ]
    problems = refused(as_csv(rows), "contracts.csv")
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
            content = as_csv([fixed_row("FUZZ-0"), fixed_row("FUZZ-2") | {column: cell}])
            assert_points_at(refused(content, "contracts.csv"), 3, column, cell)


@fuzz_settings(max_examples=30)
@given(case=file_with_one_bad_cell())
def test_one_bad_cell_refuses_the_whole_csv_with_its_row_and_column(register, case):
    rows, row, column, cell = case
    assert_points_at(refused(as_csv(rows), "contracts.csv"), row, column, cell)


@fuzz_settings(max_examples=15)
@given(case=file_with_one_bad_cell(anywhere=()).filter(lambda case: case[3] not in FORMULAS))
def test_one_bad_cell_refuses_the_whole_workbook(register, case):
    rows, row, column, cell = case
    assert_points_at(refused(as_xlsx(rows), "contracts.xlsx"), row, column, cell)


def test_a_formula_typed_as_text_in_a_workbook_is_refused(register):
    from openpyxl import load_workbook

    workbook = load_workbook(io.BytesIO(good_workbook()))
    cell = workbook.active.cell(row=2, column=HEADER.index("Title") + 1)
    cell.value, cell.data_type = "=cmd|' /C calc'!A0", "s"
    buffer = io.BytesIO()
    workbook.save(buffer)
    assert_points_at(refused(buffer.getvalue(), "contracts.xlsx"), 2, "Title", "=")


@fuzz_settings(max_examples=30)
@given(
    content=st.one_of(
        st.binary(max_size=600),
        empty_files(),
        wrongly_encoded("Reference,Title,Provider\nCON-1,Café support £12,000,Brightside\n"),
        st.binary(max_size=200).map(lambda tail: b"PK\x03\x04" + tail),
    ),
    file_name=st.sampled_from(["contracts.csv", "contracts.xlsx", "CONTRACTS.XLSX", "contracts"]),
)
def test_any_bytes_are_refused_with_a_reason(register, content, file_name):
    problems = refused(content, file_name)
    assert len(problems) >= 1


@fuzz_settings(max_examples=30)
@given(data=st.data())
def test_a_spoiled_workbook_is_refused_or_read_whole(register, data):
    """Damage that the workbook survives (a changed date in a zip header, say) may leave it readable: then
    it imports exactly its one agreement."""
    content = data.draw(spoiled_workbooks(good_workbook()))
    with rolled_back():
        before = counts(*TOUCHED)
        try:
            added = contracts_import(actor=None, content=content, file_name="contracts.xlsx")
        except ContractsFileError as exc:
            assert exc.problems and exc.problems[0].reason
            assert counts(*TOUCHED) == before
        else:
            assert [agreement.reference for agreement in added] == ["FUZZ-1"]


@st.composite
def wrong_headers(draw) -> list[str]:
    header = list(HEADER)
    change = draw(
        st.sampled_from(["missing", "extra", "duplicated", "renamed", "only one", "shuffled blank"])
    )
    at = draw(st.integers(0, len(header) - 1))
    if change == "missing":
        header.remove(draw(st.sampled_from(REQUIRED)))
    elif change == "extra":
        header.insert(at, draw(st.sampled_from(["Colour", "Notes", "=1+1", "Reference 2", "Provider name"])))
    elif change == "duplicated":
        header.insert(at, draw(st.sampled_from(HEADER)))
    elif change == "renamed":
        name = draw(st.sampled_from(REQUIRED))
        header[header.index(name)] = draw(st.sampled_from([name + "s", name.upper() + " (£)", "Ref.", ""]))
    elif change == "only one":
        header = [draw(st.sampled_from(HEADER))]
    else:
        header = [*draw(st.permutations(header))[:-1], ""]
        header.remove(draw(st.sampled_from([h for h in REQUIRED if h in header])))
    return header


@fuzz_settings(max_examples=30)
@given(header=wrong_headers(), rows=good_rows(max_size=2), header_only=st.booleans())
def test_a_wrong_header_is_refused_on_row_1(register, header, rows, header_only):
    problems = refused(as_csv([] if header_only else rows, header=header), "contracts.csv")
    assert any(problem.row == 1 and problem.column for problem in problems), problems


def test_a_header_with_no_rows_is_refused(register):
    problems = refused(as_csv([]), "contracts.csv")
    assert problems[0].reason == "the file has a header but no agreements."


def test_a_row_longer_than_the_header_is_refused(register):
    row = fixed_row("FUZZ-1") | {"Description": "Lunch clubs"}
    content = as_csv([row]).replace(b"Lunch clubs", b"Lunch,clubs")
    problems = refused(content, "contracts.csv")
    assert (problems[0].row, problems[0].reason) == (2, "the row has more cells than the header")


@pytest.mark.parametrize(
    "path",
    shared_files(
        "360giving/real-2021-datagetter/a003W000001B7PzQAK.original.xlsx",
        "360giving/real-2016-grantnav-sample/baring.json",
        "ocds/uk-contracts-finder-2014/releases",
        "indicators/trafford_sn_neet.csv",
    ),
    ids=lambda path: path.name,
)
def test_real_files_of_other_kinds_are_refused(register, path):
    files = sorted(path.glob("*.json"))[:1] if path.is_dir() else [path]
    for file in files:
        refused(file.read_bytes(), file.name)


@fuzz_settings(max_examples=20)
@given(rows=good_rows())
def test_good_rows_are_all_imported(register, rows):
    with rolled_back():
        before = Agreement.objects.count()
        added = contracts_import(actor=register, content=as_csv(rows), file_name="contracts.csv")
        assert [a.reference for a in added] == [row["Reference"] for row in rows]
        assert Agreement.objects.count() == before + len(rows)
        for agreement, row in zip(added, rows, strict=True):
            agreement.refresh_from_db()
            assert agreement.title == row["Title"].strip()
            assert agreement.whole_life_value == Decimal(row["Whole-life value"].lstrip("£").replace(",", ""))


# The upload pages ------------------------------------------------------------------------------------------


@pytest.fixture
def signed_in(client_for, register):
    """A browser signed in once for all the examples of a test."""
    return client_for(register)


@fuzz_settings(max_examples=20)
@given(
    case=st.one_of(
        file_with_one_bad_cell().map(lambda case: (as_csv(case[0]), "contracts.csv")),
        st.tuples(st.binary(max_size=300), st.sampled_from(["contracts.csv", "contracts.xlsx"])),
        st.tuples(wrongly_encoded("Reference,Title\nCON-1,Café £5\n"), st.just("contracts.csv")),
    )
)
def test_the_upload_page_lists_the_problems_and_keeps_nothing(signed_in, case):
    content, file_name = case
    client = signed_in
    before = counts(*TOUCHED)
    response = client.post(reverse("contracts:import"), {"file": SimpleUploadedFile(file_name, content)})
    assert response.status_code == 200
    assert response.context.get("problems") or response.context["form"].errors
    assert SESSION_KEY not in client.session
    assert counts(*TOUCHED) == before


@fuzz_settings(max_examples=10)
@given(content=st.binary(max_size=300) | file_with_one_bad_cell().map(lambda case: as_csv(case[0])))
def test_confirming_a_file_that_no_longer_passes_writes_nothing(signed_in, content):
    client = signed_in
    session = client.session
    session[SESSION_KEY] = {"file_name": "contracts.csv", "content": base64.b64encode(content).decode()}
    session.save()
    before = counts(*TOUCHED)
    response = client.post(reverse("contracts:import-confirm"))
    assert response.status_code == 302 and response.url == reverse("contracts:import")
    assert counts(*TOUCHED) == before


def test_the_command_refuses_a_bad_file_with_its_problems(register, tmp_path):
    path = tmp_path / "contracts.xlsx"
    path.write_bytes(b"PK\x03\x04 not really a workbook")
    before = counts(*TOUCHED)
    with pytest.raises(CommandError, match="not an Excel workbook"):
        call_command("import_contracts", str(path))
    assert counts(*TOUCHED) == before
