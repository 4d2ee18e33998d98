"""Service specifications built from the Wolverhampton template: one section per heading of the template in the
framework library, performance measures (KPIs) as rows, and every saved draft kept as a numbered version."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse

from commissioning.core.models import ArchivableModel, ArchivableQuerySet, TimeStampedModel, VersionedModel

TEMPLATE_FRAMEWORK = "wolverhampton-service-specification-template"
GUIDANCE_FRAMEWORK = "wolverhampton-strategy-steps"
GUIDANCE_ITEM = "service-specification"
OUTCOMES_REF = "H7"
MEASURES_REF = "H10"


class SpecificationStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    APPROVED = "approved", "Approved"


class KpiFrequency(models.TextChoices):
    MONTHLY = "monthly", "Monthly"
    QUARTERLY = "quarterly", "Quarterly"
    SIX_MONTHLY = "six_monthly", "Every six months"
    ANNUALLY = "annually", "Annually"


class Specification(TimeStampedModel, ArchivableModel, VersionedModel):
    """A service specification for a commissioning activity. Its content lives in its versions; the status and
    the numbers here follow the versions, so that lists and the procurement gate need no extra queries."""

    activity = models.ForeignKey(
        "cycle.CommissioningActivity",
        on_delete=models.PROTECT,
        related_name="specifications",
        verbose_name="commissioning activity",
        help_text="The commissioning activity the service is specified for.",
    )
    title = models.CharField(max_length=255, help_text="A name people will recognise, like the service's.")
    status = models.CharField(
        max_length=20,
        choices=SpecificationStatus.choices,
        default=SpecificationStatus.DRAFT,
        help_text="The status of the latest version.",
    )
    current_number = models.PositiveIntegerField(default=1, help_text="The number of the latest version.")
    approved_number = models.PositiveIntegerField(
        null=True, blank=True, help_text="The number of the latest approved version, if any."
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    objects = ArchivableQuerySet.as_manager()

    class Meta:
        ordering = ["-updated_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(approved_number__isnull=True)
                | Q(approved_number__lte=models.F("current_number")),
                name="specification_approved_not_after_current",
            )
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("specifications:detail", args=[self.pk])

    @property
    def is_approved(self) -> bool:
        return self.status == SpecificationStatus.APPROVED

    @property
    def has_approved_version(self) -> bool:
        return self.approved_number is not None


class SpecificationVersion(models.Model):
    """One saved state of a specification. Never changed after it is written, except to record its approval."""

    specification = models.ForeignKey(Specification, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveIntegerField()
    status = models.CharField(
        max_length=20, choices=SpecificationStatus.choices, default=SpecificationStatus.DRAFT
    )
    change_note = models.TextField(help_text="What changed in this version, in a few words.")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    approved_by_body = models.CharField(
        "approved by", max_length=255, blank=True, help_text="The board or body that approved it."
    )
    decision_reference = models.CharField(
        max_length=100, blank=True, help_text="The decision or minute reference, like CYPPB 2026/12."
    )
    approved_on = models.DateField(null=True, blank=True, help_text="The date of the decision.")
    approval_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    approval_recorded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["specification", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["specification", "number"], name="specification_version_unique"),
            models.CheckConstraint(
                condition=Q(status="draft") | (Q(approved_on__isnull=False) & ~Q(approved_by_body="")),
                name="specification_version_approval_complete",
                violation_error_message="An approved version needs the body that approved it and the date.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.specification}, version {self.number}"

    def get_absolute_url(self) -> str:
        return reverse("specifications:version", args=[self.specification_id, self.number])

    @property
    def is_approved(self) -> bool:
        return self.status == SpecificationStatus.APPROVED


class SpecificationSection(models.Model):
    """The text under one heading of the template, in one version."""

    version = models.ForeignKey(SpecificationVersion, on_delete=models.PROTECT, related_name="sections")
    position = models.PositiveSmallIntegerField()
    item = models.ForeignKey(
        "frameworks.FrameworkItem",
        on_delete=models.PROTECT,
        related_name="specification_sections",
        help_text="The heading of the template in the framework library.",
    )
    ref = models.CharField(max_length=60, help_text="The heading's code in the library, like H7.")
    heading = models.CharField(max_length=500, help_text="The heading as the library had it.")
    text = models.TextField(blank=True)

    class Meta:
        ordering = ["version", "position"]
        constraints = [
            models.UniqueConstraint(fields=["version", "ref"], name="specification_section_unique_ref")
        ]

    def __str__(self) -> str:
        return self.heading


class SpecificationKpi(models.Model):
    """A performance measure of one version: what is measured, the target, how often and from where. The
    indicator is optional; its unit, polarity and latest figures are copied when it is taken from the activity,
    so that the contract can read the measure as it was agreed."""

    version = models.ForeignKey(SpecificationVersion, on_delete=models.PROTECT, related_name="kpis")
    position = models.PositiveSmallIntegerField()
    indicator = models.ForeignKey(
        "needs.Indicator",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="specification_kpis",
        help_text="The indicator in the catalogue it measures, if any.",
    )
    measure = models.CharField(max_length=500, help_text="What is measured, in plain words.")
    target = models.CharField(max_length=255, blank=True, help_text="The target, like 'at least 85%'.")
    frequency = models.CharField(
        max_length=20, choices=KpiFrequency.choices, blank=True, help_text="How often it is reported."
    )
    source = models.CharField(max_length=255, blank=True, help_text="Where the figure comes from.")
    unit = models.CharField(max_length=20, blank=True, help_text="The indicator's unit, when there is one.")
    polarity = models.CharField(max_length=20, blank=True, help_text="Whether higher or lower is better.")
    baseline = models.CharField(
        max_length=100, blank=True, help_text="The latest local figure and its period when taken."
    )
    england = models.CharField(
        max_length=100, blank=True, help_text="England's figure for the same period when taken."
    )

    class Meta:
        ordering = ["version", "position"]

    def __str__(self) -> str:
        return self.measure

    @property
    def polarity_label(self) -> str:
        from commissioning.needs.models import Polarity

        return dict(Polarity.choices).get(self.polarity, "")

    @property
    def unit_label(self) -> str:
        from commissioning.needs.models import Unit

        return dict(Unit.choices).get(self.unit, "")
