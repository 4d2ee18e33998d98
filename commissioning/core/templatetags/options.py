"""`{% select_options choices selected %}`: a select's options built in one pass, for filters whose lists run to
thousands (every provider of a regional partnership) where a template loop would cost more than the page."""

from django import template
from django.utils.html import format_html_join

register = template.Library()


@register.simple_tag
def select_options(choices, selected) -> str:
    """`choices` as (value, label) pairs; the option whose value equals `selected` (compared as text) is selected."""
    chosen = "" if selected in (None, "") else str(selected)
    return format_html_join(
        "",
        '<option value="{}"{}>{}</option>',
        ((value, " selected" if str(value) == chosen else "", label) for value, label in choices),
    )
