"""Imports against a raw bulk insert of the same rows, in a scratch database of their own (SQLite in memory, or a
test database beside DATABASE_URL's): indicator values (tidy CSV) and the contracts register (CSV).

Run by `bench.run` (or `python -m bench.imports --rows N`); prints the figures as JSON on stdout."""

import argparse
import json
import os
import sys
import time
from datetime import date
from decimal import Decimal

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")


def contracts_rows(count: int, provider: str, commissioner: str) -> bytes:
    from commissioning.contracts.importing import COLUMNS

    lines = [",".join(c.heading for c in COLUMNS[:9])]
    for index in range(count):
        lines.append(
            f"IMP-{index:06d},Family support {index},Contract,{provider},{commissioner},"
            f"{1000 + index},{5000 + index * 5},2026-04-01,2029-03-31"
        )
    return ("\n".join(lines) + "\n").encode()


def contracts_figures(count: int) -> dict:
    from django.db import transaction

    from commissioning.contracts.importing import contracts_import
    from commissioning.contracts.models import Agreement
    from commissioning.organisations.models import Role
    from commissioning.organisations.tests.factories import OrganisationFactory, person_with_role

    council = OrganisationFactory(name="Bench County Council", is_partner=True)
    provider = OrganisationFactory(name="Bench Family Support CIC", is_provider=True)
    actor = person_with_role(Role.CONTRACTS_MANAGER, council, username="bench-contracts")
    content = contracts_rows(count, provider.name, council.name)

    started = time.perf_counter()
    contracts_import(actor=actor, content=content, file_name="bench.csv")
    seconds = time.perf_counter() - started
    assert Agreement.objects.filter(reference__startswith="IMP-").count() == count

    organisations = {o.name: o for o in (council, provider)}

    def raw():
        """The same rows written with one bulk insert, parsed naively and with no checks: the floor an import is
        compared with (as for indicator values)."""
        lines = content.decode().replace("IMP-", "RAW-").splitlines()[1:]
        with transaction.atomic():
            Agreement.objects.bulk_create(
                (
                    Agreement(
                        reference=cells[0],
                        title=cells[1],
                        agreement_type=cells[2].lower(),
                        provider=organisations[cells[3]],
                        commissioner=organisations[cells[4]],
                        annual_value=Decimal(cells[5]),
                        whole_life_value=Decimal(cells[6]),
                        starts_on=date.fromisoformat(cells[7]),
                        ends_on=date.fromisoformat(cells[8]),
                    )
                    for cells in (line.split(",") for line in lines)
                ),
                batch_size=2000,
            )

    started = time.perf_counter()
    raw()
    raw_seconds = time.perf_counter() - started
    assert Agreement.objects.filter(reference__startswith="RAW-").count() == count
    figures = {
        "rows": count,
        "import_seconds": round(seconds, 2),
        "import_rows_per_second": round(count / seconds),
        "raw_bulk_insert_rows_per_second": round(count / raw_seconds),
        "import_share_of_raw": round(raw_seconds / seconds, 2),
    }
    print(f"  Contracts import: {figures}", file=sys.stderr)
    return figures


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=200_000, help="Indicator value rows.")
    parser.add_argument("--contracts", type=int, default=2_000, help="Contract rows.")
    args = parser.parse_args()
    django.setup()
    from django.conf import settings
    from django.test.utils import get_runner

    from bench.needs_import import run as needs_run

    runner = get_runner(settings)(verbosity=0, interactive=False)
    old = runner.setup_databases()
    try:
        result = {"contracts": contracts_figures(args.contracts), "indicator_values": needs_run(args.rows)}
    finally:
        runner.teardown_databases(old)
    json.dump(result, sys.stdout, indent=2)
    print()


if __name__ == "__main__":
    main()
