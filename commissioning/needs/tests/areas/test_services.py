"""The writes made on the area pages: other names, neighbour sets and the home area."""

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import ValidationError

from commissioning.core.exceptions import ConflictError
from commissioning.core.selectors import history_for
from commissioning.needs.areas.services import alias_add, alias_remove, home_area_set, neighbour_set_save
from commissioning.needs.models import AreaAlias, AreaType, NeedsSettings, NeighbourSet
from commissioning.needs.tests.factories import AreaFactory


def error_of(caught, field):
    return caught.value.message_dict[field][0]


# Other names ----------------------------------------------------------------------------------------------


def test_alias_add_records_the_name_and_its_history(areas, administrator):
    trafford = areas["E08000009"]
    alias = alias_add(actor=administrator, area=trafford, name="  Trafford   Council ", source="ONS")
    assert (alias.name, alias.normalised, alias.source) == ("Trafford Council", "trafford council", "ONS")
    entry = LogEntry.objects.get_for_object(alias).get()
    assert entry.actor == administrator
    assert history_for(trafford)[0].summary == "Other name added: Trafford Council (used by ONS)"


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("", "Enter the other name."),
        ("   ", "Enter the other name."),
        ("...", "Enter a name with letters or numbers."),
        ("TRAFFORD", "“TRAFFORD” already matches the area's own name, Trafford."),
        ("Durham", "“Durham” is already another name for County Durham (E06000047)."),
        ("Stockport", "“Stockport” is the name of another area, Stockport (E08000007)."),
        ("x" * 201, "Ensure this value has at most 200 characters (it has 201)."),
    ],
)
def test_alias_add_refuses(areas, administrator, name, message):
    with pytest.raises(ValidationError) as caught:
        alias_add(actor=administrator, area=areas["E08000009"], name=name)
    assert error_of(caught, "name") == message
    assert not AreaAlias.objects.filter(area=areas["E08000009"]).exists()


def test_alias_add_refuses_a_name_the_area_already_has(areas, administrator):
    with pytest.raises(ValidationError) as caught:
        alias_add(actor=administrator, area=areas["E06000047"], name="durham")
    assert error_of(caught, "name") == "“durham” is already another name for this area."


def test_alias_remove_keeps_it_in_the_history(areas, administrator):
    durham = areas["E06000047"]
    alias = durham.aliases.get(name="Durham")
    alias_pk = alias.pk
    assert alias_remove(actor=administrator, alias=alias) == durham
    assert not durham.aliases.exists()
    assert history_for(durham)[0].summary == "Other name removed: Durham"
    assert LogEntry.objects.filter(
        object_pk=str(alias_pk), action=LogEntry.Action.DELETE, actor=administrator
    ).exists()


# Neighbour sets ---------------------------------------------------------------------------------------------


def test_neighbour_set_save_creates_the_set_closest_first(areas, administrator):
    trafford = areas["E08000009"]
    chosen = [areas["E08000007"], None, areas["E10000015"]]
    neighbour_set = neighbour_set_save(
        actor=administrator, area=trafford, neighbours=chosen, source=" Local "
    )
    assert [(n.rank, n.area.code) for n in neighbour_set.neighbours.order_by("rank")] == [
        (1, "E08000007"),
        (2, "E10000015"),
    ]
    assert (neighbour_set.source, neighbour_set.version) == ("Local", 1)
    assert history_for(neighbour_set)[0].summary == "Neighbours changed: 1. Stockport; 2. Hertfordshire."


def test_neighbour_set_save_replaces_and_bumps_the_version(areas, administrator):
    trafford = areas["E08000009"]
    first = neighbour_set_save(actor=administrator, area=trafford, neighbours=[areas["E08000007"]])
    second = neighbour_set_save(
        actor=administrator,
        area=trafford,
        neighbours=[areas["E10000015"], areas["E08000007"]],
        expected_version=first.version,
    )
    assert second.pk == first.pk
    assert second.version == 2
    assert [n.area.code for n in second.neighbours.order_by("rank")] == ["E10000015", "E08000007"]


