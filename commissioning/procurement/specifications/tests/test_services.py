import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from commissioning.core.exceptions import ConflictError
from commissioning.core.models import TimelineEvent
from commissioning.cycle import gates
from commissioning.cycle import services as cycle_services
from commissioning.cycle.models import DocumentType
from commissioning.frameworks.models import Framework
from commissioning.procurement.specifications import selectors, services
from commissioning.procurement.specifications.gate import MESSAGE
from commissioning.procurement.specifications.models import (
    Specification,
    SpecificationStatus,
    SpecificationVersion,
)
from commissioning.procurement.specifications.tests.conftest import APPROVAL, HEADINGS, full_sections

pytestmark = pytest.mark.django_db


def save(specification, actor, sections=None, kpis=(), note="Changed", expected=None):
    return services.specification_save(
        actor=actor,
        specification=specification,
        sections=sections or {},
        kpis=list(kpis),
        change_note=note,
        expected_version=expected,
    )


def approve(specification, actor, **extra):
    return services.specification_approve(
        actor=actor,
        specification=specification,
        data=APPROVAL | {"approved_on": dt.date(2026, 1, 20)} | extra,
        expected_version=None,
    )


# Starting ---------------------------------------------------------------------------------------------------


def test_start_makes_version_1_with_the_twelve_headings_of_the_library_in_order(specification, commissioner):
    version = selectors.version_of(specification)
    assert version.number == 1
    assert version.status == SpecificationStatus.DRAFT
    assert version.created_by == commissioner
    assert [s.heading for s in version.sections.all()] == HEADINGS
    assert [s.ref for s in version.sections.all()] == [f"H{n}" for n in range(1, 13)]
    assert all(
        s.item.framework.slug == "wolverhampton-service-specification-template"
        for s in version.sections.all()
    )
    assert all(s.text == "" for s in version.sections.all())
    assert TimelineEvent.objects.filter(
        object_id=str(specification.pk), summary="Specification started"
    ).exists()


def test_start_uses_the_headings_as_the_library_has_them_now(activity, commissioner):
    framework = Framework.objects.get(slug="wolverhampton-service-specification-template")
    framework.items.filter(ref="H3").update(title="Overview of the service")
    specification = services.specification_start(actor=commissioner, activity=activity, title="Spec")
    assert selectors.version_of(specification).sections.get(ref="H3").heading == "Overview of the service"


def test_start_without_the_template_in_the_library_is_refused_with_a_clear_message(commissioner, council):
    from commissioning.cycle.tests.factories import ActivityFactory

    activity = ActivityFactory(lead_commissioner=commissioner, lead_organisation=council)
    with pytest.raises(ValidationError, match="not in the framework library"):
        services.specification_start(actor=commissioner, activity=activity, title="Spec")
    assert not Specification.objects.exists()


def test_start_needs_a_title_and_an_activity_that_is_not_archived(activity, commissioner):
    with pytest.raises(ValidationError) as refused:
        services.specification_start(actor=commissioner, activity=activity, title="  ")
    assert "title" in refused.value.message_dict
    cycle_services.activity_archive(actor=commissioner, activity=activity, reason="Stopped")
    activity.refresh_from_db()
    with pytest.raises(ValidationError) as refused:
        services.specification_start(actor=commissioner, activity=activity, title="Spec")
    assert "archived" in refused.value.message_dict["activity"][0]
    assert not Specification.objects.exists()


# Versions ---------------------------------------------------------------------------------------------------


def test_every_save_makes_a_new_version_and_keeps_the_old_one(
    specification, commissioner, procurement_manager
):
    first = save(specification, commissioner, {"H1": "Family support"}, note="Named the service")
    second = save(specification, procurement_manager, {"H9": "£100,000 a year"}, note="Added the cost")
    assert (first.number, second.number) == (2, 3)
    assert second.created_by == procurement_manager
    assert second.change_note == "Added the cost"
    specification.refresh_from_db()
    assert specification.current_number == 3
    old = selectors.version_of(specification, 2)
    assert old.sections.get(ref="H1").text == "Family support"
    assert old.sections.get(ref="H9").text == ""
    latest = selectors.version_of(specification)
    assert latest.sections.get(ref="H1").text == "Family support"
    assert latest.sections.get(ref="H9").text == "£100,000 a year"
    assert selectors.version_of(specification, 1).sections.get(ref="H1").text == ""


