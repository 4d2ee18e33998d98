"""Reads of the service register, filtered to what the person asking may see."""

from django.db.models import F, Prefetch, Q, QuerySet

from commissioning.frameworks.models import FrameworkItem
from commissioning.needs.areas.selectors import home_area
from commissioning.needs.models import Area, AreaType, Priority
from commissioning.services.models import Service
from commissioning.services.services import ECM_FRAMEWORK

SERVICE_ORDERINGS = {
    "name": ("name", "reference"),
    "-name": ("-name", "-reference"),
    "reference": ("reference",),
    "provider": ("provider__name", "name"),
    "cost": (F("annual_cost").desc(nulls_last=True), "name"),
    "updated": ("-updated_at",),
}
WHOLE_AREA = "whole"
EXPORT_FIELDS = (
    *(
        field.name
        for field in Service._meta.concrete_fields
        if field.name
        not in ("created_at", "updated_at", "archived_by", "archived_reason", "version", "activity")
    ),
    "provider__name",
    "provider__sector",
    "commissioner__name",
)


def export_rows(queryset: QuerySet[Service], *, chunk_size: int = 500):
    """The services of a register list for the downloads, read a chunk at a time so thousands are never all in
    memory, each with `locality_names`, `outcome_refs` and `priority_titles` (in the register's order)."""
    chunk = []
    for service in queryset.only(*EXPORT_FIELDS).prefetch_related(None).iterator(chunk_size=chunk_size):
        chunk.append(service)
        if len(chunk) == chunk_size:
            yield from _with_link_names(chunk)
            chunk = []
    yield from _with_link_names(chunk)


def _with_link_names(services: list[Service]) -> list[Service]:
    ids = [service.pk for service in services]
    names = {
        "locality_names": Service.localities.through.objects.order_by("area__name").values_list(
            "service_id", "area__name"
        ),
        "outcome_refs": Service.outcomes.through.objects.order_by("frameworkitem__sort_key").values_list(
            "service_id", "frameworkitem__ref"
        ),
        "priority_titles": Service.priorities.through.objects.order_by(
            "priority__analysis", "priority__rank"
        ).values_list("service_id", "priority__title"),
    }
    by_service = {pk: {attribute: [] for attribute in names} for pk in ids}
    if ids:
        for attribute, links in names.items():
            for service_id, name in links.filter(service_id__in=ids):
                by_service[service_id][attribute].append(name)
    for service in services:
        for attribute, values in by_service[service.pk].items():
            setattr(service, attribute, values)
    return services


def _with_links(queryset: QuerySet[Service]) -> QuerySet[Service]:
    return queryset.select_related("provider", "commissioner").prefetch_related(
        Prefetch("localities", queryset=Area.objects.order_by("name")),
        Prefetch("outcomes", queryset=FrameworkItem.objects.select_related("framework").order_by("sort_key")),
        Prefetch(
            "priorities", queryset=Priority.objects.select_related("analysis").order_by("analysis", "rank")
        ),
    )


def services_visible_to(user) -> QuerySet[Service]:
    if not user.has_perm("services.view_services"):
        return Service.objects.none()
    return Service.objects.all()


def service_list(
    *,
    user,
    search: str = "",
    status: str = "",
    tier: str = "",
    sector: str = "",
    service_area: str = "",
    target_group: str = "",
    locality: str = "",
    provider_id: int | None = None,
    include_archived: bool = False,
    ordering: str = "name",
) -> QuerySet[Service]:
    queryset = services_visible_to(user)
    if not include_archived:
        queryset = queryset.active()
    if search:
        queryset = queryset.filter(
            Q(name__icontains=search)
            | Q(reference__iexact=search)
            | Q(description__icontains=search)
            | Q(provider__name__icontains=search)
        )
    if status:
        queryset = queryset.filter(status=status)
    if tier:
        queryset = queryset.filter(tier=tier)
    if sector:
        queryset = queryset.filter(provider__sector=sector)
    if service_area:
        queryset = queryset.filter(service_area=service_area)
    if target_group:
        # The list is stored as JSON text: match the quoted code so "sen" never matches another code.
        queryset = queryset.filter(target_groups__icontains=f'"{target_group}"')
    if locality == WHOLE_AREA:
        queryset = queryset.filter(covers_whole_area=True)
    elif locality.isdigit():
        queryset = queryset.filter(Q(localities__pk=int(locality)) | Q(covers_whole_area=True)).distinct()
    if provider_id:
        queryset = queryset.filter(provider_id=provider_id)
    return _with_links(queryset).order_by(*SERVICE_ORDERINGS.get(ordering, SERVICE_ORDERINGS["name"]), "pk")


def service_detail(pk: int) -> Service:
    return _with_links(Service.objects.select_related("activity", "archived_by")).get(pk=pk)


def localities() -> list[Area]:
    """The home area's localities, and any other locality a service serves."""
    home = home_area()
    condition = Q(services__isnull=False)
    if home is not None:
        condition |= Q(parent=home)
    return list(Area.objects.filter(condition, area_type=AreaType.LOCALITY).distinct().order_by("name"))


def ecm_outcomes() -> QuerySet[FrameworkItem]:
    return FrameworkItem.objects.filter(framework__slug=ECM_FRAMEWORK, kind="outcome").order_by("sort_key")


def open_priorities() -> QuerySet[Priority]:
    """The priorities of needs analyses still in use (neither the priority nor its analysis archived)."""
    return (
        Priority.objects.active()
        .filter(analysis__archived_at__isnull=True)
        .select_related("analysis")
        .order_by("analysis__title", "rank", "pk")
    )
