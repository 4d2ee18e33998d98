"""The gap and overlap analysis on the known register of dataset.py, every figure worked out by hand."""

import random
from decimal import Decimal

import pytest

from commissioning.cycle import services as cycle_services
from commissioning.cycle.models import StepEvidence
from commissioning.needs.analysis import services as analysis_services
from commissioning.needs.tests.factories import AreaFactory
from commissioning.services.analysis.figures import NAMES_PER_CELL, findings_text, money, split_spend
from commissioning.services.analysis.selectors import gap_analysis, gap_summary
from commissioning.services.analysis.services import findings_save_as_evidence
from commissioning.services.selectors import open_priorities
from commissioning.services.tests import dataset
from commissioning.services.tests.factories import ServiceFactory, locality

pytestmark = pytest.mark.django_db


@pytest.fixture
def register(voluntary, private, council_provider, north, south, priorities, outcomes):
    return dataset.build(
        voluntary=voluntary,
        private=private,
        council_provider=council_provider,
        north=north,
        south=south,
        priorities=priorities,
        outcomes=outcomes,
    )


def by_label(rows):
    return {row.label: row for row in rows}


def test_priorities_gaps_overlaps_and_spend_split_equally(register, priorities):
    matrix = gap_analysis(by="priority")["matrix"]
    assert [s.reference for s in matrix.columns] == [
        "S1",
        "S2",
        "S3",
        "S4",
    ]  # by name; planned and archived left out
    rows = by_label(matrix.rows)
    early = rows["Help families earlier"]
    poverty = rows["Reduce the effects of child poverty"]
    carers = rows["Support young carers"]
    # Help families earlier: S1, S2 and S3, an overlap. S1's £60,000 is split between its two priorities.
    assert sorted(s.reference for s in early.services) == ["S1", "S2", "S3"]
    assert early.finding == "overlap"
    assert early.spend == Decimal("30000") + Decimal("30000")
    assert early.cost_not_recorded == 1  # S3
    assert poverty.finding == "covered" and poverty.spend == Decimal("30000")
    # Support young carers: only the planned S5 and the archived S6 address it, so it is a gap.
    assert carers.finding == "gap" and carers.spend == 0
    assert [row.label for row in matrix.gaps] == ["Support young carers"]
    assert [row.label for row in matrix.overlaps] == ["Help families earlier"]
    assert [s.reference for s in matrix.unlinked] == ["S4"] and matrix.unlinked_spend == Decimal("10000")
    assert matrix.total_spend == Decimal("100000")
    assert sum(row.spend for row in matrix.rows) + matrix.unlinked_spend == matrix.total_spend
    assert [s.reference for s in matrix.cost_not_recorded] == ["S3"]
    assert matrix.cells[(early.key, register["S2"].pk)] is True
    assert (carers.key, register["S2"].pk) not in matrix.cells


def test_outcomes(register):
    rows = by_label(gap_analysis(by="outcome")["matrix"].rows)
    assert rows["Stay safe"].finding == "overlap" and rows["Stay safe"].spend == Decimal("60000")
    assert rows["Achieve economic well-being"].spend == Decimal("30000")
    assert {label for label, row in rows.items() if row.finding == "gap"} == {
        "Be healthy",
        "Enjoy and achieve",
        "Make a positive contribution",
    }


def test_localities_by_tier(register):
    localities = gap_analysis()["localities"]
    rows = {row.label: row for row in localities.rows}
    assert list(rows) == ["North", "South", "Whole area"]
    north, south, whole = rows["North"], rows["South"], rows["Whole area"]
    universal, targeted, specialist = 0, 1, 2
    assert [s.reference for s in north.cells[targeted].services] == ["S1"]
    assert north.spend == Decimal("60000")
    assert south.spend == 0 and south.cost_not_recorded == 1
    # Whole-area services are not split between localities: S2 and S4 (£40,000) are on their own row.
    assert whole.spend == Decimal("40000")
    assert sorted(s.reference for s in whole.cells[universal].services) == ["S2", "S4"]
    assert north.cells[universal].services == [] and len(north.cells[universal].whole_area) == 2
    assert north.cells[universal].finding == "overlap"
    assert north.cells[targeted].finding == "covered"
    assert [(row.label, cell.tier) for row, cell in localities.gaps] == [
        ("North", "specialist"),
        ("South", "specialist"),
    ]
    assert north.cells[specialist].finding == "gap"


