"""The benchmarks (`make bench`): production-like (no debug, cached templates) on a seeded database of its own,
with the floor page and an admin changelist beside the product's pages."""

from config.settings.base import *  # noqa: F403
from config.settings.base import BASE_DIR, env

DEBUG = False
ROOT_URLCONF = "bench.urls"
ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
MEDIA_ROOT = BASE_DIR / "var" / "bench-media"
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend", "QUEUES": ["default"]}}
# Django's in-process cache unless CACHE_URL names another (filecache:///path, as production's default), to
# measure what reading the table cache costs there.
CACHES = {"default": env.cache("CACHE_URL", default="locmemcache://")}
