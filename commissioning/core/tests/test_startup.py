import gc
import runpy
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.template import TemplateSyntaxError, engines
from django.urls import reverse

from commissioning.core.startup import compile_templates, load_before_serving

GUNICORN_CONF = Path(__file__).resolve().parents[3] / "deploy" / "gunicorn.conf.py"


@pytest.fixture
def unfrozen():
    gc.unfreeze()
    yield
    gc.unfreeze()


def test_before_serving_the_objects_alive_are_set_aside_from_garbage_collection(unfrozen):
    assert gc.get_freeze_count() == 0

    load_before_serving()

    assert gc.get_freeze_count() > 10_000


def test_gunicorn_freezes_what_the_master_loaded_before_forking(unfrozen):
    settings = runpy.run_path(str(GUNICORN_CONF))

    settings["when_ready"](SimpleNamespace(cfg=SimpleNamespace(preload_app=True)))

    assert gc.get_freeze_count() > 10_000


def test_without_preloading_gunicorn_leaves_collection_alone(unfrozen):
    settings = runpy.run_path(str(GUNICORN_CONF))

    settings["when_ready"](SimpleNamespace(cfg=SimpleNamespace(preload_app=False)))

    assert gc.get_freeze_count() == 0


def _template_cache() -> dict:
    engine = engines["django"].engine
    return next(
        loader for loader in engine.template_loaders if hasattr(loader, "get_template_cache")
    ).get_template_cache


def test_before_serving_every_template_is_compiled_and_set_aside_with_the_code(unfrozen):
    load_before_serving()

    cache = _template_cache()
    assert {"base.html", "contracts/agreement_list.html", "admin/change_list.html"} <= set(cache)
    tracked = {id(item) for item in gc.get_objects()}
    assert id(cache["base.html"]) not in tracked  # frozen: no collection walks it


@pytest.mark.django_db
def test_a_page_shown_after_start_up_compiles_no_template_of_its_own(unfrozen, client):
    load_before_serving()
    compiled = set(_template_cache())

    response = client.get(reverse("accounts:sign-in"))

    assert response.status_code == 200
    assert set(_template_cache()) == compiled


def test_a_template_that_does_not_compile_stops_the_start(settings, tmp_path):
    (tmp_path / "broken.html").write_text("{% if %}")
    settings.TEMPLATES = [{**settings.TEMPLATES[0], "DIRS": [tmp_path], "APP_DIRS": False}]

    with pytest.raises(TemplateSyntaxError):
        compile_templates()


def test_every_template_file_is_counted(settings, tmp_path):
    (tmp_path / "one.html").write_text("One")
    (tmp_path / "emails").mkdir()
    (tmp_path / "emails" / "two.txt").write_text("{{ two }}")
    settings.TEMPLATES = [{**settings.TEMPLATES[0], "DIRS": [tmp_path], "APP_DIRS": False}]

    assert compile_templates() == 2
    assert engines["django"].get_template("emails/two.txt").render({"two": 2}) == "2"
