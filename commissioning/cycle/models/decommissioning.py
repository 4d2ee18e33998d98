"""Decommissioning a service: why, with whom, the impact, the notice given and the transition plan."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse

from commissioning.core.models import ArchivableModel, ArchivableQuerySet, TimeStampedModel, VersionedModel


class DecommissioningStatus(models.TextChoices):
    PROPOSED = "proposed", "Proposed"
    AGREED = "agreed", "Agreed"
    NOTICE_GIVEN = "notice_given", "Notice given"
    COMPLETED = "completed", "Completed"
    WITHDRAWN = "withdrawn", "Withdrawn"


class Decommissioning(TimeStampedModel, ArchivableModel, VersionedModel):
    activity = models.ForeignKey(
        "cycle.CommissioningActivity", on_delete=models.PROTECT, related_name="decommissionings"
    )
    service_name = models.CharField(max_length=255, help_text="The service that will stop or change.")
    provider = models.ForeignKey(
        "organisations.Organisation",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="decommissionings",
        help_text="Who provides it now.",
    )
    status = models.CharField(
        max_length=20, choices=DecommissioningStatus.choices, default=DecommissioningStatus.PROPOSED
    )
    rationale = models.TextField(help_text="Why the service is being decommissioned.")
    evidence = models.TextField(blank=True, help_text="The evidence behind the decision.")
    stakeholder_involvement = models.TextField(
        blank=True, help_text="How children, families, providers and partners were involved."
    )
    impact_assessment = models.TextField(
        blank=True, help_text="The impact on the children and families who use it."
    )
    people_affected = models.PositiveIntegerField(
        null=True, blank=True, help_text="How many children and families use the service now."
    )
    consultation_start = models.DateField(
        null=True, blank=True, help_text="Consultation with the voluntary sector."
    )
    consultation_end = models.DateField(null=True, blank=True)
    notice_date = models.DateField(null=True, blank=True, help_text="When the provider is given notice.")
    end_date = models.DateField(null=True, blank=True, help_text="When the service stops.")
    transition_plan = models.TextField(
        blank=True, help_text="How the children and families affected will be supported through the change."
    )
    lead = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    objects = ArchivableQuerySet.as_manager()

    class Meta:
        ordering = ["activity", "-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(consultation_start__isnull=True)
                | Q(consultation_end__isnull=True)
                | Q(consultation_end__gte=models.F("consultation_start")),
                name="decommissioning_consultation_end_after_start",
                violation_error_message="The consultation must end on or after the day it starts.",
            ),
            models.CheckConstraint(
                condition=Q(notice_date__isnull=True)
                | Q(end_date__isnull=True)
                | Q(end_date__gte=models.F("notice_date")),
                name="decommissioning_end_after_notice",
                violation_error_message="The service must end on or after the day notice is given.",
            ),
        ]

    def __str__(self) -> str:
        return f"Decommissioning: {self.service_name}"

    def get_absolute_url(self) -> str:
        return reverse("cycle:decommissioning:detail", args=[self.activity_id, self.pk])
