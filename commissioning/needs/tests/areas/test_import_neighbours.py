"""`manage.py import_statistical_neighbours FILE`: the DfE wide layout, names matched to authorities and
their other names, all or nothing, re-imports replacing sets with their history kept."""

import csv
import io
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from commissioning.core.selectors import history_for
from commissioning.needs.areas.importers import neighbours_import
from commissioning.needs.areas.readers import AreaFileError
from commissioning.needs.models import Neighbour, NeighbourSet
from commissioning.needs.tests.areas.conftest import NEIGHBOURS_FILE, shared_file
from commissioning.needs.tests.factories import AreaFactory

TRAFFORD_NEIGHBOURS = [
    "Hertfordshire",
    "Stockport",
    "Buckinghamshire",
    "Oxfordshire",
    "Surrey",
    "Bromley",
    "Cheshire East",
    "Cambridgeshire",
    "Gloucestershire",
    "Solihull",
]


@pytest.fixture
def real_file():
    return shared_file(NEIGHBOURS_FILE).read_bytes()


def rows_of(content: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig"), newline="")))


def write(rows: list[list[str]]) -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerows(rows)
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def neighbours_of(code: str) -> list[str]:
    return [n.area.name for n in Neighbour.objects.filter(neighbour_set__area__code=code).order_by("rank")]


def test_the_real_file_imports_completely(areas, real_file):
    report = neighbours_import(content=real_file, file_name="stat neighbours.csv")
    assert len(report.created) == 153
    assert NeighbourSet.objects.count() == 153
    assert Neighbour.objects.count() == 1530
    assert all(s.neighbours.count() == 10 for s in NeighbourSet.objects.all())
    assert neighbours_of("E08000009") == TRAFFORD_NEIGHBOURS
    trafford = NeighbourSet.objects.get(area__code="E08000009")
    assert trafford.source == "DfE children's services statistical neighbours (stat neighbours.csv)"
    assert trafford.version == 1
    assert [n.area.code for n in trafford.neighbours.order_by("rank")][2] == "E06000060"
    assert NeighbourSet.objects.filter(area__code__in=["E06000063", "E06000064", "E06000065"]).count() == 3


def test_names_spelt_the_dfe_way_are_matched(areas, real_file):
    neighbours_import(content=real_file)
    durham = NeighbourSet.objects.get(area__code="E06000047")
    hull = NeighbourSet.objects.get(area__code="E06000010")
    bedford = NeighbourSet.objects.get(area__code="E06000055")
    assert durham.neighbours.count() == hull.neighbours.count() == bedford.neighbours.count() == 10


def test_importing_the_same_file_again_changes_nothing(areas, real_file):
    neighbours_import(content=real_file, file_name="neighbours.csv")
    report = neighbours_import(content=real_file, file_name="neighbours.csv")
    assert (report.created, report.replaced, report.unchanged) == ([], [], 153)
    assert NeighbourSet.objects.get(area__code="E08000009").version == 1


def test_a_changed_set_is_replaced_with_a_new_version_and_history(areas, real_file):
    neighbours_import(content=real_file, file_name="2024.csv")
    rows = rows_of(real_file)
    column = rows[0].index("Trafford")
    rows[1][column], rows[2][column] = rows[2][column], rows[1][column]
    report = neighbours_import(content=write(rows), file_name="2025.csv", source="DfE, May 2025")
    assert report.replaced == ["Trafford"]
    assert report.unchanged == 152
    trafford = NeighbourSet.objects.get(area__code="E08000009")
    assert trafford.version == 2
    assert trafford.source == "DfE, May 2025"
    assert neighbours_of("E08000009")[:2] == ["Stockport", "Hertfordshire"]
    summaries = [entry.summary for entry in history_for(trafford) if entry.summary]
    assert summaries[0].startswith(
        "Imported from 2025.csv: 1. Stockport; 2. Hertfordshire; 3. Buckinghamshire"
    )
    assert summaries[1].startswith("Imported from 2024.csv: 1. Hertfordshire; 2. Stockport")


def assert_refused(areas, content: bytes, *expected: str) -> list[str]:
    with pytest.raises(AreaFileError) as caught:
        neighbours_import(content=content, file_name="neighbours.csv")
    messages = [str(problem) for problem in caught.value.problems]
    for text in expected:
        assert text in messages, messages
    assert not NeighbourSet.objects.exists()
    assert not Neighbour.objects.exists()
    return messages


def test_an_unknown_name_fails_the_whole_import_and_is_listed(areas, real_file):
    rows = rows_of(real_file)
    column = rows[0].index("Trafford") + 1
    rows[3][column - 1] = "Gotham"
    rows[0][5] = "Atlantis"
    messages = assert_refused(
        areas,
        write(rows),
        f"Row 4, column {column} (Trafford): “Gotham” is not the name of a known area or one of their other names.",
        "Row 1, column 6 (Atlantis): “Atlantis” is not the name of a known area or one of their other names.",
    )
    assert len(messages) == 2


def test_a_former_authority_is_not_a_neighbour(areas, real_file):
    rows = rows_of(real_file)
    column = rows[0].index("Trafford") + 1
    rows[1][column - 1] = "Northamptonshire"
    assert_refused(
        areas,
        write(rows),
        f"Row 2, column {column} (Trafford): “Northamptonshire” is not the name of a known area or one of their "
        "other names.",
    )


def test_an_ambiguous_name_fails_the_whole_import_and_is_listed(areas, real_file):
    AreaFactory(code="E06000999", name="St Helens")
    column = rows_of(real_file)[0].index("St. Helens") + 1
    messages = assert_refused(
        areas,
        real_file,
        f"Row 1, column {column} (St. Helens): The name “St. Helens” matches more than one area: St Helens "
        "(E06000999), St. Helens (E08000013).",
    )
    assert all("St. Helens" in message for message in messages)
    assert len(messages) == 1 + sum(row.count("St. Helens") for row in rows_of(real_file)[1:])


def test_a_name_listed_twice_or_as_its_own_neighbour(areas, real_file):
    rows = rows_of(real_file)
    column = rows[0].index("Trafford") + 1
    rows[2][column - 1] = "Hertfordshire"
    rows[3][column - 1] = "Trafford"
    assert_refused(
        areas,
        write(rows),
        f"Row 3, column {column} (Trafford): Hertfordshire is listed twice",
        f"Row 4, column {column} (Trafford): Trafford is listed as its own neighbour",
    )


def test_the_same_authority_in_two_columns(areas, real_file):
    rows = rows_of(real_file)
    rows[0][1] = "Barking & Dagenham"
    assert_refused(
        areas,
        write(rows),
        "Row 1, column 2 (Barking & Dagenham): Barking and Dagenham already has column 1 (Barking and Dagenham)",
    )


def test_a_gap_a_blank_header_and_too_many_rows(areas, real_file):
    rows = rows_of(real_file)
    rows[4][0] = ""
    rows[0][2] = ""
    rows.insert(11, ["Barnet"] + [""] * 152)
    assert_refused(
        areas,
        write(rows),
        "Row 6, column 1 (Barking and Dagenham): a neighbour follows a blank cell; list the neighbours closest first "
        "without gaps",
        "Row 1, column 3: the header has no authority name",
        "Row 12: there are 11 rows of neighbours; the most an authority can have is 10",
    )


def test_wrong_encoding_and_an_empty_file(areas, real_file):
    [message] = assert_refused(areas, real_file.replace(b"Bromley", "Br\xf6mley".encode("latin-1")))
    assert message.startswith("Row 1: the file is not UTF-8 text (byte 0xf6 cannot be read).")
    assert_refused(areas, b"\xef\xbb\xbf\r\n,,,\r\n", "the file is empty")


def test_the_command_imports_and_reports(areas, real_file):
    out = StringIO()
    call_command("import_statistical_neighbours", str(NEIGHBOURS_FILE), "--source", "DfE 2025", stdout=out)
    assert out.getvalue().strip() == "Statistical neighbours: 153 sets added, 0 replaced, 0 unchanged."
    assert NeighbourSet.objects.get(area__code="E08000009").source == "DfE 2025"


def test_the_command_lists_every_unknown_name_and_writes_nothing(areas, real_file, tmp_path):
    rows = rows_of(real_file)
    rows[1][0] = "Gotham"
    rows[2][1] = "Metropolis"
    bad = tmp_path / "neighbours.csv"
    bad.write_bytes(write(rows))
    with pytest.raises(CommandError) as caught:
        call_command("import_statistical_neighbours", str(bad))
    lines = str(caught.value).splitlines()
    assert lines[0] == "neighbours.csv: 2 problems found; nothing was imported."
    assert "Row 2, column 1 (Barking and Dagenham): “Gotham”" in lines[1]
    assert "Row 3, column 2 (Barnet): “Metropolis”" in lines[2]
    assert not NeighbourSet.objects.exists()
