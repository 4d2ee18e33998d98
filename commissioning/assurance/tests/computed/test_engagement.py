from datetime import date

import pytest
from django.core.management import call_command

from commissioning.assurance.computed import checks_for, evidence_for
from commissioning.assurance.computed.base import Outcome, Scope
from commissioning.cycle import services as cycle_services
from commissioning.engagement import services

YEAR = Scope(service_area="family_support", start=date(2026, 4, 1), end=date(2027, 3, 31))
ISLINGTON = "islington-commissioning-standards"
BEDFORDSHIRE = "central-bedfordshire-commissioning-standards"


@pytest.fixture
def activity(commissioner, council):
    call_command("load_frameworks")
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


def involve(actor, activity, *, step=4, counts=None, on=date(2026, 6, 1), in_decision=True, title="Board"):
    return services.involvement_create(
        actor=actor,
        activity=activity,
        step=step,
        data={
            "title": title,
            "method": "board",
            "took_place_on": on,
            "summary": "s",
            "in_decision": in_decision,
        },
        counts=counts or {"parents": 2},
    )


def decisions(scope=YEAR):
    (evidence,) = evidence_for(ISLINGTON, "6.2", scope)
    return evidence


def planning_and_delivery(scope=YEAR):
    (evidence,) = evidence_for(BEDFORDSHIRE, "5", scope)
    return evidence


def test_checks_are_registered_against_the_criteria(db):
    assert [c.code for c in checks_for(ISLINGTON, "6.2")] == ["engagement-decisions"]
    assert [c.code for c in checks_for(BEDFORDSHIRE, "5")] == ["engagement-planning-and-delivery"]


def test_6_2_not_enough_records_when_nothing_is_recorded(activity):
    evidence = decisions()
    assert evidence.outcome == Outcome.NOT_ENOUGH and evidence.counted == 0


def test_6_2_met_with_three_examples_in_the_period(activity, commissioner):
    for n in range(3):
        involve(commissioner, activity, title=f"Decision {n}", counts={"young_carers": 3})
    involve(commissioner, activity, title="Last year", on=date(2026, 3, 1))
    evidence = decisions()
    assert evidence.outcome == Outcome.MET and evidence.passing == 3 and evidence.counted == 3
    assert all(line.url.startswith("/engagement/involvement/") for line in evidence.records)


def test_6_2_partly_met_with_fewer_than_three(activity, commissioner):
    involve(commissioner, activity, title="One")
    involve(commissioner, activity, title="Views only", in_decision=False)
    evidence = decisions()
    assert evidence.outcome == Outcome.PARTLY_MET and (evidence.passing, evidence.counted) == (1, 2)
    assert [line.passes for line in evidence.records] == [True, False]


def test_6_2_not_met_when_only_organisations_decide(activity, commissioner):
    involve(commissioner, activity, counts={"vcs": 5})
    involve(commissioner, activity, counts={"practitioners": 5})
    involve(commissioner, activity, counts={"vcs": 1, "practitioners": 1})
    evidence = decisions()
    assert evidence.outcome == Outcome.NOT_MET and evidence.passing == 0


def test_6_2_scope_is_the_service_area(activity, commissioner):
    for n in range(3):
        involve(commissioner, activity, title=f"Decision {n}")
    assert decisions(Scope("send", YEAR.start, YEAR.end)).outcome == Outcome.NOT_ENOUGH
    assert decisions(Scope("", YEAR.start, YEAR.end)).outcome == Outcome.MET


def test_bedfordshire_5_outcomes(activity, commissioner):
    assert planning_and_delivery().outcome == Outcome.NOT_ENOUGH
    involve(commissioner, activity, step=2, counts={"vcs": 3})
    assert planning_and_delivery().outcome == Outcome.NOT_MET
    involve(commissioner, activity, step=3, counts={"parents": 3}, in_decision=False)
    evidence = planning_and_delivery()
    assert evidence.outcome == Outcome.PARTLY_MET and "not in delivery" in evidence.summary
    involve(commissioner, activity, step=9, counts={"disabled": 2})
    assert planning_and_delivery().outcome == Outcome.MET
