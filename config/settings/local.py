"""Local development: `make run`."""

from config.settings.base import *  # noqa: F403
from config.settings.base import BASE_DIR, env

DEBUG = env.bool("DJANGO_DEBUG", default=True)
DEMO_DATA_ALLOWED = True
# The server and the background worker beside it (`make run`) share one cache, so that a write in either renews
# the figures the other keeps until their tables change (ADR 0005).
CACHES = {"default": env.cache("CACHE_URL", default=f"filecache://{BASE_DIR / 'var' / 'cache-local'}")}
CACHES["default"].setdefault("OPTIONS", {}).setdefault("MAX_ENTRIES", 10_000)
