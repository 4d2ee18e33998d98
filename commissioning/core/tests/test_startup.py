import gc
import runpy
from pathlib import Path
from types import SimpleNamespace

import django.forms
import pytest
from django.forms.renderers import get_default_renderer
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


def _template_cache(engine=None) -> dict:
    engine = (engine or engines["django"]).engine
    return next(
        loader for loader in engine.template_loaders if hasattr(loader, "get_template_cache")
    ).get_template_cache


def _compiled() -> set[str]:
    """The templates compiled so far by the project's engine and by the forms' own (the widgets')."""
    return set(_template_cache()) | set(_template_cache(get_default_renderer().engine))


def test_before_serving_every_template_is_compiled_and_set_aside_with_the_code(unfrozen):
    load_before_serving()

    cache = _template_cache()
    assert {"base.html", "contracts/agreement_list.html", "admin/change_list.html"} <= set(cache)
    tracked = {id(item) for item in gc.get_objects()}
    assert id(cache["base.html"]) not in tracked  # frozen: no collection walks it


@pytest.mark.django_db
def test_a_page_shown_after_start_up_compiles_no_template_of_its_own(unfrozen, client):
    load_before_serving()
    compiled = _compiled()

    response = client.get(reverse("accounts:sign-in"))

    rendered = {template.name for template in response.templates if template.name}
    assert {"base.html", "django/forms/widgets/password.html"} <= rendered
    assert rendered <= compiled
    assert _compiled() == compiled


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

    widgets = [
        path for path in Path(django.forms.__file__).parent.joinpath("templates").rglob("*") if path.is_file()
    ]

    assert compile_templates() == 2 + len(widgets)  # and the forms' own engine's widget templates
    assert engines["django"].get_template("emails/two.txt").render({"two": 2}) == "2"
