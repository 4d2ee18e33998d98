"""Contract monitoring: the monitoring plan, provider returns with KPI actuals, meetings, visits, user feedback,
improvement plans, annual reviews and the Procurement Act KPI assessment."""

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse

from commissioning.core.models import ArchivableModel, ArchivableQuerySet, TimeStampedModel, VersionedModel


class Frequency(models.TextChoices):
    QUARTERLY = "quarterly", "Quarterly"
    SIX_MONTHLY = "six_monthly", "Six-monthly"
    ANNUAL = "annual", "Annual"


FREQUENCY_MONTHS = {Frequency.QUARTERLY: 3, Frequency.SIX_MONTHLY: 6, Frequency.ANNUAL: 12}


class FrequencyBand(TimeStampedModel):
    """Monitoring proportionate to value: agreements whose annual value is at least `from_value` are monitored
    at this frequency unless the plan says otherwise. Administrators edit the bands."""

    from_value = models.DecimalField(
        max_digits=14,
        decimal_places=2,
        unique=True,
        validators=[MinValueValidator(0)],
        help_text="Annual value from which this frequency applies (£).",
    )
    frequency = models.CharField(max_length=20, choices=Frequency.choices)

    class Meta:
        ordering = ["from_value"]

    def __str__(self) -> str:
        return f"From £{self.from_value:,.0f} a year: {self.get_frequency_display().lower()}"


class MonitoringPlan(TimeStampedModel, VersionedModel):
    agreement = models.OneToOneField(
        "contracts.Agreement", on_delete=models.PROTECT, related_name="monitoring_plan"
    )
    frequency = models.CharField(max_length=20, choices=Frequency.choices)
    first_period_starts_on = models.DateField(
        "first period starts", help_text="The first day of the first monitoring period."
    )
    due_days = models.PositiveSmallIntegerField(
        "days to submit",
        default=28,
        validators=[MinValueValidator(1)],
        help_text="Days after the end of a period by which the provider's return is due.",
    )

    def __str__(self) -> str:
        return f"Monitoring plan for {self.agreement.reference}"

    def get_absolute_url(self) -> str:
        return reverse("monitoring:agreement", args=[self.agreement_id])


class ReturnPeriod(TimeStampedModel):
    """A period the provider reports on, generated from the plan."""

    agreement = models.ForeignKey(
        "contracts.Agreement", on_delete=models.PROTECT, related_name="return_periods"
    )
    starts_on = models.DateField()
    ends_on = models.DateField()
    due_on = models.DateField()

    class Meta:
        ordering = ["agreement", "starts_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["agreement", "starts_on"], name="monitoring_one_period_per_start"
            ),
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")), name="period_dates_in_order"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.starts_on:%-d %b %Y} to {self.ends_on:%-d %b %Y}"

    def get_absolute_url(self) -> str:
        return reverse("monitoring:period", args=[self.pk])


class ReturnStatus(models.TextChoices):
    SUBMITTED = "submitted", "Submitted"
    QUERIED = "queried", "Queried"
    ACCEPTED = "accepted", "Accepted"
    SUPERSEDED = "superseded", "Superseded by a resubmission"


class ProviderReturn(TimeStampedModel, VersionedModel):
    """One submission for a period. A queried return is kept when the provider resubmits (it becomes
    superseded), so the history of a period is every return made for it."""

    period = models.ForeignKey(ReturnPeriod, on_delete=models.PROTECT, related_name="returns")
    status = models.CharField(max_length=20, choices=ReturnStatus.choices, default=ReturnStatus.SUBMITTED)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    submitted_at = models.DateTimeField()
    narrative = models.TextField()
    service_users = models.PositiveIntegerField("service users")
    characteristics = models.JSONField(
        default=dict, blank=True, help_text="Counts of service users by group, per characteristic."
    )
    feedback_summary = models.TextField("user feedback summary", blank=True)
    complaints = models.PositiveIntegerField(default=0)
    safeguarding_incidents = models.PositiveIntegerField(default=0)
    safeguarding_details = models.TextField(blank=True)
    query_text = models.TextField("query", blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["period", "-submitted_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["period"],
                condition=~Q(status="superseded"),
                name="monitoring_one_current_return_per_period",
            )
        ]

    def __str__(self) -> str:
        return f"Return for {self.period}"

    def get_absolute_url(self) -> str:
        return reverse("monitoring:period", args=[self.period_id])


