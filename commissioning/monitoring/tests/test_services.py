from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from commissioning.core.exceptions import ConflictError
from commissioning.monitoring import selectors, services
from commissioning.monitoring.models import FrequencyBand, ProviderReturn, ReturnStatus
from commissioning.monitoring.rag import Rag
from commissioning.monitoring.tests.conftest import return_data
from commissioning.monitoring.tests.factories import AgreementFactory

AFTER = date(2026, 7, 5)


def test_bands_set_the_default_frequency(agreement):
    FrequencyBand.objects.all().delete()
    assert services.default_frequency(agreement) is None
    for from_value, frequency in [(0, "annual"), (50000, "six_monthly"), (250000, "quarterly")]:
        FrequencyBand.objects.create(from_value=from_value, frequency=frequency)
    agreement.annual_value = Decimal("20000")
    assert services.default_frequency(agreement) == "annual"
    agreement.annual_value = Decimal("120000")
    assert services.default_frequency(agreement) == "six_monthly"
    agreement.annual_value = Decimal("300000")
    assert services.default_frequency(agreement) == "quarterly"


def test_plan_draws_periods_and_redraws_only_those_without_returns(
    plan, agreement, kpis, provider_user, officer
):
    assert agreement.return_periods.count() == 12
    first = agreement.return_periods.order_by("starts_on").first()
    assert (first.ends_on, first.due_on) == (date(2026, 6, 30), date(2026, 7, 28))
    services.return_submit(actor=provider_user, period=first, data=return_data(kpis), today=AFTER)
    services.plan_save(
        actor=officer,
        agreement=agreement,
        data={"frequency": "annual", "first_period_starts_on": date(2026, 4, 1), "due_days": 28},
        expected_version=plan.version,
    )
    # the period with a return stays; the rest are redrawn as annual periods
    assert agreement.return_periods.filter(pk=first.pk).exists()
    assert agreement.return_periods.count() == 1 + 2


def test_plan_first_period_must_be_within_the_agreement(agreement, officer):
    with pytest.raises(ValidationError) as exc:
        services.plan_save(
            actor=officer,
            agreement=agreement,
            data={"frequency": "quarterly", "first_period_starts_on": date(2025, 1, 1), "due_days": 28},
        )
    assert "first_period_starts_on" in exc.value.message_dict


def test_a_valid_return_is_saved_with_its_actuals(first_period, kpis, provider_user):
    provider_return = services.return_submit(
        actor=provider_user, period=first_period, data=return_data(kpis), today=AFTER
    )
    assert provider_return.status == ReturnStatus.SUBMITTED
    assert {a.kpi_id: a.value for a in provider_return.actuals.all()} == {
        kpis[0].pk: Decimal("104"),
        kpis[1].pk: Decimal("9"),
    }
    assert provider_return.characteristics["gender"] == {"Female": 22, "Male": 18}


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"actuals": {}}, "kpi_"),  # a KPI not answered
        ({"service_users": "-3"}, "service_users"),
        ({"complaints": "-1"}, "complaints"),
        ({"service_users": "2.5"}, "service_users"),
        ({"narrative": " "}, "narrative"),
        ({"characteristics": {"age": {"Under 5": "30", "5 to 10": "20"}}}, "char_age_0"),
        ({"safeguarding_incidents": "2", "safeguarding_details": ""}, "safeguarding_details"),
    ],
)
def test_bad_returns_are_refused_and_nothing_is_written(first_period, kpis, provider_user, overrides, field):
    with pytest.raises(ValidationError) as exc:
        services.return_submit(
            actor=provider_user, period=first_period, data=return_data(kpis, **overrides), today=AFTER
        )
    assert any(key.startswith(field) for key in exc.value.message_dict)
    assert not ProviderReturn.objects.exists()


def test_negative_kpi_actual_is_refused(first_period, kpis, provider_user):
    data = return_data(kpis, actuals={kpis[0].pk: "-1", kpis[1].pk: "3"})
    with pytest.raises(ValidationError) as exc:
        services.return_submit(actor=provider_user, period=first_period, data=data, today=AFTER)
    assert exc.value.message_dict[f"kpi_{kpis[0].pk}"] == [
        "The actual for Families supported must be 0 or more"
    ]


def test_a_return_before_the_period_ends_is_refused(first_period, kpis, provider_user):
    with pytest.raises(ValidationError) as exc:
        services.return_submit(
            actor=provider_user, period=first_period, data=return_data(kpis), today=date(2026, 6, 29)
        )
    assert "30 June 2026" in exc.value.message_dict["__all__"][0]


