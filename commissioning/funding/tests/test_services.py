from datetime import date
from decimal import Decimal

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from commissioning.core.exceptions import ConflictError
from commissioning.core.models import TimelineEvent
from commissioning.cycle import services as cycle_services
from commissioning.cycle.models import StepEvidence
from commissioning.funding import services
from commissioning.funding.models import Allocation, Contribution, FundingStream, ServiceFunding
from commissioning.funding.tests.conftest import budget_data, stream_data
from commissioning.organisations.tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


def errors(excinfo) -> dict:
    return {field: messages[0] for field, messages in excinfo.value.message_dict.items()}


# Funding streams ---------------------------------------------------------------------------------------------


def test_stream_create_is_audited(finance, council):
    stream = services.stream_create(actor=finance, data=stream_data(council, name="  High needs block "))
    assert stream.name == "High needs block" and stream.year_label == "2026/27"
    assert LogEntry.objects.get_for_object(stream).get().actor == finance


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"amount": Decimal("-5.00")}, "amount", "The amount cannot be negative"),
        (
            {"amount": Decimal("10.005")},
            "amount",
            "Enter the amount in pounds and pence, with at most 2 decimal places",
        ),
        ({"end_date": date(2026, 3, 1)}, "end_date", "The end date must be after the start date"),
        ({"end_date": date(2026, 4, 1)}, "end_date", "The end date must be after the start date"),
        ({"financial_year": 2101}, "financial_year", "Ensure this value is less than or equal to 2100."),
        ({"financial_year": 1999}, "financial_year", "Ensure this value is greater than or equal to 2000."),
    ],
)
def test_stream_bad_input_is_refused(finance, council, overrides, field, message):
    with pytest.raises(ValidationError) as excinfo:
        services.stream_create(actor=finance, data=stream_data(council, **overrides))
    assert errors(excinfo)[field] == message
    assert not FundingStream.objects.exists()


def test_stream_partner_must_be_a_partner(finance):
    provider = OrganisationFactory(name="Harbour Youth Trust")
    with pytest.raises(ValidationError) as excinfo:
        services.stream_create(actor=finance, data=stream_data(provider))
    assert "is not a partner" in errors(excinfo)["partner"]


def test_stream_update_detects_a_stale_version(finance, council):
    stream = services.stream_create(actor=finance, data=stream_data(council))
    services.stream_update(actor=finance, stream=stream, data={"amount": Decimal("5")}, expected_version=1)
    with pytest.raises(ConflictError):
        services.stream_update(
            actor=finance, stream=stream, data={"amount": Decimal("6")}, expected_version=1
        )
    stream.refresh_from_db()
    assert stream.amount == Decimal("5.00") and stream.version == 2


def test_stream_archive_needs_a_reason_and_keeps_the_record(finance, council):
    stream = services.stream_create(actor=finance, data=stream_data(council))
    with pytest.raises(ValidationError):
        services.stream_archive(actor=finance, stream=stream, reason=" ")
    stream = services.stream_archive(actor=finance, stream=stream, reason="Grant withdrawn")
    assert stream.is_archived and FundingStream.objects.filter(pk=stream.pk).exists()
    services.stream_restore(actor=finance, stream=stream)
    assert not FundingStream.objects.get(pk=stream.pk).is_archived


def test_linking_services_checks_duplicates_and_the_stream_amount(finance, council, service):
    stream = services.stream_create(actor=finance, data=stream_data(council, amount=Decimal("100000.00")))
    link = services.service_funding_add(
        actor=finance, stream=stream, service=service, annual_amount=Decimal("60000")
    )
    assert link.annual_amount == Decimal("60000")
    with pytest.raises(ValidationError) as excinfo:
        services.service_funding_add(
            actor=finance, stream=stream, service=service, annual_amount=Decimal("1")
        )
    assert "already funds" in errors(excinfo)["service"]
    from commissioning.services.tests.factories import ServiceFactory

    other = ServiceFactory()
    with pytest.raises(ValidationError) as excinfo:
        services.service_funding_add(
            actor=finance, stream=stream, service=other, annual_amount=Decimal("40000.01")
        )
    assert errors(excinfo)["annual_amount"] == (
        "This would take the services paid for by High needs block to £100,000.01 a year, £0.01 more than the "
        "stream's £100,000.00."
    )
    assert ServiceFunding.objects.count() == 1
    services.service_funding_archive(actor=finance, link=link, reason="Now paid from the pool")
    assert ServiceFunding.objects.active().count() == 0