def test_saving_nothing_new_makes_no_version(specification, commissioner):
    assert save(specification, commissioner, {"H1": ""}) is None
    assert SpecificationVersion.objects.filter(specification=specification).count() == 1


def test_a_save_needs_a_change_note_and_valid_kpis_and_changes_nothing_otherwise(specification, commissioner):
    with pytest.raises(ValidationError) as refused:
        save(specification, commissioner, {"H1": "Name"}, note=" ")
    assert "change_note" in refused.value.message_dict
    with pytest.raises(ValidationError, match="Enter what performance measure 1 measures"):
        save(specification, commissioner, {"H1": "Name"}, kpis=[{"measure": "", "target": "90%"}])
    with pytest.raises(ValidationError, match="no heading H99"):
        save(specification, commissioner, {"H99": "Name"})
    assert SpecificationVersion.objects.filter(specification=specification).count() == 1


def test_a_stale_save_is_refused(specification, commissioner):
    stale = specification.version
    save(specification, commissioner, {"H1": "First"})
    with pytest.raises(ConflictError):
        save(specification, commissioner, {"H1": "Second"}, expected=stale)
    assert (
        selectors.version_of(Specification.objects.get(pk=specification.pk)).sections.get(ref="H1").text
        == "First"
    )


def test_kpi_rows_are_kept_in_order_with_the_indicator_figures(priorities, specification, commissioner):
    poverty = priorities["poverty"]
    version = save(
        specification,
        commissioner,
        kpis=[
            {"indicator": poverty, "measure": poverty.title, "target": "Below 17%", "frequency": "annually"},
            {
                "indicator": None,
                "measure": "Families seen within two weeks",
                "target": "90%",
                "frequency": "quarterly",
                "source": "Provider return",
            },
        ],
    )
    rows = list(version.kpis.all())
    assert [r.measure for r in rows] == [poverty.title, "Families seen within two weeks"]
    assert (rows[0].unit, rows[0].polarity) == ("percentage", "lower_is_better")
    assert rows[0].baseline == "19.4% (2023/24)"
    assert rows[0].england == "22.1% (2023/24)"
    assert (rows[1].indicator, rows[1].baseline, rows[1].source) == (None, "", "Provider return")


# Approval ---------------------------------------------------------------------------------------------------


def test_approval_needs_every_section_written(specification, commissioner):
    save(specification, commissioner, {"H1": "Name"})
    with pytest.raises(ValidationError) as refused:
        approve(specification, commissioner)
    assert "Statement of purpose" in refused.value.message_dict["__all__"][0]
    specification.refresh_from_db()
    assert specification.status == SpecificationStatus.DRAFT
    assert specification.approved_number is None


def test_performance_measures_count_as_written_when_there_are_kpis(specification, commissioner):
    sections = full_sections() | {"H10": ""}
    version = save(
        specification, commissioner, sections, kpis=[{"measure": "Families helped", "target": "500"}]
    )
    assert services.missing_sections(version) == []


def test_approval_records_who_when_and_the_decision(written, commissioner):
    version = approve(written, commissioner)
    assert version.number == 2
    assert version.status == SpecificationStatus.APPROVED
    assert version.approved_by_body == "Commissioning Board"
    assert version.decision_reference == "CB 2026/4"
    assert version.approved_on == dt.date(2026, 1, 20)
    assert version.approval_recorded_by == commissioner
    assert version.approval_recorded_at is not None
    written.refresh_from_db()
    assert (written.status, written.approved_number) == (SpecificationStatus.APPROVED, 2)
    assert TimelineEvent.objects.filter(
        object_id=str(written.pk), summary__startswith="Version 2 approved by Commissioning Board"
    ).exists()