def test_a_duplicate_return_is_refused(first_period, kpis, provider_user):
    services.return_submit(actor=provider_user, period=first_period, data=return_data(kpis), today=AFTER)
    with pytest.raises(ValidationError, match="already been submitted"):
        services.return_submit(actor=provider_user, period=first_period, data=return_data(kpis), today=AFTER)
    assert ProviderReturn.objects.count() == 1


def test_another_provider_cannot_submit(first_period, kpis, other_provider_org):
    from commissioning.organisations.models import Role
    from commissioning.organisations.tests.factories import person_with_role

    stranger = person_with_role(Role.PROVIDER_USER, other_provider_org, username="stranger")
    with pytest.raises(ValidationError, match="Only the provider"):
        services.return_submit(actor=stranger, period=first_period, data=return_data(kpis), today=AFTER)


def test_query_then_resubmit_then_accept_keeps_the_history(first_period, kpis, provider_user, officer):
    first = services.return_submit(
        actor=provider_user, period=first_period, data=return_data(kpis), today=AFTER
    )
    with pytest.raises(ValidationError):
        services.return_query(actor=officer, provider_return=first, query="  ")
    services.return_query(actor=officer, provider_return=first, query="Families supported looks high.")
    first.refresh_from_db()
    assert first.status == ReturnStatus.QUERIED
    second = services.return_submit(
        actor=provider_user,
        period=first_period,
        data=return_data(kpis, actuals={kpis[0].pk: "96", kpis[1].pk: "9"}),
        today=AFTER,
    )
    first.refresh_from_db()
    assert first.status == ReturnStatus.SUPERSEDED
    services.return_accept(actor=officer, provider_return=second, expected_version=second.version)
    second.refresh_from_db()
    assert second.status == ReturnStatus.ACCEPTED
    assert [r.status for r in selectors.returns_of(first_period)] == ["accepted", "superseded"]
    with pytest.raises(ConflictError):
        services.return_accept(actor=officer, provider_return=second)


def test_stale_version_is_refused(first_period, kpis, provider_user, officer):
    submitted = services.return_submit(
        actor=provider_user, period=first_period, data=return_data(kpis), today=AFTER
    )
    with pytest.raises(ConflictError):
        services.return_accept(
            actor=officer, provider_return=submitted, expected_version=submitted.version + 1
        )


def test_period_rows_rate_each_kpi_and_the_agreement(first_period, kpis, provider_user, agreement):
    services.return_submit(
        actor=provider_user,
        period=first_period,
        data=return_data(kpis, actuals={kpis[0].pk: "95", kpis[1].pk: "14"}),
        today=AFTER,
    )
    rows = selectors.period_rows(agreement, today=AFTER)
    assert rows[0].ratings[kpis[0].pk][1] == Rag.AMBER
    assert rows[0].ratings[kpis[1].pk][1] == Rag.RED
    assert rows[0].rag == Rag.RED
    assert selectors.latest_ratings([agreement]) == {agreement.pk: Rag.RED}


def test_overdue_flag(first_period, kpis, agreement):
    rows = selectors.period_rows(agreement, today=first_period.due_on + timedelta(days=1))
    assert rows[0].overdue
    assert not rows[1].overdue
    listed = selectors.overview(today=first_period.due_on + timedelta(days=1)).get(pk=agreement.pk)
    assert listed.overdue_count == 1


def test_late_minutes_and_missing_independent_feedback_are_flagged(agreement, officer):
    today = timezone.localdate()
    late = services.meeting_save(
        actor=officer,
        agreement=agreement,
        data={"held_on": today - timedelta(days=30), "attendees": "Officer; provider manager", "minutes": ""},
    )
    services.meeting_save(
        actor=officer,
        agreement=agreement,
        data={
            "held_on": today - timedelta(days=25),
            "attendees": "Officer",
            "minutes": "Discussed the quarter.",
            "minutes_sent_on": today - timedelta(days=10),
        },
    )
    flags = selectors.agreement_flags(agreement)
    assert flags["late_minutes"] == [late]
    assert flags["independent_feedback"] is None
    listed = selectors.overview().get(pk=agreement.pk)
    assert listed.late_minutes_count == 1 and not listed.has_independent_feedback
    services.feedback_create(
        actor=officer,
        agreement=agreement,
        data={
            "gathered_on": today,
            "independent": True,
            "method": "Young inspectors",
            "summary": "Positive.",
        },
    )
    assert selectors.overview().get(pk=agreement.pk).has_independent_feedback


