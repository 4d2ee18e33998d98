"""The agreed budget for an activity and the recorded reviews of it: what the gates of steps 7 and 9 look for."""

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models

from commissioning.core.models import ArchivableModel, ArchivableQuerySet, TimeStampedModel, VersionedModel


class ActivityBudget(TimeStampedModel, ArchivableModel, VersionedModel):
    """A budget agreed for the activity by a board or budget holder."""

    activity = models.ForeignKey(
        "cycle.CommissioningActivity", on_delete=models.PROTECT, related_name="budgets"
    )
    amount = models.DecimalField(max_digits=14, decimal_places=2, validators=[MinValueValidator(0)])
    period = models.CharField(
        max_length=100, help_text="The years it covers, for example 2026/27 to 2028/29."
    )
    agreed_by = models.CharField(max_length=255, help_text="The board or budget holder who agreed it.")
    agreed_on = models.DateField()
    reference = models.CharField(max_length=100, blank=True, help_text="Minute or decision reference.")
    notes = models.TextField(blank=True, help_text="Funding sources and conditions.")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    objects = ArchivableQuerySet.as_manager()

    class Meta:
        ordering = ["activity", "-agreed_on"]

    def __str__(self) -> str:
        return f"£{self.amount:,.2f} agreed by {self.agreed_by}"


class ReviewRecommendation(models.TextChoices):
    CONTINUE = "continue", "Continue as it is"
    CHANGE = "change", "Continue with changes"
    RECOMMISSION = "recommission", "Recommission"
    DECOMMISSION = "decommission", "Decommission"


class ActivityReview(TimeStampedModel, ArchivableModel, VersionedModel):
    """A review of what the activity achieved (step 9): method, findings, outcomes and what happens next."""

    activity = models.ForeignKey(
        "cycle.CommissioningActivity", on_delete=models.PROTECT, related_name="reviews"
    )
    reviewed_on = models.DateField()
    method = models.TextField(help_text="How the review was done and whose views it took.")
    findings = models.TextField()
    outcomes_achieved = models.TextField(blank=True, help_text="What changed for children and families.")
    recommendation = models.CharField(max_length=20, choices=ReviewRecommendation.choices)
    next_review_on = models.DateField(null=True, blank=True)
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    objects = ArchivableQuerySet.as_manager()

    class Meta:
        ordering = ["activity", "-reviewed_on"]

    def __str__(self) -> str:
        return f"Review of {self.activity} on {self.reviewed_on:%-d %B %Y}"