def test_approval_is_refused_without_a_body_or_with_a_date_in_the_future(written, commissioner):
    with pytest.raises(ValidationError) as refused:
        approve(written, commissioner, approved_by_body=" ")
    assert "approved_by_body" in refused.value.message_dict
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    with pytest.raises(ValidationError) as refused:
        approve(written, commissioner, approved_on=tomorrow)
    assert "approved_on" in refused.value.message_dict
    assert not SpecificationVersion.objects.filter(status="approved").exists()


def test_an_approved_version_is_frozen_and_editing_starts_a_new_draft(approved, commissioner):
    with pytest.raises(ValidationError, match="already approved"):
        approve(approved, commissioner)
    draft = save(approved, commissioner, {"H9": "A new cost"}, note="Cost revised")
    assert (draft.number, draft.status) == (3, SpecificationStatus.DRAFT)
    approved.refresh_from_db()
    assert (approved.status, approved.current_number, approved.approved_number) == ("draft", 3, 2)
    frozen = selectors.version_of(approved, 2)
    assert frozen.status == SpecificationStatus.APPROVED
    assert frozen.sections.get(ref="H9").text == "Text for heading 9."
    assert TimelineEvent.objects.filter(summary__contains="a new draft after the approved version 2").exists()
    approve(approved, commissioner, decision_reference="CB 2026/9")
    approved.refresh_from_db()
    assert (approved.status, approved.approved_number) == ("approved", 3)


def test_kpis_in_force_are_the_approved_versions(approved, commissioner):
    assert selectors.kpis_in_force(approved) == []
    save(approved, commissioner, kpis=[{"measure": "Families helped", "target": "500"}])
    approved.refresh_from_db()
    assert selectors.kpis_in_force(approved) == []
    approve(approved, commissioner)
    approved.refresh_from_db()
    assert [k.measure for k in selectors.kpis_in_force(approved)] == ["Families helped"]


def test_archive_needs_a_reason_and_an_archived_specification_cannot_change(specification, commissioner):
    with pytest.raises(ValidationError):
        services.specification_archive(actor=commissioner, specification=specification, reason="")
    services.specification_archive(actor=commissioner, specification=specification, reason="Replaced")
    with pytest.raises(ValidationError, match="Restore this specification"):
        save(specification, commissioner, {"H1": "x"})
    services.specification_restore(actor=commissioner, specification=specification)
    assert save(specification, commissioner, {"H1": "x"}).number == 2


# Prefill ----------------------------------------------------------------------------------------------------


def test_suggestions_come_from_the_strategy_and_the_final_needs_analyses(priorities, activity):
    suggestions = selectors.activity_suggestions(activity)
    assert [p.title for p in suggestions.priorities] == [
        "One front door",
        "Reduce the effects of child poverty",
    ]
    assert [k.indicator.code for k in suggestions.kpis] == ["children-in-low-income", "neet-16-17"]
    poverty = suggestions.kpis[0]
    assert (poverty.unit, poverty.polarity, poverty.baseline, poverty.england) == (
        "percentage",
        "lower_is_better",
        "19.4% (2023/24)",
        "22.1% (2023/24)",
    )
    assert suggestions.kpis[1].baseline == ""


def test_draft_needs_analyses_are_not_suggested(priorities, activity):
    priorities["analysis"].__class__.objects.filter(pk=priorities["analysis"].pk).update(status="draft")
    suggestions = selectors.activity_suggestions(activity)
    assert [p.title for p in suggestions.priorities] == ["One front door"]
    assert suggestions.kpis == []


def test_prefill_of_an_empty_specification_fills_outcomes_and_kpis_as_a_new_version(
    priorities, specification, commissioner
):
    version = services.specification_prefill(
        actor=commissioner, specification=specification, mode="", expected_version=None
    )
    assert version.number == 2
    assert version.change_note == services.PREFILL_NOTE
    outcomes = version.sections.get(ref="H7").text
    assert "One front door: A single referral route" in outcomes
    assert "Reduce the effects of child poverty (needs analysis: Family support needs analysis" in outcomes
    kpis = list(version.kpis.all())
    assert [k.indicator.code for k in kpis] == ["children-in-low-income", "neet-16-17"]
    assert all(k.target == "" for k in kpis)
    assert kpis[0].baseline == "19.4% (2023/24)"


