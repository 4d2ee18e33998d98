from django import template

from commissioning.services.analysis.figures import money as money_text

register = template.Library()


@register.filter
def money(value) -> str:
    """£1,234.50, or “not recorded” for a cost nobody has recorded."""
    return money_text(value)


@register.filter
def percent(value) -> str:
    return "not known" if value is None else f"{value:.1f}%"
