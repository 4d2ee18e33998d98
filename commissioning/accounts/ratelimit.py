"""A limit per client address on the requests that check a password, send an email or issue a credential.

django-axes locks out one username at one address after a few failures. Trying a few common passwords against
many usernames from one address (credential spraying) never trips that, so the failed sign-ins of each address
are also counted, whatever the username: past the limit, every sign-in from that address is refused with 429
until the period is over. Password reset requests (each may send an email), password changes and API token
requests are counted whether they succeed or not.

The counts are kept in Django's cache (`RATE_LIMIT_CACHE`; in production a cache shared by every web process on
the host, see `CACHES`), in windows of `RATE_LIMIT_PERIOD_SECONDS`. The address is the one the lock-out uses
(`AXES_CLIENT_IP_CALLABLE`, for the client behind the reverse proxy). Limits come from `RATE_LIMITS`.
"""

import hashlib
import math
import time
from dataclasses import dataclass

from axes.helpers import get_client_ip_address
from django.conf import settings
from django.core.cache import caches
from django.shortcuts import render


@dataclass(frozen=True)
class Guard:
    scope: str
    # True: only answers that are not a redirect (a refused sign-in shows the form again) count.
    failures_only: bool


# The views guarded, by URL name: their POSTs are counted and, past the limit, refused.
GUARDED = {
    "accounts:sign-in": Guard("sign-in", failures_only=True),
    "admin:login": Guard("sign-in", failures_only=True),
    "accounts:password-reset": Guard("password-reset", failures_only=False),
    "accounts:password-change": Guard("password-change", failures_only=False),
    "accounts:api-token": Guard("api-token", failures_only=False),
}

WHAT = {
    "sign-in": "sign in",
    "password-reset": "ask for a password reset",
    "password-change": "change your password",
    "api-token": "create an API token",
}


def _now() -> float:
    return time.time()


def _period() -> int:
    return max(1, settings.RATE_LIMIT_PERIOD_SECONDS)


def _key(scope: str, address: str, window: int) -> str:
    # The address is hashed so that the cache (a shared file or server) holds no one's address.
    digest = hashlib.sha256(f"{scope}|{address}".encode()).hexdigest()[:32]
    return f"rate-limit:{scope}:{digest}:{window}"


def _window(now: float) -> int:
    return int(now // _period())


def count(scope: str, address: str) -> int:
    """Requests counted for this address in the current window."""
    cache = caches[settings.RATE_LIMIT_CACHE]
    return int(cache.get(_key(scope, address, _window(_now())), 0))


def record(scope: str, address: str) -> int:
    """Count one more request from this address; the new count."""
    cache = caches[settings.RATE_LIMIT_CACHE]
    key = _key(scope, address, _window(_now()))
    if cache.add(key, 1, timeout=_period() + 60):
        return 1
    try:
        return cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.add(key, 1, timeout=_period() + 60)
        return 1


def seconds_left() -> int:
    now = _now()
    return max(1, math.ceil((_window(now) + 1) * _period() - now))


def too_many_requests(request, scope: str):
    wait = seconds_left()
    response = render(
        request,
        "accounts/too_many_requests.html",
        {"what": WHAT[scope], "minutes": max(1, math.ceil(wait / 60))},
        status=429,
    )
    response["Retry-After"] = str(wait)
    return response


class RateLimitMiddleware:
    """Refuses a guarded POST from an address past its limit (before the view runs), and counts the request:
    at once, or once the answer shows it failed. Sits after the CSRF check, so forged posts count for nothing."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        failure_of = getattr(request, "rate_limit_failure_of", None)
        if failure_of is not None and not 300 <= response.status_code < 400:
            record(*failure_of)
        return response

    def process_view(self, request, view_func, view_args, view_kwargs):
        match = request.resolver_match
        guard = GUARDED.get(match.view_name if match else "")
        if guard is None or request.method != "POST":
            return None
        address = get_client_ip_address(request) or "unknown"
        if count(guard.scope, address) >= settings.RATE_LIMITS[guard.scope]:
            return too_many_requests(request, guard.scope)
        if guard.failures_only:
            request.rate_limit_failure_of = (guard.scope, address)
        else:
            record(guard.scope, address)
        return None
