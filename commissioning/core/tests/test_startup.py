import gc
import runpy
from pathlib import Path
from types import SimpleNamespace

import pytest

from commissioning.core.startup import load_before_serving

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
