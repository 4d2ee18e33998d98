"""Needs analyses and the priorities they lead to, with a Results-Based Accountability report card."""

from django.conf import settings
from django.db import models
from django.urls import reverse

from commissioning.core.models import ArchivableModel, ArchivableQuerySet, TimeStampedModel, VersionedModel


class EvidenceSource(models.TextChoices):
    """The evidence a needs analysis should draw on (Gateshead handbook, Activity One; Staffordshire 1–3)."""

    JSNA = "jsna", "Joint strategic needs assessment"
    CYPP = "cypp", "Children and Young People's Plan"
    NATIONAL_INDICATORS = "national_indicators", "National indicators and local data"
    INSPECTIONS = "inspections", "Inspection findings"
    USER_VIEWS = "user_views", "Views of children, young people and families"
    STAFF_VIEWS = "staff_views", "Views of professionals and practitioners"
    GUIDANCE = "guidance", "National guidance, research and best practice"


class AnalysisStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    FINAL = "final", "Final"


class NeedsAnalysis(TimeStampedModel, ArchivableModel, VersionedModel):
    title = models.CharField(max_length=255)
    topic = models.CharField(max_length=255, help_text="The need or service area analysed.")
    activity = models.ForeignKey(
        "cycle.CommissioningActivity",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="needs_analyses",
        help_text="The commissioning activity it informs, if any.",
    )
    area = models.ForeignKey("needs.Area", on_delete=models.PROTECT, related_name="+")
    sources = models.JSONField(
        default=dict,
        blank=True,
        help_text="For each evidence source used: what was used (source code → note).",
    )
    indicators = models.ManyToManyField("needs.Indicator", blank=True, related_name="analyses")
    findings = models.TextField(blank=True)
    vulnerable_groups = models.TextField(blank=True, help_text="Groups of children with greater needs.")
    unmet_needs = models.TextField(blank=True, help_text="Needs not met now, and gaps in services.")
    forecast_indicator = models.ForeignKey(
        "needs.Indicator",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="The indicator to project forward from its trend.",
    )
    forecast_years = models.PositiveSmallIntegerField(default=3)
    status = models.CharField(max_length=10, choices=AnalysisStatus.choices, default=AnalysisStatus.DRAFT)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    objects = ArchivableQuerySet.as_manager()

    class Meta:
        ordering = ["-updated_at"]
        verbose_name_plural = "needs analyses"

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("needs:analysis", args=[self.pk])


class Priority(TimeStampedModel, ArchivableModel, VersionedModel):
    """A priority from a needs analysis, ranked, with the evidence behind it and its report card."""

    analysis = models.ForeignKey(NeedsAnalysis, on_delete=models.PROTECT, related_name="priorities")
    rank = models.PositiveSmallIntegerField(default=1)
    title = models.CharField(max_length=255)
    evidence = models.TextField(help_text="Why this is a priority: the evidence behind it.")
    outcomes = models.ManyToManyField("frameworks.FrameworkItem", blank=True, related_name="needs_priorities")
    indicators = models.ManyToManyField("needs.Indicator", blank=True, related_name="priorities")
    baseline_indicator = models.ForeignKey(
        "needs.Indicator",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="The headline indicator whose curve the partnership wants to turn.",
    )
    story_behind_baseline = models.TextField(blank=True)
    partners = models.TextField(blank=True, help_text="Partners with a role to play in turning the curve.")
    what_works = models.TextField(blank=True)
    actions = models.TextField(blank=True)

    objects = ArchivableQuerySet.as_manager()

    class Meta:
        ordering = ["analysis", "rank", "id"]
        verbose_name_plural = "priorities"

    def __str__(self) -> str:
        return self.title
