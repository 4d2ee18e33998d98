"""Demo: the shipped areas and DfE statistical neighbours, with Trafford as the home area and its wards as its
localities, so that the demo partnership benchmarks its indicators against real public data (Trafford and its
ten neighbours)."""

from pathlib import Path

from commissioning.needs.areas.importers import areas_load, localities_import, neighbours_import
from commissioning.needs.areas.readers import DATA_FILE
from commissioning.needs.areas.selectors import home_area
from commissioning.needs.areas.services import home_area_set
from commissioning.needs.models import Area, NeighbourSet

HOME_AREA_CODE = "E08000009"  # Trafford
NEIGHBOURS_FILE = Path(DATA_FILE).parent / "dfe_statistical_neighbours.csv"
NEIGHBOURS_SOURCE = "DfE Children's Services Statistical Neighbour Benchmarking Tool"
# Trafford's 21 electoral wards (2023 boundaries), with their names, from the ward rows of a published file.
WARDS_FILE = Path(DATA_FILE).parent / "demo" / "trafford_sn_children_poverty.csv"


def load(context) -> None:
    areas_load(actor=context.actor)
    if not NeighbourSet.objects.exists():
        neighbours_import(
            actor=context.actor,
            content=NEIGHBOURS_FILE.read_bytes(),
            file_name=NEIGHBOURS_FILE.name,
            source=NEIGHBOURS_SOURCE,
        )
    if home_area() is None:
        home_area_set(actor=context.actor, area=Area.objects.get(code=HOME_AREA_CODE))
    if not Area.objects.filter(parent__code=HOME_AREA_CODE).exists():
        localities_import(
            actor=context.actor,
            content=WARDS_FILE.read_bytes(),
            file_name=WARDS_FILE.name,
            authority=HOME_AREA_CODE,
        )
    context.records["home_area"] = home_area()
