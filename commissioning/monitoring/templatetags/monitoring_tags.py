from django import template
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.text import capfirst

from commissioning.monitoring.rag import Rag

register = template.Library()

NONE_YET = mark_safe('<span class="govuk-hint govuk-!-margin-0">None yet</span>')  # nosec B308 # constant markup


@register.simple_tag
def rag_tag(rag: Rag | None):
    """A rating as a GOV.UK tag, or "None yet". A tag rather than an included template: the trend table shows one in
    every cell."""
    if not rag:
        return NONE_YET
    return format_html('<strong class="govuk-tag {}">{}</strong>', rag.tag_class, capfirst(rag.value))
