"""Fuzzing the area imports (area hierarchy files, an authority's localities and the DfE statistical neighbours
file) and their commands: whatever a file holds, the import never fails with an unexpected error, a bad file is
refused with its row, column and reason, and nothing is written; and good generated files are imported."""

import pytest
from django.core.management import CommandError, call_command
from hypothesis import given
from hypothesis import strategies as st

from commissioning.core.tests.fuzzing import (
    FORMULAS,
    NASTY_YAML,
    NUL_TEXT,
    OVER_CSV_LIMIT,
    counts,
    csv_bytes,
    empty_files,
    fuzz_settings,
    mutated_yaml,
    rolled_back,
    shared_files,
    wrongly_encoded,
)
from commissioning.needs.areas.importers import areas_import, areas_load, localities_import, neighbours_import
from commissioning.needs.areas.readers import AreaFileError
from commissioning.needs.models import Area, AreaAlias, AreaType, AuthorityKind, Neighbour, NeighbourSet
from commissioning.needs.tests.factories import AreaFactory, EnglandFactory

TOUCHED = (Area, AreaAlias, Area.successors.through, NeighbourSet, Neighbour)
ANYWHERE = (*NUL_TEXT, OVER_CSV_LIMIT)


def snapshot() -> list[tuple]:
    """Every area and neighbour set as held, to show that no change was written either."""
    areas = Area.objects.order_by("code").values_list("code", "name", "area_type", "parent_id")
    sets = NeighbourSet.objects.order_by("pk").values_list("pk", "version", "source")
    return [*areas, *sets]


def refused(run, **arguments) -> list:
    """The problems an import gives, checking that it writes nothing (and undoing what it wrote if it did)."""
    with rolled_back():
        before, held = counts(*TOUCHED), snapshot()
        with pytest.raises(AreaFileError) as excinfo:
            run(**arguments)
        assert counts(*TOUCHED) == before and snapshot() == held
    problems = excinfo.value.problems
    assert problems and all(problem.reason.strip() for problem in problems)
    assert "nothing was imported" in str(excinfo.value)
    return problems


def assert_points_at(problems, row: int, column: str, cell: str) -> None:
    columns = (column, "") if cell in ANYWHERE else (column,)
    found = [p for p in problems if p.row == row and p.column in columns]
    assert found, f"no problem at row {row}, column {column} for {cell[:40]!r}: {problems}"


def collect(failures: list[str], label: str, check) -> None:
    try:
        check()
    except (Exception, pytest.fail.Exception) as exc:
        failures.append(f"{label}: {type(exc).__name__}: {str(exc)[:300]}")


# Area hierarchy files ------------------------------------------------------------------------------------------

HIERARCHY = ["Children", "AreaCode", "AreaName", "Level", "HierarchyType", "AreaType", "AreaTypeCode"]
AUTHORITY_TYPE = (
    "2",
    "Administrative",
    "Counties and Unitary Authorities",
    "counties-and-unitary-authorities",
)
ENGLAND = ["E12000001|E12000002", "E92000001", "England", "0", "Both", "England", "england"]
NORTH_EAST = [
    "E06000001|E06000002",
    "E12000001",
    "North East Region",
    "1",
    "Administrative",
    "Regions",
    "regions",
]
NORTH_WEST = ["E08000009", "E12000002", "North West Region", "1", "Administrative", "Regions", "regions"]
AUTHORITIES = [
    ["", "E06000001", "Hartlepool", *AUTHORITY_TYPE],
    ["", "E06000002", "Middlesbrough", *AUTHORITY_TYPE],
    ["E05000001|E05000002", "E08000009", "Trafford", *AUTHORITY_TYPE],
]
WARDS = [
    ["", "E05000001", "Altrincham", "3", "Administrative", "Electoral wards", "wards"],
    ["", "E05000002", "Bowdon", "3", "Administrative", "Electoral wards", "wards"],
]
HIERARCHY_ROWS = [ENGLAND, NORTH_EAST, NORTH_WEST, *AUTHORITIES, *WARDS]
# Cells refused in the row of Middlesbrough (row 6), by column.
HIERARCHY_BAD_CELLS = {
    "AreaCode": ("", "E0600000", "X06000002", "E12000009", "E06000001", "=1+1"),
    "AreaName": ("", "N" * 201, "N" * 199 + " UA", *FORMULAS),
}


def hierarchy_file(rows: list[list[str]]) -> bytes:
    return b"\xef\xbb\xbf" + csv_bytes(HIERARCHY, rows)


