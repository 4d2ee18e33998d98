"""Commissioning activities and their progress through the nine steps of the commissioning cycle."""

import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse

from commissioning.core.models import ArchivableModel, ArchivableQuerySet, TimeStampedModel, VersionedModel
from commissioning.cycle.timetable import STEP_QUADRANT, cycle_year_label


class ServiceArea(models.TextChoices):
    EARLY_HELP = "early_help", "Early help"
    SEND = "send", "Special educational needs and disabilities (SEND)"
    MENTAL_HEALTH = "mental_health", "Children's mental health"
    LOOKED_AFTER = "looked_after", "Looked-after children and care leavers"
    YOUTH_JUSTICE = "youth_justice", "Youth justice"
    FAMILY_SUPPORT = "family_support", "Family support"
    PUBLIC_HEALTH = "public_health", "Public health 0–19"
    OTHER = "other", "Other"


class Level(models.TextChoices):
    INDIVIDUAL = "individual", "Individual"
    OPERATIONAL_LOCAL = "operational_local", "Operational or local"
    STRATEGIC = "strategic", "Strategic"


class Tier(models.TextChoices):
    UNIVERSAL = "universal", "Universal"
    TARGETED = "targeted", "Targeted"
    SPECIALIST = "specialist", "Specialist"


class IntegrationApproach(models.TextChoices):
    """The joint commissioning matrix's four approaches."""

    SEPARATE = "separate", "Separate"
    PARALLEL = "parallel", "Parallel"
    JOINT = "joint", "Joint"
    INTEGRATED = "integrated", "Integrated"


class ActivityKind(models.TextChoices):
    STRATEGY = "strategy", "Strategy"
    SERVICE_REDESIGN = "service_redesign", "Service redesign"
    TENDER = "tender", "Tender"
    GRANT_ROUND = "grant_round", "Grant round"
    INDIVIDUAL_PACKAGE = "individual_package", "Individual package"


class ActivityStatus(models.TextChoices):
    PLANNED = "planned", "Planned"
    ACTIVE = "active", "Active"
    ON_HOLD = "on_hold", "On hold"
    COMPLETED = "completed", "Completed"