def test_findings_text_names_gaps_overlaps_and_spend(register):
    result = gap_analysis()
    text = findings_text(result["matrix"], things=result["things"], localities=result["localities"])
    assert "Gaps (no service addresses): Support young carers." in text
    assert "Help families earlier (Family hub north, Parenting programme, Welfare rights advice)" in text
    assert "Help families earlier: £60,000.00" in text
    assert "Services addressing none of the priorities: 1 (£10,000.00)." in text
    assert "Services with no annual cost recorded: 1." in text
    assert "North (specialist)" in text


@pytest.fixture
def activity(commissioner, council):
    return cycle_services.activity_create(
        actor=commissioner,
        data={
            "title": "Family support redesign",
            "kind": "service_redesign",
            "purpose": "Help families earlier.",
            "service_area": "family_support",
            "lead_commissioner": commissioner,
            "lead_organisation": council,
            "level": "strategic",
            "tiers": ["targeted"],
            "integration_approach": "joint",
            "cycle_year": 2026,
        },
    )


def test_findings_saved_as_evidence_on_steps_4_and_5(commissioner, activity, register):
    result = gap_analysis()
    text = findings_text(result["matrix"], things="priorities")
    saved = findings_save_as_evidence(
        actor=commissioner, activity=activity, steps=[5, 4], title="Gaps", text=text
    )
    assert [e.step.number for e in saved] == [4, 5]
    evidence = StepEvidence.objects.get(step__activity=activity, step__number=4)
    assert evidence.kind == "text" and "Support young carers" in evidence.text


@pytest.mark.parametrize(("steps", "message"), [([], "Choose step 4"), ([3], "step 4 or step 5 only")])
def test_findings_only_on_steps_4_and_5(commissioner, activity, steps, message):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError, match=message):
        findings_save_as_evidence(
            actor=commissioner, activity=activity, steps=steps, title="Gaps", text="Text"
        )
    assert not StepEvidence.objects.exists()


# The page's figures from the database against the matrices worked out service by service --------------------


def generated_register(seed, *, providers, priorities, outcomes, areas):
    """Services with every kind of link and cost: none, zero, pennies that do not split evenly, several priorities
    and localities, whole-area, planned, decommissioned and archived services, and names shared by two services."""
    rng = random.Random(seed)
    costs = [
        None,
        Decimal("0"),
        Decimal("0.01"),
        Decimal("100.00"),
        Decimal("33333.34"),
        Decimal("1000000.07"),
    ]
    for n in range(36):
        service = ServiceFactory(
            reference=f"G{seed}-{n:02d}",
            name=f"Service {rng.randint(0, 20):02d}",  # some names shared: ordered by reference then
            provider=rng.choice(providers),
            annual_cost=rng.choice(costs),
            tier=rng.choice(["universal", "targeted", "specialist"]),
            status=rng.choice(["active"] * 6 + ["planned", "decommissioned"]),
            covers_whole_area=rng.random() < 0.3,
            priorities=rng.sample(priorities, rng.randint(0, min(3, len(priorities)))),
            outcomes=rng.sample(outcomes, rng.randint(0, 3)),
            localities=rng.sample(areas, rng.randint(0, len(areas))),
        )
        if rng.random() < 0.1:
            service.archived_at = service.created_at
            service.save()


