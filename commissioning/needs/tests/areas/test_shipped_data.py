"""The areas shipped with the product: what they hold, that loading is idempotent and all or nothing, and
that every local authority code and name in the shared DfE, OHID and Trafford files resolves to an area."""

import csv
from datetime import date
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from commissioning.needs.areas.importers import areas_load
from commissioning.needs.areas.readers import DATA_FILE, AreaFileError
from commissioning.needs.areas.selectors import AreaNotFound, AreaResolver
from commissioning.needs.models import Area, AreaAlias, AreaType, AuthorityKind
from commissioning.needs.tests.areas.conftest import SHARED_DATA, shared_file

LA_PREFIXES = ("E92", "E12", "E13", "E06", "E08", "E09", "E10")


def test_it_holds_england_the_regions_and_the_153_current_authorities(areas):
    current = Area.objects.filter(area_type=AreaType.LOCAL_AUTHORITY, end_date__isnull=True)
    assert current.count() == 153
    assert {a.authority_kind for a in current} == {kind.value for kind in AuthorityKind}
    assert all(a.authority_kind == a.code[:3] for a in current)
    assert all(a.parent.area_type == AreaType.REGION and a.parent.code.startswith("E12") for a in current)
    england = areas["E92000001"]
    assert england.area_type == AreaType.COUNTRY
    regions = Area.objects.filter(area_type=AreaType.REGION, parent=england)
    assert sorted(r.name for r in regions) == [
        "East Midlands",
        "East of England",
        "London",
        "North East",
        "North West",
        "South East",
        "South West",
        "West Midlands",
        "Yorkshire and The Humber",
    ]
    assert {a.code for a in Area.objects.filter(parent=areas["E12000007"])} >= {"E13000001", "E13000002"}


def test_authorities_have_their_dfe_codes_and_regions(areas):
    trafford = areas["E08000009"]
    assert (trafford.name, trafford.old_la_code, trafford.parent.name) == ("Trafford", "358", "North West")
    assert trafford.authority_kind == AuthorityKind.METROPOLITAN
    assert areas["E10000015"].old_la_code == "919"
    assert areas["E09000001"].name == "City of London"
    assert areas["E09000001"].parent.code == "E12000007"


@pytest.mark.parametrize(
    ("former", "successors", "ended"),
    [
        ("E06000028", {"E06000058"}, date(2019, 4, 1)),
        ("E06000029", {"E06000058"}, date(2019, 4, 1)),
        ("E10000009", {"E06000059"}, date(2019, 4, 1)),
        ("E10000002", {"E06000060"}, date(2020, 4, 1)),
        ("E10000021", {"E06000061", "E06000062"}, date(2021, 4, 1)),
        ("E10000006", {"E06000063", "E06000064"}, date(2023, 4, 1)),
        ("E10000023", {"E06000065"}, date(2023, 4, 1)),
        ("E10000027", {"E06000066"}, date(2023, 4, 1)),
        ("E08000020", {"E08000037"}, date(2013, 4, 1)),
        ("E06000048", {"E06000057"}, date(2013, 4, 1)),
    ],
)
def test_former_authorities_stay_with_their_end_dates_and_successors(areas, former, successors, ended):
    area = areas[former]
    assert not area.is_current
    assert area.end_date == ended
    assert {s.code for s in area.successors.all()} == successors
    for code in successors:
        assert areas[code].is_current
        assert area in areas[code].predecessors.all()


def test_dfe_codes_kept_after_a_reorganisation_are_on_both_codes(areas):
    assert areas["E10000002"].old_la_code == areas["E06000060"].old_la_code == "825"
    assert areas["E10000023"].old_la_code == areas["E06000065"].old_la_code == "815"
    assert areas["E10000009"].old_la_code == "835"
    assert areas["E06000059"].old_la_code == "838"


def test_other_names_used_by_dfe_ohid_and_trafford_are_aliases(areas):
    aliases = {a.name: (a.area.code, a.source) for a in AreaAlias.objects.select_related("area")}
    assert aliases["Bedford Borough"][0] == "E06000055"
    assert aliases["Durham"][0] == "E06000047"
    assert aliases["Bristol"][0] == "E06000023"
    assert aliases["Kingston upon Hull"][0] == "E06000010"
    assert aliases["Herefordshire"][0] == "E06000019"
    assert aliases["North Yorkshire UA"][0] == "E06000065"
    assert aliases["Yorkshire and the Humber Region"][0] == "E12000003"
    assert "DfE statistical neighbours" in aliases["Bedford Borough"][1]
    assert areas["E06000023"].name == "Bristol, City of"


def test_loading_again_changes_nothing(areas):
    report = areas_load()
    assert (report.added, report.updated, report.aliases_added) == ([], [], [])
    assert report.unchanged == Area.objects.count() == 175


def test_loading_again_puts_back_what_the_shipped_data_says(areas):
    trafford = areas["E08000009"]
    Area.objects.filter(pk=trafford.pk).update(name="Trafford Council", old_la_code="999")
    areas["E10000021"].successors.clear()
    report = areas_load()
    trafford.refresh_from_db()
    assert (trafford.name, trafford.old_la_code) == ("Trafford", "358")
    assert report.updated == ["Trafford (E08000009): name, old la code"]
    assert areas["E10000021"].successors.count() == 2


