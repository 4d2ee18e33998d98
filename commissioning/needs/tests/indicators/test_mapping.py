import pytest

from commissioning.needs.files import FileImportError
from commissioning.needs.indicators.mapping import BreakdownColumn, read_mappings
from commissioning.needs.indicators.mappings import MAPPINGS_DIR, shipped_mappings

ONE = """
indicator: cla-rate
title: Children looked after per 10,000
unit: rate_per_10000
polarity: lower_is_better
value_column: rate_per_10000
numerator_column: number
denominator_column: population_estimate
filters:
  population_count: Children looked after at 31 March each year
breakdowns:
  - sex
  - column: placement_stability
    name: Placement stability
    total: Total children
"""


def test_a_single_mapping_is_read_with_its_breakdowns_and_filters():
    [mapping] = read_mappings(ONE)
    assert (mapping.indicator, mapping.unit, mapping.polarity) == (
        "cla-rate",
        "rate_per_10000",
        "lower_is_better",
    )
    assert mapping.filters == {"population_count": "Children looked after at 31 March each year"}
    assert mapping.breakdowns == [
        BreakdownColumn(column="sex", name="sex", total="Total"),
        BreakdownColumn(column="placement_stability", name="Placement stability", total="Total children"),
    ]
    assert mapping.columns() == [
        "rate_per_10000",
        "number",
        "population_estimate",
        "population_count",
        "sex",
        "placement_stability",
    ]


def test_every_problem_in_a_mapping_is_listed():
    text = """
indicators:
- indicator: Bad Code
  title: A
  unit: per_cent
  value_column: value
  colour: red
- indicator: twice
  title: B
  unit: count
  value_column: v
  breakdown_topic_column: topic
- indicator: twice
  title: C
  unit: count
  value_column: v
- title: D
"""
    with pytest.raises(FileImportError) as caught:
        read_mappings(text)
    messages = [str(problem) for problem in caught.value.problems]
    assert "Mapping 1: unknown key: colour." in messages
    assert (
        "Mapping 1: the indicator code “Bad Code” may hold only lower-case letters, digits and hyphens."
        in messages
    )
    assert any(
        m.startswith("Mapping 1: “unit” is “per_cent”; it must be one of percentage,") for m in messages
    )
    assert (
        "Mapping 2: give both “breakdown_topic_column” and “breakdown_category_column”, or neither."
        in messages
    )
    assert "Mapping 4: “indicator” is required." in messages
    assert "Mapping 4: “unit” is required." in messages


def test_a_mapping_that_is_not_yaml_is_refused():
    with pytest.raises(FileImportError) as caught:
        read_mappings("indicator: [unclosed")
    assert str(caught.value.problems[0]).startswith("the mapping is not valid YAML")


def test_a_code_mapped_twice_is_refused():
    entry = "- {indicator: same, title: T, unit: count, value_column: v}\n"
    with pytest.raises(FileImportError) as caught:
        read_mappings("indicators:\n" + entry + entry)
    assert [str(p) for p in caught.value.problems] == ["the indicator “same” is mapped more than once."]


def test_the_shipped_mappings_are_valid():
    shipped = shipped_mappings()
    assert {m.name for m in shipped} == {p.stem for p in MAPPINGS_DIR.glob("*.yaml")}
    assert len(shipped) == 4
    for mapping in shipped:
        assert read_mappings(mapping.text)
        assert mapping.description
