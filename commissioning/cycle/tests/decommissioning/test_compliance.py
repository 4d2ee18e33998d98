"""The warnings: each one, each boundary, and none when the periods are long enough."""

from datetime import date

import pytest

from commissioning.cycle.decommissioning import policy
from commissioning.cycle.decommissioning.compliance import add_months, warnings_for
from commissioning.cycle.models import Decommissioning, DecommissioningStatus
from commissioning.organisations.models import Organisation, OrganisationType, Sector

TODAY = date(2026, 11, 23)


def record(**fields) -> Decommissioning:
    defaults = {
        "service_name": "Family support outreach service",
        "status": DecommissioningStatus.AGREED,
        "rationale": "Redesign.",
        "transition_plan": "Named workers for every family.",
        "people_affected": 240,
    }
    return Decommissioning(**(defaults | fields))


def codes(item: Decommissioning, today: date = TODAY) -> list[str]:
    return [warning.code for warning in warnings_for(item, today)]


def organisation(sector, kind=OrganisationType.COMPANY) -> Organisation:
    return Organisation(name="A provider", sector=sector, organisation_type=kind, is_provider=True)


@pytest.mark.parametrize(
    ("start", "months", "expected"),
    [
        (date(2026, 10, 1), 3, date(2027, 1, 1)),
        (date(2026, 11, 30), 3, date(2027, 2, 28)),
        (date(2027, 11, 30), 3, date(2028, 2, 29)),
        (date(2027, 3, 31), -1, date(2027, 2, 28)),
        (date(2026, 1, 31), 12, date(2027, 1, 31)),
    ],
)
def test_add_months_counts_calendar_months(start, months, expected):
    assert add_months(start, months) == expected


def test_notice_shorter_than_three_months_warns_and_cites_compact_c6():
    item = record(notice_date=date(2026, 10, 1), end_date=date(2026, 12, 31))
    [warning] = warnings_for(item, TODAY)
    assert warning.code == "notice"
    assert warning.source is policy.COMPACT_NOTICE
    assert warning.source.label == "Compact standard C6"
    assert warning.source.url == "/frameworks/compact-values-and-standards/items/C6/"
    assert "less than 3 months" in warning.message
    assert (
        "Give notice by 30 September 2026, or end the service on or after 1 January 2027" in warning.message
    )


def test_exactly_three_calendar_months_notice_does_not_warn():
    assert codes(record(notice_date=date(2026, 10, 1), end_date=date(2027, 1, 1))) == []
    assert codes(record(notice_date=date(2026, 11, 30), end_date=date(2027, 2, 28))) == []
    assert codes(record(notice_date=date(2026, 11, 30), end_date=date(2027, 2, 27))) == ["notice"]


def test_longer_notice_does_not_warn():
    assert codes(record(notice_date=date(2026, 6, 1), end_date=date(2027, 3, 31))) == []


def test_no_notice_recorded_warns_when_the_end_is_less_than_three_months_away():
    assert codes(record(end_date=date(2027, 2, 22))) == ["notice"]
    assert (
        "No notice to the provider is recorded"
        in warnings_for(record(end_date=date(2027, 2, 22)), TODAY)[0].message
    )
    assert codes(record(end_date=date(2027, 2, 23))) == []
    assert codes(record(status=DecommissioningStatus.PROPOSED, end_date=date(2027, 1, 1))) == ["notice"]
    assert codes(record()) == []


def test_consultation_shorter_than_90_days_warns_and_cites_staffordshire_6_10():
    item = record(consultation_start=date(2026, 6, 1), consultation_end=date(2026, 8, 29))
    [warning] = warnings_for(item, TODAY)
    assert warning.code == "consultation_length"
    assert warning.source is policy.STAFFORDSHIRE_CONSULTATION
    assert warning.source.url == "/frameworks/staffordshire-self-assessment/items/6.10/"
    assert "runs for 89 days" in warning.message
    assert "until 30 August 2026 or later" in warning.message


def test_exactly_90_days_consultation_does_not_warn():
    assert codes(record(consultation_start=date(2026, 6, 1), consultation_end=date(2026, 8, 30))) == []
    assert codes(record(consultation_start=date(2026, 1, 1), consultation_end=date(2026, 12, 31))) == []


