"""Joint commissioning maturity: assessments of the partnership, or of one commissioning activity, on the DfES
Joint Commissioning Matrix (2006) as given in Gateshead's strategy: for each of its four components, which of
the four approaches (separate, parallel, joint, integrated) has been reached, with the evidence."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse

from commissioning.core.models import ArchivableModel, ArchivableQuerySet, TimeStampedModel, VersionedModel

MATRIX_SLUG = "joint-commissioning-matrix"


class Approach(models.TextChoices):
    """The matrix's columns, from least to most integrated (the `approach` items of the framework)."""

    SEPARATE = "separate", "Separate"
    PARALLEL = "parallel", "Parallel"
    JOINT = "joint", "Joint"
    INTEGRATED = "integrated", "Integrated"

    @classmethod
    def level(cls, value: str) -> int:
        return list(cls.values).index(value) + 1


class Dimension(models.TextChoices):
    """The matrix's rows (the `dimension` items of the framework)."""

    PURPOSE_AND_STRATEGY = "purpose-and-strategy", "Purpose and strategy"
    NEEDS_AND_MARKET_INTELLIGENCE = "needs-and-market-intelligence", "Needs and market intelligence"
    STAKEHOLDER_ENGAGEMENT = "stakeholder-engagement", "Stakeholder engagement"
    RESOURCE_ALLOCATION = "resource-allocation-and-management", "Resource allocation and management"


class SubjectKind(models.TextChoices):
    PARTNERSHIP = "partnership", "The whole partnership"
    ACTIVITY = "activity", "A commissioning activity"


class MaturityAssessment(TimeStampedModel, ArchivableModel, VersionedModel):
    subject_kind = models.CharField(
        "what is assessed",
        max_length=20,
        choices=SubjectKind.choices,
        help_text="The partnership or one activity.",
    )
    activity = models.ForeignKey(
        "cycle.CommissioningActivity",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="maturity_assessments",
        verbose_name="commissioning activity",
        help_text="The commissioning activity assessed, when it is not the whole partnership.",
    )
    assessed_on = models.DateField(help_text="The date of the assessment.")
    assessor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="Who made the assessment.",
    )
    summary = models.TextField(blank=True, help_text="Overall conclusions and next steps.")

    objects = ArchivableQuerySet.as_manager()

    class Meta:
        ordering = ["-assessed_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(subject_kind="partnership") & Q(activity__isnull=True))
                | (Q(subject_kind="activity") & Q(activity__isnull=False)),
                name="maturity_subject_matches_activity",
                violation_error_message="Choose the commissioning activity, or assess the whole partnership.",
            )
        ]

    def __str__(self) -> str:
        return f"{self.subject_label}, {self.assessed_on:%-d %B %Y}"

    @property
    def subject_label(self) -> str:
        return self.activity.title if self.activity_id else "The whole partnership"

    @property
    def subject_key(self) -> str:
        return f"activity-{self.activity_id}" if self.activity_id else "partnership"

    def get_absolute_url(self) -> str:
        return reverse("maturity:assessment", args=[self.pk])

    def clean(self):
        from django.core.exceptions import ValidationError

        if self.subject_kind == SubjectKind.ACTIVITY and not self.activity_id:
            raise ValidationError({"activity": "Choose the commissioning activity assessed"})
        if self.subject_kind == SubjectKind.PARTNERSHIP and self.activity_id:
            raise ValidationError(
                {"activity": "Leave the activity blank when assessing the whole partnership"}
            )


class MaturityRating(TimeStampedModel):
    """The approach reached on one dimension of the matrix, with the evidence for it."""

    assessment = models.ForeignKey(MaturityAssessment, on_delete=models.PROTECT, related_name="ratings")
    dimension = models.CharField(max_length=40, choices=Dimension.choices)
    approach = models.CharField(max_length=20, choices=Approach.choices, help_text="The approach reached.")
    evidence = models.TextField(help_text="What shows this approach has been reached.")

    class Meta:
        ordering = ["assessment", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "dimension"],
                name="maturity_one_rating_per_dimension",
                violation_error_message="This dimension is already rated in this assessment.",
            ),
            models.CheckConstraint(
                condition=Q(approach__in=Approach.values), name="maturity_rating_known_approach"
            ),
            models.CheckConstraint(
                condition=Q(dimension__in=Dimension.values), name="maturity_rating_known_dimension"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_dimension_display()}: {self.get_approach_display()}"

    @property
    def level(self) -> int:
        return Approach.level(self.approach)
