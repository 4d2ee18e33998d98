"""Tidy files (area_code, area_name, period, indicator, measure, unit, value): checked whole, written all or
nothing, idempotent, and each bad input refused with its row, column and reason."""

import pytest

from commissioning.needs.files import FileImportError
from commissioning.needs.indicators.importers import indicator_values_check, indicator_values_import
from commissioning.needs.models import (
    ImportBatch,
    Indicator,
    IndicatorValue,
    IndicatorValueChange,
    Suppression,
    Unit,
)
from commissioning.needs.tests.factories import IndicatorFactory

HEADER = "area_code,area_name,period,indicator,measure,unit,value\n"
GOOD = HEADER + (
    "E08000009,Trafford,2022/23,Children cautioned or sentenced,Count,Children,57\n"
    "E08000009,Trafford,2023/24,Children cautioned or sentenced,Count,Children,49\n"
    'E08000009,Trafford,2023/24,Children cautioned or sentenced,"Per 10,000 aged 10-17",Children,21.3\n'
    "E08000007,Stockport,2023/24,Children cautioned or sentenced,Count,Children,NA\n"
    'E92000001,England,2023/24,Children cautioned or sentenced,Count,Children,"13,663"\n'
)


def run(text: str, **options):
    return indicator_values_import(actor=None, content=text.encode("utf-8"), file_name="file.csv", **options)


def problems_of(text: str, **options) -> list[str]:
    with pytest.raises(FileImportError) as caught:
        run(text, **options)
    return [str(problem) for problem in caught.value.problems]


def test_a_tidy_file_creates_its_indicators_with_codes_derived_from_the_text(areas):
    plan = run(GOOD, accept_suppressed=True)
    created = {p.spec.code: (p.title, p.spec.unit) for p in plan.new_indicators}
    assert created == {
        "children-cautioned-or-sentenced-count": ("Children cautioned or sentenced (count)", Unit.COUNT),
        "children-cautioned-or-sentenced-per-10000-aged-10-17": (
            "Children cautioned or sentenced (per 10,000 aged 10-17)",
            Unit.RATE_PER_10000,
        ),
    }
    count = Indicator.objects.get(code="children-cautioned-or-sentenced-count")
    assert count.import_names == ["children cautioned or sentenced | count"]
    values = {
        (v.area.code, v.period): (v.value, v.suppression, v.period_sort)
        for v in IndicatorValue.objects.filter(indicator=count).select_related("area")
    }
    assert values == {
        ("E08000009", "2022/23"): (57.0, "", 2022),
        ("E08000009", "2023/24"): (49.0, "", 2023),
        ("E08000007", "2023/24"): (None, Suppression.MISSING, 2023),
        ("E92000001", "2023/24"): (13663.0, "", 2023),
    }
    batch = ImportBatch.objects.get()
    assert (batch.rows_read, batch.created_count, batch.suppressed_count) == (5, 5, 1)
    assert batch.indicators_created == sorted(created)


def test_missing_values_are_refused_unless_stored_as_suppressed(areas):
    assert problems_of(GOOD) == [
        "Row 5, column value: 1 value is suppressed or missing (NA or blank (missing): 1); this is the first. "
        "Choose to store suppressed values as suppressed (--accept-suppressed) to import them: they are kept as "
        "suppressed, never as 0."
    ]
    assert not IndicatorValue.objects.exists()
    assert not Indicator.objects.exists()


def test_importing_the_same_file_again_changes_nothing(areas):
    run(GOOD, accept_suppressed=True)
    again = run(GOOD, accept_suppressed=True)
    assert (len(again.to_create), len(again.to_update), again.unchanged) == (0, 0, 5)
    assert not again.new_indicators
    assert again.imported_before is not None
    assert IndicatorValue.objects.count() == 5
    assert not IndicatorValueChange.objects.exists()


def test_a_changed_value_is_updated_and_its_old_value_kept(areas):
    run(GOOD, accept_suppressed=True)
    revised = GOOD.replace("Children,49", "Children,48").replace("Children,NA", "Children,61")
    plan = run(revised, accept_suppressed=True)
    assert (len(plan.to_create), len(plan.to_update), plan.unchanged) == (0, 2, 3)
    changes = {
        (c.value.area.code, c.old_value, c.new_value, c.old_suppression, c.new_suppression)
        for c in IndicatorValueChange.objects.select_related("value__area")
    }
    assert changes == {
        ("E08000009", 49.0, 48.0, "", ""),
        ("E08000007", None, 61.0, Suppression.MISSING, ""),
    }
    assert (
        IndicatorValue.objects.get(area__code="E08000009", period="2023/24", indicator__unit=Unit.COUNT).value
        == 48
    )
    assert all(c.batch == plan.batch for c in IndicatorValueChange.objects.all())


def test_a_file_naming_a_catalogue_indicator_imports_into_it(areas):
    neet = IndicatorFactory(
        code="ni-117",
        title="NEET",
        unit=Unit.PERCENTAGE,
        import_names=["Not in education, employment or training (NEET)(16-17 years old) | Percentage"],
    )
    text = HEADER + (
        'E08000009,Trafford,2024,"Not in education, employment or training (NEET)(16-17 years old)",'
        "Percentage,Persons,2.4\n"
    )
    plan = run(text)
    assert not plan.new_indicators
    assert IndicatorValue.objects.get(indicator=neet).value == 2.4


