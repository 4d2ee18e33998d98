"""The scale seeder: a realistic partnership at N times a county, deterministic from a seed.

At factor 1 (a county): 6 partners, 150 providers, 30 users, 40 commissioning activities, 300 services, about
30 procurements with 150 bids, 500 agreements with 8,000 monitoring returns, and 65 indicators with about
200,000 values; proportionate records in every other app. `manage.py seed_scale --factor 10` builds the
regional partnership that the benchmarks use. It writes with bulk inserts, one app after another, in one
transaction: a failure leaves nothing behind."""

import time

from django.db import connection, transaction

from bench.scale import contracts, cycle, market, needs, oversight, people, procurement
from bench.scale.base import Scale
from bench.scale.timeline import timeline

# In order: each step reads what the ones before it made.
STEPS = [
    ("organisations", people.organisations),
    ("people", people.people),
    ("indicators", needs.indicators),
    ("activities", cycle.activities),
    ("needs analyses", needs.analyses),
    ("strategies", cycle.strategies),
    ("assessments, budgets and reviews", cycle.assessments_budgets_reviews),
    ("services", market.services),
    ("funding", market.funding),
    ("procurements", procurement.procurements),
    ("agreements", contracts.agreements),
    ("monitoring", contracts.monitoring),
    ("assurance", oversight.assurance),
    ("governance", oversight.governance),
    ("engagement", oversight.engagement),
    ("specifications", oversight.specifications),
    ("timeline", timeline),
]


class AlreadySeeded(Exception):
    pass


def seed(*, factor: float, seed: int = 1, anchor=None, report=print) -> Scale:
    from commissioning.accounts.models import User

    if User.objects.filter(username__startswith="scale-").exists():
        raise AlreadySeeded("This database already has scale data: seed a fresh database.")
    scale = (
        Scale(factor=factor, seed=seed) if anchor is None else Scale(factor=factor, seed=seed, anchor=anchor)
    )
    with transaction.atomic():
        for name, step in STEPS:
            started = time.perf_counter()
            step(scale)
            report(f"  {name}: {time.perf_counter() - started:.1f} s")
    started = time.perf_counter()
    analyze()
    report(f"  statistics for the query planner: {time.perf_counter() - started:.1f} s")
    return scale


def analyze() -> None:
    """Gather the query planner's statistics, as a database in service has them. Straight after a bulk load it
    has none (PostgreSQL's autovacuum gathers them some minutes later; SQLite only when asked), and plans chosen
    for near-empty tables are far slower on full ones: PostgreSQL's contracts register took 89 ms instead of 33."""
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
