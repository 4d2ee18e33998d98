"""Reads of areas, their other names and statistical neighbours; and the resolver importers use to turn the
codes and names in a file into areas."""

from collections import defaultdict
from collections.abc import Iterable
from datetime import date

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet

from commissioning.needs.areas.names import normalise_name
from commissioning.needs.areas.readers import ONS_CODE, code_description
from commissioning.needs.models import Area, AreaAlias, AreaType, NeedsSettings, Neighbour, NeighbourSet

ORDERINGS = {
    "name": ("name", "code"),
    "code": ("code",),
    "region": ("parent__name", "name", "code"),
    "type": ("area_type", "name", "code"),
}
STATUSES = {"current": "Current", "former": "Former"}


def area_list(
    *, search: str = "", area_type: str = "", region: str = "", status: str = "", ordering: str = "name"
) -> QuerySet[Area]:
    """Areas matching a search of name, other names, ONS code and DfE code, with filters; each with its
    parent and other names loaded."""
    queryset = Area.objects.select_related("parent").prefetch_related(
        Prefetch("aliases", queryset=AreaAlias.objects.order_by("name"))
    )
    search = search.strip()
    if search:
        queryset = queryset.filter(_search(search))
    if area_type in AreaType.values:
        queryset = queryset.filter(area_type=area_type)
    if region:
        queryset = queryset.filter(parent__code=region)
    if status == "current":
        queryset = queryset.filter(end_date__isnull=True)
    elif status == "former":
        queryset = queryset.filter(end_date__isnull=False)
    return queryset.order_by(*ORDERINGS.get(ordering, ORDERINGS["name"]))


def _search(search: str) -> Q:
    """Names and other names containing the words however they are written ("City of Bristol" finds
    "Bristol, City of"), the ONS code, or the DfE code."""
    normalised = normalise_name(search)
    condition = Q(name__icontains=search) | Q(code__iexact=search) | Q(old_la_code=search)
    if normalised:
        names = Area.objects.values_list("pk", "name")
        condition |= Q(pk__in=[pk for pk, name in names if normalised in normalise_name(name)])
        condition |= Exists(AreaAlias.objects.filter(area=OuterRef("pk"), normalised__contains=normalised))
    return condition


def regions() -> QuerySet[Area]:
    return Area.objects.filter(area_type=AreaType.REGION).order_by("name")


def current_authorities() -> QuerySet[Area]:
    """The children's services authorities that exist today, which may have statistical neighbours."""
    return Area.objects.filter(area_type=AreaType.LOCAL_AUTHORITY, end_date__isnull=True).order_by("name")


def area_detail(code: str) -> Area:
    return (
        Area.objects.select_related("parent")
        .prefetch_related(
            Prefetch("aliases", queryset=AreaAlias.objects.order_by("name")),
            Prefetch("successors", queryset=Area.objects.order_by("name")),
            Prefetch("predecessors", queryset=Area.objects.order_by("name")),
            Prefetch("children", queryset=Area.objects.order_by("name")),
        )
        .get(code=code)
    )


def neighbour_set_of(area: Area) -> NeighbourSet | None:
    """The area's statistical neighbours, closest first, or None when it has no set."""
    return (
        NeighbourSet.objects.filter(area=area)
        .prefetch_related(
            Prefetch("neighbours", queryset=Neighbour.objects.select_related("area").order_by("rank"))
        )
        .first()
    )


def listed_as_neighbour_by(area: Area) -> list[Neighbour]:
    """The authorities that count this area among their statistical neighbours, with its rank in each."""
    return list(
        Neighbour.objects.filter(area=area)
        .select_related("neighbour_set__area")
        .order_by("neighbour_set__area__name")
    )


def neighbour_areas(area: Area) -> list[Area]:
    """The area's statistical neighbours, closest first (empty when it has none)."""
    return [
        neighbour.area
        for neighbour in Neighbour.objects.filter(neighbour_set__area=area)
        .select_related("area")
        .order_by("rank")
    ]


def needs_settings() -> NeedsSettings:
    settings = NeedsSettings.objects.select_related("home_area").order_by("pk").first()
    return settings or NeedsSettings()


