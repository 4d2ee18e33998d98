"""The scale seeder: proportionate, deterministic from its seed, all-or-nothing, and never twice."""

from datetime import date

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection, transaction

from bench.scale import AlreadySeeded, seed
from commissioning.contracts.models import Agreement
from commissioning.monitoring.models import ProviderReturn
from commissioning.needs.models import IndicatorValue
from commissioning.organisations.models import Organisation
from commissioning.procurement.models import Bid

ANCHOR = date(2026, 11, 2)


@pytest.fixture
def reference_data(db):
    call_command("load_frameworks", verbosity=0)
    call_command("load_areas", verbosity=0)


def _fingerprint() -> tuple:
    return (
        list(
            Agreement.objects.order_by("reference").values_list("reference", "provider__name", "annual_value")
        ),
        list(
            ProviderReturn.objects.order_by("period__agreement__reference", "period__starts_on").values_list(
                "period__agreement__reference", "status", "service_users"
            )
        ),
        IndicatorValue.objects.filter(indicator__code__startswith="scale-").count(),
    )


def _shift_primary_keys(by: int = 7) -> None:
    """Make the database hand out other primary keys than last time, as PostgreSQL does after a rollback (its
    sequences do not roll back) and as any database does once other records were added."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT schemaname, sequencename FROM pg_sequences")
            for schema, sequence in cursor.fetchall():
                cursor.execute("SELECT setval(%s, nextval(%s) + %s)", [f'"{schema}"."{sequence}"'] * 2 + [by])
        else:
            cursor.execute(
                "INSERT INTO sqlite_sequence (name, seq) SELECT name, 0 FROM sqlite_master "
                "WHERE type = 'table' AND name NOT IN (SELECT name FROM sqlite_sequence) "
                "AND sql LIKE '%AUTOINCREMENT%'"
            )
            cursor.execute("UPDATE sqlite_sequence SET seq = seq + %s", [by])


def test_counts_follow_the_factor(reference_data):
    scale = seed(factor=0.04, anchor=ANCHOR, report=lambda line: None)

    assert Agreement.objects.count() == 20  # 500 a county
    assert Organisation.objects.filter(is_provider=True, is_partner=False).count() == 6  # 150 a county
    values = IndicatorValue.objects.filter(indicator__code__startswith="scale-").count()
    assert values == scale.counts["needs.IndicatorValue"] > 6000  # 3 indicators x 20 years x every area
    # Every agreement has a return for nearly every quarter that is past due.
    returns = ProviderReturn.objects.count()
    assert 15 * 20 < returns < 21 * 20
    # Some queried returns were sent again and accepted: the queried one is kept, superseded.
    superseded = ProviderReturn.objects.filter(status="superseded")
    assert superseded.exists()
    assert all(r.period.returns.filter(status="accepted").exists() for r in superseded)
    assert ProviderReturn.objects.filter(status="queried").exists()
    # Sealed bids exist on procurements still open.
    assert Bid.objects.filter(procurement__status="open").exists()
    assert sum(scale.counts.values()) > values
    with connection.cursor() as cursor:  # the query planner has statistics, as in a database in service
        if connection.vendor == "postgresql":
            cursor.execute("SELECT count(*) FROM pg_stats WHERE tablename = 'contracts_agreement'")
        else:
            cursor.execute("SELECT count(*) FROM sqlite_stat1 WHERE tbl = 'contracts_agreement'")
        assert cursor.fetchone()[0] > 0


def test_the_same_seed_makes_the_same_data(reference_data):
    with transaction.atomic():
        seed(factor=0.02, seed=7, anchor=ANCHOR, report=lambda line: None)
        first = _fingerprint()
        transaction.set_rollback(True)
    _shift_primary_keys()
    seed(factor=0.02, seed=7, anchor=ANCHOR, report=lambda line: None)
    assert _fingerprint() == first
    assert first[0]


def test_another_seed_makes_other_data(reference_data):
    with transaction.atomic():
        seed(factor=0.02, seed=7, anchor=ANCHOR, report=lambda line: None)
        first = _fingerprint()
        transaction.set_rollback(True)
    seed(factor=0.02, seed=8, anchor=ANCHOR, report=lambda line: None)
    assert _fingerprint() != first


def test_it_refuses_to_seed_twice(reference_data):
    seed(factor=0.02, anchor=ANCHOR, report=lambda line: None)
    count = Agreement.objects.count()
    with pytest.raises(AlreadySeeded):
        seed(factor=0.02, anchor=ANCHOR, report=lambda line: None)
    assert Agreement.objects.count() == count


def test_the_command_checks_its_factor(db):
    with pytest.raises(CommandError, match="--factor must be more than 0"):
        call_command("seed_scale", "--factor", "0", "--no-reference-data")
