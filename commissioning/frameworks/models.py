"""The framework library: the source documents' frameworks, standards, checklists and rules as data."""

import re

from django.conf import settings
from django.db import models
from django.urls import reverse

from commissioning.core.models import TimeStampedModel, VersionedModel
from commissioning.frameworks.schema import FRAMEWORK_KINDS

FRAMEWORK_KIND_CHOICES = list(FRAMEWORK_KINDS.items())
_SOURCE_NUMBER = re.compile(r"(?:NI )?\d+(?:\.\d+)*")


class Framework(TimeStampedModel):
    slug = models.SlugField(max_length=100, unique=True)
    title = models.CharField(max_length=255)
    kind = models.CharField(max_length=40, choices=FRAMEWORK_KIND_CHOICES)
    summary = models.TextField(help_text="What the framework is, in one or two sentences.")
    council = models.CharField(max_length=200, help_text="The council whose document it comes from.")
    source_organisation = models.CharField(max_length=255, blank=True)
    source_document = models.CharField(max_length=500, help_text="The title of the source document.")
    source_year = models.PositiveSmallIntegerField(help_text="The year of the source document.")
    source_file = models.CharField(max_length=100, help_text="The source document's file in the seeds.")
    introduction = models.TextField(blank=True, help_text="The source document's preamble, verbatim.")
    source_notes = models.TextField(blank=True, help_text="Gaps or breaks in the source document.")
    position = models.PositiveIntegerField(default=0)
    content_hash = models.CharField(max_length=64, help_text="Hash of the file last loaded.")

    class Meta:
        ordering = ["position", "title"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("frameworks:detail", kwargs={"slug": self.slug})

    @property
    def citation(self) -> str:
        return f"{self.council} ({self.source_year}), {self.source_document}"


class FrameworkItem(TimeStampedModel, VersionedModel):
    """One numbered or coded element of a framework: a step, question, standard, criterion, term…"""

    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="items")
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="children"
    )
    ref = models.CharField(
        "number or code", max_length=60, help_text="The number or code used in the source."
    )
    kind = models.CharField(
        max_length=40, help_text="What sort of element this is: step, question, criterion…"
    )
    title = models.CharField(max_length=500, blank=True)
    text = models.TextField(blank=True)
    fields = models.JSONField(
        default=list, blank=True, help_text="Labelled columns from the source: a list of {label, value}."
    )
    sources = models.JSONField(
        default=list, blank=True, help_text="Sources, where merged from several documents."
    )
    missing_from_source = models.BooleanField(
        default=False,
        help_text="The element exists in the framework but its text is missing from the source.",
    )
    depth = models.PositiveSmallIntegerField(default=0)
    sort_key = models.CharField(max_length=200, db_index=True, help_text="Orders items as in the source.")
    search_text = models.TextField(blank=True, help_text="Lower-cased text searched by the library search.")
    local_text = models.TextField(
        "local variation",
        blank=True,
        help_text="How this partnership applies the item where it differs from the source. "
        "The source text is kept as it is.",
    )
    local_note = models.TextField("reason for the local variation", blank=True)
    local_amended_at = models.DateTimeField(null=True, blank=True)
    local_amended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["framework", "sort_key"]
        constraints = [models.UniqueConstraint(fields=["framework", "ref"], name="framework_item_unique_ref")]

    def __str__(self) -> str:
        return f"{self.ref} {self.heading}"

    @property
    def heading(self) -> str:
        if self.title:
            return self.title
        if self.missing_from_source:
            return "Missing from the source document"
        first_line = self.text.split("\n", 1)[0]
        return first_line if len(first_line) <= 120 else first_line[:117].rsplit(" ", 1)[0] + "…"

    @property
    def page_heading(self) -> str:
        """The item page's heading: its title, else its kind and number (\"Criterion 4.6\")."""
        if self.title:
            return self.title
        if self.display_ref:
            return f"{self.kind_label} {self.display_ref}"
        return self.heading

    @property
    def tree_heading(self) -> str:
        """A short heading for the framework's tree: the title, else the kind and number; the text follows it."""
        if self.title:
            return self.title
        if self.missing_from_source:
            return "Missing from the source document"
        return f"{self.kind_label} {self.display_ref}".strip()

    @property
    def display_ref(self) -> str:
        """The number as the source printed it (4.6, NI 19); codes the product made up are not shown."""
        return self.ref if _SOURCE_NUMBER.fullmatch(self.ref) else ""

    @property
    def field_rows(self) -> list[dict]:
        return [
            {"label": entry["label"], "value": entry["value"], "is_list": isinstance(entry["value"], list)}
            for entry in self.fields
        ]

    @property
    def kind_label(self) -> str:
        return self.kind.replace("_", " ").capitalize()

    def get_absolute_url(self) -> str:
        return reverse("frameworks:item", kwargs={"slug": self.framework.slug, "ref": self.ref})

    @property
    def citation(self) -> str:
        if self.sources:
            return "; ".join(f"{s['council']} ({s['year']})" for s in self.sources)
        return self.framework.citation
