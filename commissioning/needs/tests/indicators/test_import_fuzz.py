"""Fuzzing the indicator imports (tidy files, DfE Explore Education Statistics files through a mapping, and
the mapping files themselves): whatever they hold, the import never fails with an unexpected error (nor the
upload or preview page with a server error), a bad file is refused with its row, column and reason, nothing is
written, not even the updates of its good rows, and a staged import is not confirmed; and good generated rows
are imported."""

import pytest
import yaml
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from commissioning.core.tests.fuzzing import (
    FORMULAS,
    NASTY_YAML,
    NOT_NUMBERS,
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
    yaml_values,
)
from commissioning.needs.files import FileImportError
from commissioning.needs.indicators import services
from commissioning.needs.indicators.catalogue import catalogue_load
from commissioning.needs.indicators.importers import indicator_values_import
from commissioning.needs.indicators.mapping import Mapping, read_mappings
from commissioning.needs.indicators.mappings import shipped_mapping
from commissioning.needs.indicators.periods import normalise_period
from commissioning.needs.indicators.readers import TIDY_COLUMNS
from commissioning.needs.models import (
    Area,
    AreaType,
    ImportBatch,
    Indicator,
    IndicatorValue,
    IndicatorValueChange,
    StagedImport,
    Unit,
)
from commissioning.needs.tests.factories import AreaFactory, IndicatorFactory, IndicatorValueFactory

HEADER = list(TIDY_COLUMNS)
EXISTING_CODE = "children-cautioned-or-sentenced-count"
TOUCHED = (Indicator, IndicatorValue, IndicatorValueChange, ImportBatch, StagedImport, Area)
AREAS = {"E08000009": "Trafford", "E08000007": "Stockport", "E92000001": "England", "E10000015": "Herts"}
INDICATORS = {  # measure: (indicator, the largest value)
    "Percentage": ("Pupils with good development", 100),
    "Count": ("Children cautioned or sentenced", 10**9),
    "Per 10,000 aged 10-17": ("Children cautioned or sentenced", 10**4),
    "Score": ("Average attainment 8 score", 90),
}

BAD_CELLS = {
    "area_code": ("", "E99999999", "XYZ", "E05000001", "=1+1"),
    "period": ("", "0000", "9999/00", "0000 Q1", "2019/21", "yesterday", "2020/21 - 19/20", "P" * 40),
    "indicator": ("", *FORMULAS),
    "measure": ("", "Furlongs", "Per 7", "=cmd|' /C calc'!A0"),
    "value": (*NOT_NUMBERS, "-1", "", "x", "c", "1e309"),
}
ANYWHERE = (*NUL_TEXT, OVER_CSV_LIMIT)
BAD_ROW = {
    "area_code": "E08000009",
    "area_name": "Trafford",
    "period": "2023/24",
    "indicator": "Children cautioned or sentenced",
    "measure": "Count",
    "unit": "Children",
    "value": "57",
}


@pytest.fixture
def held(db):
    """The areas the files name, and one indicator with a figure (Trafford, 2023/24: 40) that a file may change."""
    areas = {
        code: AreaFactory(
            code=code, name=name, area_type=area_type, authority_kind=code[:3] if code[1] != "9" else ""
        )
        for code, name, area_type in (
            ("E92000001", "England", AreaType.COUNTRY),
            ("E08000009", "Trafford", AreaType.LOCAL_AUTHORITY),
            ("E08000007", "Stockport", AreaType.LOCAL_AUTHORITY),
            ("E10000015", "Hertfordshire", AreaType.LOCAL_AUTHORITY),
        )
    }
    areas["E08000009"].old_la_code = "358"
    areas["E08000009"].save()
    indicator = IndicatorFactory(
        code=EXISTING_CODE,
        title="Children cautioned or sentenced (count)",
        unit=Unit.COUNT,
        import_names=["children cautioned or sentenced | count"],
    )
    IndicatorValueFactory(indicator=indicator, area=areas["E08000009"], period="2023/24", value=40.0)
    return areas