def import_hierarchy(content: bytes, localities_of: str = "E08000009"):
    return areas_import(content=content, file_name="areas.csv", localities_of=localities_of)


def test_every_bad_cell_of_a_hierarchy_file_is_refused_in_its_column(db):
    failures = []
    for column, cells in HIERARCHY_BAD_CELLS.items():
        for cell in (*cells, *ANYWHERE):
            rows = [list(row) for row in HIERARCHY_ROWS]
            rows[4][HIERARCHY.index(column)] = cell
            collect(
                failures,
                f"{column} {cell[:40]!r}",
                lambda rows=rows, column=column, cell=cell: assert_points_at(
                    refused(import_hierarchy, content=hierarchy_file(rows)), 6, column, cell
                ),
            )
    for row, cell in ((9, "W" * 201), (9, "=cmd|' /C calc'!A0"), (8, "")):  # the localities of Trafford
        rows = [list(row) for row in HIERARCHY_ROWS]
        rows[row - 2][2] = cell
        collect(
            failures,
            f"ward {cell[:40]!r}",
            lambda rows=rows, row=row, cell=cell: assert_points_at(
                refused(import_hierarchy, content=hierarchy_file(rows)), row, "AreaName", cell
            ),
        )
    assert not failures, "\n".join(failures)


@fuzz_settings(max_examples=25)
@given(
    column=st.sampled_from(sorted(HIERARCHY_BAD_CELLS)),
    data=st.data(),
    order=st.permutations(range(len(HIERARCHY_ROWS))),
)
def test_one_bad_cell_refuses_the_whole_hierarchy_file(db, column, data, order):
    """In any order of the rows, a bad cell in Middlesbrough's row is found on that row."""
    cell = data.draw(st.sampled_from(HIERARCHY_BAD_CELLS[column]))
    rows = [list(HIERARCHY_ROWS[index]) for index in order]
    bad = order.index(4)
    rows[bad][HIERARCHY.index(column)] = cell
    problems = refused(import_hierarchy, content=hierarchy_file(rows))
    if cell != "E06000001":  # a repeated code is reported on whichever row comes second
        assert_points_at(problems, bad + 2, column, cell)


def test_a_hierarchy_file_without_england_regions_or_authorities_is_refused(db):
    for rows in ([], WARDS, [["", "A81002", "Queens Park Medical Centre", "5", "NHS", "GPs", "gps"]]):
        problems = refused(import_hierarchy, content=hierarchy_file(rows), localities_of="")
        assert problems[0].reason.startswith("the file has no rows for England, a region or a county")


@fuzz_settings(max_examples=15)
@given(order=st.permutations(range(len(HIERARCHY_ROWS))), with_localities=st.booleans())
def test_a_good_hierarchy_file_imports_in_any_order(db, order, with_localities):
    rows = [HIERARCHY_ROWS[index] for index in order]
    with rolled_back():
        report = import_hierarchy(hierarchy_file(rows), localities_of="E08000009" if with_localities else "")
        assert len(report.added) == 6 + (2 if with_localities else 0)
        assert Area.objects.get(code="E08000009").parent.code == "E12000002"
        assert Area.objects.filter(parent__code="E08000009").count() == (2 if with_localities else 0)


# An authority's localities ------------------------------------------------------------------------------------

LOCALITY_BAD_CELLS = {
    "code": ("E0500000", "E05X00001", "E0500000123"),
    "name": ("", "N" * 201, *FORMULAS),
}


@pytest.fixture
def trafford(db):
    EnglandFactory()
    return AreaFactory(code="E08000009", name="Trafford", authority_kind=AuthorityKind.METROPOLITAN)


def import_localities(content: bytes):
    return localities_import(content=content, file_name="wards.csv", authority="E08000009")


def test_every_bad_cell_of_a_localities_file_is_refused_in_its_column(trafford):
    failures = []
    for column, cells in LOCALITY_BAD_CELLS.items():
        for cell in (*cells, *ANYWHERE):
            rows = [["E05000001", "Altrincham"], ["E05000002", "Bowdon"]]
            rows[1][["code", "name"].index(column)] = cell
            collect(
                failures,
                f"{column} {cell[:40]!r}",
                lambda rows=rows, column=column, cell=cell: assert_points_at(
                    refused(import_localities, content=csv_bytes(["code", "name"], rows)), 3, column, cell
                ),
            )
    assert not failures, "\n".join(failures)