# Budgets -----------------------------------------------------------------------------------------------------


def test_budget_needs_a_holder_and_years_in_order(finance, council):
    with pytest.raises(ValidationError) as excinfo:
        services.budget_create(actor=finance, data=budget_data(council, holder_name="", last_year=2025))
    found = errors(excinfo)
    assert found["holder_name"] == "Select the budget holder, or enter their name and role"
    assert found["last_year"] == "The last financial year cannot be before the first"


def test_budget_signed_date_cannot_be_in_the_future(finance, council):
    with pytest.raises(ValidationError) as excinfo:
        services.budget_create(actor=finance, data=budget_data(council, agreement_signed_on=date(2999, 1, 1)))
    assert "today or in the past" in errors(excinfo)["agreement_signed_on"]


def test_agreement_upload_is_checked_and_kept(finance, council, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    with pytest.raises(ValidationError) as excinfo:
        services.budget_create(
            actor=finance,
            data=budget_data(council),
            agreement_file=SimpleUploadedFile(
                "agreement.exe", b"MZ\x90\x00", content_type="application/octet-stream"
            ),
        )
    assert "The file must be one of" in errors(excinfo)["agreement_file"]
    budget = services.budget_create(
        actor=finance,
        data=budget_data(council, agreement_signed_on=date(2026, 3, 20)),
        agreement_file=SimpleUploadedFile("s75.pdf", b"%PDF-1.7 signed", content_type="application/pdf"),
    )
    assert budget.is_signed and budget.agreement_file_name == "s75.pdf"
    assert budget.agreement_content_type == "application/pdf"
    assert budget.agreement_file.read() == b"%PDF-1.7 signed"


def test_contributions_are_checked(finance, council, icb, budget):
    def add(**data):
        return services.contribution_add(
            actor=finance,
            budget=budget,
            data={"partner": council, "financial_year": 2026, "amount": Decimal("10")} | data,
        )

    add()
    with pytest.raises(ValidationError) as excinfo:
        add(amount=Decimal("20"))
    assert errors(excinfo)["partner"] == (
        "Testshire County Council's contribution for 2026/27 is already recorded. Change that contribution instead."
    )
    with pytest.raises(ValidationError) as excinfo:
        add(partner=icb, financial_year=2028)
    assert (
        errors(excinfo)["financial_year"]
        == "2028/29 is outside the years the budget covers (2026/27 to 2027/28)"
    )
    with pytest.raises(ValidationError) as excinfo:
        add(partner=icb, amount=Decimal("-0.01"))
    assert errors(excinfo)["amount"] == "The amount cannot be negative"
    with pytest.raises(ValidationError) as excinfo:
        add(partner=icb, amount=Decimal("1.001"))
    assert "at most 2 decimal places" in errors(excinfo)["amount"]
    assert Contribution.objects.count() == 1


def test_contribution_change_is_in_the_timeline(finance, council, budget):
    contribution = services.contribution_add(
        actor=finance,
        budget=budget,
        data={"partner": council, "financial_year": 2026, "amount": Decimal("10")},
    )
    services.contribution_update(
        actor=finance, contribution=contribution, amount=Decimal("12.50"), expected_version=1
    )
    assert TimelineEvent.objects.filter(
        object_id=str(budget.pk), summary__contains="changed from £10.00 to £12.50"
    ).exists()
    with pytest.raises(ConflictError):
        services.contribution_update(
            actor=finance, contribution=contribution, amount=Decimal("1"), expected_version=1
        )


def test_budget_years_cannot_shrink_past_recorded_money(finance, council, budget):
    services.contribution_add(
        actor=finance,
        budget=budget,
        data={"partner": council, "financial_year": 2027, "amount": Decimal("10")},
    )
    with pytest.raises(ValidationError) as excinfo:
        services.budget_update(actor=finance, budget=budget, data={"last_year": 2026}, expected_version=None)
    assert "2027/28" in errors(excinfo)["last_year"]


# The over-allocation rule ------------------------------------------------------------------------------------


def test_over_allocation_without_override_is_refused_and_nothing_is_written(finance, dataset, activity):
    budget = dataset["budget"]
    allocations, events = Allocation.objects.count(), TimelineEvent.objects.count()
    with pytest.raises(ValidationError) as excinfo:
        services.allocation_add(
            actor=finance,
            budget=budget,
            data={"financial_year": 2026, "amount": Decimal("40000.00"), "activity": activity},
        )
    assert errors(excinfo)["amount"].startswith(
        "This allocation of £40,000.00 would take 2026/27's allocations to £510,000.25, £10,000.25 more than the "
        "£500,000.00 pooled."
    )
    assert Allocation.objects.count() == allocations and TimelineEvent.objects.count() == events


def test_an_override_needs_a_reason(finance, dataset, activity):
    with pytest.raises(ValidationError) as excinfo:
        services.allocation_add(
            actor=finance,
            budget=dataset["budget"],
            data={"financial_year": 2026, "amount": Decimal("40000.00"), "activity": activity},
            override=True,
            override_reason="  ",
        )
    assert errors(excinfo)["override_reason"] == "Give the reason for allocating beyond what is pooled"


def test_an_override_is_recorded_and_audited(finance, dataset, activity):
    budget = dataset["budget"]
    allocation = services.allocation_add(
        actor=finance,
        budget=budget,
        data={"financial_year": 2026, "amount": Decimal("40000.00"), "activity": activity},
        override=True,
        override_reason="The ICB agreed to top up in October",
    )
    assert allocation.override_by == finance and allocation.override_at is not None
    assert allocation.override_reason == "The ICB agreed to top up in October"
    entry = LogEntry.objects.get_for_object(allocation).get()
    assert entry.actor == finance and "override_reason" in entry.changes_dict
    event = TimelineEvent.objects.filter(object_id=str(budget.pk)).first()
    assert event.actor == finance
    assert "Override: allocations go £10,000.25 beyond the £500,000.00 pooled" in event.summary
    assert "The ICB agreed to top up in October" in event.summary


def test_an_allocation_within_the_pool_needs_no_override(finance, dataset, service):
    allocation = services.allocation_add(
        actor=finance,
        budget=dataset["budget"],
        data={"financial_year": 2026, "amount": Decimal("29999.75"), "service": service},
    )
    assert not allocation.overridden and allocation.override_reason == ""


def test_an_allocation_needs_exactly_one_target(finance, dataset, activity, service):
    for target in ({}, {"activity": activity, "service": service}):
        with pytest.raises(ValidationError) as excinfo:
            services.allocation_add(
                actor=finance,
                budget=dataset["budget"],
                data={"financial_year": 2026, "amount": Decimal("1"), **target},
            )
        assert (
            "Choose one commissioning activity, one service or one agreement" in errors(excinfo)["activity"]
        )


def test_an_allocation_with_commitments_cannot_be_removed(finance, dataset):
    with pytest.raises(ValidationError):
        services.allocation_archive(actor=finance, allocation=dataset["to_activity"], reason="Not needed")
    services.allocation_archive(actor=finance, allocation=dataset["later"], reason="Not needed")
    assert Allocation.objects.active().count() == 2


def test_commitment_needs_a_description_and_money(finance, dataset):
    with pytest.raises(ValidationError) as excinfo:
        services.commitment_add(
            actor=finance,
            allocation=dataset["later"],
            data={"amount": Decimal("-1"), "committed_on": date(2027, 5, 1), "description": ""},
        )
    found = errors(excinfo)
    assert found["amount"] == "The amount cannot be negative"
    assert found["description"] == "Enter what the money is committed to"


def test_archived_budget_takes_no_more_money(finance, council, budget):
    services.budget_archive(actor=finance, budget=budget, reason="Agreement ended")
    with pytest.raises(ValidationError):
        services.contribution_add(
            actor=finance,
            budget=budget,
            data={"partner": council, "financial_year": 2026, "amount": Decimal("1")},
        )


# Workforce and market development plans -------------------------------------------------------------------


def plan_data(activity, **overrides):
    return {
        "activity": activity,
        "title": "Short breaks workforce plan",
        "skills_gaps": "Few staff trained in positive behaviour support.",
        "sectors": ["voluntary_community_faith", "statutory"],
        "market_summary": "Grow local providers of overnight short breaks.",
    } | overrides


def test_plan_with_training_and_actions(commissioner, activity):
    plan = services.plan_create(actor=commissioner, data=plan_data(activity))
    assert plan.sectors == ["statutory", "voluntary_community_faith"]  # in the list's order
    assert plan.sector_labels == ["Statutory", "Voluntary, community and faith"]
    item = services.training_add(
        actor=commissioner,
        plan=plan,
        data={
            "what": "Positive behaviour support",
            "for_whom": "Short breaks staff",
            "planned_for": date(2026, 9, 1),
            "cost": Decimal("4500.00"),
        },
    )
    assert item.cost == Decimal("4500.00")
    action = services.action_add(
        actor=commissioner,
        plan=plan,
        data={
            "action": "Market engagement event",
            "owner": "Commissioning team",
            "due_on": date(2026, 10, 1),
            "status": "not_started",
        },
    )
    services.action_update(actor=commissioner, action=action, data={"status": "done"}, expected_version=1)
    assert TimelineEvent.objects.filter(
        object_id=str(plan.pk), summary__contains="Not started → Done"
    ).exists()
    assert TimelineEvent.objects.filter(
        object_id=str(activity.pk), summary__contains="Short breaks workforce plan"
    ).exists()


def test_plan_bad_input(commissioner, activity):
    with pytest.raises(ValidationError) as excinfo:
        services.plan_create(actor=commissioner, data=plan_data(activity, sectors=["nonsense"], title=""))
    found = errors(excinfo)
    assert (
        found["sectors"] == "Choose sectors from the list" and found["title"] == "Enter a title for the plan"
    )
    plan = services.plan_create(actor=commissioner, data=plan_data(activity))
    with pytest.raises(ValidationError) as excinfo:
        services.training_add(
            actor=commissioner,
            plan=plan,
            data={"what": "x", "for_whom": "y", "planned_for": date(2026, 9, 1), "cost": Decimal("-1")},
        )
    assert errors(excinfo)["cost"] == "The cost cannot be negative"


def test_plan_saved_as_step_8_evidence(commissioner, council):
    from django.core.management import call_command

    call_command("load_frameworks")
    activity = cycle_services.activity_create(
        actor=commissioner,
        data={
            "title": "Short breaks redesign",
            "kind": "service_redesign",
            "purpose": "Better short breaks.",
            "service_area": "send",
            "lead_commissioner": commissioner,
            "lead_organisation": council,
            "level": "strategic",
            "tiers": ["targeted"],
            "integration_approach": "joint",
            "cycle_year": 2026,
        },
    )
    plan = services.plan_create(actor=commissioner, data=plan_data(activity))
    evidence = services.plan_save_as_evidence(actor=commissioner, plan=plan, path=plan.get_absolute_url())
    assert evidence.step.number == 8 and evidence.kind == "record"
    assert evidence.record_path == f"/funding/plans/{plan.pk}/"
    assert StepEvidence.objects.filter(step__activity=activity).count() == 1


def test_an_allocation_can_fund_an_agreement(finance, dataset, council, commissioner, service):
    from commissioning.contracts import services as contracts

    agreement = contracts.agreement_create(
        actor=commissioner,
        data={
            "reference": "CON-2026-310",
            "title": "Short breaks",
            "agreement_type": "contract",
            "provider": OrganisationFactory(),
            "commissioner": council,
            "annual_value": Decimal("40000"),
            "whole_life_value": Decimal("120000"),
            "starts_on": date(2026, 4, 1),
            "ends_on": date(2029, 3, 31),
            "payment_basis": "fixed_price",
        },
    )
    allocation = services.allocation_add(
        actor=finance,
        budget=dataset["budget"],
        data={"financial_year": 2026, "amount": Decimal("1000"), "agreement": agreement},
    )
    assert allocation.target == agreement and allocation.target_kind == "Agreement"
    with pytest.raises(ValidationError) as excinfo:
        services.allocation_add(
            actor=finance,
            budget=dataset["budget"],
            data={"financial_year": 2026, "amount": Decimal("1"), "agreement": agreement, "service": service},
        )
    assert "one agreement" in errors(excinfo)["activity"]
    contracts.agreement_archive(actor=commissioner, agreement=agreement, reason="Entered twice")
    agreement.refresh_from_db()
    with pytest.raises(ValidationError) as excinfo:
        services.allocation_add(
            actor=finance,
            budget=dataset["budget"],
            data={"financial_year": 2026, "amount": Decimal("1"), "agreement": agreement},
        )
    assert "is archived" in errors(excinfo)["agreement"]
