from datetime import date

from commissioning.assurance.quality import reminders, services
from commissioning.assurance.quality.tests.conftest import TODAY


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
