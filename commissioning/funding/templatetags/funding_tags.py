"""Template helpers for funding, and blocks other apps' pages may include without importing this app."""

from django import template

from commissioning.funding import selectors
from commissioning.funding.models import year_label
from commissioning.funding.services import money as money_text

register = template.Library()


@register.filter
def money(value) -> str:
    return money_text(value)


@register.filter
def financial_year(value) -> str:
    return year_label(value)


@register.inclusion_tag("funding/_service_funding.html", takes_context=True)
def service_funding(context, service):
    """The funding streams paying for a service: `{% load funding_tags %}{% service_funding service %}`."""
    user = context["user"]
    visible = user.has_perm("funding.view_funding")
    return {"links": selectors.streams_for_service(service) if visible else [], "visible": visible}


@register.inclusion_tag("funding/_activity_plans.html", takes_context=True)
def activity_plans(context, activity):
    """The workforce and market development plans of an activity, for its step 8 page."""
    user = context["user"]
    visible = user.has_perm("funding.view_funding")
    return {
        "plans": selectors.plans_for_activity(activity) if visible else [],
        "visible": visible,
        "activity": activity,
        "can_add": user.has_perm("funding.change_plans"),
    }