def snapshot() -> list[tuple]:
    return list(IndicatorValue.objects.order_by("pk").values_list("pk", "value", "suppression", "batch_id"))


def as_csv(rows: list[dict], header: list[str] = HEADER) -> bytes:
    return csv_bytes(header, [[row.get(column, "") for column in header] for row in rows])


def refused(content: bytes, **options) -> list:
    """The problems the import gives, checking that it writes nothing (and undoing what it wrote if it did)."""
    with rolled_back():
        before, figures = counts(*TOUCHED), snapshot()
        with pytest.raises(FileImportError) as excinfo:
            indicator_values_import(actor=None, content=content, file_name="figures.csv", **options)
        assert counts(*TOUCHED) == before and snapshot() == figures
    problems = excinfo.value.problems
    assert problems and all(problem.reason.strip() for problem in problems)
    return problems


def assert_points_at(problems, row: int, column: str, cell: str) -> None:
    columns = (column, "") if cell in ANYWHERE else (column,)
    found = [p for p in problems if p.row == row and p.column in columns]
    assert found, f"no problem at row {row}, column {column} for {cell[:40]!r}: {problems}"


@st.composite
def good_rows(draw, *, min_size: int = 1, max_size: int = 5, markers: bool = False) -> list[dict]:
    """Rows the import accepts, each for a different indicator, area and period."""
    keys = draw(
        st.lists(
            st.tuples(
                st.sampled_from(sorted(INDICATORS)),
                st.sampled_from(sorted(AREAS)),
                st.integers(2000, 2030),
                st.sampled_from(["{}", "{}/{:02d}", "{}-{:02d}", "{} Q2"]),
            ),
            min_size=min_size,
            max_size=max_size,
            unique_by=lambda key: (key[0], key[1], key[2]),
        )
    )
    rows = []
    for measure, code, year, period in keys:
        indicator, largest = INDICATORS[measure]
        lowest = -largest if measure == "Score" else 0
        number = draw(st.floats(lowest, largest, allow_nan=False).map(lambda n: round(n, 3)))
        value = draw(st.sampled_from([f"{number}", f"{number:,}", f" {number} "]))
        if markers:
            value = draw(st.sampled_from([value, "x", "c", "z", "low", "NA", ""]))
        rows.append(
            {
                "area_code": draw(st.sampled_from([code, code.lower(), f" {code}"])),
                "area_name": AREAS[code],
                "period": period.format(year, (year + 1) % 100),
                "indicator": indicator,
                "measure": measure,
                "unit": "Persons",
                "value": value,
            }
        )
    return rows


@st.composite
def file_with_one_bad_cell(draw, *, anywhere: tuple = ANYWHERE):
    rows = draw(
        good_rows(min_size=0, max_size=3).filter(lambda rows: all(r["measure"] != "Count" for r in rows))
    )
    column = draw(st.sampled_from(sorted(BAD_CELLS)))
    cell = draw(st.sampled_from(BAD_CELLS[column] + anywhere))
    at = draw(st.integers(0, len(rows)))
    rows.insert(at, BAD_ROW | {column: cell})
    return rows, at + 2, column, cell


def test_every_bad_cell_of_a_tidy_file_is_refused_in_its_column(held):
    """Each bad cell of each column, after a row that changes a figure held; every failure listed at once."""
    failures = []
    changed = BAD_ROW | {"period": "2023/24", "value": "41"}
    for column, cells in BAD_CELLS.items():
        for cell in (*cells, *(ANYWHERE if column in ("indicator", "value") else ())):
            content = as_csv([changed, BAD_ROW | {"period": "2022/23", column: cell}])
            try:
                assert_points_at(refused(content), 3, column, cell)
            except (Exception, pytest.fail.Exception) as exc:
                failures.append(f"{column} {cell[:40]!r}: {type(exc).__name__}: {str(exc)[:300]}")
    assert not failures, "\n".join(failures)