class KpiActual(models.Model):
    provider_return = models.ForeignKey(ProviderReturn, on_delete=models.PROTECT, related_name="actuals")
    kpi = models.ForeignKey("contracts.Kpi", on_delete=models.PROTECT, related_name="actuals")
    value = models.DecimalField(max_digits=14, decimal_places=2, validators=[MinValueValidator(0)])

    class Meta:
        ordering = ["kpi__position", "kpi_id"]
        constraints = [models.UniqueConstraint(fields=["provider_return", "kpi"], name="one_actual_per_kpi")]

    def __str__(self) -> str:
        return f"{self.kpi}: {self.value}"


class Meeting(TimeStampedModel, ArchivableModel, VersionedModel):
    agreement = models.ForeignKey(
        "contracts.Agreement", on_delete=models.PROTECT, related_name="monitoring_meetings"
    )
    held_on = models.DateField()
    attendees = models.TextField(help_text="Who attended, one per line, with their organisation.")
    minutes = models.TextField(blank=True)
    minutes_sent_on = models.DateField(
        null=True, blank=True, help_text="When the minutes were sent: within 3 weeks of the meeting."
    )

    objects = ArchivableQuerySet.as_manager()

    class Meta:
        ordering = ["-held_on", "-pk"]

    def __str__(self) -> str:
        return f"Monitoring meeting on {self.held_on:%-d %B %Y}"

    def get_absolute_url(self) -> str:
        return reverse("monitoring:meeting", args=[self.pk])


class ActionStatus(models.TextChoices):
    OPEN = "open", "Open"
    DONE = "done", "Done"
    DROPPED = "dropped", "No longer needed"


class MeetingAction(TimeStampedModel):
    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="actions")
    description = models.TextField()
    owner = models.CharField(max_length=255)
    due_on = models.DateField()
    status = models.CharField(max_length=10, choices=ActionStatus.choices, default=ActionStatus.OPEN)

    class Meta:
        ordering = ["due_on", "pk"]

    def __str__(self) -> str:
        return self.description[:60]


class Visit(TimeStampedModel, ArchivableModel):
    agreement = models.ForeignKey(
        "contracts.Agreement", on_delete=models.PROTECT, related_name="monitoring_visits"
    )
    visited_on = models.DateField()
    announced = models.BooleanField(default=True)
    visited_by = models.CharField(max_length=255, help_text="Who made the visit.")
    observations = models.TextField()

    objects = ArchivableQuerySet.as_manager()

    class Meta:
        ordering = ["-visited_on", "-pk"]

    def __str__(self) -> str:
        return f"{'Announced' if self.announced else 'Unannounced'} visit on {self.visited_on:%-d %B %Y}"

    def get_absolute_url(self) -> str:
        return reverse("monitoring:agreement", args=[self.agreement_id])


class FeedbackRecord(TimeStampedModel, ArchivableModel):
    """User feedback on the service: gathered by the provider, or independently (Islington 8.7: at least
    once a year)."""

    agreement = models.ForeignKey(
        "contracts.Agreement", on_delete=models.PROTECT, related_name="feedback_records"
    )
    gathered_on = models.DateField()
    independent = models.BooleanField(
        default=False, help_text="Gathered independently of the provider, not by the provider itself."
    )
    method = models.CharField(max_length=255, help_text="For example: survey, focus group, young inspectors.")
    summary = models.TextField()

    objects = ArchivableQuerySet.as_manager()

    class Meta:
        ordering = ["-gathered_on", "-pk"]

    def __str__(self) -> str:
        who = "Independent" if self.independent else "Provider"
        return f"{who} feedback of {self.gathered_on:%-d %B %Y}"

    def get_absolute_url(self) -> str:
        return reverse("monitoring:agreement", args=[self.agreement_id])


class PlanStatus(models.TextChoices):
    OPEN = "open", "Open"
    COMPLETED = "completed", "Completed: performance back on target"
    ESCALATED = "escalated", "Escalated"


