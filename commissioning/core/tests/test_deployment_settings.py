"""The production settings that the deployment guide and `deploy/` rely on."""

import importlib
import re
import sys
from pathlib import Path

import pytest


@pytest.fixture
def production(monkeypatch):
    monkeypatch.setenv("DJANGO_SECRET_KEY", "x" * 60)
    monkeypatch.setenv("DJANGO_ALLOWED_HOSTS", "commissioning.example")

    def load(**environment):
        """Read the settings afresh, as a new process with this environment would."""
        for name, value in environment.items():
            monkeypatch.setenv(name, value)
        base = sys.modules.pop("config.settings.base")
        sys.modules.pop("config.settings.production", None)
        try:
            return importlib.import_module("config.settings.production")
        finally:
            sys.modules.pop("config.settings.production", None)
            sys.modules["config.settings.base"] = base

    return load


def test_the_health_check_is_not_redirected_to_https(production):
    settings = production()
    assert settings.SECURE_SSL_REDIRECT
    assert any(re.search(pattern, "healthz") for pattern in settings.SECURE_REDIRECT_EXEMPT)
    assert not any(re.search(pattern, "sign-in/") for pattern in settings.SECURE_REDIRECT_EXEMPT)


def test_static_and_media_folders_come_from_the_environment(production, tmp_path):
    default = production()
    var = Path(default.BASE_DIR) / "var"
    assert (var / "staticfiles", var / "media") == (default.STATIC_ROOT, default.MEDIA_ROOT)
    chosen = production(
        DJANGO_STATIC_ROOT=str(tmp_path / "static"), DJANGO_MEDIA_ROOT=str(tmp_path / "media")
    )
    assert (tmp_path / "static", tmp_path / "media") == (chosen.STATIC_ROOT, chosen.MEDIA_ROOT)


def test_jobs_use_the_database_queue_with_retry_settings_from_the_environment(production):
    settings = production(JOBS_MAX_ATTEMPTS="5", JOBS_RETRY_BACKOFF_SECONDS="30")
    assert settings.TASKS["default"]["BACKEND"] == "django_tasks_db.DatabaseBackend"
    assert "django_tasks_db" in settings.INSTALLED_APPS
    assert (settings.JOBS_MAX_ATTEMPTS, settings.JOBS_RETRY_BACKOFF_SECONDS) == (5, 30)


def test_sign_in_lock_out_counts_the_client_behind_the_proxy(production):
    settings = production()
    assert settings.TRUSTED_PROXY_COUNT == 1
    assert settings.AXES_CLIENT_IP_CALLABLE == "commissioning.core.clientip.client_ip"
    assert production(DJANGO_TRUSTED_PROXY_COUNT="2").TRUSTED_PROXY_COUNT == 2


def test_postgresql_prepares_statements_unless_a_pooler_cannot_keep_them(production):
    url = "postgres://hub@db.internal:5432/commissioning_hub"
    options = production(DATABASE_URL=url).DATABASES["default"]["OPTIONS"]
    assert (options["server_side_binding"], options["prepare_threshold"]) == (True, 5)
    pooled = production(DATABASE_URL=url, DATABASE_PREPARED_STATEMENTS="0").DATABASES["default"]
    assert "server_side_binding" not in pooled.get("OPTIONS", {})
    sqlite = production(DATABASE_URL="sqlite:////tmp/hub.sqlite3").DATABASES["default"]
    assert "server_side_binding" not in sqlite.get("OPTIONS", {})
