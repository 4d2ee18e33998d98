"""Equality impact assessment of a commissioning activity: the Equality Act 2010's protected
characteristics plus the other groups the seeds name, each with its impact and mitigation."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse

from commissioning.core.models import ArchivableModel, ArchivableQuerySet, TimeStampedModel, VersionedModel


class EqualityGroup(models.TextChoices):
    AGE = "age", "Age"
    DISABILITY = "disability", "Disability"
    GENDER_REASSIGNMENT = "gender_reassignment", "Gender reassignment"
    MARRIAGE_CIVIL_PARTNERSHIP = "marriage_civil_partnership", "Marriage and civil partnership"
    PREGNANCY_MATERNITY = "pregnancy_maternity", "Pregnancy and maternity"
    RACE = "race", "Race"
    RELIGION_BELIEF = "religion_belief", "Religion or belief"
    SEX = "sex", "Sex"
    SEXUAL_ORIENTATION = "sexual_orientation", "Sexual orientation"
    LOOKED_AFTER = "looked_after", "Looked-after children and care leavers"
    YOUNG_CARERS = "young_carers", "Young carers"
    YOUNG_OFFENDERS = "young_offenders", "Young offenders"
    SEN = "sen", "Children with special educational needs"
    SOCIO_ECONOMIC = "socio_economic", "Socio-economic disadvantage"


PROTECTED_CHARACTERISTICS = [
    EqualityGroup.AGE,
    EqualityGroup.DISABILITY,
    EqualityGroup.GENDER_REASSIGNMENT,
    EqualityGroup.MARRIAGE_CIVIL_PARTNERSHIP,
    EqualityGroup.PREGNANCY_MATERNITY,
    EqualityGroup.RACE,
    EqualityGroup.RELIGION_BELIEF,
    EqualityGroup.SEX,
    EqualityGroup.SEXUAL_ORIENTATION,
]
OTHER_GROUPS = [
    EqualityGroup.LOOKED_AFTER,
    EqualityGroup.YOUNG_CARERS,
    EqualityGroup.YOUNG_OFFENDERS,
    EqualityGroup.SEN,
    EqualityGroup.SOCIO_ECONOMIC,
]


class EqualityStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    CONSULTED = "consulted", "Consulted"
    AMENDED = "amended", "Amended after consultation"
    FINAL = "final", "Final"


EQUALITY_STATUS_ORDER = [
    EqualityStatus.DRAFT,
    EqualityStatus.CONSULTED,
    EqualityStatus.AMENDED,
    EqualityStatus.FINAL,
]


class EqualityScale(models.TextChoices):
    """Proportionate to size: a screening for small or individual activities, a full assessment otherwise."""

    SCREENING = "screening", "Screening"
    FULL = "full", "Full assessment"


class EqualityConclusion(models.TextChoices):
    NO_MAJOR_CHANGE = "no_major_change", "No major change needed"
    ADJUST = "adjust", "Adjust the activity to remove barriers or better promote equality"
    CONTINUE = "continue", "Continue despite a possible adverse impact, with the justification recorded"
    STOP = "stop", "Stop and rethink: the adverse impact cannot be justified"


class EqualityImpactAssessment(TimeStampedModel, ArchivableModel, VersionedModel):
    activity = models.OneToOneField(
        "cycle.CommissioningActivity", on_delete=models.PROTECT, related_name="equality_assessment"
    )
    scale = models.CharField(max_length=20, choices=EqualityScale.choices, default=EqualityScale.FULL)
    status = models.CharField(max_length=20, choices=EqualityStatus.choices, default=EqualityStatus.DRAFT)
    lead = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="Who leads the assessment.",
    )
    scope = models.TextField(help_text="What is being assessed, and who it affects.")
    evidence_summary = models.TextField(
        blank=True, help_text="The data, research and feedback the assessment uses."
    )
    consultation_start = models.DateField(null=True, blank=True)
    consultation_end = models.DateField(null=True, blank=True)
    consultation_summary = models.TextField(blank=True, help_text="Who was consulted and what they said.")
    amendments = models.TextField(blank=True, help_text="What changed as a result of the consultation.")
    conclusion = models.CharField(max_length=20, choices=EqualityConclusion.choices, blank=True)
    conclusion_reasons = models.TextField(blank=True)
    review_date = models.DateField(
        null=True, blank=True, help_text="When the assessment will be looked at again."
    )
    finalised_at = models.DateTimeField(null=True, blank=True)
    finalised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    objects = ArchivableQuerySet.as_manager()

    class Meta:
        verbose_name = "equality impact assessment"
        constraints = [
            models.CheckConstraint(
                condition=Q(consultation_start__isnull=True)
                | Q(consultation_end__isnull=True)
                | Q(consultation_end__gte=models.F("consultation_start")),
                name="eia_consultation_end_after_start",
                violation_error_message="The consultation must end on or after the day it starts.",
            )
        ]

    def __str__(self) -> str:
        return f"Equality impact assessment: {self.activity}"

    def get_absolute_url(self) -> str:
        return reverse("cycle:equality:detail", args=[self.activity_id])

    def is_at_least(self, status: str) -> bool:
        return EQUALITY_STATUS_ORDER.index(self.status) >= EQUALITY_STATUS_ORDER.index(status)


class ImpactKind(models.TextChoices):
    POSITIVE = "positive", "Positive"
    NEUTRAL = "neutral", "Neutral or no impact"
    NEGATIVE = "negative", "Negative"
    UNKNOWN = "unknown", "Not known yet"


class EqualityImpact(TimeStampedModel, VersionedModel):
    """The assessment's judgement for one group: the likely impact, the evidence and the mitigation."""

    assessment = models.ForeignKey(EqualityImpactAssessment, on_delete=models.PROTECT, related_name="impacts")
    group = models.CharField(max_length=40, choices=EqualityGroup.choices)
    impact = models.CharField(max_length=20, choices=ImpactKind.choices)
    evidence = models.TextField(blank=True, help_text="What the judgement rests on.")
    mitigation = models.TextField(blank=True, help_text="What will be done to reduce a negative impact.")
    mitigation_owner = models.CharField(max_length=255, blank=True)
    mitigation_due = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["assessment", "id"]
        constraints = [
            models.UniqueConstraint(fields=["assessment", "group"], name="eia_one_impact_per_group"),
        ]

    def __str__(self) -> str:
        return f"{self.get_group_display()}: {self.get_impact_display()}"
