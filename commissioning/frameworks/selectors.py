"""Reads of the framework library."""

from django.db.models import Count, Prefetch, Q, QuerySet

from commissioning.core.table_cache import remember
from commissioning.frameworks.models import Framework, FrameworkItem


def framework_list(*, kind: str = "", council: str = "") -> QuerySet[Framework]:
    queryset = Framework.objects.annotate(item_count=Count("items"))
    if kind:
        queryset = queryset.filter(kind=kind)
    if council:
        queryset = queryset.filter(council=council)
    return queryset.order_by("position", "title")


def library_summary() -> dict:
    """How many frameworks and items the library holds, and whose: kept in the table cache until it changes."""
    return remember("frameworks.library_summary", _library_summary)


def _library_summary() -> dict:
    return {
        "frameworks": Framework.objects.count(),
        "items": FrameworkItem.objects.count(),
        "councils": sorted(set(Framework.objects.values_list("council", flat=True))),
    }


def framework_councils() -> list[str]:
    return sorted(set(Framework.objects.values_list("council", flat=True)))


def framework_items(framework: Framework) -> list[FrameworkItem]:
    """All items of a framework in source order, for rendering as a tree."""
    return list(
        FrameworkItem.objects.filter(framework=framework).select_related("framework").order_by("sort_key")
    )


def item_tree(items: list[FrameworkItem]) -> list[dict]:
    """Nest a source-ordered list of items: [{item, children: [...]}, ...]."""
    nodes = {item.pk: {"item": item, "children": []} for item in items}
    roots = []
    for item in items:
        node = nodes[item.pk]
        parent = nodes.get(item.parent_id)
        (parent["children"] if parent else roots).append(node)
    return roots


def item_detail(framework: Framework, ref: str) -> FrameworkItem:
    return (
        FrameworkItem.objects.select_related("framework", "parent")
        .prefetch_related(Prefetch("children", queryset=FrameworkItem.objects.order_by("sort_key")))
        .get(framework=framework, ref=ref)
    )


def item_ancestors(item: FrameworkItem) -> list[FrameworkItem]:
    ancestors = []
    current = item.parent
    while current is not None:
        ancestors.append(current)
        current = current.parent
    return list(reversed(ancestors))


def item_search(
    *, query: str, framework_slug: str = "", kind: str = "", council: str = ""
) -> QuerySet[FrameworkItem]:
    """Items containing every word of the query, in their number, title, text or fields."""
    queryset = FrameworkItem.objects.select_related("framework")
    words = [word.lower() for word in query.split() if word.strip()]
    for word in words[:10]:
        queryset = queryset.filter(search_text__contains=word)
    if framework_slug:
        queryset = queryset.filter(framework__slug=framework_slug)
    if kind:
        queryset = queryset.filter(kind=kind)
    if council:
        queryset = queryset.filter(Q(framework__council=council) | Q(sources__icontains=council))
    return queryset.order_by("framework__position", "sort_key")


def item_kinds() -> list[str]:
    return sorted(set(FrameworkItem.objects.values_list("kind", flat=True).distinct()))


def cycle_overview(tree: list[dict]) -> list[dict]:
    """The quadrants of a cycle framework with their months and steps, for the four-quadrant picture."""
    quadrants = []
    for node in tree:
        item = node["item"]
        if item.kind != "quadrant":
            continue
        months = next((entry["value"] for entry in item.fields if entry["label"] == "Months"), "")
        quadrants.append(
            {
                "item": item,
                "months": "; ".join(months) if isinstance(months, list) else months,
                "steps": [child["item"] for child in node["children"] if child["item"].kind == "step"],
            }
        )
    return quadrants


def matrix_table(items: list[FrameworkItem]) -> dict | None:
    """A matrix framework as a table: approaches across, dimensions down, each cell's text in place."""
    approaches = [item for item in items if item.kind == "approach"]
    dimensions = [item for item in items if item.kind == "dimension"]
    cells = {}
    for item in items:
        if item.kind == "cell":
            fields = {entry["label"]: entry["value"] for entry in item.fields}
            cells[(fields.get("Dimension"), fields.get("Approach"))] = item
    if not approaches or not dimensions:
        return None
    return {
        "approaches": approaches,
        "rows": [
            {"dimension": dimension, "cells": [cells.get((dimension.title, a.title)) for a in approaches]}
            for dimension in dimensions
        ],
    }
