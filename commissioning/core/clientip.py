"""The address of the person making a request, when the service runs behind a reverse proxy.

Behind nginx every request comes from the proxy's address; the proxy puts the client's address in
X-Forwarded-For. Only the entries added by proxies we run can be believed (a client can send its own header),
so with TRUSTED_PROXY_COUNT proxies in front, the client is the entry that many places from the right.
Sign-in lock-out (django-axes) uses this, so one person's failures do not lock out everyone behind the proxy."""

from django.conf import settings


def client_ip(request) -> str | None:
    remote = request.META.get("REMOTE_ADDR")
    count = getattr(settings, "TRUSTED_PROXY_COUNT", 0)
    if count <= 0:
        return remote
    forwarded = [
        part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()
    ]
    if len(forwarded) < count:
        return remote
    return forwarded[-count]