def test_neighbour_set_save_without_changes_writes_nothing(areas, administrator):
    trafford = areas["E08000009"]
    first = neighbour_set_save(actor=administrator, area=trafford, neighbours=[areas["E08000007"]])
    again = neighbour_set_save(
        actor=administrator, area=trafford, neighbours=[areas["E08000007"]], expected_version=1
    )
    assert again.version == first.version == 1


def test_neighbour_set_save_refuses_a_stale_version(areas, administrator):
    trafford = areas["E08000009"]
    neighbour_set_save(actor=administrator, area=trafford, neighbours=[areas["E08000007"]])
    neighbour_set_save(
        actor=administrator, area=trafford, neighbours=[areas["E08000006"]], expected_version=1
    )
    with pytest.raises(ConflictError):
        neighbour_set_save(
            actor=administrator, area=trafford, neighbours=[areas["E08000001"]], expected_version=1
        )
    assert [n.area.code for n in NeighbourSet.objects.get(area=trafford).neighbours.all()] == ["E08000006"]


@pytest.mark.parametrize(
    ("codes", "field", "message"),
    [
        (["E08000007", "E08000007"], "neighbour_2", "Stockport is already in place 1."),
        (["E08000009"], "neighbour_1", "Trafford cannot be its own neighbour."),
        (
            ["E12000002"],
            "neighbour_1",
            "North West is not a local authority; choose a children's services authority.",
        ),
        (
            [None, "E10000021"],
            "neighbour_2",
            "Northamptonshire no longer exists; choose a current authority.",
        ),
        ([None, None], "neighbour_1", "Choose at least one statistical neighbour."),
    ],
)
def test_neighbour_set_save_refuses(areas, administrator, codes, field, message):
    neighbours = [areas[code] if code else None for code in codes]
    with pytest.raises(ValidationError) as caught:
        neighbour_set_save(actor=administrator, area=areas["E08000009"], neighbours=neighbours)
    assert error_of(caught, field) == message
    assert not NeighbourSet.objects.exists()


def test_neighbour_set_save_refuses_more_than_ten(areas, administrator):
    eleven = [a for a in areas.values() if a.area_type == AreaType.LOCAL_AUTHORITY and a.is_current][1:12]
    with pytest.raises(ValidationError, match="at most 10"):
        neighbour_set_save(actor=administrator, area=areas["E08000009"], neighbours=eleven)


def test_only_current_authorities_have_neighbours(areas, administrator):
    for code in ("E10000021", "E12000002"):
        with pytest.raises(ValidationError, match="Only current children's services authorities"):
            neighbour_set_save(actor=administrator, area=areas[code], neighbours=[areas["E08000007"]])


# The home area --------------------------------------------------------------------------------------------


def test_home_area_set(areas, administrator):
    settings = home_area_set(actor=administrator, area=areas["E08000009"])
    assert NeedsSettings.objects.get().home_area.code == "E08000009"
    assert history_for(settings)[0].summary == "Home area set to Trafford (E08000009)"
    changed = home_area_set(actor=administrator, area=areas["E08000007"])
    assert changed.pk == settings.pk
    assert NeedsSettings.objects.count() == 1
    assert NeedsSettings.objects.get().home_area.code == "E08000007"


@pytest.mark.parametrize("code", ["E10000021", "E12000002", "E92000001", None])
def test_home_area_set_refuses_anything_but_a_current_authority(areas, administrator, code):
    with pytest.raises(ValidationError) as caught:
        home_area_set(actor=administrator, area=areas[code] if code else None)
    assert "home_area" in caught.value.message_dict
    assert not NeedsSettings.objects.exists()


def test_a_locality_cannot_be_the_home_area(areas, administrator):
    ward = AreaFactory(code="E05015253", name="Old Trafford", area_type=AreaType.LOCALITY, authority_kind="")
    with pytest.raises(ValidationError):
        home_area_set(actor=administrator, area=ward)
