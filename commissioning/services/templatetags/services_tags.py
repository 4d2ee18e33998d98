from django import template
from django.urls import reverse
from django.utils.html import format_html_join
from django.utils.safestring import mark_safe

from commissioning.services.analysis.figures import money as money_text

register = template.Library()


@register.filter
def money(value) -> str:
    """£1,234.50, or “not recorded” for a cost nobody has recorded."""
    return money_text(value)


@register.filter
def percent(value) -> str:
    return "not known" if value is None else f"{value:.1f}%"


ADDRESSED_CELL = (
    '<td class="govuk-table__cell"><span aria-hidden="true">●</span>'
    '<span class="govuk-visually-hidden">Addresses it</span></td>'
)
EMPTY_CELL = '<td class="govuk-table__cell"></td>'


@register.simple_tag
def matrix_cells(cells) -> str:
    """A row of the services × priorities matrix in one pass: ● where the service addresses the column."""
    row = "".join(ADDRESSED_CELL if addressed else EMPTY_CELL for addressed in cells)
    return mark_safe(row)  # nosec B308, B703 # only the two constant cells above, no data


@register.simple_tag
def service_links(services) -> str:
    """Links to services given as (pk, name), one a line."""
    return format_html_join(
        mark_safe("<br>"),  # nosec B308 # a constant line break
        '<a class="govuk-link" href="{}">{}</a>',
        ((reverse("services:detail", args=[pk]), name) for pk, name in services),
    )
