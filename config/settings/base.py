"""Settings shared by every environment. Environment-specific files import from here."""

from pathlib import Path

import environ

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

SECRET_KEY = env("DJANGO_SECRET_KEY", default="insecure-local-development-key-change-me")
DEBUG = env.bool("DJANGO_DEBUG", default=False)
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "testserver"])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "rules.apps.AutodiscoverRulesConfig",
    "auditlog",
    "axes",
    "crispy_forms",
    "crispy_forms_gds",
    "govuk_frontend_django",
    "django_htmx",
    "django_tasks",
    "django_tasks_db",
    "commissioning.core",
    "commissioning.accounts",
    "commissioning.organisations",
    "commissioning.frameworks",
    "commissioning.cycle",
    "commissioning.needs",
    "commissioning.services",
    "commissioning.funding",
    "commissioning.procurement",
    "commissioning.procurement.specifications",
    "commissioning.contracts",
    "commissioning.publishing",
    "commissioning.monitoring",
    "commissioning.engagement",
    "commissioning.assurance",
    "commissioning.assurance.quality",
    "commissioning.assurance.maturity",
    "commissioning.governance",
    "commissioning.reminders",
    "commissioning.jobs",
    "commissioning.api",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "commissioning.accounts.sessions.RenewIdleSessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "auditlog.middleware.AuditlogMiddleware",
    "commissioning.core.middleware.SecurityHeadersMiddleware",
    "commissioning.core.middleware.RefuseNulCharactersMiddleware",
    "commissioning.accounts.ratelimit.RateLimitMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "commissioning.core.context_processors.service",
            ],
            "builtins": ["commissioning.core.templatetags.links"],
        },
    },
]

DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'var' / 'commissioning.sqlite3'}"),
}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
# Each process keeps its connection open between requests for up to this many seconds (0: a new connection for
# every request, which on PostgreSQL costs the connection and a cold catalog: the planner reads each table's
# metadata again), and checks it before a request's first query, so a database restart costs the requests made
# during it, not the process.
DATABASES["default"]["CONN_MAX_AGE"] = env.int("DATABASE_CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql" and env.bool(
    "DATABASE_PREPARED_STATEMENTS", default=True
):
    # Values sent apart from the SQL (server-side binding), so that psycopg prepares a statement once a connection
    # has run it five times, and PostgreSQL can keep its plan: a record page's joins of ten tables took 8 ms to plan
    # and 0.3 ms to run. Turn it off behind a pooler in transaction mode, which cannot keep prepared statements.
    DATABASES["default"].setdefault("OPTIONS", {}).update(server_side_binding=True, prepare_threshold=5)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "rules.permissions.ObjectPermissionBackend",
    "commissioning.accounts.backends.UsernameOrEmailBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:sign-in"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "accounts:signed-out"

# Sign-in safety: lock out after repeated failures, expire idle sessions.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = env.float("AXES_COOLOFF_HOURS", default=0.25)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_USERNAME_FORM_FIELD = "username"
# Across usernames, per client address (credential spraying, email flooding): failed sign-ins, password reset
# requests, password changes and API token requests, each counted in windows of RATE_LIMIT_PERIOD_SECONDS; past
# its limit an address gets 429 until the window ends (commissioning/accounts/ratelimit.py).
RATE_LIMIT_PERIOD_SECONDS = env.int("RATE_LIMIT_PERIOD_SECONDS", default=15 * 60)
RATE_LIMITS = {
    "sign-in": env.int("RATE_LIMIT_SIGN_IN_FAILURES", default=30),
    "password-reset": env.int("RATE_LIMIT_PASSWORD_RESETS", default=10),
    "password-change": env.int("RATE_LIMIT_PASSWORD_CHANGES", default=10),
    "api-token": env.int("RATE_LIMIT_API_TOKENS", default=10),
}
RATE_LIMIT_CACHE = env("RATE_LIMIT_CACHE", default="default")
SESSION_COOKIE_AGE = env.int("SESSION_IDLE_SECONDS", default=30 * 60)
# The expiry is renewed at most this often (commissioning/accounts/sessions.py), not on every request.
SESSION_RENEW_SECONDS = env.int("SESSION_RENEW_SECONDS", default=60)
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

# Uploads: the largest file each place takes (every upload is also checked for its type and content, and
# refused if it looks like a program: commissioning/core/uploads.py). The indicator import page reads the
# whole file in the request; bigger files go through `manage.py import_indicators`. Keep each under the reverse
# proxy's request limit (client_max_body_size in deploy/nginx/commissioning-hub.conf).
EVIDENCE_MAX_UPLOAD_BYTES = env.int("EVIDENCE_MAX_UPLOAD_BYTES", default=10 * 1024 * 1024)
INDICATOR_IMPORT_MAX_BYTES = env.int("INDICATOR_IMPORT_MAX_BYTES", default=20 * 1024 * 1024)

EMAIL_CONFIG = env.email_url("EMAIL_URL", default="consolemail://")
vars().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="commissioning-hub@localhost")
PASSWORD_RESET_TIMEOUT = 60 * 60 * 2

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True
DATE_FORMAT = "j F Y"
DATETIME_FORMAT = "j F Y, H:i"
SHORT_DATE_FORMAT = "d/m/Y"

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = BASE_DIR / "var" / "staticfiles"
MEDIA_ROOT = BASE_DIR / "var" / "media"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