def home_area() -> Area | None:
    """The partnership's own children's services authority, once an administrator has set it."""
    return needs_settings().home_area


class AreaResolutionError(ValueError):
    """A code or name in a file that does not lead to exactly one area. str() is a sentence for the user."""


class AreaNotFound(AreaResolutionError):
    pass


class AmbiguousArea(AreaResolutionError):
    def __init__(self, message: str, candidates: list[Area]):
        super().__init__(message)
        self.candidates = candidates


def _label(area: Area) -> str:
    return f"{area.name} ({area.code})"


def _day(value: date) -> str:
    return f"{value.day} {value:%B %Y}"


def _valid_on(area: Area, on: date) -> bool:
    return (area.start_date is None or area.start_date <= on) and (
        area.end_date is None or on < area.end_date
    )


class AreaResolver:
    """Turns the codes and names in an import file into areas, without a query per row.

    Build it once per import, then look rows up in memory::

        resolver = AreaResolver.build()                         # three queries
        resolver.by_code("E08000009")                           # Trafford, by ONS code
        resolver.by_dfe_code("825", on=date(2024, 3, 31))       # Buckinghamshire (E06000060) in 2024
        resolver.by_name("Bristol, City of")                    # by name or alias
        resolver.resolve(code=row["new_la_code"], dfe_code=row["old_la_code"], name=row["la_name"])

    Every method returns an `Area` or raises `AreaResolutionError` (`AreaNotFound` or `AmbiguousArea`), whose
    str() is a sentence naming the code or name that failed; `find()` returns None instead of raising.

    - `build(area_types=None, current_only=False)`: which areas take part, e.g.
      `area_types=[AreaType.COUNTRY, AreaType.REGION, AreaType.LOCAL_AUTHORITY]` to leave out localities.
    - `on`: the date the data is about (for a financial or academic year, its last day, e.g. 31 March).
      DfE reused some three-digit codes after reorganisations (825 is Buckinghamshire county before
      1 April 2020 and the unitary council after), and former and current authorities can share a name
      (Dorset, Somerset, North Yorkshire): `on` chooses the area that existed then. Without it, a current area
      is preferred to a former one.
    - `follow_successors=True`: a former area is replaced by the area that took over from it, when there is
      exactly one (Dorset county, E10000009, gives the unitary Dorset, E06000059); when the area was
      split (Northamptonshire, Cumbria), AreaResolutionError explains why. With `on` before the area ended,
      the former area is returned as it was.
    - Names are compared with `normalise_name` (case, punctuation, "&" and "and", "St." and "St", "Bristol, City
      of" and "City of Bristol"), against each area's name and its aliases.
    - `resolve(code=, dfe_code=, name=)` uses the first of them that is given (not blank), in that order.
    """

    def __init__(
        self, areas: Iterable[Area], aliases: Iterable[tuple[str, int]], successors: dict[int, list[int]]
    ):
        self._by_id: dict[int, Area] = {area.pk: area for area in areas}
        self._by_code: dict[str, Area] = {area.code: area for area in self._by_id.values()}
        self._by_dfe: dict[str, list[Area]] = defaultdict(list)
        self._by_name: dict[str, list[Area]] = defaultdict(list)
        for area in self._by_id.values():
            if area.old_la_code:
                self._by_dfe[area.old_la_code].append(area)
            self._by_name[normalise_name(area.name)].append(area)
        for normalised, area_id in aliases:
            area = self._by_id.get(area_id)
            if area is not None and area not in self._by_name[normalised]:
                self._by_name[normalised].append(area)
        self._successors = {
            area_id: sorted((self._by_id[s] for s in ids if s in self._by_id), key=lambda a: (a.name, a.code))
            for area_id, ids in successors.items()
        }

    @classmethod
    def build(cls, *, area_types: Iterable[str] | None = None, current_only: bool = False) -> "AreaResolver":
        areas = Area.objects.all()
        if area_types is not None:
            areas = areas.filter(area_type__in=list(area_types))
        if current_only:
            areas = areas.filter(end_date__isnull=True)
        areas = list(
            areas.only(
                "pk", "code", "name", "area_type", "old_la_code", "start_date", "end_date", "parent_id"
            )
        )
        aliases = AreaAlias.objects.values_list("normalised", "area_id")
        successors: dict[int, list[int]] = defaultdict(list)
        through = Area.successors.through.objects.values_list("from_area_id", "to_area_id")
        for from_id, to_id in through:
            successors[from_id].append(to_id)
        return cls(areas, aliases, successors)

    def __len__(self) -> int:
        return len(self._by_id)

    def by_code(self, code: str, *, on: date | None = None, follow_successors: bool = False) -> Area:
        code = (code or "").strip().upper()
        area = self._by_code.get(code)
        if area is None:
            raise AreaNotFound(self._unknown_code(code))
        return self._follow(area, on) if follow_successors else area

    def by_dfe_code(self, dfe_code: str, *, on: date | None = None, follow_successors: bool = False) -> Area:
        dfe_code = (dfe_code or "").strip()
        candidates = self._by_dfe.get(dfe_code, [])
        if not candidates:
            raise AreaNotFound(f"No area has the DfE code “{dfe_code}”.")
        area = self._choose(candidates, on, f"the DfE code “{dfe_code}”")
        return self._follow(area, on) if follow_successors else area

    def by_name(self, name: str, *, on: date | None = None, follow_successors: bool = False) -> Area:
        candidates = self._by_name.get(normalise_name(name), [])
        if not candidates:
            raise AreaNotFound(f"“{name}” is not the name of a known area or one of their other names.")
        area = self._choose(candidates, on, f"the name “{name}”")
        return self._follow(area, on) if follow_successors else area

    def resolve(
        self,
        *,
        code: str = "",
        dfe_code: str = "",
        name: str = "",
        on: date | None = None,
        follow_successors: bool = False,
    ) -> Area:
        if code and code.strip():
            return self.by_code(code, on=on, follow_successors=follow_successors)
        if dfe_code and dfe_code.strip():
            return self.by_dfe_code(dfe_code, on=on, follow_successors=follow_successors)
        if name and name.strip():
            return self.by_name(name, on=on, follow_successors=follow_successors)
        raise AreaNotFound("The row has no area code or name.")

    def find(self, **kwargs) -> Area | None:
        try:
            return self.resolve(**kwargs)
        except AreaResolutionError:
            return None

    def successors_of(self, area: Area) -> list[Area]:
        return list(self._successors.get(area.pk, []))

    def _choose(self, candidates: list[Area], on: date | None, what: str) -> Area:
        if len(candidates) == 1:
            return candidates[0]
        narrowed = (
            [a for a in candidates if _valid_on(a, on)] if on else [a for a in candidates if a.is_current]
        )
        if len(narrowed) == 1:
            return narrowed[0]
        options = narrowed or candidates
        when = f" on {_day(on)}" if on else ""
        raise AmbiguousArea(
            f"{what[0].upper()}{what[1:]} matches more than one area{when}: "
            f"{', '.join(_label(a) for a in sorted(options, key=lambda a: a.code))}.",
            options,
        )

    def _follow(self, area: Area, on: date | None) -> Area:
        seen = set()
        while area.end_date is not None and (on is None or on >= area.end_date) and area.pk not in seen:
            seen.add(area.pk)
            successors = self._successors.get(area.pk, [])
            if len(successors) != 1:
                if not successors:
                    raise AreaNotFound(f"{_label(area)} ended on {_day(area.end_date)} and has no successor.")
                raise AreaResolutionError(
                    f"{_label(area)} was replaced on {_day(area.end_date)} by "
                    f"{' and '.join(_label(s) for s in successors)}; its data belongs to none of them alone."
                )
            area = successors[0]
        return area

    @staticmethod
    def _unknown_code(code: str) -> str:
        if not ONS_CODE.match(code):
            return f"“{code}” is not an ONS code (a letter and eight digits, like E06000001)."
        if code[:3] in ("E05", "E07"):
            return (
                f"{code} is {code_description(code)} code, and it is not loaded. Only England, the regions and "
                "children's services authorities are loaded with the product; add the districts or wards of "
                "an authority as its localities with `manage.py import_areas FILE --localities-of CODE`."
            )
        return f"No area has the code {code}."
