import textwrap

import pytest
from auditlog.diff import model_instance_diff
from auditlog.models import LogEntry

from commissioning.frameworks.models import Framework, FrameworkItem
from commissioning.frameworks.schema import FrameworkFileError
from commissioning.frameworks.services import library_load
from commissioning.frameworks.tests.test_schema import GOOD

OTHER = """
slug: sample-glossary
title: Sample glossary
kind: glossary
summary: Terms.
source: {council: Testshire, document: Sample, year: 2010, seed: sample.txt}
items:
  - ref: EIA
    kind: term
    title: Equality impact assessment
    text: An assessment of how a policy affects people with protected characteristics.
    sources: [{council: Testshire, year: 2010}, {council: Otherton, year: 2009}]
"""


@pytest.fixture
def library_dir(tmp_path):
    (tmp_path / "sample-standards.yaml").write_text(textwrap.dedent(GOOD))
    (tmp_path / "sample-glossary.yaml").write_text(textwrap.dedent(OTHER))
    return tmp_path


def test_load_creates_frameworks_items_and_tree(db, library_dir):
    report = library_load(directory=library_dir)
    assert sorted(report.created) == ["sample-glossary", "sample-standards"]
    standards = Framework.objects.get(slug="sample-standards")
    criterion = FrameworkItem.objects.get(framework=standards, ref="1.1")
    assert criterion.parent.ref == "1"
    assert criterion.fields == [
        {"label": "Evidence", "value": ["One", "Two"]},
        {"label": "Source", "value": "Commissioner"},
    ]
    assert list(standards.items.order_by("sort_key").values_list("ref", flat=True)) == ["1", "1.1", "1.2"]
    term = FrameworkItem.objects.get(ref="EIA")
    assert term.citation == "Testshire (2010); Otherton (2009)"
    # the cycle-first ordering puts standards before the glossary
    assert list(Framework.objects.values_list("slug", flat=True)) == ["sample-standards", "sample-glossary"]


def test_each_item_loaded_is_in_the_audit_log_as_created_by_whoever_loaded_it(db, library_dir, administrator):
    library_load(directory=library_dir, actor=administrator)

    for item in FrameworkItem.objects.all():
        entry = LogEntry.objects.get_for_object(item).get()
        expected = model_instance_diff(None, item)
        assert (entry.action, entry.actor, entry.object_repr) == (
            LogEntry.Action.CREATE,
            administrator,
            str(item),
        )
        assert entry.changes_dict == {name: list(change) for name, change in expected.items()}
    criterion = FrameworkItem.objects.get(ref="1.1")
    changes = LogEntry.objects.get_for_object(criterion).get().changes_dict
    assert changes["parent"] == ["None", str(criterion.parent_id)]
    assert changes["title"][1] == criterion.title
    assert "search_text" not in changes


def test_an_item_added_to_a_loaded_framework_joins_its_tree(db, library_dir):
    library_load(directory=library_dir)
    added = GOOD.replace(
        '      - ref: "1.2"\n',
        '      - ref: "1.3"\n        kind: criterion\n        title: Added later\n      - ref: "1.2"\n',
    )
    assert added != GOOD
    (library_dir / "sample-standards.yaml").write_text(textwrap.dedent(added))

    library_load(directory=library_dir)

    item = FrameworkItem.objects.get(ref="1.3")
    assert (item.parent.ref, item.title) == ("1", "Added later")
    assert LogEntry.objects.get_for_object(item).get().action == LogEntry.Action.CREATE
    assert list(item.framework.items.values_list("ref", flat=True)) == ["1", "1.1", "1.3", "1.2"]


def test_load_is_idempotent(db, library_dir):
    library_load(directory=library_dir)
    entries = LogEntry.objects.count()
    report = library_load(directory=library_dir)
    assert sorted(report.unchanged) == ["sample-glossary", "sample-standards"]
    assert FrameworkItem.objects.count() == 4
    assert LogEntry.objects.count() == entries


