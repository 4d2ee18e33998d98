import importlib
import sys


def test_production_settings_are_secure(monkeypatch):
    monkeypatch.setenv("DJANGO_SECRET_KEY", "x" * 60)
    monkeypatch.setenv("DJANGO_ALLOWED_HOSTS", "commissioning.example")
    sys.modules.pop("config.settings.production", None)
    production = importlib.import_module("config.settings.production")
    assert production.DEBUG is False
    assert production.SESSION_COOKIE_SECURE and production.CSRF_COOKIE_SECURE
    assert production.SESSION_COOKIE_HTTPONLY
    assert production.SECURE_SSL_REDIRECT
    assert production.SECURE_HSTS_SECONDS >= 31536000
    assert production.ALLOWED_HOSTS == ["commissioning.example"]
    assert "whitenoise.middleware.WhiteNoiseMiddleware" in production.MIDDLEWARE
    assert production.MIDDLEWARE.index("whitenoise.middleware.WhiteNoiseMiddleware") == 1
    assert production.SESSION_COOKIE_AGE == 30 * 60 and production.SESSION_RENEW_SECONDS <= 60
    assert "commissioning.accounts.sessions.RenewIdleSessionMiddleware" in production.MIDDLEWARE
    sys.modules.pop("config.settings.production", None)
