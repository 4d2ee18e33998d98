"""The test suite: fast hashing, local e-mail, no lockout surprises across tests."""

from config.settings.base import *  # noqa: F403
from config.settings.base import BASE_DIR, DATABASES, RATE_LIMITS, env

DEBUG = False
DEMO_DATA_ALLOWED = True
CHART_SPECS_VALIDATED = True
# Sessions renewed on every request, so that the tests comparing two requests' queries compare alike (the
# renewal's own tests set the production interval).
SESSION_RENEW_SECONDS = 0
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
MEDIA_ROOT = BASE_DIR / "var" / "test-media"
# A connection for each test client request, as before persistent connections; the production setting is
# exercised by the smoke and load tests, under gunicorn.
DATABASES["default"]["CONN_MAX_AGE"] = 0
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    DATABASES["default"]["TEST"] = {"NAME": ""}  # in memory
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
# The suite signs in, and fails to, many times from one address in one process: the limits per address are
# raised here, and the rate-limit tests (commissioning/accounts/tests/test_ratelimit.py) set their own.
RATE_LIMITS = {scope: 100_000 for scope in RATE_LIMITS}
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Jobs run at once, in the test's own transaction; the worker's tests switch to the database queue.
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend", "QUEUES": ["default"]}}
