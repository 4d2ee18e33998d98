"""Benchmark: importing generated tidy indicator rows, against a raw bulk insert of the same rows in the same run,
and the benchmark page and API for one indicator with 153 areas x 20 periods.

Run with `make bench` (or `python -m bench.needs_import --rows N`). It uses a fresh test database (SQLite by
default, PostgreSQL when DATABASE_URL is set) and writes bench/results/needs_import.json."""

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
RESULTS = Path(__file__).resolve().parent / "results"


def generated_tidy_file(areas: list[str], rows: int) -> bytes:
    """Tidy rows over the given areas: indicators x periods x areas, as many as asked for."""
    lines = ["area_code,area_name,period,indicator,measure,unit,value"]
    per_indicator = len(areas) * 20
    indicators = max(1, -(-rows // per_indicator))
    count = 0
    for i in range(indicators):
        for p in range(20):
            period = f"{2000 + p}/{(2001 + p) % 100:02d}"
            for index, code in enumerate(areas):
                if count == rows:
                    break
                lines.append(
                    f"{code},Area,{period},Generated indicator {i},Percentage,Persons,{(index * 7 + p) % 100}.5"
                )
                count += 1
    return ("\n".join(lines) + "\n").encode()


def timed(function, repeat: int = 1) -> list[float]:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return times


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def run(rows: int) -> dict:
    from django.db import connection, transaction
    from django.test import Client
    from django.test.utils import setup_test_environment

    from commissioning.needs.areas.importers import areas_load
    from commissioning.needs.indicators.importers import indicator_values_import
    from commissioning.needs.models import Area, Indicator, IndicatorValue, Unit
    from commissioning.organisations.models import Role
    from commissioning.organisations.tests.factories import OrganisationFactory, person_with_role

    setup_test_environment()
    areas_load()
    codes = list(
        Area.objects.filter(area_type="local_authority", end_date__isnull=True).values_list("code", flat=True)
    )
    content = generated_tidy_file(codes, rows)
    result = {"database": connection.vendor, "rows": rows}

    [seconds] = timed(lambda: indicator_values_import(actor=None, content=content, file_name="generated.csv"))
    result["import_seconds"] = round(seconds, 2)
    result["import_rows_per_second"] = round(rows / seconds)
    print(f"Imported {rows:,} rows in {seconds:.1f} s", file=sys.stderr)

    area_ids = dict(Area.objects.values_list("code", "pk"))
    names = sorted({line.split(",")[3] for line in content.decode().splitlines()[1:]})
    raw_indicators = {
        name: Indicator.objects.create(
            code=f"raw-{index}", title=f"Raw insert {index}", unit=Unit.PERCENTAGE
        ).pk
        for index, name in enumerate(names)
    }

    def raw_insert():
        """The same rows written with one bulk insert, with no checks: the floor an import is compared with."""
        text = content.decode().splitlines()[1:]
        with transaction.atomic():
            IndicatorValue.objects.bulk_create(
                (
                    IndicatorValue(
                        indicator_id=raw_indicators[cells[3]],
                        area_id=area_ids[cells[0]],
                        period=cells[2],
                        period_sort=int(cells[2][:4]),
                        value=float(cells[6]),
                    )
                    for cells in (line.split(",") for line in text)
                ),
                batch_size=2000,
            )

    [raw_seconds] = timed(raw_insert)
    result["raw_bulk_insert_seconds"] = round(raw_seconds, 2)
    result["raw_bulk_insert_rows_per_second"] = round(rows / raw_seconds)
    result["import_share_of_raw"] = round(raw_seconds / seconds, 2)

    [again] = timed(lambda: indicator_values_import(actor=None, content=content, file_name="generated.csv"))
    result["reimport_unchanged_seconds"] = round(again, 2)

    council = OrganisationFactory()
    user = person_with_role(Role.COMMISSIONER, council, username="bench")
    client = Client()
    client.force_login(user)
    first = Indicator.objects.get(code="generated-indicator-0-percentage")
    home = codes[0]
    for name, url in (
        ("benchmark_page", f"/needs/indicators/{first.code}/benchmark/?area={home}"),
        ("benchmark_api", f"/api/v1/indicators/{first.code}/benchmark/?area={home}"),
    ):
        response = client.get(url)
        if response.status_code != 200:
            raise SystemExit(f"{url} answered {response.status_code}")
        times = timed(lambda url=url: client.get(url), repeat=20)
        result[name] = {
            "p50_ms": round(statistics.median(times) * 1000, 1),
            "p95_ms": round(percentile(times, 0.95) * 1000, 1),
        }
    return result


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=1_000_000)
    args = parser.parse_args()
    django.setup()
    from django.conf import settings
    from django.test.utils import get_runner

    runner = get_runner(settings)(verbosity=0, interactive=False)
    old = runner.setup_databases()
    try:
        result = run(args.rows)
    finally:
        runner.teardown_databases(old)
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / f"needs_import_{result['database']}.json").write_text(json.dumps(result, indent=2) + "\n")
    json.dump(result, sys.stdout, indent=2)
    print()


if __name__ == "__main__":
    main()
