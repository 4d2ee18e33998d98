"""The importer on the real published files in ../shared/data/indicators, checked against the files."""

import pytest

from commissioning.needs.benchmark import selectors
from commissioning.needs.files import FileImportError
from commissioning.needs.indicators.importers import indicator_values_import
from commissioning.needs.indicators.mappings import shipped_mapping
from commissioning.needs.models import ImportBatch, Indicator, IndicatorValue, Suppression, Unit
from commissioning.needs.tests.factories import neighbours_of
from commissioning.needs.tests.indicators.conftest import shared_file

# Trafford's ten DfE statistical neighbours, closest first.
NEIGHBOUR_CODES = [
    "E10000015",  # Hertfordshire
    "E08000007",  # Stockport
    "E06000060",  # Buckinghamshire
    "E10000025",  # Oxfordshire
    "E10000030",  # Surrey
    "E09000006",  # Bromley
    "E06000049",  # Cheshire East
    "E10000003",  # Cambridgeshire
    "E10000013",  # Gloucestershire
    "E08000029",  # Solihull
]


def import_file(name: str, mapping: str = "", **options):
    path = shared_file(name)
    text = shipped_mapping(mapping).text if mapping else ""
    return indicator_values_import(
        actor=None, content=path.read_bytes(), file_name=name, mapping=text, **options
    )


def test_looked_after_children_rates_import_with_the_shipped_mapping(areas):
    plan = import_file(
        "ees_cla_number_and_rate_per_10k_children.csv",
        "dfe-children-looked-after-rates",
        accept_suppressed=True,
    )
    assert plan.rows_read == 2520
    assert {p.spec.code: p.rows for p in plan.indicators} == {
        "cla-rate-31-march": 840,
        "cla-starting-rate": 840,
        "cla-ceasing-rate": 840,
    }
    rate = Indicator.objects.get(code="cla-rate-31-march")
    assert (rate.unit, rate.title) == (
        Unit.RATE_PER_10000,
        "Children looked after at 31 March per 10,000 children",
    )
    # The file, 2023: Trafford 350 children looked after out of 55,334, published as 63 per 10,000; England 71.
    trafford = IndicatorValue.objects.get(indicator=rate, area__code="E08000009", period="2023")
    assert (trafford.value, trafford.numerator, trafford.denominator) == (63.0, 350.0, 55334.0)
    assert IndicatorValue.objects.get(indicator=rate, area__code="E92000001", period="2023").value == 71.0
    assert IndicatorValue.objects.get(indicator=rate, area__code="E12000002", period="2023").value == 96.0
    neighbours_of(areas["E08000009"], [areas[code] for code in NEIGHBOUR_CODES])
    result = selectors.benchmark(indicator=rate, area=areas["E08000009"], period="2023")
    # From the file, 2023, the ten neighbours: 36, 76, 39, 59, 39, 47, 72, 47, 67 and 119 per 10,000.
    assert result.neighbour_average.value == pytest.approx(601 / 10)
    assert result.neighbour_count == 10
    assert (result.figure.lower, result.figure.upper) == pytest.approx((56.7983, 70.2386), abs=1e-4)
    assert result.england.value == 71.0


def test_the_same_file_imported_twice_creates_no_duplicates(areas):
    import_file(
        "ees_cla_number_and_rate_per_10k_children.csv",
        "dfe-children-looked-after-rates",
        accept_suppressed=True,
    )
    again = import_file(
        "ees_cla_number_and_rate_per_10k_children.csv",
        "dfe-children-looked-after-rates",
        accept_suppressed=True,
    )
    assert (len(again.to_create), len(again.to_update), again.unchanged) == (0, 0, 2520)
    assert IndicatorValue.objects.count() == 2520
    assert ImportBatch.objects.count() == 2


def test_suppressed_values_in_a_dfe_file_are_refused_unless_stored_as_suppressed(areas):
    with pytest.raises(FileImportError) as caught:
        import_file("ees_cla_number_and_rate_per_10k_children.csv", "dfe-children-looked-after-rates")
    [problem] = caught.value.problems
    assert str(problem).startswith("Row ")
    assert "78 values are suppressed or missing" in str(problem)
    assert not IndicatorValue.objects.exists()
    import_file(
        "ees_cla_number_and_rate_per_10k_children.csv",
        "dfe-children-looked-after-rates",
        accept_suppressed=True,
    )
    suppressed = IndicatorValue.objects.filter(value__isnull=True)
    assert suppressed.count() == 78
    assert set(suppressed.values_list("suppression", flat=True)) <= {s.value for s in Suppression if s.value}
    assert not IndicatorValue.objects.filter(value=0, suppression__gt="").exists()


def test_ehc_plan_timeliness_imports_with_its_breakdowns(areas):
    plan = import_file(
        "ees_sen2_ehcp_timeliness_20_week.csv", "dfe-sen2-ehcp-timeliness", accept_suppressed=True
    )
    assert plan.breakdowns == ["Child or young persons age", "Ethnicity", "Sex"]
    timely = Indicator.objects.get(code="ehcp-issued-within-20-weeks")
    overall = IndicatorValue.objects.get(
        indicator=timely, area__code="E08000009", period="2019", breakdown=""
    )
    # The file, 2019, Trafford, all plans: 198 of 328 issued within 20 weeks, 60.4%.
    assert (overall.value, overall.numerator, overall.denominator) == (60.4, 198.0, 328.0)
    assert IndicatorValue.objects.filter(indicator=timely, breakdown="Sex", category="Female").exists()


def test_the_year_6_obesity_file_imports_when_districts_and_wards_are_left_out(areas):
    with pytest.raises(FileImportError) as caught:
        import_file("trafford_sn_obese_year6.csv", accept_suppressed=True)
    reasons = [str(p) for p in caught.value.problems]
    assert reasons[0].startswith(
        "Row 138, column area_code: 204 district (lower-tier authority) codes are not held"
    )
    plan = import_file("trafford_sn_obese_year6.csv", accept_suppressed=True, skip_unknown_areas=True)
    assert sum(plan.skipped_areas.values()) == 2062 + 21
    assert plan.breakdowns == ["Deprivation quintile"]
    assert "2020/21 - 24/25" in plan.periods
    england = IndicatorValue.objects.filter(area__code="E92000001", breakdown="Deprivation quintile")
    assert england.filter(category="Most deprived quintile").exists()
