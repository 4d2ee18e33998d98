"""The overview's ratings picked in the database give what reading every actual in Python gave, on generated
agreements, periods and returns."""

import random
from datetime import date, timedelta

from commissioning.monitoring import selectors, services
from commissioning.monitoring.models import KpiActual, ReturnStatus
from commissioning.monitoring.rag import kpi_rag, worst
from commissioning.monitoring.tests.conftest import return_data
from commissioning.monitoring.tests.factories import AgreementFactory, KpiFactory


def reference_ratings(agreements):
    """The ratings as they were worked out before: every actual of every submitted or accepted return read."""
    actuals = (
        KpiActual.objects.filter(
            provider_return__period__agreement_id__in=[a.pk for a in agreements],
            provider_return__status__in=[ReturnStatus.SUBMITTED, ReturnStatus.ACCEPTED],
        )
        .select_related("kpi", "provider_return__period")
        .order_by("provider_return__period__starts_on")
    )
    latest = {}
    for actual in actuals:
        period = actual.provider_return.period
        rating = kpi_rag(
            actual=actual.value,
            target=actual.kpi.target,
            polarity=actual.kpi.polarity,
            tolerance=actual.kpi.tolerance,
        )
        current = latest.get(period.agreement_id)
        if current is None or (current[0] != period.pk and period.starts_on > current[1]):
            latest[period.agreement_id] = (period.pk, period.starts_on, [rating])
        elif current[0] == period.pk:
            current[2].append(rating)
    return {agreement_id: worst(entry[2]) for agreement_id, entry in latest.items()}


def test_latest_ratings_match_reading_every_actual(provider_org, provider_user, officer):
    rng = random.Random(7)
    agreements = []
    for number in range(7):
        agreement = AgreementFactory(provider=provider_org)
        kinds = [{"target": 100, "polarity": "higher", "tolerance": 10}, {"target": 10, "polarity": "lower"}]
        kpis = [KpiFactory(agreement=agreement, **kind) for kind in kinds[: 1 + number % 2]]
        services.plan_save(
            actor=officer,
            agreement=agreement,
            data={"frequency": "quarterly", "first_period_starts_on": date(2026, 4, 1), "due_days": 28},
        )
        periods = list(agreement.return_periods.order_by("starts_on")[:6])
        for period in rng.sample(periods, k=rng.randrange(0, len(periods) + 1)):
            choices = {"higher": ["80", "95", "104"], "lower": ["9", "10.5", "15"]}
            actuals = {kpi.pk: rng.choice(choices[kpi.polarity]) for kpi in kpis}
            submitted = services.return_submit(
                actor=provider_user,
                period=period,
                data=return_data(kpis, actuals=actuals),
                today=period.ends_on + timedelta(days=1),
            )
            outcome = rng.choice(["submitted", "accepted", "queried"])
            if outcome == "accepted":
                services.return_accept(actor=officer, provider_return=submitted)
            elif outcome == "queried":
                services.return_query(actor=officer, provider_return=submitted, query="Explain the fall.")
        agreements.append(agreement)
    expected = reference_ratings(agreements)
    assert selectors.latest_ratings(agreements) == expected
    assert selectors.latest_ratings(agreements[2:5]) == reference_ratings(agreements[2:5])
    assert len(expected) >= 3 and len({rating for rating in expected.values()}) >= 2