@pytest.mark.parametrize(
    ("row", "expected"),
    [
        (
            "E08000009,Trafford,2023/24,Pupils,Percentage,Persons,abc",
            "Row 2, column value: “abc” is not a number, nor one of the markers for a missing or suppressed value "
            "(x, c, z, low, NA).",
        ),
        (
            "E08000009,Trafford,2023/24,Pupils,Percentage,Persons,104.2",
            "Row 2, column value: 104.2 is more than 100, and the indicator is a percentage.",
        ),
        (
            "E08000009,Trafford,2023/24,Pupils,Percentage,Persons,-3",
            "Row 2, column value: -3 is negative; a value here cannot be.",
        ),
        (
            "E08000009,Trafford,last year,Pupils,Percentage,Persons,3",
            "Row 2, column period: “last year” is not a period this import understands.",
        ),
        (
            "E06000999,Nowhere,2023/24,Pupils,Percentage,Persons,3",
            "Row 2, column area_code: No area has the code E06000999. Or choose to leave out rows for areas that "
            "are not held (--skip-unknown-areas).",
        ),
        (
            "E08000009,Trafford,2023/24,Pupils,Furlongs,Persons,3",
            "Row 2, column measure: “Furlongs” is not a measure this import understands for “Pupils”.",
        ),
        (
            "E08000009,Trafford,2023/24,Pupils,Percentage,Persons",
            "Row 2: the row has 6 cells; the header has 7.",
        ),
    ],
)
def test_each_bad_row_is_refused_with_its_row_column_and_reason(areas, row, expected):
    [problem] = problems_of(HEADER + row + "\n")
    assert problem.startswith(expected)
    assert not IndicatorValue.objects.exists()
    assert not Indicator.objects.exists()
    assert not ImportBatch.objects.exists()


def test_a_duplicate_row_is_refused(areas):
    row = "E08000009,Trafford,2023/24,Pupils,Percentage,Persons,3\n"
    assert problems_of(HEADER + row + row) == [
        "Row 3: this row repeats row 2 (the same indicator, area and period)."
    ]


def test_a_file_that_is_not_utf8_is_refused(areas):
    content = (HEADER + "E08000009,Trafford,2023/24,Caf\u00e9s,Percentage,Persons,3\n").encode("latin-1")
    with pytest.raises(FileImportError) as caught:
        indicator_values_import(actor=None, content=content, file_name="latin.csv")
    assert str(caught.value.problems[0]) == (
        "Row 2: the file is not UTF-8 text (byte 0xe9 cannot be read). Save it as “CSV UTF-8” and try again."
    )


def test_a_missing_column_is_refused(areas):
    text = (
        "area_code,area_name,period,indicator,measure,value\nE08000009,Trafford,2023/24,Pupils,Percentage,3\n"
    )
    assert problems_of(text) == ["Row 1, column unit: the column “unit” is missing."]


def test_a_file_of_another_kind_is_refused(areas):
    [problem] = problems_of("name,score\nTrafford,3\n")
    assert problem.startswith("Row 1: the header is neither a tidy file's")


def test_one_bad_row_among_good_ones_writes_nothing(areas):
    text = GOOD.replace("Children,57", "Children,fifty-seven")
    problems = problems_of(text, accept_suppressed=True)
    assert problems == [
        "Row 2, column value: “fifty-seven” is not a number, nor one of the markers for a missing or suppressed "
        "value (x, c, z, low, NA)."
    ]
    assert not IndicatorValue.objects.exists()


def test_rows_for_areas_not_held_can_be_left_out_and_are_listed(areas):
    text = GOOD + "E05015239,Altrincham,2023/24,Children cautioned or sentenced,Count,Children,3\n"
    [problem] = problems_of(text, accept_suppressed=True)
    assert problem.startswith(
        "Row 7, column area_code: 1 electoral ward code is not held (E05015239; 1 rows;"
    )
    plan = run(text, accept_suppressed=True, skip_unknown_areas=True)
    assert plan.notes() == ["1 rows for areas that are not held were left out: E05015239 (1)."]
    assert ImportBatch.objects.get().skipped_count == 1
    assert IndicatorValue.objects.count() == 5


def test_the_check_writes_nothing(areas):
    plan = indicator_values_check(content=GOOD.encode(), file_name="file.csv", accept_suppressed=True)
    assert (len(plan.to_create), plan.areas, plan.periods) == (5, 3, ["2022/23", "2023/24"])
    assert not Indicator.objects.exists()
    assert not ImportBatch.objects.exists()


def test_an_inequality_column_becomes_a_breakdown(areas):
    text = (
        "area_code,area_name,area_type,period,indicator,measure,unit,value,compared_to_England,inequality\n"
        "E92000001,England,Country,2024/25,Obesity,Percentage,Persons,31.4,NA,Most deprived quintile\n"
        "E92000001,England,Country,2024/25,Obesity,Percentage,Persons,13.9,NA,Least deprived quintile\n"
        "E92000001,England,Country,2024/25,Obesity,Percentage,Persons,22.1,NA,NA\n"
    )
    plan = run(text)
    assert plan.breakdowns == ["Deprivation quintile"]
    rows = set(IndicatorValue.objects.values_list("breakdown", "category", "value"))
    assert rows == {
        ("Deprivation quintile", "Most deprived quintile", 31.4),
        ("Deprivation quintile", "Least deprived quintile", 13.9),
        ("", "", 22.1),
    }
