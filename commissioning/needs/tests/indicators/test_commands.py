import pytest
from django.core.management import CommandError, call_command

from commissioning.needs.models import ImportBatch, IndicatorValue
from commissioning.needs.tests.indicators.conftest import shared_file


def test_import_indicators_with_a_shipped_mapping_by_name(areas, capsys):
    path = shared_file("ees_cla_number_and_rate_per_10k_children.csv")
    call_command(
        "import_indicators", str(path), "--mapping", "dfe-children-looked-after-rates", "--accept-suppressed"
    )
    out = capsys.readouterr().out
    assert "New indicator: cla-rate-31-march — Children looked after at 31 March per 10,000 children" in out
    assert "2,520 rows read; values: 2,520 new, 0 changed, 0 unchanged, 78 stored as suppressed" in out
    assert IndicatorValue.objects.count() == 2520


def test_a_dry_run_writes_nothing(areas, capsys):
    path = shared_file("trafford_sn_cla_health_assessment.csv")
    call_command("import_indicators", str(path), "--dry-run")
    assert capsys.readouterr().out.startswith(
        "New indicator: children-looked-after-who-had-their-annual-health"
    )
    assert not IndicatorValue.objects.exists()
    assert not ImportBatch.objects.exists()


def test_a_refused_file_reports_its_problems(areas, tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text("area_code,area_name,period,indicator,measure,unit,value\nE06000999,X,2024,A,Count,P,1\n")
    with pytest.raises(CommandError) as caught:
        call_command("import_indicators", str(path))
    assert str(caught.value).startswith("bad.csv: 1 problem found; nothing was imported.")
    assert "Row 2, column area_code: No area has the code E06000999." in str(caught.value)


def test_an_unknown_mapping_is_refused(areas, tmp_path):
    path = tmp_path / "file.csv"
    path.write_text("time_period,geographic_level\n2024,National\n")
    with pytest.raises(CommandError) as caught:
        call_command("import_indicators", str(path), "--mapping", "no-such-mapping")
    assert "The mapping “no-such-mapping” is neither a file nor a mapping shipped" in str(caught.value)


def test_load_indicator_catalogue(db, capsys):
    call_command("load_indicator_catalogue")
    assert "Indicators catalogue: 35 added" in capsys.readouterr().out
