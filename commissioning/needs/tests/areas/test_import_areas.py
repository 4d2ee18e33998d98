"""`manage.py import_areas FILE`: area hierarchy files in the Fingertips format, all or nothing."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from commissioning.needs.areas.importers import areas_import
from commissioning.needs.areas.readers import AreaFileError
from commissioning.needs.models import Area, AreaAlias, AreaType
from commissioning.needs.tests.areas.conftest import HIERARCHY_FILE, shared_file

HEADER = "\ufeffChildren,AreaCode,AreaName,Level,HierarchyType,AreaType,AreaTypeCode\n"
ENGLAND = '"E12000001|E12000002",E92000001,England,0,Both,England,england\n'
NORTH_EAST = '"E06000001|E06000002",E12000001,North East Region,1,Administrative,Regions,regions\n'
NORTH_WEST = '"E08000009",E12000002,North West Region,1,Administrative,Regions,regions\n'
AUTHORITIES = (
    '"",E06000001,Hartlepool,2,Administrative,Counties and Unitary Authorities,counties-and-unitary-authorities\n'
    '"",E06000002,Middlesbrough,2,Administrative,Counties and Unitary Authorities,counties-and-unitary-authorities\n'
    '"",E08000009,Trafford,2,Administrative,Counties and Unitary Authorities,counties-and-unitary-authorities\n'
)
GP = '"",A81002,Queens Park Medical Centre,5,NHS,GPs,gps\n'


def small_file(*parts: str) -> bytes:
    return (HEADER + "".join(parts)).encode("utf-8")


@pytest.fixture
def hierarchy_file():
    return shared_file(HIERARCHY_FILE)


def test_the_real_file_imports_england_9_regions_and_153_authorities(db, hierarchy_file):
    report = areas_import(content=hierarchy_file.read_bytes(), file_name=hierarchy_file.name)
    assert len(report.added) == 1 + 9 + 153
    assert Area.objects.filter(area_type=AreaType.COUNTRY).count() == 1
    assert Area.objects.filter(area_type=AreaType.REGION).count() == 9
    assert Area.objects.filter(area_type=AreaType.LOCAL_AUTHORITY).count() == 153
    trafford = Area.objects.get(code="E08000009")
    assert (trafford.parent.code, trafford.parent.name, trafford.authority_kind) == (
        "E12000002",
        "North West",
        "E08",
    )
    assert trafford.parent.parent.code == "E92000001"
    north_yorkshire = Area.objects.get(code="E06000065")
    assert north_yorkshire.name == "North Yorkshire"
    assert north_yorkshire.aliases.get().name == "North Yorkshire UA"
    assert AreaAlias.objects.filter(name="North West Region", area=trafford.parent).exists()
    assert not Area.objects.filter(code="A81002").exists()


def test_importing_again_adds_nothing(db, hierarchy_file):
    areas_import(content=hierarchy_file.read_bytes())
    report = areas_import(content=hierarchy_file.read_bytes())
    assert (report.added, report.updated, report.aliases_added) == ([], [], [])
    assert report.unchanged == 163


def test_over_the_shipped_areas_it_keeps_their_names_and_dates(areas, hierarchy_file):
    report = areas_import(content=hierarchy_file.read_bytes())
    assert (report.added, report.updated, report.aliases_added) == ([], [], [])
    assert report.unchanged == 163
    assert Area.objects.get(code="E06000023").name == "Bristol, City of"
    assert Area.objects.get(code="E12000003").name == "Yorkshire and The Humber"


def test_a_changed_parent_is_updated_and_reported(areas):
    north_east = NORTH_EAST.replace('"E06000001|E06000002"', '"E06000001|E06000002|E08000009"')
    report = areas_import(
        content=small_file(ENGLAND, north_east, NORTH_WEST.replace('"E08000009"', '""'), AUTHORITIES)
    )
    assert report.updated == ["Trafford (E08000009): parent"]
    assert Area.objects.get(code="E08000009").parent.code == "E12000001"


def test_localities_of_an_authority(areas, hierarchy_file):
    report = areas_import(content=hierarchy_file.read_bytes(), localities_of="E10000015")
    assert len(report.added) == 10
    localities = Area.objects.filter(area_type=AreaType.LOCALITY)
    assert {a.parent.code for a in localities} == {"E10000015"}
    assert localities.filter(code="E07000240", name="St Albans").exists()
    again = areas_import(content=hierarchy_file.read_bytes(), localities_of="E10000015")
    assert again.added == []


def test_an_authority_without_localities_in_the_file_is_noted(areas, hierarchy_file):
    report = areas_import(content=hierarchy_file.read_bytes(), localities_of="e08000009")
    assert report.added == []
    assert report.notes == ["The file lists no localities of E08000009."]


def test_localities_of_an_authority_not_in_the_file(db):
    with pytest.raises(AreaFileError) as caught:
        areas_import(
            content=small_file(ENGLAND, NORTH_EAST, AUTHORITIES, NORTH_WEST), localities_of="E10000015"
        )
    assert "the file has no county or unitary authority E10000015 and it is not loaded" in str(caught.value)
    assert not Area.objects.exists()


def assert_refused(content: bytes, *expected: str) -> None:
    with pytest.raises(AreaFileError) as caught:
        areas_import(content=content, file_name="areas.csv")
    messages = [str(problem) for problem in caught.value.problems]
    for text in expected:
        assert text in messages, messages
    assert not Area.objects.exists()
    assert "nothing was imported" in str(caught.value)


def test_a_missing_column(db):
    content = (HEADER.replace(",AreaTypeCode", "") + '"",E92000001,England,0,Both,England\n').encode()
    assert_refused(content, "Row 1, column AreaTypeCode: the column “AreaTypeCode” is missing")


def test_a_bad_code(db):
    content = small_file(ENGLAND, NORTH_EAST, NORTH_WEST, AUTHORITIES.replace("E06000002", "E0600000X"))
    assert_refused(
        content,
        "Row 6, column AreaCode: “E0600000X” is not an ONS code (a letter and eight digits, like E06000001)",
        "Row 3, column Children: E06000002 is listed as a child of North East Region, but the file has no county "
        "or unitary authority with that code",
    )


def test_a_code_of_the_wrong_type(db):
    content = small_file(
        ENGLAND, NORTH_EAST, NORTH_WEST, AUTHORITIES.replace("E08000009,Trafford", "E07000004,Aylesbury Vale")
    )
    assert_refused(
        content,
        "Row 7, column AreaCode: E07000004 is a district (lower-tier authority) code, not a code for “Counties and "
        "Unitary Authorities”",
    )


def test_an_unknown_parent(db):
    content = small_file(ENGLAND, NORTH_EAST, AUTHORITIES, GP)
    assert_refused(
        content, "Row 6, column AreaCode: unknown parent: no region lists this authority in its Children"
    )


def test_regions_without_england(db):
    assert_refused(
        small_file(NORTH_EAST, NORTH_WEST, AUTHORITIES),
        "Row 2, column AreaCode: unknown parent: England is neither in the file nor loaded",
    )


def test_a_duplicate_row(db):
    assert_refused(
        small_file(ENGLAND, NORTH_EAST, NORTH_WEST, AUTHORITIES, AUTHORITIES.splitlines(keepends=True)[0]),
        "Row 8, column AreaCode: E06000001 is already on row 5",
    )


def test_wrong_encoding(db):
    content = small_file(ENGLAND, NORTH_EAST, NORTH_WEST, AUTHORITIES).replace(
        b"Hartlepool", "Hàrtlepool".encode("cp1252")
    )
    with pytest.raises(AreaFileError) as caught:
        areas_import(content=content)
    assert str(caught.value.problems[0]).startswith(
        "Row 5: the file is not UTF-8 text (byte 0xe0 cannot be read)"
    )
    assert not Area.objects.exists()


def test_a_row_with_too_many_cells_and_a_missing_name(db):
    assert_refused(
        small_file(
            ENGLAND,
            NORTH_EAST,
            NORTH_WEST,
            AUTHORITIES.replace("Middlesbrough", ""),
            '"",E06000001,x,2,a,b,c,extra\n',
        ),
        "Row 6, column AreaName: the area has no name",
        "Row 8: the row has more cells than the header",
    )


def test_the_command_reports_what_it_added(db, hierarchy_file):
    out = StringIO()
    call_command("import_areas", str(hierarchy_file), stdout=out)
    lines = out.getvalue().splitlines()
    assert "Added: Trafford (E08000009)" in lines
    assert "Other name added: North West Region → North West (E12000002)" in lines
    assert lines[-1] == "Areas: 163 added, 0 updated, 0 unchanged; 12 other names added."


def test_the_command_refuses_a_bad_file_with_rows_and_reasons(db, tmp_path):
    bad = tmp_path / "areas.csv"
    bad.write_bytes(small_file(ENGLAND, NORTH_EAST, AUTHORITIES))
    with pytest.raises(CommandError) as caught:
        call_command("import_areas", str(bad))
    assert str(caught.value).splitlines() == [
        "areas.csv: 1 problem found; nothing was imported.",
        "  Row 6, column AreaCode: unknown parent: no region lists this authority in its Children",
    ]
    assert not Area.objects.exists()
    with pytest.raises(CommandError, match="cannot be read"):
        call_command("import_areas", str(tmp_path / "missing.csv"))
