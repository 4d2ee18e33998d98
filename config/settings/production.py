"""Production: every secret from the environment, HTTPS only, PostgreSQL via DATABASE_URL."""

from pathlib import Path

from config.settings.base import *  # noqa: F403
from config.settings.base import BASE_DIR, MIDDLEWARE, env

DEBUG = False
SECRET_KEY = env("DJANGO_SECRET_KEY")
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS")
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])

SECURE_SSL_REDIRECT = env.bool("DJANGO_SECURE_SSL_REDIRECT", default=True)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# The reverse proxies in front of the web processes (nginx: 1). Their X-Forwarded-For entries give the client's
# address, which sign-in lock-out counts failures by (commissioning/core/clientip.py).
TRUSTED_PROXY_COUNT = env.int("DJANGO_TRUSTED_PROXY_COUNT", default=1)
AXES_CLIENT_IP_CALLABLE = "commissioning.core.clientip.client_ip"
# The health check answers over plain HTTP too, for load balancers that probe the web nodes directly.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_HSTS_SECONDS = env.int("DJANGO_SECURE_HSTS_SECONDS", default=60 * 60 * 24 * 365)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SESSION_COOKIE_NAME = "__Host-sessionid"
CSRF_COOKIE_NAME = "__Host-csrftoken"

# WhiteNoise serves the compiled static files straight after Django's SecurityMiddleware.
MIDDLEWARE = [MIDDLEWARE[0], "whitenoise.middleware.WhiteNoiseMiddleware", *MIDDLEWARE[1:]]

# Where collectstatic puts the compiled static files (the reverse proxy may serve them from there), and where
# uploaded files are kept: with several web nodes, a shared volume mounted at the same path on each.
STATIC_ROOT = Path(env("DJANGO_STATIC_ROOT", default=str(BASE_DIR / "var" / "staticfiles")))
MEDIA_ROOT = Path(env("DJANGO_MEDIA_ROOT", default=str(BASE_DIR / "var" / "media")))

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "commissioning.core.staticfiles.StaticFilesStorage"},
}

# Rendered charts are cached by their content, figures over whole tables until a table they read is written (ADR
# 0005); a cache shared by every worker on the host keeps one copy. The file cache keeps up to 10,000 entries
# (Django's default of 300 would have it clear a third of them every few pages).
CACHES = {"default": env.cache("CACHE_URL", default=f"filecache://{BASE_DIR / 'var' / 'cache'}")}
if CACHES["default"]["BACKEND"].endswith("FileBasedCache"):
    CACHES["default"].setdefault("OPTIONS", {}).setdefault("MAX_ENTRIES", 10_000)
