import csv
import io
import textwrap

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from commissioning.frameworks.services import library_load
from commissioning.frameworks.tests.test_schema import GOOD
from commissioning.frameworks.tests.test_services import OTHER


@pytest.fixture
def library(db, tmp_path):
    (tmp_path / "sample-standards.yaml").write_text(textwrap.dedent(GOOD))
    (tmp_path / "sample-glossary.yaml").write_text(textwrap.dedent(OTHER))
    library_load(directory=tmp_path)


def test_people_without_a_role_cannot_open_the_library(client_for, library):
    from commissioning.organisations.tests.factories import UserFactory

    assert client_for(UserFactory()).get(reverse("frameworks:list")).status_code == 403


def test_library_lists_frameworks_with_sources_and_filters(client_for, provider_user, library):
    client = client_for(provider_user)
    html = client.get(reverse("frameworks:list")).content.decode()
    assert "Sample standards" in html and "Testshire (2009)" in html
    filtered = client.get(reverse("frameworks:list"), {"kind": "glossary"})
    assert [f.slug for f in filtered.context["frameworks"]] == ["sample-glossary"]


def test_framework_page_shows_tree_fields_and_gap(client_for, commissioner, library):
    html = (
        client_for(commissioner).get(reverse("frameworks:detail", args=["sample-standards"])).content.decode()
    )
    assert "Testshire (2009), Sample" in html
    assert html.index("First standard") < html.index("A criterion.")
    assert "<li>One</li>" in html and "<li>Two</li>" in html
    assert "Missing from the source document" in html


def test_framework_csv_download(client_for, commissioner, library):
    response = client_for(commissioner).get(
        reverse("frameworks:detail", args=["sample-standards"]), {"format": "csv"}
    )
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:4] == ["Number or code", "Kind", "Title", "Text"]
    assert [row[0] for row in rows[1:]] == ["1", "1.1", "1.2"]
    assert rows[2][4] == "Evidence: One; Two\nSource: Commissioner"


def test_search_across_all_frameworks_needs_every_word(client_for, commissioner, library):
    client = client_for(commissioner)
    response = client.get(reverse("frameworks:search"), {"q": "EQUALITY assessment"})
    assert [i.ref for i in response.context["object_list"]] == ["EIA"]
    response = client.get(reverse("frameworks:search"), {"q": "equality criterion"})
    assert response.context["page_obj"].paginator.count == 0
    assert "No results for" in response.content.decode()
    response = client.get(reverse("frameworks:search"), {"q": "commissioner", "framework": "sample-glossary"})
    assert response.context["page_obj"].paginator.count == 0
    response = client.get(
        reverse("frameworks:search"), {"q": "commissioner", "framework": "sample-standards"}
    )
    assert [i.ref for i in response.context["object_list"]] == ["1.1"]


def test_search_finds_by_number(client_for, commissioner, library):
    response = client_for(commissioner).get(reverse("frameworks:search"), {"q": "1.2"})
    assert [i.ref for i in response.context["object_list"]] == ["1.2"]


def test_item_page_cites_source_and_links_parent(client_for, commissioner, library):
    response = client_for(commissioner).get(reverse("frameworks:item", args=["sample-standards", "1.1"]))
    html = response.content.decode()
    assert "Testshire (2009), Sample" in html
    assert reverse("frameworks:item", args=["sample-standards", "1"]) in html
    missing = client_for(commissioner).get(reverse("frameworks:item", args=["sample-standards", "1.2"]))
    assert "nothing has been invented in its place" in missing.content.decode()
    assert (
        client_for(commissioner).get(reverse("frameworks:item", args=["sample-standards", "9.9"])).status_code
        == 404
    )


def test_item_history_tab(client_for, commissioner, library):
    response = client_for(commissioner).get(
        reverse("frameworks:item-history", args=["sample-standards", "1.1"])
    )
    assert [e.action for e in response.context["history"]] == ["Created"]