@st.composite
def wards(draw) -> list[list[str]]:
    numbers = draw(st.lists(st.integers(1, 999_999), min_size=1, max_size=8, unique=True))
    names = st.text(st.characters(categories=["L", "N", "Zs"], max_codepoint=0x2FF), min_size=1, max_size=60)
    return [
        [f"E05{number:06d}", draw(names.filter(lambda name: name.strip()[:1].isalnum()))]
        for number in numbers
    ]


@fuzz_settings(max_examples=20)
@given(
    rows=wards(),
    header=st.sampled_from([["code", "name"], ["area_code", "area_name"], ["AreaCode", "AreaName"]]),
)
def test_a_good_localities_file_is_imported(trafford, rows, header):
    with rolled_back():
        report = import_localities(csv_bytes(header, rows))
        assert len(report.added) == len(rows)
        held = dict(Area.objects.filter(parent=trafford).values_list("code", "name"))
        assert held == {code: name.strip() for code, name in rows}


# Statistical neighbours ------------------------------------------------------------------------------------

AUTHORITY_NAMES = ["Trafford", "Stockport", "Bolton", "Wigan", "Bury", "Hertfordshire"]


@pytest.fixture
def authorities(db):
    return {
        name: AreaFactory(code=f"E08{number:06d}", name=name, authority_kind=AuthorityKind.METROPOLITAN)
        for number, name in enumerate(AUTHORITY_NAMES, start=1)
    }


def neighbours_file(columns: dict[str, list[str]]) -> bytes:
    """The DfE wide layout: each authority's name heading its neighbours, closest first."""
    height = max(len(listed) for listed in columns.values())
    rows = [
        [listed[index] if index < len(listed) else "" for listed in columns.values()]
        for index in range(height)
    ]
    return b"\xef\xbb\xbf" + csv_bytes(list(columns), rows)


def import_neighbours(content: bytes):
    return neighbours_import(content=content, file_name="neighbours.csv")


GOOD_COLUMNS = {
    "Trafford": ["Stockport", "Hertfordshire", "Bury"],
    "Stockport": ["Trafford", "Bolton", "Wigan"],
}
# A bad neighbour in Stockport's column, on row 3 (the second neighbour).
NEIGHBOUR_BAD_CELLS = (
    "Atlantis",
    "Stockport",
    "Trafford",
    "=cmd|' /C calc'!A0",
    "Trafford, City of",
    "Bolton Council",
)


def test_every_bad_neighbour_is_refused_on_its_row_and_column(authorities):
    failures = []
    for cell in (*NEIGHBOUR_BAD_CELLS, *ANYWHERE):
        columns = GOOD_COLUMNS | {"Stockport": ["Trafford", cell, "Wigan"]}
        collect(
            failures,
            repr(cell[:40]),
            lambda columns=columns, cell=cell: assert_points_at(
                refused(import_neighbours, content=neighbours_file(columns)), 3, "2 (Stockport)", cell
            ),
        )
    shapes = {
        "a gap": GOOD_COLUMNS | {"Stockport": ["Trafford", "", "Wigan"]},
        "no name": {"": ["Trafford"], **GOOD_COLUMNS},
        "eleven": GOOD_COLUMNS | {"Stockport": AUTHORITY_NAMES[2:] * 3},
        "unknown authority": GOOD_COLUMNS | {"Atlantis": ["Trafford"]},
        "twice": {"Trafford": ["Bury"], "trafford": ["Bolton"]},
        "none listed": GOOD_COLUMNS | {"Bury": [""]},
    }
    for label, columns in shapes.items():
        collect(
            failures,
            label,
            lambda columns=columns: refused(import_neighbours, content=neighbours_file(columns)),
        )
    assert not failures, "\n".join(failures)


@fuzz_settings(max_examples=20)
@given(data=st.data())
def test_good_neighbour_sets_are_imported_in_their_order(authorities, data):
    names = data.draw(st.lists(st.sampled_from(AUTHORITY_NAMES), min_size=1, max_size=4, unique=True))
    columns = {
        name: data.draw(st.permutations([other for other in AUTHORITY_NAMES if other != name]))[
            : data.draw(st.integers(1, 5))
        ]
        for name in names
    }
    with rolled_back():
        report = import_neighbours(neighbours_file(columns))
        assert sorted(report.created) == sorted(names)
        for name, listed in columns.items():
            held = Neighbour.objects.filter(neighbour_set__area__name=name).order_by("rank")
            assert [neighbour.area.name for neighbour in held] == listed


# Any file, through every command ------------------------------------------------------------------------------


