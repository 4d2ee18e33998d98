"""Fuzzing the framework library files: whatever a file holds, reading it either gives a framework or refuses it
with the file, the item and the reason, never another error; and a refused library loads nothing."""

import textwrap

import pytest
from django.core.management import CommandError, call_command
from hypothesis import given
from hypothesis import strategies as st

from commissioning.core.tests.fuzzing import NASTY_YAML, counts, fuzz_settings, mutated_yaml
from commissioning.frameworks.models import Framework, FrameworkItem
from commissioning.frameworks.schema import FrameworkFileError, ParsedFramework, parse_framework
from commissioning.frameworks.tests.test_schema import GOOD

NAME = "sample-standards.yaml"


def parsed_or_refused(text: str) -> ParsedFramework | None:
    try:
        return parse_framework(NAME, text)
    except FrameworkFileError as exc:
        assert exc.path == NAME and exc.reason.strip()
        return None


@pytest.mark.parametrize("text", NASTY_YAML, ids=range(len(NASTY_YAML)))
def test_a_nasty_file_is_refused_with_a_reason(text):
    assert parsed_or_refused(text) is None


@fuzz_settings(max_examples=60)
@given(text=mutated_yaml(textwrap.dedent(GOOD)))
def test_any_change_to_a_good_file_is_read_or_refused_with_a_reason(text):
    framework = parsed_or_refused(text)
    if framework is not None:
        assert framework.slug == "sample-standards" and framework.items


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("council: Testshire", "council: " + "C" * 201),
        ("document: Sample", "document: " + "D" * 501),
        ("seed: sample.txt", "seed: " + "s" * 101),
        ("council: Testshire", "council: Testshire, organisation: " + "O" * 256),
    ],
    ids=["council", "document", "seed", "organisation"],
)
def test_a_source_longer_than_the_library_holds_is_refused(old, new):
    with pytest.raises(FrameworkFileError, match="longer than"):
        parse_framework(NAME, textwrap.dedent(GOOD).replace(old, new))


def test_items_nested_deeper_than_the_library_orders_are_refused():
    item = '{ref: "x%d", kind: step, title: Step, children: [%s]}'
    nested = "%s"
    for depth in range(45):
        nested = nested % (item % (depth, "%s"))
    text = textwrap.dedent(GOOD).split("items:")[0] + "items: [" + nested.replace("%s", "") + "]\n"
    with pytest.raises(FrameworkFileError, match="nested"):
        parse_framework(NAME, text)


@fuzz_settings(max_examples=10)
@given(text=st.sampled_from(NASTY_YAML) | mutated_yaml(textwrap.dedent(GOOD)))
def test_the_command_loads_all_or_nothing(db, tmp_path_factory, text):
    directory = tmp_path_factory.mktemp("library")
    (directory / "sample-glossary.yaml").write_text(
        textwrap.dedent(GOOD).replace("sample-standards", "sample-glossary")
    )
    (directory / NAME).write_text(text, encoding="utf-8")
    before = counts(Framework, FrameworkItem)
    if parsed_or_refused(text) is None:
        with pytest.raises(CommandError, match="nothing was changed"):
            call_command("load_frameworks", "--directory", str(directory))
        assert counts(Framework, FrameworkItem) == before
