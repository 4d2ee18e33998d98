"""The shipped framework library: complete, cited, and faithful to the source documents."""

import pytest

from commissioning.frameworks.schema import parse_directory
from commissioning.frameworks.services import DATA_DIRECTORY

SEEDS = {
    "000_3c80d3faf2a93a5a.txt": "Islington",
    "001_f4774176bc639fac.txt": "Gateshead",
    "002_fc4f8d338b741f26.txt": "Central Bedfordshire",
    "003_6ea27527b8921c7a.txt": "Wolverhampton",
    "004_fbc3eedc872f9745.txt": "Staffordshire",
}


@pytest.fixture(scope="module")
def library():
    return {framework.slug: framework for framework in parse_directory(DATA_DIRECTORY)}


def children(item, kind=None):
    return [child for child in item.children if kind is None or child.kind == kind]


def refs(items):
    return [item.ref for item in items]


def test_every_framework_cites_a_seed(library):
    assert len(library) >= 17
    for framework in library.values():
        assert framework.source["seed"] in SEEDS, framework.slug
        if framework.kind != "glossary":
            assert framework.source["council"] == SEEDS[framework.source["seed"]], framework.slug


def test_nine_step_cycle(library):
    cycle = library["dcsf-nine-step-cycle"]
    quadrants = [item for item in cycle.items if item.kind == "quadrant"]
    assert refs(quadrants) == ["assess", "plan", "do", "review"]
    steps = {q.ref: refs(children(q, "step")) for q in quadrants}
    assert steps == {"assess": ["1", "2", "3"], "plan": ["4", "5"], "do": ["6", "7", "8"], "review": ["9"]}
    for quadrant in quadrants:
        labels = [label for label, _ in quadrant.fields]
        for label in ("Months", "What is involved", "Outcomes", "Tools and resources"):
            assert label in labels, (quadrant.ref, label)


def test_levels_and_tiers(library):
    items = list(library["commissioning-levels-and-tiers"].walk())
    assert len([i for i in items if i.kind == "level"]) == 3
    assert len([i for i in items if i.kind == "tier"]) == 3


def test_staffordshire_self_assessment_has_every_step(library):
    tool = library["staffordshire-self-assessment"]
    steps = [item for item in tool.items if item.kind == "step"]
    assert refs(steps) == [str(n) for n in range(1, 10)]
    for step in steps:
        assert children(step, "question"), step.ref
    questions = [i for i in tool.walk() if i.kind == "question"]
    assert all(q.text.strip() for q in questions)


def test_islington_standards_and_the_missing_criteria(library):
    standards = library["islington-commissioning-standards"]
    assert refs(standards.items[:8]) == [str(n) for n in range(1, 9)]
    by_ref = {item.ref: item for item in standards.walk()}
    for ref in ("7.1", "7.2", "7.3"):
        assert by_ref[ref].missing_from_source is True
        assert not by_ref[ref].text
    assert "7.1" in standards.source_notes and "7.3" in standards.source_notes
    criterion = by_ref["4.6"]
    evidence = dict(criterion.fields)["Evidence"]
    assert any("30K" in line for line in evidence)
    assert dict(criterion.fields)["Source"] == "Commissioner"
    assert any(item.kind == "guidance_note" for item in standards.walk())


def test_central_bedfordshire(library):
    assert refs(library["central-bedfordshire-commissioning-standards"].items) == [
        str(n) for n in range(1, 15)
    ]
    assert library["central-bedfordshire-principles"].items
    bodies = [i.title for i in library["central-bedfordshire-governance"].walk() if i.kind == "body"]
    for body in ("Trust Board", "Commissioning Executive", "Commissioning Group", "Outcome Delivery Group"):
        assert any(body.lower() in title.lower() for title in bodies), body


def test_gateshead(library):
    assert len(library["gateshead-quality-standards"].items) == 9
    principles = [i for i in library["gateshead-commissioning-principles"].walk() if i.kind == "principle"]
    assert any(p.title == "Needs of the user first" for p in principles)
    matrix = list(library["joint-commissioning-matrix"].walk())
    assert len([i for i in matrix if i.kind == "approach"]) == 4
    assert len([i for i in matrix if i.kind == "dimension"]) == 4
    cells = [i for i in matrix if i.kind == "cell"]
    assert len(cells) == 16
    assert all(cell.text for cell in cells)


def test_wolverhampton(library):
    steps = [i for i in library["wolverhampton-procurement-steps"].items if i.kind == "step"]
    assert refs(steps) == [str(n) for n in range(1, 12)]
    headings = [i.title for i in library["wolverhampton-service-specification-template"].walk()]
    assert any("outcomes" in h.lower() for h in headings)
    methods = [i for i in library["wolverhampton-contract-procurement-guide"].walk() if i.kind == "method"]
    assert methods and all(m.fields for m in methods)
    assert library["wolverhampton-strategy-steps"].items
    values = "\n".join(i.text for i in library["compact-values-and-standards"].walk()).lower()
    assert "notice" in values


def test_outcomes_indicators_and_glossary(library):
    outcomes = library["every-child-matters-outcomes"].items
    assert [o.title.lower() for o in outcomes] == [
        "be healthy",
        "stay safe",
        "enjoy and achieve",
        "make a positive contribution",
        "achieve economic wellbeing",
    ]
    indicators = [i for i in library["national-indicators"].walk() if i.kind == "indicator"]
    assert len(indicators) == 35
    assert all(i.ref.startswith("NI ") and dict(i.fields).get("Theme") for i in indicators)
    glossary = library["glossary"]
    terms = [i for i in glossary.items if i.kind == "term"]
    assert len(terms) >= 20
    assert [t.title.lower() for t in terms] == sorted(t.title.lower() for t in terms)
    assert all(t.sources for t in terms)
