import textwrap

import pytest

from commissioning.frameworks.schema import FrameworkFileError, parse_framework

GOOD = """
slug: sample-standards
title: Sample standards
kind: standards
summary: A small framework for tests.
source: {council: Testshire, document: Sample, year: 2009, seed: sample.txt}
items:
  - ref: "1"
    kind: standard
    title: First standard
    children:
      - ref: "1.1"
        kind: criterion
        text: A criterion.
        fields:
          Evidence: [One, Two]
          Source: Commissioner
      - ref: "1.2"
        kind: criterion
        missing_from_source: true
"""


def parse(tmp_path, text, name="sample-standards.yaml"):
    path = tmp_path / name
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return parse_framework(path)


def test_good_file_parses_in_order(tmp_path):
    framework = parse(tmp_path, GOOD)
    assert [item.ref for item in framework.walk()] == ["1", "1.1", "1.2"]
    criterion = framework.items[0].children[0]
    assert criterion.fields == [("Evidence", ["One", "Two"]), ("Source", "Commissioner")]
    assert framework.items[0].children[1].missing_from_source is True


@pytest.mark.parametrize(
    ("mutate", "item", "reason"),
    [
        (lambda t: t.replace("title: Sample standards\n", ""), None, "'title' is required"),
        (lambda t: t.replace("kind: standards", "kind: nonsense"), None, "kind 'nonsense' is not one of"),
        (lambda t: t.replace('ref: "1.2"', 'ref: "1.1"'), "1.1", "ref is used by more than one item"),
        (lambda t: t.replace("year: 2009", "year: last"), None, "source 'year' must be a year"),
        (
            lambda t: t.replace("        text: A criterion.\n", "        text: [not, text]\n"),
            "1.1",
            "'text' must be text",
        ),
        (lambda t: t.replace("    title: First standard\n", ""), "1", "needs a title or text"),
        (
            lambda t: t.replace("kind: criterion\n        text", "kind: Criterion!\n        text"),
            "1.1",
            "lowercase word",
        ),
        (lambda t: t + "surprise: true\n", None, "unknown keys: surprise"),
        (lambda t: t.replace("items:", "items: []\nignored:"), None, "unknown keys"),
        (lambda t: t.replace('ref: "1"\n', 'ref: "a/b"\n'), "a/b", "must not contain '/'"),
    ],
)
def test_malformed_file_names_file_item_and_reason(tmp_path, mutate, item, reason):
    with pytest.raises(FrameworkFileError) as excinfo:
        parse(tmp_path, mutate(GOOD))
    error = excinfo.value
    assert error.path == "sample-standards.yaml"
    assert error.item == item
    assert reason in error.reason
    assert str(error).startswith("sample-standards.yaml")


def test_invalid_yaml_reports_line_and_column(tmp_path):
    with pytest.raises(FrameworkFileError) as excinfo:
        parse(tmp_path, GOOD.replace("title: First standard", "title: [unclosed"))
    assert "not valid YAML at line" in excinfo.value.reason


def test_file_name_must_match_slug(tmp_path):
    with pytest.raises(FrameworkFileError, match=r"must be named sample-standards\.yaml"):
        parse(tmp_path, GOOD, name="other.yaml")
