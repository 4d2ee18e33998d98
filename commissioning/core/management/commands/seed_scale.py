"""Seed a realistic partnership at N times a county, for the benchmarks: `manage.py seed_scale --factor 10`."""

import time
from datetime import date

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from bench.scale import AlreadySeeded
from bench.scale import seed as seed_partnership


class Command(BaseCommand):
    help = "Seed a partnership at N times a county (deterministic from --seed) beside the data already there."

    def add_arguments(self, parser):
        parser.add_argument("--factor", type=float, default=1.0, help="Times a county: 10 is a region.")
        parser.add_argument(
            "--seed", type=int, default=1, help="The random seed: the same seed, the same data."
        )
        parser.add_argument(
            "--anchor",
            type=date.fromisoformat,
            default=None,
            help="The day the data is dated from (default today).",
        )
        parser.add_argument(
            "--no-reference-data",
            action="store_true",
            help="Do not load the framework library and areas first (they are already loaded).",
        )

    def handle(self, *args, factor, seed: int, anchor, no_reference_data: bool, **options):
        if not 0 < factor <= 100:
            raise CommandError("--factor must be more than 0 and at most 100.")
        started = time.perf_counter()
        if not no_reference_data:
            for command in ("load_frameworks", "load_areas"):
                call_command(command, verbosity=0)
        self.stdout.write(f"Seeding at {factor:g} times a county (seed {seed}):")
        try:
            scale = seed_partnership(factor=factor, seed=seed, anchor=anchor, report=self.stdout.write)
        except AlreadySeeded as error:
            raise CommandError(str(error)) from error
        total = sum(scale.counts.values())
        self.stdout.write(
            self.style.SUCCESS(f"Seeded {total:,} records in {time.perf_counter() - started:.0f} s.")
        )
        for label, count in sorted(scale.counts.items()):
            self.stdout.write(f"  {label}: {count:,}")