class CommissioningActivity(TimeStampedModel, ArchivableModel, VersionedModel):
    """A piece of commissioning (a strategy, a redesign, a tender, a grant round, a package) run through the cycle."""

    title = models.CharField(max_length=255, help_text="A short name people will recognise.")
    kind = models.CharField(
        max_length=30, choices=ActivityKind.choices, help_text="What sort of commissioning."
    )
    purpose = models.TextField(help_text="What the activity is for and the outcomes it aims to improve.")
    service_area = models.CharField(max_length=30, choices=ServiceArea.choices)
    lead_commissioner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="led_activities",
        help_text="The commissioner who leads the activity.",
    )
    lead_organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.PROTECT,
        related_name="led_activities",
        help_text="The partner organisation that leads it.",
    )
    partners = models.ManyToManyField(
        "organisations.Organisation",
        blank=True,
        related_name="partner_activities",
        help_text="Other partner organisations involved.",
    )
    level = models.CharField(
        max_length=30, choices=Level.choices, help_text="Individual, operational or strategic."
    )
    tiers = models.JSONField(default=list, blank=True, help_text="Universal, targeted and/or specialist.")
    integration_approach = models.CharField(
        max_length=20,
        choices=IntegrationApproach.choices,
        help_text="How far the partners integrate their commissioning (the joint commissioning matrix).",
    )
    outcomes = models.ManyToManyField(
        "frameworks.FrameworkItem",
        blank=True,
        related_name="activities",
        help_text="Every Child Matters outcomes and national indicators the activity targets.",
    )
    cycle_year = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(2000), MaxValueValidator(2100)],
        help_text="The year the cycle starts in April: 2026 means 2026/27.",
    )
    status = models.CharField(max_length=20, choices=ActivityStatus.choices, default=ActivityStatus.PLANNED)
    previous = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="next_years",
        verbose_name="previous year's activity",
        help_text="The same piece of commissioning in an earlier cycle year, to compare answers with.",
    )

    objects = ArchivableQuerySet.as_manager()

    class Meta:
        ordering = ["-cycle_year", "title"]
        verbose_name_plural = "commissioning activities"
        constraints = [
            models.CheckConstraint(
                condition=Q(cycle_year__gte=2000) & Q(cycle_year__lte=2100),
                name="activity_cycle_year_range",
                violation_error_message="Enter a cycle year between 2000 and 2100.",
            )
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("cycle:detail", args=[self.pk])

    @property
    def cycle_year_label(self) -> str:
        return cycle_year_label(self.cycle_year)

    @property
    def tier_labels(self) -> list[str]:
        return [Tier(tier).label for tier in self.tiers if tier in Tier.values]


class StepStatus(models.TextChoices):
    NOT_STARTED = "not_started", "Not started"
    IN_PROGRESS = "in_progress", "In progress"
    COMPLETE = "complete", "Complete"
    NOT_APPLICABLE = "not_applicable", "Not applicable"


# A complete step is reopened (in progress) before it can change again; not applicable goes back to a
# working status. Completing is also subject to the gate rules.
STEP_TRANSITIONS = {
    StepStatus.NOT_STARTED: {StepStatus.IN_PROGRESS, StepStatus.COMPLETE, StepStatus.NOT_APPLICABLE},
    StepStatus.IN_PROGRESS: {StepStatus.NOT_STARTED, StepStatus.COMPLETE, StepStatus.NOT_APPLICABLE},
    StepStatus.COMPLETE: {StepStatus.IN_PROGRESS},
    StepStatus.NOT_APPLICABLE: {StepStatus.NOT_STARTED, StepStatus.IN_PROGRESS},
}


class ActivityStep(TimeStampedModel, VersionedModel):
    """One of the nine steps for one activity: its status, due date and the reason if not applicable."""

    activity = models.ForeignKey(CommissioningActivity, on_delete=models.PROTECT, related_name="steps")
    number = models.PositiveSmallIntegerField(validators=[MinValueValidator(1), MaxValueValidator(9)])
    guidance = models.ForeignKey(
        "frameworks.FrameworkItem",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="The step in the framework library's nine-step cycle.",
    )
    status = models.CharField(max_length=20, choices=StepStatus.choices, default=StepStatus.NOT_STARTED)
    not_applicable_reason = models.TextField(blank=True, help_text="Why the step does not apply.")
    due_date = models.DateField(help_text="From the annual timetable; can be changed.")
    started_at = models.DateTimeField(null=True, blank=True)
    completed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["activity", "number"]
        constraints = [
            models.UniqueConstraint(fields=["activity", "number"], name="activity_step_unique_number"),
            models.CheckConstraint(
                condition=~Q(status="not_applicable") | ~Q(not_applicable_reason=""),
                name="activity_step_not_applicable_needs_reason",
                violation_error_message="Give the reason the step does not apply.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.activity} – step {self.number}"

    @property
    def quadrant(self):
        return STEP_QUADRANT[self.number]

    @property
    def is_finished(self) -> bool:
        return self.status in (StepStatus.COMPLETE, StepStatus.NOT_APPLICABLE)


class EvidenceKind(models.TextChoices):
    TEXT = "text", "Text"
    LINK = "link", "Link to a web page"
    RECORD = "record", "Link to a record in Commissioning Hub"
    FILE = "file", "File"


class DocumentType(models.TextChoices):
    """What a piece of evidence is, where it matters to a gate or a report."""

    OTHER = "", "Other evidence"
    NEEDS_ASSESSMENT = "needs_assessment", "Needs assessment"
    BUSINESS_CASE = "business_case", "Business case or options appraisal"
    SERVICE_SPECIFICATION = "service_specification", "Service specification"
    CONSULTATION_REPORT = "consultation_report", "Consultation report"
    REVIEW_REPORT = "review_report", "Review or evaluation report"


def evidence_upload_path(instance, filename: str) -> str:
    """Stored under a random name: the uploader's file name is kept only as a label."""
    return f"evidence/{instance.step.activity_id}/{uuid.uuid4().hex}"


class StepEvidence(TimeStampedModel, ArchivableModel):
    """Evidence that a step has been done: a note, a web link, a link to a record, or an uploaded file."""

    step = models.ForeignKey(ActivityStep, on_delete=models.PROTECT, related_name="evidence")
    kind = models.CharField(max_length=10, choices=EvidenceKind.choices)
    title = models.CharField(max_length=255, help_text="What this evidence is.")
    document_type = models.CharField(
        max_length=30,
        choices=DocumentType.choices,
        blank=True,
        default=DocumentType.OTHER,
        help_text="Mark the service specification, needs assessment and other key documents.",
    )
    text = models.TextField(blank=True)
    url = models.URLField("web address", blank=True, max_length=1000)
    record_path = models.CharField(
        "record address", max_length=500, blank=True, help_text="The address of a page in Commissioning Hub."
    )
    file = models.FileField(upload_to=evidence_upload_path, blank=True, max_length=300)
    file_name = models.CharField(max_length=255, blank=True, help_text="The uploaded file's original name.")
    file_size = models.PositiveIntegerField(null=True, blank=True)
    content_type = models.CharField(max_length=100, blank=True)
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["step", "-created_at"]
        verbose_name_plural = "step evidence"

    def __str__(self) -> str:
        return self.title


class Answer(models.TextChoices):
    YES = "yes", "Yes"
    NO = "no", "No"
    PARTLY = "partly", "Partly"
    NOT_APPLICABLE = "not_applicable", "Not applicable"


class SelfAssessmentAnswer(TimeStampedModel, VersionedModel):
    """An activity's answer to one question of the Staffordshire self-assessment tool, with its evidence."""

    activity = models.ForeignKey(CommissioningActivity, on_delete=models.PROTECT, related_name="answers")
    question = models.ForeignKey("frameworks.FrameworkItem", on_delete=models.PROTECT, related_name="answers")
    step_number = models.PositiveSmallIntegerField(validators=[MinValueValidator(1), MaxValueValidator(9)])
    answer = models.CharField(max_length=20, choices=Answer.choices)
    evidence = models.TextField(blank=True, help_text="What shows this; required unless the answer is No.")
    answered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["activity", "step_number", "question__sort_key"]
        constraints = [
            models.UniqueConstraint(
                fields=["activity", "question"], name="self_assessment_one_answer_per_question"
            )
        ]

    def __str__(self) -> str:
        return f"{self.activity} – {self.question.ref}: {self.get_answer_display()}"
