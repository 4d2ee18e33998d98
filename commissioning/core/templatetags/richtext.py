"""Render the framework library's plain text: blank lines separate paragraphs, "- " lines make a list."""

from django import template
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe

register = template.Library()


@register.filter(is_safe=True)
def richtext(value: str) -> str:
    html = []
    for block in str(value or "").strip().split("\n\n"):
        lines = [line.strip() for line in block.strip().splitlines() if line.strip()]
        if not lines:
            continue
        if all(line.startswith("- ") for line in lines):
            items = "".join(f"<li>{conditional_escape(line[2:])}</li>" for line in lines)
            html.append(f'<ul class="govuk-list govuk-list--bullet">{items}</ul>')
        else:
            text = "<br>".join(conditional_escape(line) for line in lines)
            html.append(f'<p class="govuk-body">{text}</p>')
    markup = "".join(html)
    return mark_safe(markup)  # nosec B308, B703 # every line of text went through conditional_escape above; only fixed tags are added