def test_a_bad_data_file_loads_nothing(db, tmp_path):
    text = DATA_FILE.read_text(encoding="utf-8")
    bad = tmp_path / "areas.yaml"
    bad.write_text(
        text.replace("code: E08000009", "code: E0800009X").replace(
            "parent: E12000009", "parent: E12999999", 1
        )
    )
    with pytest.raises(AreaFileError) as caught:
        areas_load(path=bad)
    messages = [str(p) for p in caught.value.problems]
    assert any("E0800009X" in m and "letter and eight digits" in m for m in messages)
    assert any("E12999999 is not in the file" in m for m in messages)
    assert Area.objects.count() == 0


def test_an_alias_another_area_already_has_stops_the_load(areas):
    AreaAlias.objects.filter(name="Durham").update(area=areas["E06000001"])
    with pytest.raises(AreaFileError) as caught:
        areas_load()
    assert "“Durham” of E06000047 already belongs to E06000001" in str(caught.value)


def test_the_command_loads_and_reports(db):
    out = StringIO()
    call_command("load_areas", stdout=out)
    assert out.getvalue().strip() == "Areas: 175 added, 0 updated, 0 unchanged; 17 other names added."
    out = StringIO()
    call_command("load_areas", stdout=out)
    assert "0 added, 0 updated, 175 unchanged" in out.getvalue()


def test_the_command_refuses_a_bad_file(db, tmp_path):
    bad = tmp_path / "areas.yaml"
    bad.write_text("- code: nonsense\n  name: ''\n  type: planet\n")
    with pytest.raises(CommandError) as caught:
        call_command("load_areas", file=str(bad))
    assert "nothing was changed" in str(caught.value)
    assert "the type must be country, region or local_authority" in str(caught.value)
    assert Area.objects.count() == 0


# Every code and name in the shared files --------------------------------------------------------------


def _rows(path):
    with open(path, encoding="utf-8-sig", newline="") as handle:
        yield from csv.DictReader(handle)


def _related(resolver, first, second) -> bool:
    """The same area, or one replaced the other."""
    return (
        first.pk == second.pk
        or second in resolver.successors_of(first)
        or first in resolver.successors_of(second)
    )


def _year_end(period: str) -> date:
    return date(int(period[:4]), 3, 31)


def test_every_authority_code_and_name_in_the_dfe_files_resolves(areas):
    resolver = AreaResolver.build()
    files = sorted(shared_file(SHARED_DATA).glob("ees_*.csv"))
    assert files
    checked = set()
    for path in files:
        for row in _rows(path):
            if row.get("new_la_code"):
                key = (row["new_la_code"], row["old_la_code"], row["la_name"], row["time_period"])
                if key in checked:
                    continue
                checked.add(key)
                by_code = resolver.by_code(row["new_la_code"])
                on = _year_end(row["time_period"])
                by_dfe = resolver.by_dfe_code(row["old_la_code"], on=on)
                by_name = resolver.by_name(row["la_name"], on=on)
                assert _related(resolver, by_code, by_dfe), (path.name, key)
                assert _related(resolver, by_code, by_name), (path.name, key)
            for code_column, name_column in (
                ("region_code", "region_name"),
                ("country_code", "country_name"),
            ):
                if row.get(code_column):
                    area = resolver.by_code(row[code_column])
                    assert resolver.by_name(row[name_column]) == area
    assert len({key[0] for key in checked}) == 159


def test_every_authority_code_and_name_in_the_trafford_files_resolves(areas):
    resolver = AreaResolver.build()
    files = sorted(shared_file(SHARED_DATA).glob("trafford_*.csv"))
    assert len(files) == 9
    codes = set()
    for path in files:
        for row in _rows(path):
            code = row["area_code"]
            if not code.startswith(LA_PREFIXES):
                continue
            codes.add(code)
            assert _related(resolver, resolver.by_code(code), resolver.by_name(row["area_name"])), (
                path.name,
                row,
            )
    assert {"E92000001", "E08000009", "E06000065", "E06000066", "E06000028", "E06000029"} <= codes


def test_districts_and_wards_in_the_trafford_files_are_explained(areas):
    resolver = AreaResolver.build()
    lower_tier = {
        row["area_code"]
        for row in _rows(shared_file(SHARED_DATA / "trafford_sn_obese_year6.csv"))
        if row["area_code"].startswith(("E05", "E07"))
    }
    assert lower_tier
    for code in lower_tier:
        with pytest.raises(AreaNotFound, match="--localities-of"):
            resolver.by_code(code)


def test_every_area_of_the_fingertips_hierarchy_resolves(areas):
    resolver = AreaResolver.build()
    wanted = {"england", "regions", "counties-and-unitary-authorities"}
    rows = [
        r
        for r in _rows(shared_file(SHARED_DATA / "fingertipsnext_areas_hierarchy.csv"))
        if r["AreaTypeCode"] in wanted
    ]
    assert len(rows) == 163
    for row in rows:
        assert resolver.by_name(row["AreaName"]) == resolver.by_code(row["AreaCode"]), row["AreaName"]


def test_every_name_in_the_neighbours_file_is_a_current_authority(areas):
    resolver = AreaResolver.build(area_types=[AreaType.LOCAL_AUTHORITY], current_only=True)
    with open(
        shared_file(SHARED_DATA / "dfe_cs_statistical_neighbours_wide.csv"), encoding="utf-8-sig"
    ) as handle:
        names = {cell for row in csv.reader(handle) for cell in row if cell}
    assert len(names) == 153
    assert {resolver.by_name(name).code for name in names} == {
        a.code for a in Area.objects.filter(area_type=AreaType.LOCAL_AUTHORITY, end_date__isnull=True)
    }
