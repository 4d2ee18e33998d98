"""collectstatic with the production storage: hashed, compressed, and GOV.UK's crest deliberately absent."""

import json

import pytest
from django.conf import settings as django_settings
from django.core.management import call_command
from whitenoise.storage import MissingFileError

PRODUCTION_STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "commissioning.core.staticfiles.StaticFilesStorage"},
}


@pytest.fixture
def production_storage(settings, tmp_path):
    settings.STORAGES = PRODUCTION_STORAGES
    settings.STATIC_ROOT = tmp_path / "collected"
    return settings.STATIC_ROOT


def test_collectstatic_hashes_and_compresses_and_leaves_the_crest_out(production_storage):
    call_command("collectstatic", "--noinput", verbosity=0)

    manifest = json.loads((production_storage / "staticfiles.json").read_text())
    hashed = manifest["paths"]["css/application.css"]
    assert hashed.startswith("css/application.") and hashed != "css/application.css"
    assert (production_storage / f"{hashed}.gz").exists() and (production_storage / f"{hashed}.br").exists()
    css = (production_storage / hashed).read_text()
    assert 'url("/static/assets/images/govuk-crest.svg")' in css  # left as it is, never served
    assert not (production_storage / "assets" / "images" / "govuk-crest.svg").exists()
    assert "assets/images/favicon.svg" in manifest["paths"]


def test_any_other_missing_file_still_stops_collectstatic(production_storage, settings, tmp_path):
    extra = tmp_path / "extra"
    (extra / "css").mkdir(parents=True)
    (extra / "css" / "broken.css").write_text('.logo { background: url("../images/missing-logo.svg"); }')
    settings.STATICFILES_DIRS = [*django_settings.STATICFILES_DIRS, extra]

    with pytest.raises(MissingFileError, match=r"missing-logo\.svg"):
        call_command("collectstatic", "--noinput", verbosity=0)
