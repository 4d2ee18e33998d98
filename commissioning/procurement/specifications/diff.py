"""Compare two versions of a specification: each section's text word by word, and the performance measures row
by row. The marked-up text says in words what was removed and added, for screen readers as well as the eye."""

import difflib
import re
from dataclasses import dataclass, field

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from commissioning.procurement.specifications.models import SpecificationVersion

_TOKENS = re.compile(r"\s+|[^\s]+")


@dataclass
class SectionDiff:
    ref: str
    heading: str
    changed: bool
    html: SafeString


@dataclass
class KpiDiff:
    added: list = field(default_factory=list)
    removed: list = field(default_factory=list)
    changed: list = field(default_factory=list)

    @property
    def any(self) -> bool:
        return bool(self.added or self.removed or self.changed)


def _marked(kind: str, text: str) -> str:
    words = "removed" if kind == "del" else "added"
    return (
        f'<{kind} class="app-diff__{kind}"><span class="govuk-visually-hidden">[{words}: </span>'
        f'{escape(text)}<span class="govuk-visually-hidden">]</span></{kind}>'
    )


def words_diff(old: str, new: str) -> SafeString:
    """The new text with removed words struck through and added words marked; line breaks kept."""
    before, after = _TOKENS.findall(old or ""), _TOKENS.findall(new or "")
    parts = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, before, after, autojunk=False).get_opcodes():
        if tag == "equal":
            parts.append(escape("".join(after[j1:j2])))
            continue
        if tag in ("delete", "replace"):
            parts.append(_marked("del", "".join(before[i1:i2])))
        if tag in ("insert", "replace"):
            parts.append(_marked("ins", "".join(after[j1:j2])))
    markup = "".join(parts).replace("\n", "<br>")
    return mark_safe(markup)  # nosec B308, B703 # every word went through escape() (here and in _marked) before the fixed tags were added


def _kpi_key(kpi) -> tuple:
    return (kpi.indicator_id, kpi.measure) if kpi.indicator_id is None else (kpi.indicator_id,)


def compare(old: SpecificationVersion, new: SpecificationVersion) -> tuple[list[SectionDiff], KpiDiff]:
    old_sections = {s.ref: s for s in old.sections.all()}
    sections = []
    for section in new.sections.all():
        before = old_sections.get(section.ref)
        old_text = before.text if before else ""
        sections.append(
            SectionDiff(
                ref=section.ref,
                heading=section.heading,
                changed=old_text != section.text,
                html=words_diff(old_text, section.text),
            )
        )
    old_kpis = {_kpi_key(k): k for k in old.kpis.all()}
    new_kpis = {_kpi_key(k): k for k in new.kpis.all()}
    kpis = KpiDiff(
        added=[k for key, k in new_kpis.items() if key not in old_kpis],
        removed=[k for key, k in old_kpis.items() if key not in new_kpis],
    )
    for key, kpi in new_kpis.items():
        before = old_kpis.get(key)
        if before is None:
            continue
        changes = [
            (label, getattr(before, name), getattr(kpi, name))
            for name, label in (("measure", "Measure"), ("target", "Target"), ("source", "Source"))
            if getattr(before, name) != getattr(kpi, name)
        ]
        if before.frequency != kpi.frequency:
            changes.append(("How often", before.get_frequency_display(), kpi.get_frequency_display()))
        if changes:
            kpis.changed.append((kpi, changes))
    return sections, kpis
