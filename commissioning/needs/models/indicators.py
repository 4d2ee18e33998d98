"""The indicators catalogue, their values by area, period and breakdown, and the imports that load them."""

from django.conf import settings
from django.db import models
from django.urls import reverse

from commissioning.core.models import ArchivableModel, ArchivableQuerySet, TimeStampedModel, VersionedModel


class Unit(models.TextChoices):
    PERCENTAGE = "percentage", "Percentage"
    RATE_PER_1000 = "rate_per_1000", "Rate per 1,000"
    RATE_PER_10000 = "rate_per_10000", "Rate per 10,000"
    RATE_PER_100000 = "rate_per_100000", "Rate per 100,000"
    COUNT = "count", "Count"
    SCORE = "score", "Score"


UNIT_MULTIPLIER = {
    Unit.PERCENTAGE: 100,
    Unit.RATE_PER_1000: 1_000,
    Unit.RATE_PER_10000: 10_000,
    Unit.RATE_PER_100000: 100_000,
}


class Polarity(models.TextChoices):
    HIGHER_IS_BETTER = "higher_is_better", "Higher is better"
    LOWER_IS_BETTER = "lower_is_better", "Lower is better"
    NO_JUDGEMENT = "no_judgement", "No judgement"


class Frequency(models.TextChoices):
    FINANCIAL_YEAR = "financial_year", "Each financial year"
    ACADEMIC_YEAR = "academic_year", "Each academic year"
    CALENDAR_YEAR = "calendar_year", "Each calendar year"
    QUARTERLY = "quarterly", "Each quarter"
    POOLED = "pooled", "Several years pooled"
    OTHER = "other", "Other"


class Indicator(TimeStampedModel, ArchivableModel, VersionedModel):
    code = models.SlugField(max_length=120, unique=True, help_text="A short code used in files and the API.")
    title = models.CharField(max_length=500)
    definition = models.TextField(blank=True)
    unit = models.CharField(max_length=20, choices=Unit.choices)
    polarity = models.CharField(max_length=20, choices=Polarity.choices, default=Polarity.NO_JUDGEMENT)
    outcomes = models.ManyToManyField(
        "frameworks.FrameworkItem",
        blank=True,
        related_name="indicators",
        help_text="Every Child Matters outcomes the indicator measures.",
    )
    national_indicator = models.ForeignKey(
        "frameworks.FrameworkItem",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="The national indicator in the framework library it corresponds to.",
    )
    source = models.CharField(max_length=255, blank=True, help_text="The publisher and collection.")
    frequency = models.CharField(max_length=20, choices=Frequency.choices, default=Frequency.FINANCIAL_YEAR)
    import_names = models.JSONField(
        default=list,
        blank=True,
        help_text="The indicator and measure names of tidy files that hold this indicator, "
        "as “indicator | measure”, compared without case or punctuation.",
    )

    objects = ArchivableQuerySet.as_manager()

    class Meta:
        ordering = ["title"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("needs:indicator-detail", args=[self.code])


class ImportFormat(models.TextChoices):
    TIDY = "tidy", "Tidy file (area_code, area_name, period, indicator, measure, unit, value)"
    EES = "ees", "DfE Explore Education Statistics file with a mapping"


class ImportBatch(TimeStampedModel):
    """One import of one file: what was in it and what it changed."""

    file_name = models.CharField(max_length=255)
    sha256 = models.CharField(max_length=64, db_index=True)
    file_format = models.CharField(max_length=10, choices=ImportFormat.choices)
    mapping = models.TextField(blank=True, help_text="The mapping used, for a DfE file.")
    rows_read = models.PositiveIntegerField(default=0)
    created_count = models.PositiveIntegerField(default=0)
    updated_count = models.PositiveIntegerField(default=0)
    unchanged_count = models.PositiveIntegerField(default=0)
    suppressed_count = models.PositiveIntegerField(default=0)
    skipped_count = models.PositiveIntegerField(
        default=0,
        help_text="Rows left out because their area is not held, when the importer chose to skip them.",
    )
    indicators_created = models.JSONField(default=list, blank=True)
    indicator_codes = models.JSONField(default=list, blank=True, help_text="Every indicator the file held.")
    notes = models.JSONField(default=list, blank=True, help_text="What the import left out, and why.")
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-created_at"]
        verbose_name_plural = "import batches"

    def __str__(self) -> str:
        return f"{self.file_name} ({self.created_at:%-d %B %Y})"

    def get_absolute_url(self) -> str:
        return reverse("needs:import-detail", args=[self.pk])


class Suppression(models.TextChoices):
    NONE = "", "Published"
    NOT_AVAILABLE = "x", "Not available"
    CONFIDENTIAL = "c", "Suppressed to protect confidentiality"
    NOT_APPLICABLE = "z", "Not applicable"
    LOW = "low", "Rounds to zero"
    MISSING = "na", "Missing"


class IndicatorValue(models.Model):
    """One figure: an indicator for an area and period, for everyone or one breakdown category."""

    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT, related_name="values")
    area = models.ForeignKey("needs.Area", on_delete=models.PROTECT, related_name="indicator_values")
    period = models.CharField(
        max_length=30, help_text="As published, normalised: 2019, 2023/24, 2020/21 - 24/25."
    )
    period_sort = models.IntegerField(help_text="The first year of the period, for ordering.")
    breakdown = models.CharField(max_length=100, blank=True, default="", help_text="e.g. Sex; empty for all.")
    category = models.CharField(max_length=200, blank=True, default="", help_text="e.g. Female.")
    value = models.FloatField(null=True, blank=True)
    numerator = models.FloatField(null=True, blank=True)
    denominator = models.FloatField(null=True, blank=True)
    lower_ci = models.FloatField(null=True, blank=True, help_text="Published lower 95% limit, if any.")
    upper_ci = models.FloatField(null=True, blank=True, help_text="Published upper 95% limit, if any.")
    suppression = models.CharField(max_length=3, choices=Suppression.choices, blank=True, default="")
    batch = models.ForeignKey(ImportBatch, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "area", "period", "breakdown", "category"], name="indicator_value_unique"
            )
        ]
        indexes = [
            models.Index(
                fields=["indicator", "breakdown", "category", "period_sort"], name="value_by_period"
            ),
            models.Index(fields=["area", "indicator"], name="value_by_area"),
        ]

    def __str__(self) -> str:
        return f"{self.indicator.code} {self.area.code} {self.period}: {self.value}"


class IndicatorValueChange(models.Model):
    """A figure changed by a later import: the old and new values are kept."""

    value = models.ForeignKey(IndicatorValue, on_delete=models.CASCADE, related_name="changes")
    batch = models.ForeignKey(ImportBatch, on_delete=models.PROTECT, related_name="changes")
    old_value = models.FloatField(null=True, blank=True)
    new_value = models.FloatField(null=True, blank=True)
    old_suppression = models.CharField(max_length=3, blank=True)
    new_suppression = models.CharField(max_length=3, blank=True)
    changed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-changed_at"]

    def __str__(self) -> str:
        return f"{self.old_value} → {self.new_value}"


class StagedImport(models.Model):
    """A file uploaded for preview and kept until the importer confirms it (or a day passes)."""

    file_name = models.CharField(max_length=255)
    content = models.BinaryField()
    sha256 = models.CharField(max_length=64)
    mapping = models.TextField(blank=True)
    mapping_name = models.CharField(max_length=255, blank=True)
    accept_suppressed = models.BooleanField(default=False)
    skip_unknown_areas = models.BooleanField(default=False)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.file_name