@fuzz_settings(max_examples=30)
@given(case=file_with_one_bad_cell())
def test_one_bad_cell_refuses_the_whole_tidy_file(held, case):
    rows, row, column, cell = case
    assert_points_at(refused(as_csv(rows)), row, column, cell)


@pytest.mark.parametrize(
    ("indicator", "measure"),
    [("!!!", "%"), ("…", "Count"), ("-", "Percentage")],
    ids=["no-code", "ellipsis", "dash"],
)
def test_an_indicator_without_letters_or_digits_is_refused(held, indicator, measure):
    row = BAD_ROW | {"indicator": indicator, "measure": measure}
    assert_points_at(refused(as_csv([row])), 2, "indicator", indicator)


@pytest.mark.parametrize("mapping", ["", "dfe-children-looked-after-rates"])
def test_a_header_without_rows_is_refused(held, mapping):
    header = EES_HEADER if mapping else HEADER
    text = shipped_mapping(mapping).text if mapping else ""
    problems = refused(as_csv([], header=header), mapping=text)
    assert problems[0].reason == "the file has a header but no rows of figures."


@pytest.mark.parametrize(
    ("column", "cell"),
    [
        ("breakdown", "B" * 101),
        ("category", "C" * 201),
        ("breakdown", "=cmd|' /C calc'!A0"),
        ("category", "@SUM(1)"),
    ],
)
def test_a_breakdown_the_figures_cannot_hold_is_refused(held, column, cell):
    header = [*HEADER, "breakdown", "category"]
    row = BAD_ROW | {"breakdown": "Sex", "category": "Female", column: cell}
    assert_points_at(refused(as_csv([row], header=header)), 2, column, cell)


@fuzz_settings(max_examples=30)
@given(
    content=st.one_of(
        st.binary(max_size=600),
        empty_files(),
        wrongly_encoded(
            "area_code,area_name,period,indicator,measure,unit,value\nE08000009,Trafford,2023,Café,Count,£,1\n"
        ),
        st.lists(
            st.sampled_from([*HEADER, "time_period", "geographic_level", "Area Code", ""]), max_size=9
        ).map(lambda header: (",".join(header) + "\n").encode()),
    ),
    mapping=st.sampled_from(["", "dfe-children-looked-after-rates"]),
)
def test_any_bytes_are_refused_with_a_reason(held, content, mapping):
    text = shipped_mapping(mapping).text if mapping else ""
    refused(content, mapping=text)


@st.composite
def wrong_tidy_headers(draw) -> list[str]:
    header = list(HEADER)
    change = draw(st.sampled_from(["missing", "duplicated", "renamed"]))
    if change == "missing":
        header.remove(draw(st.sampled_from(["period", "measure", "value", "area_code", "indicator"])))
    elif change == "duplicated":
        header.insert(draw(st.integers(0, len(header))), draw(st.sampled_from(HEADER)))
    else:
        name = draw(st.sampled_from(["period", "measure", "value", "area_name", "unit"]))
        header[header.index(name)] = draw(st.sampled_from([name.upper(), name + "s", f"{name} "[:-1] + "_x"]))
    return header


@fuzz_settings(max_examples=20)
@given(header=wrong_tidy_headers(), rows=good_rows(max_size=2))
def test_a_wrong_header_is_refused_on_row_1(held, header, rows):
    problems = refused(as_csv(rows, header=header))
    assert any(problem.row == 1 for problem in problems), problems


@fuzz_settings(max_examples=25)
@given(rows=good_rows(max_size=6, markers=True))
def test_good_tidy_rows_are_all_imported(held, rows):
    with rolled_back():
        before = IndicatorValue.objects.count()
        plan = indicator_values_import(
            actor=None, content=as_csv(rows), file_name="figures.csv", accept_suppressed=True
        )
        assert plan.value_count == len(rows)
        updated = sum(
            1
            for r in rows
            if r["measure"] == "Count"
            and r["area_code"].strip().upper() == "E08000009"
            and normalise_period(r["period"]).label == "2023/24"
        )
        assert IndicatorValue.objects.count() == before + len(rows) - updated
        assert ImportBatch.objects.filter(pk=plan.batch.pk, rows_read=len(rows)).exists()