def test_changed_file_updates_items_and_removes_dropped_ones(db, library_dir):
    library_load(directory=library_dir)
    changed = GOOD.replace("text: A criterion.", "text: A revised criterion.").replace(
        '      - ref: "1.2"\n        kind: criterion\n        missing_from_source: true\n', ""
    )
    (library_dir / "sample-standards.yaml").write_text(textwrap.dedent(changed))
    report = library_load(directory=library_dir)
    assert report.updated == ["sample-standards"]
    item = FrameworkItem.objects.get(ref="1.1")
    assert item.text == "A revised criterion."
    assert not FrameworkItem.objects.filter(ref="1.2").exists()
    update = LogEntry.objects.get_for_object(item).filter(action=LogEntry.Action.UPDATE).get()
    assert update.changes_dict["text"] == ["A criterion.", "A revised criterion."]


def test_malformed_file_leaves_database_unchanged(db, library_dir):
    library_load(directory=library_dir)
    before = list(FrameworkItem.objects.values_list("ref", "text"))
    (library_dir / "sample-glossary.yaml").write_text(textwrap.dedent(OTHER).replace("ref: EIA", "ref: ''"))
    (library_dir / "sample-standards.yaml").write_text(
        textwrap.dedent(GOOD).replace("A criterion.", "Changed.")
    )
    with pytest.raises(FrameworkFileError) as excinfo:
        library_load(directory=library_dir)
    assert "sample-glossary.yaml" in str(excinfo.value)
    assert list(FrameworkItem.objects.values_list("ref", "text")) == before


def test_command_reports_and_fails_cleanly(db, library_dir, capsys):
    from django.core.management import call_command
    from django.core.management.base import CommandError

    call_command("load_frameworks", directory=str(library_dir))
    assert "2 added, 0 updated, 0 unchanged (4 items)" in capsys.readouterr().out
    (library_dir / "broken.yaml").write_text("slug: broken\n: : :\n")
    with pytest.raises(CommandError, match=r"nothing was changed\. broken\.yaml"):
        call_command("load_frameworks", directory=str(library_dir))


def test_local_variation_is_kept_beside_the_source_and_survives_reload(db, library_dir, administrator):
    from django.core.exceptions import ValidationError

    from commissioning.core.exceptions import ConflictError
    from commissioning.frameworks.services import item_vary_locally

    library_load(directory=library_dir)
    item = FrameworkItem.objects.get(ref="1.1")
    with pytest.raises(ValidationError, match="differs from the source"):
        item_vary_locally(
            actor=administrator, item=item, local_text="Ours", local_note="", expected_version=1
        )
    item_vary_locally(
        actor=administrator,
        item=item,
        local_text="Our wording",
        local_note="Board decision",
        expected_version=1,
    )
    with pytest.raises(ConflictError):
        item_vary_locally(
            actor=administrator, item=item, local_text="Stale", local_note="x", expected_version=1
        )

    changed = GOOD.replace("text: A criterion.", "text: A revised criterion.")
    (library_dir / "sample-standards.yaml").write_text(textwrap.dedent(changed))
    library_load(directory=library_dir)
    item.refresh_from_db()
    assert item.text == "A revised criterion."
    assert item.local_text == "Our wording" and item.local_amended_by == administrator
    assert "our wording" in item.search_text and "revised" in item.search_text
    entry = (
        LogEntry.objects.get_for_object(item)
        .filter(action=LogEntry.Action.UPDATE, changes__icontains="our wording")
        .get()
    )
    assert entry.actor == administrator

    dropped = GOOD.replace('      - ref: "1.1"\n        kind: criterion\n        text: A criterion.\n', "")
    dropped = dropped.replace(
        "        fields:\n          Evidence: [One, Two]\n          Source: Commissioner\n", "", 1
    )
    (library_dir / "sample-standards.yaml").write_text(textwrap.dedent(dropped))
    with pytest.raises(FrameworkFileError, match="has a local variation"):
        library_load(directory=library_dir)
    assert FrameworkItem.objects.filter(ref="1.1").exists()