def assert_same_figures(summary_result, full):
    summary, matrix = summary_result["matrix"], full["matrix"]
    assert [(r.key, r.label, r.detail) for r in summary.rows] == [
        (r.key, r.label, r.detail) for r in matrix.rows
    ]
    for new, old in zip(summary.rows, matrix.rows, strict=True):
        assert (new.count, new.cost_not_recorded, new.finding, new.finding_label) == (
            old.count,
            old.cost_not_recorded,
            old.finding,
            old.finding_label,
        )
        assert money(new.spend) == money(old.spend)
        if new.finding == "overlap":
            assert new.service_names == old.service_names
    assert (summary.service_count, summary.unlinked_count, summary.cost_not_recorded_count) == (
        matrix.service_count,
        matrix.unlinked_count,
        matrix.cost_not_recorded_count,
    )
    assert money(summary.total_spend) == money(matrix.total_spend)
    assert money(summary.unlinked_spend) == money(matrix.unlinked_spend)
    new_localities, old_localities = summary_result["localities"], full["localities"]
    assert new_localities.tiers == old_localities.tiers
    assert [r.label for r in new_localities.rows] == [r.label for r in old_localities.rows]
    for new, old in zip(new_localities.rows, old_localities.rows, strict=True):
        assert money(new.spend) == money(old.spend) and new.cost_not_recorded == old.cost_not_recorded
        for new_cell, old_cell in zip(new.cells, old.cells, strict=True):
            assert new_cell.count == len(old_cell.services)
            assert new_cell.services == [(s.pk, s.name) for s in old_cell.services][:NAMES_PER_CELL]
            assert new_cell.more == max(0, len(old_cell.services) - NAMES_PER_CELL)
            if not new.is_whole_area:
                assert new_cell.whole_area_count == len(old_cell.whole_area)
                assert new_cell.finding == old_cell.finding
    things = full["things"]
    assert findings_text(summary, things=things, localities=new_localities) == findings_text(
        matrix, things=things, localities=old_localities
    )


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_page_figures_from_the_database_match_the_matrices(
    seed,
    commissioner,
    home,
    north,
    south,
    outcomes,
    priorities,
    analysis,
    voluntary,
    private,
    council_provider,
):
    other = analysis_services.analysis_create(
        actor=commissioner, data={"title": "Youth needs analysis", "topic": "Youth", "area": home}
    )
    youth = analysis_services.priority_create(
        actor=commissioner, analysis=other, data={"title": "Youth work", "evidence": "From the analysis."}
    )
    archived_priority = analysis_services.priority_create(
        actor=commissioner, analysis=other, data={"title": "Old priority", "evidence": "From the analysis."}
    )
    archived_priority.archived_at = archived_priority.created_at
    archived_priority.save()
    ward = AreaFactory(code="E05000099", name="A ward, not a locality")  # a linked area of another type
    east = locality("East", "E05000003", home)  # a locality no running service may serve
    generated_register(
        seed,
        providers=[voluntary, private, council_provider],
        priorities=[*priorities.values(), youth, archived_priority],
        outcomes=list(outcomes.values()),
        areas=[north, south, east, ward],
    )
    for params in (
        {"by": "priority"},
        {"by": "outcome"},
        {"by": "priority", "analysis_id": analysis.pk},
        {"by": "priority", "analysis_id": other.pk},
    ):
        assert_same_figures(gap_summary(**params), gap_analysis(**params))


def test_page_figures_with_no_services(commissioner, priorities, north):
    result = gap_summary()
    matrix = result["matrix"]
    assert matrix.service_count == 0 and matrix.total_spend == 0 and matrix.unlinked_spend == 0
    assert [row.finding for row in matrix.rows] == ["gap", "gap", "gap"]
    assert result["matrix_page"]["lines"] == []
    assert_same_figures(result, gap_analysis())


def test_matrix_page_shows_a_page_of_services_against_every_row(register, priorities):
    page = gap_summary(by="priority")["matrix_page"]
    assert [line["service"].reference for line in page["lines"]] == ["S1", "S2", "S3", "S4"]
    s1 = page["lines"][0]["cells"]
    keys = [p.pk for p in open_priorities()]
    assert s1 == [key in {priorities["early"].pk, priorities["poverty"].pk} for key in keys]


def test_split_spend_is_exact():
    # Three £0.01 costs each split six ways are exactly half a penny, not a little more.
    assert split_spend([(Decimal("0.01"), 6)] * 3) == Decimal("0.005")
    assert split_spend([(Decimal("100.00"), 3)] * 3) == Decimal(100)
    assert split_spend([(Decimal("0.01"), 6), (Decimal("100.00"), 6), (Decimal("0.05"), 3)]) == Decimal(
        "16.685"
    )
    assert split_spend([]) == 0