def test_framework_page_queries_do_not_grow_with_items(client_for, commissioner, library, tmp_path):
    client = client_for(commissioner)
    with CaptureQueriesContext(connection) as small:
        client.get(reverse("frameworks:detail", args=["sample-standards"]))
    many = GOOD + "".join(f'  - ref: "X{n}"\n    kind: standard\n    title: Extra {n}\n' for n in range(30))
    (tmp_path / "sample-standards.yaml").write_text(textwrap.dedent(many))
    library_load(directory=tmp_path)
    with CaptureQueriesContext(connection) as large:
        client.get(reverse("frameworks:detail", args=["sample-standards"]))
    assert len(large) == len(small)


def test_partnership_manager_records_local_variation(client_for, library):
    from commissioning.frameworks.models import FrameworkItem
    from commissioning.organisations.models import Role
    from commissioning.organisations.tests.factories import person_with_role

    manager = person_with_role(Role.PARTNERSHIP_MANAGER)
    client = client_for(manager)
    url = reverse("frameworks:item-local", args=["sample-standards", "1.1"])
    form = client.get(url)
    assert "A criterion." in form.content.decode()
    missing_reason = client.post(
        url, {"local_text": "DBS checks, not CRB checks", "local_note": "", "version": 1}
    )
    assert "Enter why the partnership differs from the source" in missing_reason.content.decode()
    client.post(url, {"local_text": "DBS checks, not CRB checks", "local_note": "Law changed", "version": 1})
    page = client.get(reverse("frameworks:item", args=["sample-standards", "1.1"])).content.decode()
    assert "Local variation" in page and "DBS checks, not CRB checks" in page and "A criterion." in page
    assert FrameworkItem.objects.get(ref="1.1").text == "A criterion."


def test_commissioner_cannot_vary_the_library(client_for, commissioner, library):
    url = reverse("frameworks:item-local", args=["sample-standards", "1.1"])
    assert client_for(commissioner).post(url, {"local_text": "x", "local_note": "y"}).status_code == 403


CYCLE = """
slug: sample-cycle
title: Sample cycle
kind: cycle
summary: Four quadrants.
source: {council: Testshire, document: Sample, year: 2009, seed: sample.txt}
items:
  - ref: assess
    kind: quadrant
    title: Assess
    fields: {Months: April to June}
    children:
      - {ref: "1", kind: step, title: Look at outcomes}
  - ref: plan
    kind: quadrant
    title: Plan
    fields: {Months: [July, September]}
    children:
      - {ref: "4", kind: step, title: Identify resources}
"""


def test_cycle_page_shows_quadrants_with_months_and_steps(client_for, commissioner, tmp_path):
    (tmp_path / "sample-cycle.yaml").write_text(textwrap.dedent(CYCLE))
    library_load(directory=tmp_path)
    response = client_for(commissioner).get(reverse("frameworks:detail", args=["sample-cycle"]))
    cycle = response.context["cycle"]
    assert [(q["item"].ref, q["months"], [s.ref for s in q["steps"]]) for q in cycle] == [
        ("assess", "April to June", ["1"]),
        ("plan", "July; September", ["4"]),
    ]
    assert "The cycle at a glance" in response.content.decode()


def test_matrix_page_lays_cells_out_by_approach_and_dimension(client_for, commissioner):
    from django.core.management import call_command

    call_command("load_frameworks")
    response = client_for(commissioner).get(reverse("frameworks:detail", args=["joint-commissioning-matrix"]))
    matrix = response.context["matrix"]
    assert [a.ref for a in matrix["approaches"]] == ["separate", "parallel", "joint", "integrated"]
    assert len(matrix["rows"]) == 4
    first = matrix["rows"][0]
    assert first["dimension"].title == "Purpose and Strategy"
    assert "Single agency planning." in first["cells"][0].text
    assert all(cell is not None for row in matrix["rows"] for cell in row["cells"])
    assert "The matrix at a glance" in response.content.decode()