class ImprovementPlan(TimeStampedModel, ArchivableModel, VersionedModel):
    agreement = models.ForeignKey(
        "contracts.Agreement", on_delete=models.PROTECT, related_name="improvement_plans"
    )
    issues = models.TextField(help_text="Where performance is below target, and why.")
    actions = models.TextField(help_text="What the provider will do, one action per line.")
    deadline = models.DateField()
    status = models.CharField(max_length=20, choices=PlanStatus.choices, default=PlanStatus.OPEN)

    objects = ArchivableQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"Improvement plan for {self.agreement.reference} (deadline {self.deadline:%-d %B %Y})"

    def get_absolute_url(self) -> str:
        return reverse("monitoring:agreement", args=[self.agreement_id])


class Recommendation(models.TextChoices):
    CONTINUE = "continue", "Continue"
    REDESIGN = "redesign", "Redesign"
    DECOMMISSION = "decommission", "Decommission"


class AnnualReview(TimeStampedModel, ArchivableModel):
    """The annual formal review of the agreement (between December and March)."""

    agreement = models.ForeignKey(
        "contracts.Agreement", on_delete=models.PROTECT, related_name="annual_reviews"
    )
    reviewed_on = models.DateField()
    findings = models.TextField()
    recommendation = models.CharField(max_length=20, choices=Recommendation.choices)
    activity_review = models.OneToOneField(
        "cycle.ActivityReview",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="The review recorded on the commissioning activity from this one, if any.",
    )

    objects = ArchivableQuerySet.as_manager()

    class Meta:
        ordering = ["-reviewed_on", "-pk"]

    def __str__(self) -> str:
        return f"Annual review of {self.reviewed_on:%-d %B %Y}"

    def get_absolute_url(self) -> str:
        return reverse("monitoring:agreement", args=[self.agreement_id])


class AssessmentRating(models.TextChoices):
    GOOD = "good", "Good"
    APPROACHING = "approaching", "Approaching target"
    REQUIRES_IMPROVEMENT = "requires_improvement", "Requires improvement"
    INADEQUATE = "inadequate", "Inadequate"
    OTHER = "other", "Other"


class KpiAssessment(TimeStampedModel, ArchivableModel):
    """The Procurement Act 2023 assessment of a KPI of a contract over £5 million: KPIs set under section 52,
    assessed and published in a contract performance notice at least every 12 months (section 71)."""

    agreement = models.ForeignKey(
        "contracts.Agreement", on_delete=models.PROTECT, related_name="kpi_assessments"
    )
    kpi = models.ForeignKey("contracts.Kpi", on_delete=models.PROTECT, related_name="assessments")
    assessed_on = models.DateField()
    period_end = models.DateField(help_text="The last day of the period the assessment covers.")
    rating = models.CharField(max_length=30, choices=AssessmentRating.choices)
    rating_details = models.TextField(blank=True, help_text="What 'Other' means here, or any context.")
    published_on = models.DateField(
        null=True, blank=True, help_text="When the contract performance notice was published."
    )

    objects = ArchivableQuerySet.as_manager()

    class Meta:
        ordering = ["-assessed_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.kpi}: {self.get_rating_display()} ({self.assessed_on:%-d %B %Y})"

    def get_absolute_url(self) -> str:
        return reverse("monitoring:agreement", args=[self.agreement_id])


class ReminderKind(models.TextChoices):
    BEFORE_DUE = "before_due", "Before the due date"
    OVERDUE = "overdue", "Overdue"


class ReturnReminder(models.Model):
    """A reminder email sent for a period: at most one of each kind a day, so the command can run often."""

    period = models.ForeignKey(ReturnPeriod, on_delete=models.PROTECT, related_name="reminders")
    kind = models.CharField(max_length=20, choices=ReminderKind.choices)
    sent_on = models.DateField()
    recipients = models.TextField()

    class Meta:
        ordering = ["-sent_on", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["period", "kind", "sent_on"], name="one_reminder_a_day_per_kind")
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} reminder of {self.sent_on:%-d %B %Y}"
