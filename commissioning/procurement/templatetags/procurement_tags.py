"""The sections of a procurement's pages, shown as a sub-navigation on each of them."""

from django import template
from django.urls import reverse

register = template.Library()

SECTIONS = [
    ("overview", "Overview", "procurement:detail", None),
    ("project", "Project and risks", "procurement:project", None),
    ("conflicts", "Conflicts", "procurement:conflicts", None),
    ("questions", "Questions and weights", "procurement:questions", None),
    (
        "clarifications",
        "Clarifications",
        "procurement:portal-clarifications",
        "procurement.change_procurement",
    ),
    ("bids", "Bids", "procurement:portal-bids", "procurement.change_procurement"),
    ("evaluation", "Panel, evaluation and award", "procurement:evaluation", "procurement.change_procurement"),
    ("history", "History", "procurement:history", None),
]


@register.inclusion_tag("procurement/tenders/_sections.html", takes_context=True)
def procurement_sections(context, procurement, current):
    user = context["user"]
    links = []
    for key, label, name, permission in SECTIONS:
        if permission and not user.has_perm(permission, procurement):
            continue
        url = reverse(name, args=[procurement.pk])
        links.append({"label": label, "url": url, "current": key == current})
    return {"links": links}


@register.simple_tag
def procurements_of(activity):
    """The activity's procurements and grant rounds, for its page."""
    return list(activity.procurements.active().order_by("-created_at"))
