from django.core.management.base import BaseCommand, CommandError

from commissioning.accounts.models import User
from commissioning.accounts.services import api_token_issue


class Command(BaseCommand):
    help = "Create an API token for a person and print it (any earlier token stops working)."

    def add_arguments(self, parser):
        parser.add_argument("username")

    def handle(self, *args, username, **options):
        user = User.objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"No person has the username {username!r}.")
        if not user.is_active:
            raise CommandError(f"{username!r} is deactivated; reactivate them before issuing a token.")
        token = api_token_issue(user=user, actor=None)
        self.stdout.write(token.key)