def test_consultation_ending_after_notice_warns():
    item = record(
        consultation_start=date(2026, 1, 5),
        consultation_end=date(2026, 6, 30),
        notice_date=date(2026, 6, 29),
        end_date=date(2027, 3, 31),
    )
    [warning] = warnings_for(item, TODAY)
    assert warning.code == "consultation_after_notice"
    assert warning.source is policy.STAFFORDSHIRE_CONSULTATION
    assert "ends on 30 June 2026, after notice is given to the provider on 29 June 2026" in warning.message


def test_consultation_ending_on_the_day_notice_is_given_does_not_warn():
    item = record(
        consultation_start=date(2026, 1, 5),
        consultation_end=date(2026, 6, 30),
        notice_date=date(2026, 6, 30),
        end_date=date(2027, 3, 31),
    )
    assert codes(item) == []


@pytest.mark.parametrize(
    ("sector", "kind"),
    [
        (Sector.VOLUNTARY_COMMUNITY_FAITH, OrganisationType.VOLUNTARY_COMMUNITY_FAITH),
        (Sector.SOCIAL_ENTERPRISE, OrganisationType.COMPANY),
        (Sector.PRIVATE, OrganisationType.VOLUNTARY_COMMUNITY_FAITH),
    ],
)
def test_voluntary_sector_provider_without_consultation_warns(sector, kind):
    [warning] = warnings_for(record(provider=organisation(sector, kind)), TODAY)
    assert warning.code == "voluntary_sector_not_consulted"
    assert warning.source is policy.STAFFORDSHIRE_CONSULTATION
    assert "A provider is a voluntary, community or social enterprise organisation" in warning.message


def test_voluntary_sector_provider_consulted_does_not_warn():
    item = record(
        provider=organisation(Sector.VOLUNTARY_COMMUNITY_FAITH),
        consultation_start=date(2026, 6, 1),
        consultation_end=date(2026, 9, 1),
    )
    assert codes(item) == []


@pytest.mark.parametrize("sector", [Sector.PRIVATE, Sector.STATUTORY])
def test_other_providers_without_consultation_do_not_warn(sector):
    assert codes(record(provider=organisation(sector))) == []


def test_no_transition_plan_when_families_are_affected_warns():
    [warning] = warnings_for(record(transition_plan="", people_affected=240), TODAY)
    assert warning.code == "transition_plan"
    assert warning.source is policy.DECOMMISSIONING_DEFINITION
    assert "240 children and families use the service now" in warning.message
    assert (
        "1 child or family uses the service now"
        in warnings_for(record(transition_plan="  ", people_affected=1), TODAY)[0].message
    )
    assert codes(record(transition_plan="", people_affected=None)) == ["transition_plan"]


def test_no_transition_plan_when_no_one_uses_the_service_does_not_warn():
    assert codes(record(transition_plan="", people_affected=0)) == []


def test_every_warning_at_once_and_none_once_withdrawn():
    item = record(
        provider=organisation(Sector.VOLUNTARY_COMMUNITY_FAITH),
        notice_date=date(2026, 12, 1),
        end_date=date(2027, 1, 31),
        transition_plan="",
    )
    assert codes(item) == ["notice", "voluntary_sector_not_consulted", "transition_plan"]
    item.status = DecommissioningStatus.WITHDRAWN
    assert codes(item) == []
    consulted = record(
        consultation_start=date(2026, 11, 1),
        consultation_end=date(2026, 12, 15),
        notice_date=date(2026, 12, 1),
        end_date=date(2027, 1, 31),
    )
    assert codes(consulted) == ["notice", "consultation_length", "consultation_after_notice"]


def test_the_thresholds_are_local_policy_in_one_place(monkeypatch):
    item = record(notice_date=date(2026, 10, 1), end_date=date(2027, 1, 1))
    assert codes(item) == []
    monkeypatch.setattr(policy, "NOTICE_MONTHS", 6)
    assert codes(item) == ["notice"]
    consultation = record(consultation_start=date(2026, 6, 1), consultation_end=date(2026, 8, 30))
    monkeypatch.setattr(policy, "CONSULTATION_DAYS", 120)
    assert codes(consultation) == ["consultation_length"]