CRISPY_ALLOWED_TEMPLATE_PACKS = ["gds"]
CRISPY_TEMPLATE_PACK = "gds"

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_PAGINATION_CLASS": "commissioning.api.pagination.StandardPagination",
    "PAGE_SIZE": 50,
    "EXCEPTION_HANDLER": "commissioning.api.errors.problem_details_handler",
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "UNAUTHENTICATED_USER": None,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Commissioning Hub API",
    "DESCRIPTION": "Read and write the records of the commissioning cycle. "
    "Authenticate with a session or with `Authorization: Token <key>` "
    "(`manage.py issue_api_token USERNAME`). Errors are RFC 9457 problem details.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # Every operation documents its problem-details errors (commissioning/api/schema.py).
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "commissioning.api.schema.problem_responses",
    ],
    "ENUM_NAME_OVERRIDES": {
        "ProcurementStatusEnum": "commissioning.procurement.models.ProcurementStatus",
        "ProcurementKindEnum": "commissioning.procurement.models.ProcurementKind",
        "ProcurementStepStatusEnum": "commissioning.procurement.models.StepStatus",
        "AuditStatusEnum": "commissioning.assurance.models.AuditStatus",
        "ActionPlanStatusEnum": "commissioning.governance.models.ActionStatus",
        "IntegrationApproachEnum": "commissioning.cycle.models.IntegrationApproach",
    },
}

AUDITLOG_INCLUDE_ALL_MODELS = False
AUDITLOG_DISABLE_REMOTE_ADDR = False

# Fictional demo records may be loaded (local and test settings only).
DEMO_DATA_ALLOWED = False

# Branding: the product is run by a partnership, not by GOV.UK.
SERVICE_NAME = env("SERVICE_NAME", default="Commissioning Hub")
ORGANISATION_NAME = env("ORGANISATION_NAME", default="Brackenshire Children's Partnership")
SERVICE_CONTACT_EMAIL = env("SERVICE_CONTACT_EMAIL", default="commissioning@brackenshire.example")

# Open data: the OCDS ocid prefix (registered with the Open Contracting Partnership), the 360Giving prefix, and the
# public address the exports are published at.
OCDS_PREFIX = env("OCDS_PREFIX", default="ocds-xxxxxx")
GRANTS_PREFIX = env("GRANTS_PREFIX", default="BRACKENSHIRE")
OPEN_DATA_BASE_URL = env(
    "OPEN_DATA_BASE_URL", default="https://commissioning.brackenshire.example/publishing/"
)

# Background jobs (docs/deployment.md, ADR 0004): the queue is a table in the database, worked by
# `manage.py db_worker`. A failed job is tried again after JOBS_RETRY_BACKOFF_SECONDS, doubling each time, up to
# JOBS_MAX_ATTEMPTS attempts; then the administrators are emailed.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
JOBS_MAX_ATTEMPTS = env.int("JOBS_MAX_ATTEMPTS", default=3)
JOBS_RETRY_BACKOFF_SECONDS = env.int("JOBS_RETRY_BACKOFF_SECONDS", default=300)
# An attempt running longer than this is taken to have lost its worker: it is failed and reported.
JOBS_STALLED_AFTER_MINUTES = env.int("JOBS_STALLED_AFTER_MINUTES", default=120)

# Check each chart's Vega-Lite spec against the schema before drawing it. The specs are built by the product's own
# code, so the test suite and local development check them; in production the check (about half of a benchmark
# page's time) is left out.
CHART_SPECS_VALIDATED = env.bool("CHART_SPECS_VALIDATED", default=DEBUG)

# The longest a figure computed over whole tables (`commissioning.core.table_cache`) is kept; it is computed again
# sooner whenever a table it was read from is written. 0 computes every figure on every request. Every process
# must share the cache (CACHE_URL) for a write in one to be seen by the others.
TABLE_CACHE_SECONDS = env.int("TABLE_CACHE_SECONDS", default=300)

# The service's public address, for links in emails sent outside a request (the reminders job).
SITE_URL = env("SITE_URL", default="https://commissioning.brackenshire.example")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    # WeasyPrint and fontTools report every rendering step at INFO: keep only their warnings.
    "loggers": {name: {"level": "WARNING"} for name in ("axes", "weasyprint", "fontTools")},
}
