import pytest
from django.core.management import CommandError, call_command

from commissioning.needs.areas.importers import localities_import
from commissioning.needs.areas.readers import AreaFileError
from commissioning.needs.indicators.importers import indicator_values_import
from commissioning.needs.models import Area, AreaType, IndicatorValue

TIDY = (
    "area_code,area_name,period,indicator,measure,unit,value\n"
    "E08000009,Trafford,2024/25,Children in low income families,Percentage,Persons,14.1\n"
    "E05015239,Altrincham,2023/24,Children in low income families,Percentage,Persons,9.5\n"
    "E05015239,Altrincham,2024/25,Children in low income families,Percentage,Persons,9.9\n"
    "E05015240,Ashton upon Mersey,2024/25,Children in low income families,Percentage,Persons,12.0\n"
)


def test_a_tidy_files_ward_rows_become_the_authoritys_localities(areas):
    report = localities_import(content=TIDY, file_name="poverty.csv", authority="E08000009")
    assert len(report.added) == 2
    wards = Area.objects.filter(parent__code="E08000009").order_by("code")
    assert [(w.code, w.name, w.area_type) for w in wards] == [
        ("E05015239", "Altrincham", AreaType.LOCALITY),
        ("E05015240", "Ashton upon Mersey", AreaType.LOCALITY),
    ]
    again = localities_import(content=TIDY, file_name="poverty.csv", authority="E08000009")
    assert (again.added, again.unchanged) == ([], 2)
    indicator_values_import(actor=None, content=TIDY.encode(), file_name="poverty.csv")
    assert IndicatorValue.objects.get(area__code="E05015239", period="2024/25").value == 9.9


def test_a_code_with_two_names_is_refused_and_nothing_added(areas):
    text = "code,name\nE05015239,Altrincham\nE05015239,Broadheath\n"
    with pytest.raises(AreaFileError) as caught:
        localities_import(content=text, authority="E08000009")
    assert [str(p) for p in caught.value.problems] == [
        "Row 3, column name: E05015239 is called “Altrincham” on row 2 and “Broadheath” here"
    ]
    assert not Area.objects.filter(area_type=AreaType.LOCALITY).exists()


def test_the_authority_must_be_loaded_and_the_file_must_hold_localities(areas):
    with pytest.raises(AreaFileError) as caught:
        localities_import(content="code,name\nE05015239,Altrincham\n", authority="E06000999")
    assert "E06000999 is not a children's services authority that is loaded" in str(caught.value)
    with pytest.raises(AreaFileError) as caught:
        localities_import(content="code,name\nE08000009,Trafford\n", authority="E08000009")
    assert "the file has no wards, districts or super output areas" in str(caught.value)
    with pytest.raises(AreaFileError) as caught:
        localities_import(content="ward,label\nE05015239,Altrincham\n", authority="E08000009")
    assert "the file needs a code and a name column" in str(caught.value)


def test_the_command(areas, tmp_path, capsys):
    path = tmp_path / "wards.csv"
    path.write_text("code,name\nE05015239,Altrincham\n", encoding="utf-8")
    call_command("import_localities", str(path), "--of", "E08000009")
    assert "Added: Altrincham (E05015239)" in capsys.readouterr().out
    with pytest.raises(CommandError):
        call_command("import_localities", str(path), "--of", "E99999999")
