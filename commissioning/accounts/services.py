from django.db import transaction
from rest_framework.authtoken.models import Token

from commissioning.core.models import TimelineEvent
from commissioning.core.services import timeline_record


@transaction.atomic
def api_token_issue(*, user, actor) -> Token:
    """Create a fresh API token for a person; any earlier token stops working."""
    Token.objects.filter(user=user).delete()
    token = Token.objects.create(user=user)
    timeline_record(instance=user, actor=actor, verb=TimelineEvent.Verb.NOTE, summary="API token issued")
    return token