# DfE Explore Education Statistics files, with a shipped mapping ------------------------------------------------

EES_HEADER = [
    "time_period",
    "time_identifier",
    "geographic_level",
    "country_code",
    "country_name",
    "region_code",
    "region_name",
    "old_la_code",
    "la_name",
    "new_la_code",
    "population_count",
    "population_estimate",
    "number",
    "rate_per_10000",
]
EES_ROW = dict(
    zip(
        EES_HEADER,
        [
            "2023",
            "Reporting year",
            "Local authority",
            "E92000001",
            "England",
            "E12000002",
            "North West",
            "358",
            "Trafford",
            "E08000009",
            "Children looked after at 31 March each year",
            "55334",
            "350",
            "63",
        ],
        strict=True,
    )
)
EES_BAD_CELLS = {
    "time_period": ("", "0000", "99999", "202325", "2023/25", "twenty"),
    "new_la_code": ("E99999999", "E05000001"),
    "rate_per_10000": (*NOT_NUMBERS, "-5", ""),
    "number": ("-1", "lots", "NaN"),
    "population_estimate": ("many", "inf"),
}


@pytest.fixture
def cla_mapping() -> str:
    return shipped_mapping("dfe-children-looked-after-rates").text


def test_every_bad_cell_of_a_dfe_file_is_refused_in_its_column(held, cla_mapping):
    failures = []
    good = EES_ROW | {"population_count": "Children starting to be looked after each year"}
    for column, cells in EES_BAD_CELLS.items():
        for cell in (*cells, *(ANYWHERE if column == "rate_per_10000" else ())):
            content = as_csv([good, EES_ROW | {column: cell}], header=EES_HEADER)
            try:
                assert_points_at(refused(content, mapping=cla_mapping), 3, column, cell)
            except (Exception, pytest.fail.Exception) as exc:
                failures.append(f"{column} {cell[:40]!r}: {type(exc).__name__}: {str(exc)[:300]}")
    assert not failures, "\n".join(failures)


@fuzz_settings(max_examples=20)
@given(
    column=st.sampled_from(sorted(EES_BAD_CELLS)),
    data=st.data(),
    goods=st.lists(st.sampled_from(["E08000009", "E08000007", "E10000015"]), max_size=3, unique=True),
)
def test_one_bad_cell_refuses_the_whole_dfe_file(held, cla_mapping, column, data, goods):
    cell = data.draw(st.sampled_from(EES_BAD_CELLS[column]))
    rows = [
        EES_ROW
        | {
            "new_la_code": code,
            "old_la_code": "",
            "population_count": "Children ceasing to be looked after each year",
        }
        for code in goods
    ]
    at = data.draw(st.integers(0, len(rows)))
    rows.insert(at, EES_ROW | {column: cell})
    assert_points_at(refused(as_csv(rows, header=EES_HEADER), mapping=cla_mapping), at + 2, column, cell)


# Mapping files ------------------------------------------------------------------------------------------------

MAPPING_YAML = (
    *NASTY_YAML,
    "indicator: a\ntitle: b\nunit: count\nvalue_column: v\nsource: 2019-02-30",
    'indicator: a\ntitle: "b\\0"\nunit: count\nvalue_column: v',
    "indicators: 5",
    "indicators: [1, 2]",
    "indicators: []",
    "indicator: a\ntitle: b\nunit: count\nvalue_column: v\nbreakdowns: 5",
    "indicator: a\ntitle: b\nunit: count\nvalue_column: v\noverall_topics: 5",
    "indicator: a\ntitle: b\nunit: count\nvalue_column: v\nfilters: [a, b]",
    "indicator: a\ntitle: b\nunit: count\nvalue_column: v\nfilters: {a: [1, 2]}",
    "indicator: [a]\ntitle: {b: c}\nunit: [count]\nvalue_column: 5",
)
KEYS = [
    "indicator",
    "title",
    "unit",
    "value_column",
    "polarity",
    "frequency",
    "filters",
    "breakdowns",
    "breakdown_topic_column",
    "breakdown_category_column",
    "overall_topics",
    "numerator_column",
]


