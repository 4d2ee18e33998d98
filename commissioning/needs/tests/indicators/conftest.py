from pathlib import Path

import pytest

from commissioning.needs.areas.importers import areas_load
from commissioning.needs.models import Area

SHARED_DATA = Path(__file__).resolve().parents[5] / "shared" / "data" / "indicators"


def shared_file(name: str) -> Path:
    path = SHARED_DATA / name
    if not path.exists():
        pytest.skip(f"The shared indicator data is not available here: {path}")
    return path


@pytest.fixture
def areas(db):
    """The shipped areas, as `manage.py load_areas` loads them; a lookup by ONS code."""
    areas_load()
    return {area.code: area for area in Area.objects.all()}
