"""The register's rows, rendered, are kept in the table cache (`RememberedResultsMixin`): served again without
reading the checks, and shown afresh as soon as a check is written or the day changes (committed transactions,
as in production)."""

from datetime import date

import pytest
from django.urls import reverse
from django.utils import timezone

from commissioning.assurance.quality import services
from commissioning.assurance.quality.models import ProviderCheck
from commissioning.assurance.quality.tests.conftest import TODAY
from commissioning.conftest import page_text, queries_of

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("empty_cache")]


def _register(client, query="") -> str:
    return page_text(client, reverse("quality:home") + query, "Provider quality checks</h1>")


def test_rows_are_served_again_until_a_check_is_written(
    client_for, manager, provider_user, provider_org, agreement, safeguarding, monkeypatch
):
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: TODAY)
    client = client_for(manager)
    first = queries_of(lambda: _register(client))  # learns which tables the rows read
    _register(client)  # stores them
    again = queries_of(lambda: _register(client))
    assert again <= first - 2
    assert _register(client).count("Not provided") >= 2

    services.check_submit(
        actor=provider_user,
        provider=provider_org,
        requirement=safeguarding,
        evidence_text="Safeguarding policy adopted by the trustees.",
        adopted_on=date(2024, 5, 1),
        last_reviewed_on=date(2026, 5, 1),
        today=TODAY,
    )
    check = ProviderCheck.objects.get()
    assert reverse("quality:check", args=[check.pk]) in _register(client)
    assert reverse("quality:check", args=[check.pk]) in _register(client, "?status=awaiting")


def test_a_verified_check_past_its_expiry_shows_as_expired_the_next_day(
    client_for, manager, commissioner, provider_user, provider_org, agreement, safeguarding, monkeypatch
):
    day = {"today": TODAY}
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: day["today"])
    check = services.check_submit(
        actor=provider_user,
        provider=provider_org,
        requirement=safeguarding,
        evidence_text="Safeguarding policy adopted by the trustees.",
        adopted_on=date(2024, 5, 1),
        last_reviewed_on=date(2026, 5, 1),
        today=TODAY,
    )
    check = services.check_verify(
        actor=commissioner, check=check, expected_version=check.version, today=TODAY
    )
    client = client_for(manager)
    for _ in range(3):
        assert reverse("quality:check", args=[check.pk]) not in _register(client, "?status=expired")
    day["today"] = check.expires_on.replace(year=check.expires_on.year + 1)
    assert reverse("quality:check", args=[check.pk]) in _register(client, "?status=expired")