def test_prefill_never_overwrites_without_a_choice(priorities, specification, commissioner):
    save(specification, commissioner, {"H7": "Our own outcomes."}, kpis=[{"measure": "Own measure"}])
    with pytest.raises(ValidationError) as refused:
        services.specification_prefill(
            actor=commissioner, specification=specification, mode="", expected_version=None
        )
    assert "mode" in refused.value.message_dict
    assert Specification.objects.get(pk=specification.pk).current_number == 2


def test_prefill_can_add_to_what_is_there(priorities, specification, commissioner):
    save(specification, commissioner, {"H7": "Our own outcomes."}, kpis=[{"measure": "Own measure"}])
    version = services.specification_prefill(
        actor=commissioner, specification=specification, mode="add", expected_version=None
    )
    assert version.sections.get(ref="H7").text.startswith("Our own outcomes.\n\n- One front door")
    assert [k.measure for k in version.kpis.all()] == [
        "Own measure",
        "Children in relative low income families",
        "16 and 17 year olds not in education or training",
    ]
    again = services.specification_prefill(
        actor=commissioner, specification=specification, mode="add", expected_version=None
    )
    assert again.kpis.count() == 3  # the same indicators are not added twice


def test_prefill_can_replace_what_is_there(priorities, specification, commissioner):
    save(specification, commissioner, {"H7": "Our own outcomes."}, kpis=[{"measure": "Own measure"}])
    version = services.specification_prefill(
        actor=commissioner, specification=specification, mode="replace", expected_version=None
    )
    assert "Our own outcomes" not in version.sections.get(ref="H7").text
    assert "Own measure" not in [k.measure for k in version.kpis.all()]
    assert selectors.version_of(specification, 2).sections.get(ref="H7").text == "Our own outcomes."


def test_prefill_without_priorities_says_what_to_do(specification, commissioner):
    with pytest.raises(ValidationError, match="no priorities"):
        services.specification_prefill(
            actor=commissioner, specification=specification, mode="", expected_version=None
        )


# The gate ---------------------------------------------------------------------------------------------------


def spec_unmet(activity):
    return [
        u.message
        for u in gates.unmet_conditions(activity, "start_procurement")
        if u.condition == "specification"
    ]


def test_the_gate_names_both_ways_when_there_is_no_specification(activity):
    messages = spec_unmet(activity)
    assert messages == [MESSAGE]
    assert 'evidence marked "Service specification"' in MESSAGE
    assert "approve a service specification" in MESSAGE


def test_a_draft_specification_does_not_open_the_gate(written, activity):
    assert spec_unmet(activity) == [MESSAGE]


def test_an_approved_specification_opens_the_gate_even_with_a_new_draft(approved, activity, commissioner):
    assert spec_unmet(activity) == []
    save(approved, commissioner, {"H1": "Renamed"})
    assert spec_unmet(activity) == []


def test_an_archived_approved_specification_does_not_open_the_gate(approved, activity, commissioner):
    services.specification_archive(actor=commissioner, specification=approved, reason="Withdrawn")
    assert spec_unmet(activity) == [MESSAGE]


def test_evidence_marked_service_specification_still_opens_the_gate(activity, commissioner):
    cycle_services.evidence_add(
        actor=commissioner,
        step=activity.steps.get(number=6),
        kind="text",
        title="Specification",
        text="Agreed specification",
        document_type=DocumentType.SERVICE_SPECIFICATION,
    )
    assert spec_unmet(activity) == []


def test_the_check_is_registered_for_the_condition():
    from commissioning.procurement.specifications.gate import specification_check

    assert gates.CHECKS["specification"] is specification_check
