"""The register worked out in the database gives the rows, order and counts the Python computation it replaced
gave, on generated providers and checks."""

import random
from datetime import date, datetime, timedelta
from itertools import product

import pytest
from django.utils import timezone

from commissioning.assurance.quality import selectors
from commissioning.assurance.quality.models import (
    CheckStatus,
    ProviderCheck,
    ProviderEnrolment,
    Requirement,
)
from commissioning.monitoring.tests.factories import AgreementFactory
from commissioning.organisations.tests.factories import OrganisationFactory

TODAY = date(2026, 11, 23)


def reference_rows(
    *,
    today,
    status="",
    provider_id=None,
    requirement_id=None,
    expiring_within=None,
    search="",
    ordering="provider",
):
    """The register as it was computed before: every row built in Python, then filtered and sorted."""
    providers = selectors.providers_in_scope()
    if provider_id:
        providers = providers.filter(pk=provider_id)
    if search:
        providers = providers.filter(name__icontains=search)
    providers = list(providers.order_by("name", "pk"))
    requirements = list(selectors.requirement_list())
    if requirement_id:
        requirements = [r for r in requirements if r.pk == requirement_id]
    checks = {(c.provider_id, c.requirement_id): c for c in ProviderCheck.objects.active()}
    horizon = today + timedelta(days=expiring_within) if expiring_within is not None else None
    rows = []
    for provider in providers:
        for requirement in requirements:
            check = checks.get((provider.pk, requirement.pk))
            row_status = check.effective_status(today) if check else CheckStatus.NOT_PROVIDED
            if status and row_status != status:
                continue
            if horizon is not None and not (
                check and check.status != CheckStatus.REJECTED and check.expires_on <= horizon
            ):
                continue
            rows.append((provider, requirement, check, row_status))
    sorts = {
        "provider": lambda r: (r[0].name, r[1].position),
        "requirement": lambda r: (r[1].position, r[0].name),
        "expiry": lambda r: (r[2].expires_on if r[2] else date.max, r[0].name),
        "status": lambda r: (list(CheckStatus.values).index(r[3]), r[0].name),
    }
    rows.sort(key=sorts[ordering])
    return [(p.pk, r.pk, c.pk if c else None, s) for p, r, c, s in rows]


def keys(rows):
    return [(r.provider.pk, r.requirement.pk, r.check.pk if r.check else None, r.status) for r in rows]


@pytest.fixture
def register(commissioner):
    """Providers in scope through a live agreement or an enrolment (and some not in scope), with checks in every
    stored status, expired or not, some archived, against requirements of which one shares another's position and
    one is archived."""
    rng = random.Random(20261123)
    requirements = list(Requirement.objects.active())
    requirements[1].position = requirements[0].position
    requirements[1].save(update_fields=["position"])
    requirements[-1].archived_at = timezone.now()
    requirements[-1].save(update_fields=["archived_at"])
    providers = []
    for number in range(14):
        provider = OrganisationFactory(name=f"Provider {rng.randrange(100, 999)} {number:02d}")
        if number % 3 == 0:
            ProviderEnrolment.objects.create(organisation=provider, added_by=commissioner)
        elif number % 5 != 4:
            AgreementFactory(provider=provider)
        providers.append(provider)
    for provider, requirement in product(providers, requirements):
        if rng.random() < 0.35:
            continue
        stored = rng.choice([CheckStatus.AWAITING, CheckStatus.VERIFIED, CheckStatus.REJECTED])
        check = ProviderCheck.objects.create(
            provider=provider,
            requirement=requirement,
            status=stored,
            evidence_text="Policy in place.",
            expires_on=TODAY + timedelta(days=rng.randrange(-90, 400)),
            submitted_at=timezone.make_aware(datetime(2026, 5, 1, 9)),
            submitted_by=commissioner,
            rejection_reason="Out of date." if stored == CheckStatus.REJECTED else "",
        )
        if rng.random() < 0.1:
            check.archived_at = timezone.now()
            check.save(update_fields=["archived_at"])
    return providers, requirements


def test_register_rows_and_order_match_the_python_computation(register):
    providers, requirements = register
    cases = [{}]
    cases += [{"ordering": ordering} for ordering in selectors.SORTS]
    cases += [{"status": status, "ordering": "expiry"} for status in CheckStatus.values]
    cases += [{"expiring_within": days, "ordering": "status"} for days in (0, 30, 200)]
    cases += [
        {"expiring_within": 200, "status": CheckStatus.EXPIRED},
        {"status": CheckStatus.NOT_PROVIDED, "expiring_within": 30},
    ]
    cases += [
        {"provider_id": providers[1].pk},
        {"requirement_id": requirements[2].pk, "ordering": "requirement"},
    ]
    cases += [{"requirement_id": requirements[-1].pk}, {"search": "provider 1", "ordering": "status"}]
    for filters in cases:
        expected = reference_rows(today=TODAY, **filters)
        rows = selectors.register_rows(today=TODAY, **filters)
        assert keys(rows) == expected, filters
        assert rows.count() == len(expected), filters
        assert keys(rows[3:9]) == expected[3:9], filters
    assert len(reference_rows(today=TODAY)) > 50


def test_register_status_counts_match_counting_every_row(register):
    for today in (TODAY, TODAY + timedelta(days=120)):
        expected = dict.fromkeys(CheckStatus.values, 0)
        for *_, status in reference_rows(today=today):
            expected[status] += 1
        assert selectors.register_status_counts(today=today) == expected
        assert all(expected[status] for status in CheckStatus.values)


def test_a_page_of_the_register_carries_each_checks_people(register):
    rows = [row for row in selectors.register_rows(today=TODAY, ordering="status")[:60] if row.check]
    assert rows and all(
        row.check.submitted_by.username and row.check.provider == row.provider for row in rows
    )
