from pathlib import Path

import pytest

from commissioning.needs.areas.importers import areas_load
from commissioning.needs.models import Area
from commissioning.organisations.models import Role
from commissioning.organisations.tests.factories import person_with_role

SHARED_DATA = Path(__file__).resolve().parents[4].parent / "shared" / "data" / "indicators"
NEIGHBOURS_FILE = SHARED_DATA / "dfe_cs_statistical_neighbours_wide.csv"
HIERARCHY_FILE = SHARED_DATA / "fingertipsnext_areas_hierarchy.csv"


def shared_file(path: Path) -> Path:
    if not path.exists():
        pytest.skip(f"The shared indicator data is not available here: {path}")
    return path


@pytest.fixture
def areas(db):
    """The shipped areas, loaded as `manage.py load_areas` does; returns a lookup by ONS code."""
    areas_load()
    return {area.code: area for area in Area.objects.all()}


@pytest.fixture
def partnership_manager(council):
    return person_with_role(Role.PARTNERSHIP_MANAGER, council, username="partnership-manager")


@pytest.fixture
def finance_officer(council):
    return person_with_role(Role.FINANCE_OFFICER, council, username="finance-officer")
