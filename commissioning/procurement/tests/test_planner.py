"""The timetable arithmetic, worked by hand across bank holidays."""

from datetime import date

from commissioning.procurement.routes import Regime
from commissioning.procurement.timetable.planner import (
    COMPETITIVE_FLEXIBLE,
    PlanRequest,
    plan_timetable,
)

TODAY = date(2026, 11, 23)


def test_an_open_above_threshold_timetable_back_from_1_april_2027():
    plan = plan_timetable(
        PlanRequest(regime=Regime.ABOVE_THRESHOLD, contract_start=date(2027, 4, 1)), today=TODAY
    )
    # Start Thursday 1 April 2027; 28 days of mobilisation: Thursday 4 March, a working day.
    assert plan.due("contract_signed") == date(2027, 3, 4)
    # 8 working days before: 3, 2, 1 March, 26, 25, 24, 23, 22 February, so the notice is Monday 22 February.
    assert plan.due("award_notice") == date(2027, 2, 22)
    # 5 working days for approval: Monday 15 February.
    assert plan.due("award_decision") == date(2027, 2, 15)
    # 15 working days of evaluation: Monday 25 January.
    assert plan.due("tenders_close") == date(2027, 1, 25)
    # Clarification 10 days before: Friday 15 January.
    assert plan.due("clarification_deadline") == date(2027, 1, 15)
    # 30 days of tendering: Thursday 24 December 2026, a working day.
    assert plan.due("tender_notice") == date(2026, 12, 24)
    # 10 working days before, counting back over Christmas: 23, 22, 21, 18, 17, 16, 15, 14, 11, 10 December.
    assert plan.due("specification_approved") == date(2026, 12, 10)
    # Six weeks before the tender notice: Thursday 12 November 2026, already past on 23 November.
    assert plan.due("market_engagement") == date(2026, 11, 12)
    assert plan.due("contract_details_notice") == date(2027, 4, 3)
    assert plan.late
    assert plan.problems == []
    # Between 12 November 2026 and 3 April 2027 (Easter Sunday 2027 is 28 March):
    assert [name for _, name in plan.holidays] == [
        "Christmas Day",
        "Boxing Day",
        "New Year's Day",
        "Good Friday",
        "Easter Monday",
    ]


def test_when_too_late_the_earliest_start_that_can_be_met_is_given():
    plan = plan_timetable(
        PlanRequest(regime=Regime.ABOVE_THRESHOLD, contract_start=date(2027, 4, 1)), today=TODAY
    )
    later = plan_timetable(
        PlanRequest(regime=Regime.ABOVE_THRESHOLD, contract_start=plan.earliest_start), today=TODAY
    )
    earlier = plan_timetable(
        PlanRequest(
            regime=Regime.ABOVE_THRESHOLD,
            contract_start=date.fromordinal(plan.earliest_start.toordinal() - 1),
        ),
        today=TODAY,
    )
    assert not later.late and earlier.late
    assert later.due("market_engagement") >= TODAY


def test_a_light_touch_timetable_may_leave_out_the_standstill():
    with_standstill = plan_timetable(
        PlanRequest(regime=Regime.LIGHT_TOUCH, contract_start=date(2027, 9, 1)), today=TODAY
    )
    without = plan_timetable(
        PlanRequest(regime=Regime.LIGHT_TOUCH, contract_start=date(2027, 9, 1), voluntary_standstill=False),
        today=TODAY,
    )
    assert with_standstill.due("award_notice") is not None
    assert without.due("award_notice") is None
    assert without.due("award_decision") > with_standstill.due("award_decision")


def test_a_tendering_period_below_the_statutory_minimum_is_a_problem():
    plan = plan_timetable(
        PlanRequest(regime=Regime.ABOVE_THRESHOLD, contract_start=date(2027, 9, 1), tendering_days=20),
        today=TODAY,
    )
    assert plan.problems == [
        "The tendering period of 20 days is shorter than the 25 days the Procurement Act 2023 allows for an "
        "above-threshold procurement (section 54)."
    ]
    light_touch = plan_timetable(
        PlanRequest(regime=Regime.LIGHT_TOUCH, contract_start=date(2027, 9, 1), tendering_days=20),
        today=TODAY,
    )
    assert light_touch.problems == []


def test_a_competitive_flexible_procedure_has_a_participation_stage():
    plan = plan_timetable(
        PlanRequest(
            regime=Regime.ABOVE_THRESHOLD, procedure=COMPETITIVE_FLEXIBLE, contract_start=date(2027, 10, 1)
        ),
        today=TODAY,
    )
    assert plan.due("tender_notice") < plan.due("participation_close") < plan.due("invitation_to_tender")
    assert (plan.due("participation_close") - plan.due("tender_notice")).days >= 25


def test_the_compact_notice_is_90_days_before_the_start():
    plan = plan_timetable(
        PlanRequest(
            regime=Regime.BELOW_THRESHOLD, contract_start=date(2027, 7, 1), voluntary_sector_affected=True
        ),
        today=TODAY,
    )
    # 1 July 2027 less 90 days is Friday 2 April 2027, a working day (Easter Monday 2027 is 29 March).
    assert plan.due("compact_notice") == date(2027, 4, 2)
    assert plan.due("contract_details_notice") is None
    assert plan.due("award_notice") is None
