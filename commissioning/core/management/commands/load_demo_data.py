from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from commissioning.core.demo import demo_load


class Command(BaseCommand):
    help = "Load the fictional Brackenshire partnership's demo records (safe to run again)."

    def add_arguments(self, parser):
        parser.add_argument("--allow-production", action="store_true", help="Load even when DEBUG is off.")

    def handle(self, *args, allow_production, **options):
        if not settings.DEMO_DATA_ALLOWED and not allow_production:
            raise CommandError(
                "Refusing to load demo data in these settings (DEMO_DATA_ALLOWED is off). Use --allow-production to insist."
            )
        context = demo_load()
        self.stdout.write(f"Demo data ready: {len(context.records.get('users', {}))} demo logins.")
