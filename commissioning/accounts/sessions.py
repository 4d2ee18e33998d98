"""Sign-out after a spell without activity, without writing the session on every request."""

import time

from django.conf import settings

RENEWED_AT = "_renewed_at"


class RenewIdleSessionMiddleware:
    """Renews a signed-in session's expiry (SESSION_COOKIE_AGE, the idle time before sign-out) at most once every
    SESSION_RENEW_SECONDS. Saving it on every request (SESSION_SAVE_EVERY_REQUEST) wrote the session row, and on
    SQLite waited for the disk, for every page; now a person active in the last minute keeps their session, and
    one idle for the whole age, less at most that minute, is signed out.

    Goes after SessionMiddleware, which saves the session on the way out when this marks it changed."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        session = getattr(request, "session", None)
        if session is not None and session.session_key and not session.is_empty():
            now = int(time.time())
            if now - session.get(RENEWED_AT, 0) >= settings.SESSION_RENEW_SECONDS:
                session[RENEWED_AT] = now
        return response
