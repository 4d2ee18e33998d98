from datetime import date

from commissioning.assurance.quality import reminders, services
from commissioning.assurance.quality.tests.conftest import TODAY
from commissioning.monitoring.tests.factories import AgreementFactory
from commissioning.organisations.models import Role
from commissioning.organisations.tests.factories import person_with_role
from commissioning.reminders.tests.personal import assert_each_persons_items_are_theirs


def test_evidence_expiring_within_30_days_reminds_the_provider_and_officer(
    submitted, provider_user, officer, provider_org, dbs, other_provider_user
):
    soon = services.check_submit(
        actor=provider_user,
        provider=provider_org,
        requirement=dbs,
        evidence_text="DBS register",
        expires_on=date(2026, 12, 10),
        today=TODAY,
    )
    items = list(reminders.due_items(today=TODAY))
    assert [item.key for item in items] == [f"quality.check:{soon.pk}:expires:2026-12-10"]
    item = items[0]
    assert item.kind == "Quality evidence expiring"
    assert set(item.recipient_ids) == {provider_user.pk, officer.pk}
    assert other_provider_user.pk not in item.recipient_ids
    later = list(reminders.due_items(today=date(2026, 12, 11)))
    assert later[0].kind == "Quality evidence expired" and later[0].is_overdue(date(2026, 12, 11))


def test_rejected_evidence_is_not_reminded(submitted, commissioner):
    services.check_reject(
        actor=commissioner, check=submitted, reason="No", expected_version=submitted.version
    )
    assert list(reminders.due_items(today=date(2027, 6, 1))) == []


def test_each_person_gets_only_the_evidence_of_providers_they_act_for_or_monitor(
    submitted,
    provider_user,
    officer,
    provider_org,
    other_provider_org,
    other_provider_user,
    other_agreement,
    dbs,
    commissioner,
    council,
):
    for actor, provider, expires_on in (
        (provider_user, provider_org, date(2026, 12, 10)),
        (other_provider_user, other_provider_org, date(2026, 11, 30)),
    ):
        services.check_submit(
            actor=actor,
            provider=provider,
            requirement=dbs,
            evidence_text="DBS register",
            expires_on=expires_on,
            today=TODAY,
        )
    second_officer = person_with_role(Role.MONITORING_OFFICER, council, username="officer2")
    AgreementFactory(provider=other_provider_org, monitoring_officer=second_officer)
    drafting_officer = person_with_role(Role.MONITORING_OFFICER, council, username="drafting")
    AgreementFactory(provider=provider_org, monitoring_officer=drafting_officer, status="draft")
    departed = person_with_role(Role.PROVIDER_USER, provider_org, username="departed", is_active=False)
    found = assert_each_persons_items_are_theirs(
        reminders,
        today=TODAY,
        users=[
            provider_user,
            officer,
            other_provider_user,
            second_officer,
            drafting_officer,
            departed,
            commissioner,
        ],
    )
    assert {name: len(rows) for name, rows in found.items()} == {
        "provider": 1,
        "officer": 1,
        "other-provider": 1,
        "officer2": 1,
        "drafting": 0,
        "departed": 0,
        "commissioner": 0,
    }
