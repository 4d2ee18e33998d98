"""Each app's reminders on a small dataset: what is due, to whom, and keys that carry the due date."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from commissioning.contracts import reminders as contract_reminders
from commissioning.cycle import reminders as cycle_reminders
from commissioning.cycle.tests.factories import ActivityFactory
from commissioning.monitoring import reminders as monitoring_reminders
from commissioning.monitoring.models import Meeting, ProviderReturn, ReturnPeriod, ReturnStatus
from commissioning.monitoring.tests.factories import AgreementFactory
from commissioning.organisations.models import Role
from commissioning.organisations.tests.factories import MembershipFactory, PartnerFactory, person_with_role
from commissioning.procurement import reminders as procurement_reminders
from commissioning.procurement.models import Milestone, ProcurementStatus
from commissioning.reminders.tests.conftest import TODAY, step
from commissioning.reminders.tests.personal import assert_each_persons_items_are_theirs

pytestmark = pytest.mark.django_db


def by_key(items):
    return {item.key: item for item in items}


def test_cycle_steps_due_within_14_days_or_overdue_go_to_the_lead(activity, lead):
    overdue = step(activity, 1, TODAY - timedelta(days=3), status="in_progress")
    soon = step(activity, 2, TODAY + timedelta(days=14))
    step(activity, 3, TODAY + timedelta(days=15))
    step(activity, 4, TODAY - timedelta(days=30), status="complete")
    items = by_key(cycle_reminders.due_items(today=TODAY))
    assert set(items) == {
        f"cycle.step:{overdue.pk}:due:2026-11-20",
        f"cycle.step:{soon.pk}:due:2026-12-07",
    }
    first = items[f"cycle.step:{overdue.pk}:due:2026-11-20"]
    assert first.kind == "Step overdue"
    assert first.recipient_ids == (lead.pk,)
    assert first.url == f"/activities/{activity.pk}/steps/1/"
    assert items[f"cycle.step:{soon.pk}:due:2026-12-07"].kind == "Step due"


def test_cycle_skips_archived_activities(activity):
    step(activity, 1, TODAY)
    activity.archived_at = datetime(2026, 11, 1, tzinfo=ZoneInfo("UTC"))
    activity.save()
    assert list(cycle_reminders.due_items(today=TODAY)) == []


@pytest.fixture
def officer(council):
    return person_with_role(Role.MONITORING_OFFICER, council, username="officer")


def period(agreement, due):
    return ReturnPeriod.objects.create(
        agreement=agreement, starts_on=due - timedelta(days=120), ends_on=due - timedelta(days=28), due_on=due
    )


def test_returns_due_or_overdue_go_to_the_officer_and_the_provider_users(
    officer, provider_org, provider_user
):
    person_with_role(Role.PROVIDER_USER, provider_org, username="provider2")
    agreement = AgreementFactory(provider=provider_org, monitoring_officer=officer)
    overdue = period(agreement, TODAY - timedelta(days=1))
    period(agreement, TODAY + timedelta(days=30))
    submitted = period(agreement, TODAY + timedelta(days=5))
    ProviderReturn.objects.create(
        period=submitted,
        submitted_by=provider_user,
        submitted_at=datetime(2026, 11, 20, tzinfo=ZoneInfo("UTC")),
        status=ReturnStatus.SUBMITTED,
        narrative="Fine.",
        service_users=3,
    )
    items = [
        item
        for item in monitoring_reminders.due_items(today=TODAY)
        if item.key.startswith("monitoring.return")
    ]
    assert {item.key for item in items} == {f"monitoring.return:{overdue.pk}:due:2026-11-22"}
    officer_item = next(item for item in items if item.recipient_ids == (officer.pk,))
    assert officer_item.url == overdue.get_absolute_url()
    provider_item = next(item for item in items if officer.pk not in item.recipient_ids)
    assert len(provider_item.recipient_ids) == 2 and provider_user.pk in provider_item.recipient_ids
    assert officer_item.kind == "Monitoring return overdue"


def test_another_providers_users_are_not_reminded_of_this_return(officer, provider_org, other_provider_org):
    stranger = person_with_role(Role.PROVIDER_USER, other_provider_org, username="stranger")
    agreement = AgreementFactory(provider=provider_org, monitoring_officer=officer)
    period(agreement, TODAY + timedelta(days=2))
    recipients = {uid for item in monitoring_reminders.due_items(today=TODAY) for uid in item.recipient_ids}
    assert stranger.pk not in recipients


def test_minutes_not_sent_within_3_weeks_go_to_the_officer(officer, provider_org):
    agreement = AgreementFactory(provider=provider_org, monitoring_officer=officer)
    late = Meeting.objects.create(agreement=agreement, held_on=TODAY - timedelta(weeks=4), attendees="A")
    recent = Meeting.objects.create(agreement=agreement, held_on=TODAY - timedelta(days=2), attendees="A")
    Meeting.objects.create(
        agreement=agreement, held_on=TODAY - timedelta(weeks=5), attendees="A", minutes_sent_on=TODAY
    )
    Meeting.objects.create(agreement=agreement, held_on=TODAY + timedelta(days=2), attendees="A")
    items = by_key(item for item in monitoring_reminders.due_items(today=TODAY) if "meeting" in item.key)
    assert set(items) == {
        f"monitoring.meeting:{late.pk}:minutes:2026-11-16",
        f"monitoring.meeting:{recent.pk}:minutes:2026-12-12",
    }
    assert items[f"monitoring.meeting:{late.pk}:minutes:2026-11-16"].kind == "Meeting minutes overdue"
    assert items[f"monitoring.meeting:{late.pk}:minutes:2026-11-16"].recipient_ids == (officer.pk,)


def test_contracts_expiry_and_notice_go_to_officer_and_contracts_managers(officer, council, provider_org):
    manager = person_with_role(Role.CONTRACTS_MANAGER, council, username="contracts")
    expiring = AgreementFactory(
        provider=provider_org, commissioner=council, monitoring_officer=officer, ends_on=date(2027, 3, 31)
    )
    AgreementFactory(provider=provider_org, commissioner=council, ends_on=date(2028, 3, 31))
    AgreementFactory(provider=provider_org, commissioner=council, ends_on=date(2027, 3, 31), status="draft")
    items = by_key(contract_reminders.due_items(today=TODAY))
    assert set(items) == {
        f"contracts.agreement:{expiring.pk}:ends:2027-03-31",
        f"contracts.agreement:{expiring.pk}:notice:2026-12-31",
    }
    notice = items[f"contracts.agreement:{expiring.pk}:notice:2026-12-31"]
    assert notice.recipient_ids == (officer.pk, manager.pk)
    assert notice.kind == "Notice deadline"
    assert items[f"contracts.agreement:{expiring.pk}:ends:2027-03-31"].url == expiring.get_absolute_url()


@pytest.fixture
def procurement(council):
    from commissioning.cycle.models import GateRule, GateTransition
    from commissioning.cycle.tests.factories import ActivityFactory
    from commissioning.procurement.tests.conftest import plan

    GateRule.objects.filter(transition=GateTransition.START_PROCUREMENT).update(enabled=False)
    manager = person_with_role(Role.PROCUREMENT_MANAGER, council, username="procurement")
    return plan(manager, ActivityFactory())


def test_procurement_milestones_and_tender_closing_go_to_the_lead(procurement):
    Milestone.objects.filter(procurement=procurement).delete()
    due = Milestone.objects.create(
        procurement=procurement,
        key="notice",
        name="Publish the tender notice",
        due=TODAY + timedelta(days=3),
        rule="r",
    )
    Milestone.objects.create(
        procurement=procurement, key="done", name="Done", due=TODAY, rule="r", done_on=TODAY
    )
    Milestone.objects.create(
        procurement=procurement, key="later", name="Later", due=TODAY + timedelta(days=40), rule="r"
    )
    procurement.status = ProcurementStatus.OPEN
    procurement.tender_deadline = datetime(2026, 11, 30, 12, tzinfo=ZoneInfo("Europe/London"))
    procurement.save()
    items = by_key(procurement_reminders.due_items(today=TODAY))
    assert set(items) == {
        f"procurement.milestone:{due.pk}:due:2026-11-26",
        f"procurement.tender:{procurement.pk}:closes:2026-11-30",
    }
    assert all(item.recipient_ids == (procurement.lead_id,) for item in items.values())
    assert items[f"procurement.tender:{procurement.pk}:closes:2026-11-30"].kind == "Tender closing"
    procurement.status = ProcurementStatus.CANCELLED
    procurement.save()
    assert list(procurement_reminders.due_items(today=TODAY)) == []


def test_standstill_ending_until_the_contract_is_entered_into(procurement, provider_org):
    from commissioning.procurement.models import AwardDecision, Bid

    Milestone.objects.filter(procurement=procurement).delete()
    bid = Bid.objects.create(
        procurement=procurement,
        bidder=provider_org,
        submitted_by=procurement.lead,
        submitted_at=datetime(2026, 10, 1, tzinfo=ZoneInfo("UTC")),
        receipt="abc",
    )
    award = AwardDecision.objects.create(
        procurement=procurement,
        bid=bid,
        decided_on=TODAY - timedelta(days=5),
        approved_by="Cabinet",
        recorded_by=procurement.lead,
        standstill_ends=TODAY + timedelta(days=3),
        reasons="Best value.",
    )
    items = list(procurement_reminders.due_items(today=TODAY))
    assert [(item.key, item.kind) for item in items] == [
        (f"procurement.standstill:{award.pk}:ends:2026-11-26", "Standstill ends")
    ]
    assert items[0].title == f"Award to {provider_org}, {procurement}"
    assert [item.kind for item in procurement_reminders.due_items(today=TODAY + timedelta(days=4))] == [
        "Standstill ended: contract not yet entered"
    ]
    award.contract_entered_on = TODAY + timedelta(days=4)
    award.save()
    assert list(procurement_reminders.due_items(today=TODAY + timedelta(days=5))) == []


# One person's items: each source, asked for one person, gives exactly the items of everyone's that name them.


@pytest.fixture
def nobody(council):
    return person_with_role(Role.COMMISSIONER, council, username="nobody")


def test_cycle_gives_each_person_only_the_steps_of_activities_they_lead(
    activity, lead, council, officer, provider_user, nobody
):
    other_lead = person_with_role(Role.COMMISSIONER, council, username="other-lead")
    step(activity, 1, TODAY - timedelta(days=3), status="in_progress")
    step(activity, 2, TODAY + timedelta(days=14))
    step(activity, 3, TODAY + timedelta(days=15))
    theirs = ActivityFactory(title="Youth offer", lead_commissioner=other_lead)
    step(theirs, 1, TODAY)
    step(theirs, 2, TODAY - timedelta(days=30), status="complete")
    found = assert_each_persons_items_are_theirs(
        cycle_reminders, today=TODAY, users=[lead, other_lead, officer, provider_user, nobody]
    )
    assert [len(found[name]) for name in ("commissioner", "other-lead", "officer", "provider", "nobody")] == [
        2,
        1,
        0,
        0,
        0,
    ]


def test_monitoring_gives_each_person_only_the_returns_and_minutes_that_name_them(
    officer, council, provider_org, other_provider_org, provider_user, commissioner, nobody
):
    second_officer = person_with_role(Role.MONITORING_OFFICER, council, username="officer2")
    stranger = person_with_role(Role.PROVIDER_USER, other_provider_org, username="stranger")
    departed = person_with_role(Role.PROVIDER_USER, provider_org, username="departed", is_active=False)
    moved_on = person_with_role(Role.PROVIDER_USER, provider_org, username="moved-on")
    moved_on.memberships.update(archived_at=datetime(2026, 10, 1, tzinfo=ZoneInfo("UTC")))
    # Monitors an agreement of the other provider and acts for this one.
    both = person_with_role(Role.MONITORING_OFFICER, council, username="both")
    MembershipFactory(user=both, organisation=provider_org, role=Role.PROVIDER_USER)
    # A different role at the provider reminds of nothing.
    MembershipFactory(user=commissioner, organisation=provider_org, role=Role.COMMISSIONER)

    monitored = AgreementFactory(provider=provider_org, monitoring_officer=officer)
    period(monitored, TODAY - timedelta(days=1))
    period(monitored, TODAY + timedelta(days=10))
    period(monitored, TODAY + timedelta(days=30))
    Meeting.objects.create(agreement=monitored, held_on=TODAY - timedelta(weeks=4), attendees="A")
    unmonitored = AgreementFactory(provider=provider_org)
    period(unmonitored, TODAY - timedelta(days=40))
    Meeting.objects.create(agreement=unmonitored, held_on=TODAY - timedelta(weeks=4), attendees="A")
    elsewhere = AgreementFactory(provider=other_provider_org, monitoring_officer=second_officer)
    period(elsewhere, TODAY + timedelta(days=2))
    Meeting.objects.create(agreement=elsewhere, held_on=TODAY - timedelta(days=1), attendees="A")
    by_both = AgreementFactory(provider=other_provider_org, monitoring_officer=both)
    period(by_both, TODAY - timedelta(days=7))
    draft = AgreementFactory(provider=provider_org, monitoring_officer=officer, status="draft")
    period(draft, TODAY)
    archived = AgreementFactory(
        provider=provider_org,
        monitoring_officer=officer,
        archived_at=datetime(2026, 1, 1, tzinfo=ZoneInfo("UTC")),
    )
    period(archived, TODAY)
    Meeting.objects.create(agreement=archived, held_on=TODAY - timedelta(weeks=4), attendees="A")

    found = assert_each_persons_items_are_theirs(
        monitoring_reminders,
        today=TODAY,
        users=[
            officer,
            second_officer,
            both,
            provider_user,
            stranger,
            departed,
            moved_on,
            commissioner,
            nobody,
        ],
    )
    counts = {name: len(rows) for name, rows in found.items()}
    assert counts == {
        "officer": 3,  # two returns and the meeting's minutes
        "officer2": 2,
        "both": 4,  # the return they monitor, and the provider's three
        "provider": 3,
        "stranger": 2,  # the other provider's two returns
        "departed": 0,
        "moved-on": 0,
        "commissioner": 0,
        "nobody": 0,
    }


def test_contracts_give_each_person_only_the_agreements_they_monitor_or_manage(
    officer, council, provider_org, provider_user, commissioner, nobody
):
    other_council = PartnerFactory(name="Northshire Council")
    manager = person_with_role(Role.CONTRACTS_MANAGER, council, username="contracts")
    other_manager = person_with_role(Role.CONTRACTS_MANAGER, other_council, username="contracts2")
    departed = person_with_role(Role.CONTRACTS_MANAGER, council, username="departed", is_active=False)
    monitors_one = person_with_role(Role.MONITORING_OFFICER, other_council, username="officer2")
    AgreementFactory(
        provider=provider_org, commissioner=council, monitoring_officer=officer, ends_on=date(2027, 3, 31)
    )
    AgreementFactory(provider=provider_org, commissioner=council, ends_on=date(2027, 1, 31))
    AgreementFactory(
        provider=provider_org,
        commissioner=other_council,
        monitoring_officer=monitors_one,
        ends_on=date(2027, 2, 28),
    )
    AgreementFactory(
        provider=provider_org, commissioner=council, monitoring_officer=officer, ends_on=date(2028, 3, 31)
    )
    AgreementFactory(
        provider=provider_org,
        commissioner=council,
        monitoring_officer=officer,
        ends_on=date(2027, 3, 31),
        status="draft",
    )
    found = assert_each_persons_items_are_theirs(
        contract_reminders,
        today=TODAY,
        users=[officer, manager, other_manager, departed, monitors_one, provider_user, commissioner, nobody],
    )
    assert {name: len(rows) for name, rows in found.items()} == {
        "officer": 2,
        "contracts": 4,
        "contracts2": 2,
        "departed": 0,
        "officer2": 2,
        "provider": 0,
        "commissioner": 0,
        "nobody": 0,
    }


def test_procurement_gives_each_person_only_the_procurements_they_lead(
    procurement, council, provider_org, officer, provider_user, commissioner, nobody
):
    from commissioning.procurement.models import AwardDecision, Bid
    from commissioning.procurement.tests.conftest import plan

    other_lead = person_with_role(Role.PROCUREMENT_MANAGER, council, username="procurement2")
    other = plan(other_lead, ActivityFactory(), reference="CYP-2026-002")
    Milestone.objects.filter(procurement__in=[procurement, other]).delete()
    for each, days in ((procurement, 3), (other, -2)):
        Milestone.objects.create(
            procurement=each,
            key="notice",
            name="Publish the notice",
            due=TODAY + timedelta(days=days),
            rule="r",
        )
    procurement.status = ProcurementStatus.OPEN
    procurement.tender_deadline = datetime(2026, 11, 30, 12, tzinfo=ZoneInfo("Europe/London"))
    procurement.save()
    bid = Bid.objects.create(
        procurement=other,
        bidder=provider_org,
        submitted_by=provider_user,
        submitted_at=datetime(2026, 10, 1, tzinfo=ZoneInfo("UTC")),
        receipt="abc",
    )
    AwardDecision.objects.create(
        procurement=other,
        bid=bid,
        decided_on=TODAY - timedelta(days=5),
        approved_by="Cabinet",
        recorded_by=other_lead,
        standstill_ends=TODAY + timedelta(days=3),
        reasons="Best value.",
    )
    found = assert_each_persons_items_are_theirs(
        procurement_reminders,
        today=TODAY,
        users=[procurement.lead, other_lead, officer, provider_user, commissioner, nobody],
    )
    assert {name: len(rows) for name, rows in found.items()} == {
        "procurement": 2,
        "procurement2": 2,
        "officer": 0,
        "provider": 0,
        "commissioner": 0,
        "nobody": 0,
    }
