"""A select's options built in one pass, for filters whose lists run to thousands (every provider of a regional
partnership) where a template loop would cost more than the page; and kept rendered in the table cache."""

from collections.abc import Callable, Iterable
from html import escape

from django.utils.safestring import SafeString, mark_safe

from commissioning.core.table_cache import remember


def select_options(choices: Iterable[tuple], selected) -> SafeString:
    """`choices` as (value, label) pairs; the option whose value equals `selected` (compared as text) is selected.

    Values and labels are escaped with the standard library's html.escape, as Django's escape does, but without
    its lazy-string and safe-string handling per call: at 1,500 options that handling was most of the page."""
    chosen = _text(selected)
    parts = []
    for value, label in choices:
        text = str(value)
        parts.append(
            f'<option value="{escape(text)}"{" selected" if text == chosen else ""}>{escape(str(label))}</option>'
        )
    return mark_safe("".join(parts))  # nosec B308 B703 # every value and label is escaped above


def remembered_options(name: str, choices: Callable[[], Iterable[tuple]], selected) -> SafeString:
    """`select_options(choices(), selected)`, kept in the table cache under `name` and the value selected until a
    table the choices were read from is written. `choices` must not depend on the person: 1,500 providers took
    3 ms a view to render."""
    return remember(f"options|{name}|{_text(selected)}", lambda: select_options(choices(), selected))


def _text(selected) -> str:
    return "" if selected in (None, "") else str(selected)
