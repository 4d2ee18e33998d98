import pytest
from django.core.management import call_command

from commissioning.needs.files import FileImportError
from commissioning.needs.indicators.catalogue import catalogue_load, read_catalogue
from commissioning.needs.models import Indicator, Polarity, Unit


@pytest.fixture
def library(db):
    call_command("load_frameworks", verbosity=0)


def test_the_35_national_indicators_are_in_the_catalogue_linked_to_the_library(library):
    report = catalogue_load()
    assert len(report.added) == 35
    indicators = Indicator.objects.all()
    assert indicators.count() == 35
    assert all(indicator.national_indicator is not None for indicator in indicators)
    neet = Indicator.objects.get(code="ni-117")
    assert neet.national_indicator.ref == "NI 117"
    assert (neet.unit, neet.polarity) == (Unit.PERCENTAGE, Polarity.LOWER_IS_BETTER)
    assert [o.ref for o in neet.outcomes.all()] == ["ECM5"]
    obesity = Indicator.objects.get(code="ni-56")
    assert obesity.import_names == ["Year 6 prevalence of obesity (including severe obesity) | Percentage"]
    assert Indicator.objects.get(code="ni-111").unit == Unit.RATE_PER_100000


def test_loading_again_keeps_an_analysts_changes(library):
    catalogue_load()
    Indicator.objects.filter(code="ni-117").update(title="NEET 16-17 (local wording)")
    report = catalogue_load()
    assert (report.added, report.unchanged) == ([], 35)
    assert Indicator.objects.get(code="ni-117").title == "NEET 16-17 (local wording)"


def test_without_the_library_the_indicators_load_and_are_linked_later(db):
    catalogue_load()
    assert Indicator.objects.filter(national_indicator__isnull=True).count() == 35
    call_command("load_frameworks", verbosity=0)
    report = catalogue_load()
    assert len(report.linked) == 35
    assert not Indicator.objects.filter(national_indicator__isnull=True).exists()


def test_a_bad_catalogue_file_is_refused_with_every_problem(tmp_path, db):
    path = tmp_path / "catalogue.yaml"
    path.write_text(
        "indicators:\n- {code: a, title: A, unit: furlongs, polarity: higher_is_better, frequency: other}\n"
        "- {code: a, title: B, unit: count, polarity: up, frequency: other, colour: red}\n",
        encoding="utf-8",
    )
    with pytest.raises(FileImportError) as caught:
        read_catalogue(path)
    messages = [str(p) for p in caught.value.problems]
    assert messages[0].startswith("Indicator 1 (a): “unit” is “furlongs”; it must be one of")
    assert "Indicator 2 (a): unknown key “colour”." in messages
    assert any(m.startswith("Indicator 2 (a): “polarity” is “up”") for m in messages)
    assert "Indicator 2 (a): the code is used twice." in messages
    assert not Indicator.objects.exists()
