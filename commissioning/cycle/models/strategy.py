"""The strategy or plan an activity produces (the Gateshead appendix, Activity Two): outcomes, needs,
priorities, resources, recommendations and cross-cutting issues, with its approval and publication."""

from django.conf import settings
from django.db import models
from django.urls import reverse

from commissioning.core.models import ArchivableModel, ArchivableQuerySet, TimeStampedModel, VersionedModel


class StrategyStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    APPROVED = "approved", "Approved"


class Strategy(TimeStampedModel, ArchivableModel, VersionedModel):
    activity = models.OneToOneField(
        "cycle.CommissioningActivity", on_delete=models.PROTECT, related_name="strategy"
    )
    title = models.CharField(max_length=255)
    slug = models.SlugField(max_length=120, unique=True, help_text="The last part of its public address.")
    summary = models.TextField(help_text="What the strategy is for, in a few sentences.")
    outcomes = models.ManyToManyField(
        "frameworks.FrameworkItem",
        blank=True,
        related_name="strategies",
        help_text="The outcomes the strategy works towards.",
    )
    needs_assessment = models.TextField(blank=True, help_text="An outline of the needs assessment.")
    resources = models.TextField(blank=True, help_text="The resources available and how they will be used.")
    status = models.CharField(max_length=20, choices=StrategyStatus.choices, default=StrategyStatus.DRAFT)
    approved_by_body = models.CharField(
        "approved by", max_length=255, blank=True, help_text="The board or body."
    )
    approved_on = models.DateField(null=True, blank=True)
    minute_reference = models.CharField(max_length=100, blank=True)
    approval_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    published_at = models.DateTimeField(null=True, blank=True, help_text="When the public page went live.")

    objects = ArchivableQuerySet.as_manager()

    class Meta:
        verbose_name_plural = "strategies"

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("cycle:strategy:detail", args=[self.activity_id])

    @property
    def is_published(self) -> bool:
        return self.published_at is not None and not self.is_archived


class StrategyPriority(TimeStampedModel):
    strategy = models.ForeignKey(Strategy, on_delete=models.PROTECT, related_name="priorities")
    position = models.PositiveSmallIntegerField(default=1)
    title = models.CharField(max_length=255)
    description = models.TextField(blank=True)
    outcomes = models.ManyToManyField(
        "frameworks.FrameworkItem", blank=True, related_name="strategy_priorities"
    )
    needs_priority = models.ForeignKey(
        "needs.Priority",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="strategy_priorities",
        help_text="The priority of a needs analysis this strategy priority answers.",
    )

    class Meta:
        ordering = ["strategy", "position", "id"]
        verbose_name_plural = "strategy priorities"

    def __str__(self) -> str:
        return self.title


class StrategyRecommendation(TimeStampedModel):
    strategy = models.ForeignKey(Strategy, on_delete=models.PROTECT, related_name="recommendations")
    position = models.PositiveSmallIntegerField(default=1)
    recommendation = models.TextField()
    impact = models.TextField(blank=True, help_text="The difference it will make.")

    class Meta:
        ordering = ["strategy", "position", "id"]

    def __str__(self) -> str:
        return self.recommendation[:80]


class CrossCuttingIssue(TimeStampedModel):
    """A shared cross-cutting issue or priority: with whom, what, and how it was agreed."""

    strategy = models.ForeignKey(Strategy, on_delete=models.PROTECT, related_name="cross_cutting_issues")
    with_whom = models.CharField(
        max_length=255, help_text="The partner, board or strategy it is shared with."
    )
    what = models.TextField(help_text="The issue or priority.")
    how_agreed = models.TextField(blank=True)

    class Meta:
        ordering = ["strategy", "id"]

    def __str__(self) -> str:
        return f"{self.with_whom}: {self.what[:60]}"