def test_minutes_cannot_be_sent_before_the_meeting(agreement, officer):
    with pytest.raises(ValidationError) as exc:
        services.meeting_save(
            actor=officer,
            agreement=agreement,
            data={
                "held_on": date(2026, 5, 1),
                "attendees": "Officer",
                "minutes": "Notes",
                "minutes_sent_on": date(2026, 4, 1),
            },
        )
    assert "minutes_sent_on" in exc.value.message_dict


def test_annual_review_can_be_recorded_on_the_activity(agreement, officer):
    from commissioning.cycle.tests.factories import ActivityFactory

    with pytest.raises(ValidationError, match="no commissioning activity"):
        services.annual_review_create(
            actor=officer,
            agreement=agreement,
            data={
                "reviewed_on": timezone.localdate(),
                "findings": "Good year.",
                "recommendation": "continue",
            },
            record_on_activity=True,
        )
    agreement.activity = ActivityFactory()
    agreement.save()
    review = services.annual_review_create(
        actor=officer,
        agreement=agreement,
        data={
            "reviewed_on": timezone.localdate(),
            "findings": "Demand has moved.",
            "recommendation": "redesign",
        },
        record_on_activity=True,
    )
    assert review.activity_review.recommendation == "change"
    assert review.activity_review.activity == agreement.activity


def test_kpi_assessment_needs_details_for_other_and_the_agreement_kpi(officer, kpis):
    big = AgreementFactory(whole_life_value=Decimal("6000000"))
    with pytest.raises(ValidationError) as exc:
        services.assessment_create(
            actor=officer,
            agreement=big,
            data={
                "kpi": kpis[0],
                "assessed_on": timezone.localdate(),
                "period_end": timezone.localdate(),
                "rating": "other",
                "rating_details": "",
            },
        )
    assert {"kpi", "rating_details"} <= set(exc.value.message_dict)
    assert selectors.agreement_flags(big)["needs_assessment"]


def test_kpi_archive_needs_a_reason_and_leaves_it_out_of_returns(kpis, officer):
    with pytest.raises(ValidationError):
        services.kpi_archive(actor=officer, kpi=kpis[1], reason=" ")
    services.kpi_archive(actor=officer, kpi=kpis[1], reason="Replaced by a better measure")
    assert list(kpis[0].agreement.kpis.active()) == [kpis[0]]
    services.kpi_restore(actor=officer, kpi=kpis[1])
    assert kpis[0].agreement.kpis.active().count() == 2


def test_copy_from_specification_without_one_is_refused(agreement, officer):
    with pytest.raises(ValidationError, match="no approved specification"):
        services.kpis_copy_from_specification(actor=officer, agreement=agreement)


def test_target_number_is_read_from_the_specification_text():
    assert services._target_number("at least 85%") == Decimal("85")
    assert services._target_number("1,200 families a year") == Decimal("1200")
    assert services._target_number("improving") is None


def test_copy_the_approved_specifications_kpis(agreement, officer):
    from commissioning.cycle.tests.factories import ActivityFactory
    from commissioning.procurement.specifications.models import (
        Specification,
        SpecificationKpi,
        SpecificationVersion,
    )

    activity = ActivityFactory()
    agreement.activity = activity
    agreement.save()
    spec = Specification.objects.create(
        activity=activity,
        title="Family support",
        status="approved",
        current_number=1,
        approved_number=1,
        created_by=officer,
    )
    version = SpecificationVersion.objects.create(
        specification=spec,
        number=1,
        status="approved",
        change_note="First",
        created_by=officer,
        approved_by_body="Commissioning Board",
        approved_on=date(2026, 1, 20),
    )
    SpecificationKpi.objects.create(
        version=version,
        position=1,
        measure="Families whose needs were met",
        target="at least 85%",
        polarity="higher_is_better",
    )
    SpecificationKpi.objects.create(
        version=version,
        position=2,
        measure="Waiting time in days",
        target="under 10",
        polarity="lower_is_better",
        unit="count",
    )
    SpecificationKpi.objects.create(
        version=version, position=3, measure="Family confidence", target="improving"
    )
    added, skipped = services.kpis_copy_from_specification(actor=officer, agreement=agreement)
    assert [(k.name, k.target, k.polarity) for k in added] == [
        ("Families whose needs were met", Decimal("85"), "higher"),
        ("Waiting time in days", Decimal("10"), "lower"),
    ]
    assert added[0].unit == "per cent" and added[1].unit == "Count"
    assert skipped == ["Family confidence: the specification's target has no number; add it by hand"]
    # copying again adds nothing twice
    added, skipped = services.kpis_copy_from_specification(actor=officer, agreement=agreement)
    assert added == [] and len(skipped) == 3
