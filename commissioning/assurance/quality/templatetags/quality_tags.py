from django import template
from django.utils.safestring import mark_safe

register = template.Library()

_TAGS = {
    "verified": ("green", "Verified"),
    "awaiting": ("blue", "Awaiting verification"),
    "rejected": ("red", "Rejected"),
    "expired": ("orange", "Expired"),
}
# Constant markup, built once: the register shows a status in each of its 50 rows.
_HTML = {
    status: mark_safe(f'<strong class="govuk-tag govuk-tag--{colour}">{label}</strong>')  # nosec B308 B703
    for status, (colour, label) in _TAGS.items()
}
_NOT_PROVIDED = mark_safe('<strong class="govuk-tag govuk-tag--grey">Not provided</strong>')  # nosec B308 B703


@register.simple_tag
def status_tag(status: str):
    """A check's status as a GOV.UK tag; anything else reads as "Not provided"."""
    return _HTML.get(status, _NOT_PROVIDED)
