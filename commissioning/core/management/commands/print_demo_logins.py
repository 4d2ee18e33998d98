from django.core.management.base import BaseCommand

from commissioning.core.demo import DEMO_PASSWORD
from commissioning.organisations.demo import DEMO_USERS


class Command(BaseCommand):
    help = "Print the demo sign-ins, one per role."

    def handle(self, *args, **options):
        self.stdout.write(f"Demo sign-ins (password for all: {DEMO_PASSWORD})")
        width = max(len(username) for username, *_ in DEMO_USERS)
        for username, _first, _last, role, organisation, _title in DEMO_USERS:
            self.stdout.write(f"  {username.ljust(width)}  {role.label} – {organisation}")
