from django import template

from commissioning.procurement.specifications import selectors

register = template.Library()


@register.simple_tag(takes_context=True)
def specifications_of(context, activity):
    """The activity's specifications, for the row on the activity's page; none for people who may not see them."""
    user = context.get("user")
    if user is None or not user.has_perm("specifications.view_specifications"):
        return []
    return selectors.specifications_for_activity(activity)
