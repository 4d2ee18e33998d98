"""Writes for areas made on the pages: other names (aliases), statistical neighbour sets and the home area.
Imports of whole files are in importers.py."""

from django.core.exceptions import ValidationError
from django.db import transaction

from commissioning.core.audit import acting_as
from commissioning.core.models import TimelineEvent
from commissioning.core.services import timeline_record, version_check
from commissioning.needs.areas.names import normalise_name
from commissioning.needs.areas.readers import MAX_NEIGHBOURS
from commissioning.needs.models import Area, AreaAlias, AreaType, NeedsSettings, Neighbour, NeighbourSet


def area_label(area: Area) -> str:
    return f"{area.name} ({area.code})"


# Statistical neighbours ------------------------------------------------------------------------------------


def ranked_neighbour_ids(neighbour_set: NeighbourSet | None) -> list[int]:
    if neighbour_set is None:
        return []
    return [n.area_id for n in sorted(neighbour_set.neighbours.all(), key=lambda n: n.rank)]


def neighbour_set_replace(
    neighbour_set: NeighbourSet | None, *, area: Area, neighbours: list[Area], source: str, actor, how: str
) -> NeighbourSet:
    """Store an authority's neighbours, closest first, replacing any it had: the version goes up and the
    history records the new list. Callers check the list and hold the transaction."""
    with acting_as(actor):
        if neighbour_set is None:
            neighbour_set = NeighbourSet.objects.create(area=area, source=source)
        else:
            neighbour_set.neighbours.all().delete()
            neighbour_set.source = source
            neighbour_set.version += 1
            neighbour_set.save()
        Neighbour.objects.bulk_create(
            [
                Neighbour(neighbour_set=neighbour_set, area=neighbour, rank=rank)
                for rank, neighbour in enumerate(neighbours, start=1)
            ]
        )
    listed = "; ".join(f"{rank}. {n.name}" for rank, n in enumerate(neighbours, start=1))
    timeline_record(
        instance=neighbour_set, actor=actor, verb=TimelineEvent.Verb.NOTE, summary=f"{how}: {listed}."
    )
    return neighbour_set


def _neighbour_problem(area: Area, neighbour: Area, places: dict[int, int]) -> str:
    if neighbour.area_type != AreaType.LOCAL_AUTHORITY:
        return f"{neighbour.name} is not a local authority; choose a children's services authority."
    if not neighbour.is_current:
        return f"{neighbour.name} no longer exists; choose a current authority."
    if neighbour.pk == area.pk:
        return f"{area.name} cannot be its own neighbour."
    if neighbour.pk in places:
        return f"{neighbour.name} is already in place {places[neighbour.pk]}."
    return ""


def _checked_neighbours(area: Area, neighbours: list[Area | None]) -> list[Area]:
    if len(neighbours) > MAX_NEIGHBOURS:
        raise ValidationError(f"An authority can have at most {MAX_NEIGHBOURS} statistical neighbours.")
    errors: dict[str, str] = {}
    chosen: list[Area] = []
    places: dict[int, int] = {}
    for place, neighbour in enumerate(neighbours, start=1):
        if neighbour is None:
            continue
        problem = _neighbour_problem(area, neighbour, places)
        if problem:
            errors[f"neighbour_{place}"] = problem
        else:
            places[neighbour.pk] = place
            chosen.append(neighbour)
    if not chosen and not errors:
        errors["neighbour_1"] = "Choose at least one statistical neighbour."
    if errors:
        raise ValidationError(errors)
    return chosen


@transaction.atomic
def neighbour_set_save(
    *,
    actor,
    area: Area,
    neighbours: list[Area | None],
    source: str = "",
    expected_version: int | None = None,
) -> NeighbourSet:
    """Set an authority's statistical neighbours, closest first. `neighbours` holds the form's places in
    order, None for a place left empty (the others close up); errors are keyed `neighbour_<place>`. No
    duplicates, not the authority itself, current children's services authorities only."""
    if area.area_type != AreaType.LOCAL_AUTHORITY or not area.is_current:
        raise ValidationError("Only current children's services authorities have statistical neighbours.")
    neighbour_set = NeighbourSet.objects.select_for_update().filter(area=area).first()
    if neighbour_set is not None:
        version_check(instance=neighbour_set, expected_version=expected_version)
    chosen = _checked_neighbours(area, neighbours)
    source = source.strip()[:255]
    unchanged = ranked_neighbour_ids(neighbour_set) == [n.pk for n in chosen]
    if neighbour_set is not None and unchanged and neighbour_set.source == source:
        return neighbour_set
    return neighbour_set_replace(
        neighbour_set, area=area, neighbours=chosen, source=source, actor=actor, how="Neighbours changed"
    )


# Other names and the home area --------------------------------------------------------------------------


@transaction.atomic
def alias_add(*, actor, area: Area, name: str, source: str = "") -> AreaAlias:
    """Record another name for an area, so that files using it import. The name must not already lead to
    another area, by its name or one of its other names."""
    name = " ".join((name or "").split())
    source = " ".join((source or "").split())
    if not name:
        raise ValidationError({"name": "Enter the other name."})
    normalised = normalise_name(name)
    if not normalised:
        raise ValidationError({"name": "Enter a name with letters or numbers."})
    if normalised == normalise_name(area.name):
        raise ValidationError({"name": f"“{name}” already matches the area's own name, {area.name}."})
    taken = AreaAlias.objects.filter(normalised=normalised).select_related("area").first()
    if taken is not None:
        owner = "this area" if taken.area_id == area.pk else area_label(taken.area)
        raise ValidationError({"name": f"“{name}” is already another name for {owner}."})
    others = Area.objects.exclude(pk=area.pk).exclude(area_type=AreaType.LOCALITY).only("name", "code")
    clash = next((other for other in others if normalise_name(other.name) == normalised), None)
    if clash is not None:
        raise ValidationError({"name": f"“{name}” is the name of another area, {area_label(clash)}."})
    alias = AreaAlias(area=area, name=name, normalised=normalised, source=source)
    alias.full_clean(validate_unique=False)
    with acting_as(actor):
        alias.save()
    summary = f"Other name added: {name}" + (f" (used by {source})" if source else "")
    timeline_record(instance=area, actor=actor, verb=TimelineEvent.Verb.NOTE, summary=summary)
    return alias


@transaction.atomic
def alias_remove(*, actor, alias: AreaAlias) -> Area:
    """Stop matching another name to its area. The removal stays in the area's history."""
    area = alias.area
    name = alias.name
    with acting_as(actor):
        alias.delete()
    timeline_record(
        instance=area, actor=actor, verb=TimelineEvent.Verb.NOTE, summary=f"Other name removed: {name}"
    )
    return area


@transaction.atomic
def home_area_set(*, actor, area: Area | None) -> NeedsSettings:
    """Set the partnership's own children's services authority, the one the needs assessment is about."""
    if area is None:
        raise ValidationError({"home_area": "Choose the partnership's local authority."})
    if area.area_type != AreaType.LOCAL_AUTHORITY or not area.is_current:
        raise ValidationError({"home_area": "Choose a current children's services authority."})
    settings = NeedsSettings.objects.select_for_update().order_by("pk").first() or NeedsSettings()
    if settings.home_area_id == area.pk:
        return settings
    settings.home_area = area
    with acting_as(actor):
        settings.save()
    timeline_record(
        instance=settings,
        actor=actor,
        verb=TimelineEvent.Verb.NOTE,
        summary=f"Home area set to {area_label(area)}",
    )
    return settings