def read_or_refuse(text: str) -> None:
    try:
        mappings = read_mappings(text, file_name="mapping.yaml")
    except FileImportError as exc:
        assert exc.problems and all(problem.reason.strip() for problem in exc.problems)
    else:
        assert mappings and all(isinstance(mapping, Mapping) for mapping in mappings)


@pytest.mark.parametrize("text", MAPPING_YAML, ids=range(len(MAPPING_YAML)))
def test_a_nasty_mapping_is_refused_with_a_reason(text):
    read_or_refuse(text)


@fuzz_settings(max_examples=25)
@given(
    entry=st.dictionaries(
        st.sampled_from(KEYS) | st.text(max_size=10) | st.integers(),  # any key YAML gives: text or a number
        yaml_values(),
        max_size=8,
    ),
    several=st.booleans(),
)
def test_any_mapping_is_read_or_refused_with_a_reason(entry, several):
    document = {"indicators": [entry, entry]} if several else entry
    read_or_refuse(yaml.safe_dump(document, allow_unicode=True, sort_keys=False))


@fuzz_settings(max_examples=20)
@given(text=st.text(max_size=200))
def test_any_text_as_a_mapping_is_read_or_refused_with_a_reason(text):
    read_or_refuse(text)


# The upload and preview pages, and the command ---------------------------------------------------------------


@pytest.fixture
def signed_in(client_for, held, commissioner):
    """A browser signed in once for all the examples of a test."""
    return client_for(commissioner)


def upload(client, content: bytes, *, mapping: str = "", mapping_file: bytes | None = None):
    data = {"file": SimpleUploadedFile("figures.csv", content, content_type="text/csv"), "mapping": mapping}
    if mapping_file is not None:
        data |= {"mapping": "own", "mapping_file": SimpleUploadedFile("mapping.yaml", mapping_file)}
    return client.post(reverse("needs:import-upload"), data)


@fuzz_settings(max_examples=15)
@given(
    case=st.one_of(
        file_with_one_bad_cell().map(lambda case: (as_csv(case[0]), None)),
        st.tuples(st.binary(max_size=300), st.none()),
        st.tuples(
            st.just(as_csv([EES_ROW], header=EES_HEADER)), st.sampled_from(MAPPING_YAML).map(str.encode)
        ),
    )
)
def test_the_upload_page_lists_the_problems_and_stages_nothing(held, signed_in, case):
    content, mapping_file = case
    client = signed_in
    before, figures = counts(*TOUCHED), snapshot()
    response = upload(client, content, mapping_file=mapping_file)
    assert response.status_code == 200
    assert response.context.get("file_problems") or response.context["form"].errors
    assert counts(*TOUCHED) == before and snapshot() == figures


@fuzz_settings(max_examples=10)
@given(case=file_with_one_bad_cell())
def test_confirming_a_staged_file_that_no_longer_passes_writes_nothing(held, signed_in, commissioner, case):
    """A staged file is checked again on confirmation; one that fails is listed, kept and not confirmed."""
    staged = StagedImport.objects.create(
        file_name="figures.csv", content=as_csv(case[0]), sha256="0" * 64, uploaded_by=commissioner
    )
    client = signed_in
    before, figures = counts(*TOUCHED), snapshot()
    url = reverse("needs:import-preview", args=[staged.pk])
    assert client.get(url).status_code == 200
    response = client.post(url)
    assert response.status_code == 200 and response.context["file_problems"]
    assert counts(*TOUCHED) == before and snapshot() == figures
    assert StagedImport.objects.filter(pk=staged.pk).exists()
    staged.delete()


