from commissioning.core.demo import DemoContext
from commissioning.needs.areas import demo
from commissioning.needs.areas.services import home_area_set
from commissioning.needs.models import Area, NeedsSettings, Neighbour, NeighbourSet
from commissioning.needs.tests.areas.conftest import NEIGHBOURS_FILE, shared_file


def test_the_demo_loads_areas_neighbours_and_trafford_as_home_area(db):
    context = DemoContext()
    demo.load(context)
    assert Area.objects.count() == 175 + 21  # and Trafford's 21 wards
    assert Area.objects.filter(parent__code="E08000009", area_type="locality").count() == 21
    assert NeighbourSet.objects.count() == 153
    assert context.records["home_area"].code == "E08000009"
    trafford = NeighbourSet.objects.get(area__code="E08000009")
    assert trafford.source == demo.NEIGHBOURS_SOURCE
    assert [n.area.name for n in trafford.neighbours.order_by("rank")][:2] == ["Hertfordshire", "Stockport"]


def test_the_demo_is_idempotent_and_keeps_a_home_area_already_chosen(db, administrator):
    demo.load(DemoContext())
    home_area_set(actor=administrator, area=Area.objects.get(code="E08000007"))
    demo.load(DemoContext())
    assert NeedsSettings.objects.get().home_area.code == "E08000007"
    assert Area.objects.count() == 175 + 21
    assert Neighbour.objects.count() == 1530
    assert NeighbourSet.objects.get(area__code="E08000009").version == 1


def test_the_shipped_neighbours_file_is_the_dfe_file(db):
    assert demo.NEIGHBOURS_FILE.read_bytes() == shared_file(NEIGHBOURS_FILE).read_bytes()