@fuzz_settings(max_examples=30)
@given(
    content=st.one_of(
        st.binary(max_size=500),
        empty_files(),
        wrongly_encoded("Children,AreaCode,AreaName\nE05000001,E08000009,Trafford Café\n"),
        st.lists(st.sampled_from([*HIERARCHY, "code", "name", "Trafford", ""]), max_size=8).map(
            lambda header: (",".join(header) + "\n").encode()
        ),
    ),
    run=st.sampled_from(["areas", "localities", "neighbours"]),
)
def test_any_bytes_are_refused_with_a_reason(trafford, content, run):
    if run == "areas":
        problems = refused(import_hierarchy, content=content)
    elif run == "localities":
        problems = refused(import_localities, content=content)
    else:
        problems = refused(import_neighbours, content=content)
    assert problems


@pytest.mark.parametrize(
    ("command", "options"),
    [
        ("import_areas", []),
        ("import_areas", ["--localities-of", "E08000009"]),
        ("import_localities", ["--of", "E08000009"]),
        ("import_statistical_neighbours", []),
    ],
)
@pytest.mark.parametrize(
    "content",
    [
        b"\x00\x01\x02binary",
        'Children,AreaCode\n"Caf\xe9",x\n'.encode("latin-1"),
        b"a,b\n" + OVER_CSV_LIMIT.encode() + b",x\n",
        b"",
    ],
    ids=["binary", "latin-1", "long cell", "empty"],
)
def test_every_command_refuses_a_malformed_file_and_writes_nothing(
    trafford, tmp_path, command, options, content
):
    path = tmp_path / "file.csv"
    path.write_bytes(content)
    before, held = counts(*TOUCHED), snapshot()
    with pytest.raises(CommandError, match="nothing was imported"):
        call_command(command, str(path), *options)
    assert counts(*TOUCHED) == before and snapshot() == held


@pytest.mark.parametrize(
    "path",
    shared_files(
        "360giving/real-2021-datagetter/a003W000001B7PzQAK.original.xlsx",
        "indicators/trafford_sn_neet.csv",
        "indicators/ees_cla_time_series_1994_2023.csv",
    ),
    ids=lambda path: path.name,
)
def test_real_files_of_other_kinds_are_refused(trafford, path):
    content = path.read_bytes()
    refused(import_hierarchy, content=content)
    refused(import_neighbours, content=content)
    if path.suffix != ".csv" or "trafford" not in path.name:  # a tidy file's ward rows are localities
        refused(import_localities, content=content)


def test_localities_of_a_code_that_is_not_an_authority_are_refused(trafford):
    for code in ("", "E08000009\x00", "=1+1", "E92000001"):
        refused(localities_import, content=b"code,name\nE05000001,Altrincham\n", authority=code)
    assert AreaType.LOCALITY not in Area.objects.values_list("area_type", flat=True)


# The shipped areas file (manage.py load_areas --file) ----------------------------------------------------------

SHIPPED = """
- code: E92000001
  name: England
  type: country
- code: E12000002
  name: North West
  type: region
  parent: E92000001
  aliases:
    - {name: North West Region, source: OHID Fingertips}
- code: E08000009
  name: Trafford
  type: local_authority
  parent: E12000002
  dfe_code: "358"
- code: E10000002
  name: Buckinghamshire
  type: local_authority
  parent: E12000002
  dfe_code: "825"
  end_date: 2020-04-01
  successors: [E08000009]
"""


@fuzz_settings(max_examples=40)
@given(text=st.sampled_from(NASTY_YAML) | mutated_yaml(SHIPPED))
def test_any_shipped_areas_file_loads_whole_or_is_refused(db, tmp_path_factory, text):
    path = tmp_path_factory.mktemp("areas") / "areas.yaml"
    path.write_text(text, encoding="utf-8")
    with rolled_back():
        before = counts(*TOUCHED)
        try:
            report = areas_load(path=path)
        except AreaFileError as exc:
            assert exc.problems and all(problem.reason.strip() for problem in exc.problems)
            assert counts(*TOUCHED) == before
        else:
            assert len(report.added) == Area.objects.count() - before["needs.Area"]
            for area in Area.objects.all():
                area.full_clean(validate_unique=False)
            for alias in AreaAlias.objects.all():
                alias.full_clean(validate_unique=False)


def test_the_load_command_refuses_a_malformed_file(db, tmp_path):
    path = tmp_path / "areas.yaml"
    path.write_text(SHIPPED.replace("successors: [E08000009]", "successors: 5"), encoding="utf-8")
    with pytest.raises(CommandError, match="nothing was changed"):
        call_command("load_areas", "--file", str(path))
    assert not Area.objects.exists()