def test_staging_refuses_a_bad_file_and_keeps_nothing(held, commissioner):
    before = counts(*TOUCHED)
    with pytest.raises(FileImportError):
        services.staged_import_create(
            actor=commissioner, file_name="figures.csv", content=as_csv([BAD_ROW | {"period": "0000"}])
        )
    assert counts(*TOUCHED) == before


@pytest.mark.parametrize(
    "path",
    shared_files(
        "360giving/real-2021-datagetter/a003W000001B7PzQAK.original.xlsx",
        "ocds/uk-contracts-finder-2014/releases",
        "indicators/dfe_cs_statistical_neighbours_wide.csv",
        "indicators/fingertipsnext_areas_hierarchy.csv",
    ),
    ids=lambda path: path.name,
)
def test_real_files_of_other_kinds_are_refused_by_the_command(held, path, tmp_path):
    file = sorted(path.glob("*.json"))[0] if path.is_dir() else path
    before = counts(*TOUCHED)
    with pytest.raises(CommandError, match="nothing was imported"):
        call_command("import_indicators", str(file))
    assert counts(*TOUCHED) == before


# The shipped catalogue file (manage.py load_indicator_catalogue --file) ------------------------------------------

CATALOGUE = """
indicators:
- code: ni-117
  ref: NI 117
  title: 16 to 18 year olds not in education, employment or training (NEET)
  definition: Percentage of young people aged 16 to 18 who are not in education, employment or training.
  unit: percentage
  polarity: lower_is_better
  outcomes: [ECM5]
  source: Department for Education
  frequency: academic_year
  import_names:
  - Not in education, employment or training (NEET)(16-17 years old) | Percentage
"""
CATALOGUE_CASES = {
    "long title": ("title: 16 to 18", "title: " + "T" * 501),
    "not a slug": ("code: ni-117", "code: NI 117"),
    "long code": ("code: ni-117", "code: " + "n" * 121),
    "code as a list": ("code: ni-117", "code: [ni-117]"),
    "outcomes": ("outcomes: [ECM5]", "outcomes: 5"),
    "import names": ("import_names:\n  - Not", "import_names: 5\nx_names:\n  - Not"),
    "import name without a measure": ("old) | Percentage", "old)"),
    "long source": ("source: Department for Education", "source: " + "S" * 256),
    "formula title": (
        "title: 16 to 18 year olds not in education, employment or training (NEET)",
        "title: '=cmd|'' /C calc''!A0'",
    ),
}


@fuzz_settings(max_examples=30)
@given(text=st.sampled_from(NASTY_YAML) | mutated_yaml(CATALOGUE))
def test_any_catalogue_file_loads_whole_or_is_refused(db, tmp_path_factory, text):
    path = tmp_path_factory.mktemp("catalogue") / "catalogue.yaml"
    path.write_text(text, encoding="utf-8")
    load_catalogue_or_refuse(path)


@pytest.mark.parametrize(("old", "new"), CATALOGUE_CASES.values(), ids=CATALOGUE_CASES)
def test_a_catalogue_entry_the_catalogue_cannot_hold_is_refused(db, tmp_path, old, new):
    assert old in CATALOGUE
    path = tmp_path / "catalogue.yaml"
    path.write_text(CATALOGUE.replace(old, new), encoding="utf-8")
    with pytest.raises(CommandError, match="nothing was changed"):
        call_command("load_indicator_catalogue", "--file", str(path))
    assert not Indicator.objects.exists()


def load_catalogue_or_refuse(path) -> None:
    with rolled_back():
        before = counts(*TOUCHED)
        try:
            catalogue_load(path=path)
        except FileImportError as exc:
            assert exc.problems and all(problem.reason.strip() for problem in exc.problems)
            assert counts(*TOUCHED) == before
        else:
            for indicator in Indicator.objects.all():
                indicator.full_clean(validate_unique=False)
