"""The gap and overlap analysis on the known register of dataset.py, every figure worked out by hand."""

from decimal import Decimal

import pytest

from commissioning.cycle import services as cycle_services
from commissioning.cycle.models import StepEvidence
from commissioning.services.analysis.figures import findings_text
from commissioning.services.analysis.selectors import gap_analysis
from commissioning.services.analysis.services import findings_save_as_evidence
from commissioning.services.tests import dataset

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
