"""Provider quality checks: the partnership's requirements (local policy data drawn from the Gateshead quality
standards) and each provider's evidence against them, verified by the partnership."""

import uuid
from datetime import date

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse

from commissioning.contracts.models import add_months
from commissioning.core.models import ArchivableModel, ArchivableQuerySet, TimeStampedModel, VersionedModel


class CheckStatus(models.TextChoices):
    NOT_PROVIDED = "not_provided", "Not provided"
    AWAITING = "awaiting", "Awaiting verification"
    VERIFIED = "verified", "Verified"
    REJECTED = "rejected", "Rejected"
    EXPIRED = "expired", "Expired"


# What is stored; "expired" is worked out from the expiry date on the day.
STORED_STATUSES = (CheckStatus.AWAITING, CheckStatus.VERIFIED, CheckStatus.REJECTED)


class Requirement(TimeStampedModel, ArchivableModel, VersionedModel):
    """Evidence every commissioned provider must hold, mapped to the Gateshead standard it evidences."""

    code = models.SlugField(max_length=60, unique=True, help_text="A short stable name, like dbs-checks.")
    title = models.CharField(max_length=255, help_text="What the provider must show, in plain words.")
    guidance = models.TextField(blank=True, help_text="What counts as evidence, shown to providers.")
    standard_ref = models.CharField(
        "Gateshead standard",
        max_length=10,
        help_text="The number of the Gateshead quality standard this evidences (1 to 9).",
    )
    standard_title = models.CharField(max_length=255, help_text="That standard's heading.")
    source_text = models.TextField(
        blank=True, help_text="The seed's own words this requirement comes from, kept as written."
    )
    validity_months = models.PositiveSmallIntegerField(
        "valid for (months)",
        help_text="How long evidence stays valid, or the review period of a policy, in months.",
    )
    position = models.PositiveSmallIntegerField(default=0, help_text="Order in lists.")

    objects = ArchivableQuerySet.as_manager()

    class Meta:
        ordering = ["position", "title"]
        constraints = [
            models.CheckConstraint(
                condition=Q(validity_months__gte=1) & Q(validity_months__lte=120),
                name="quality_requirement_validity_range",
                violation_error_message="Evidence must stay valid for between 1 and 120 months.",
            )
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("quality:requirements")


class ProviderEnrolment(TimeStampedModel, ArchivableModel):
    """A provider the commissioner adds to the register although it holds no live agreement."""

    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="quality_enrolments"
    )
    note = models.TextField(blank=True, help_text="Why the provider is checked.")
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    objects = ArchivableQuerySet.as_manager()

    class Meta:
        ordering = ["organisation__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation"],
                condition=Q(archived_at__isnull=True),
                name="quality_enrolment_unique_active",
                violation_error_message="This provider is already on the register.",
            )
        ]

    def __str__(self) -> str:
        return str(self.organisation)

    def get_absolute_url(self) -> str:
        return reverse("quality:provider", args=[self.organisation_id])


def evidence_upload_path(instance, filename: str) -> str:
    """Stored under a random name: the uploader's file name is kept only as a label."""
    return f"quality/evidence/{uuid.uuid4().hex}"


class ProviderCheck(TimeStampedModel, ArchivableModel, VersionedModel):
    """One provider's evidence for one requirement, and whether the partnership has verified it."""

    provider = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="quality_checks"
    )
    requirement = models.ForeignKey(Requirement, on_delete=models.PROTECT, related_name="checks")
    status = models.CharField(
        max_length=20,
        choices=[(s.value, s.label) for s in STORED_STATUSES],
        default=CheckStatus.AWAITING,
        help_text="Awaiting verification once submitted; verified or rejected by the partnership.",
    )
    evidence_text = models.TextField(help_text="What the provider has in place, in its own words.")
    file = models.FileField(upload_to=evidence_upload_path, blank=True, max_length=300)
    file_name = models.CharField(max_length=255, blank=True)
    file_size = models.PositiveIntegerField(default=0)
    content_type = models.CharField(max_length=100, blank=True)
    adopted_on = models.DateField(
        null=True, blank=True, help_text="When the policy was adopted, if a policy."
    )
    last_reviewed_on = models.DateField(
        null=True, blank=True, help_text="When it was last reviewed or checked."
    )
    expires_on = models.DateField(help_text="The next review date, or when the evidence expires.")
    submitted_at = models.DateTimeField(help_text="When the evidence was last submitted.")
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    verified_at = models.DateTimeField(null=True, blank=True, help_text="When it was verified or rejected.")
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    rejection_reason = models.TextField(blank=True, help_text="Why the evidence was not accepted.")

    objects = ArchivableQuerySet.as_manager()

    class Meta:
        ordering = ["provider__name", "requirement__position"]
        constraints = [
            models.UniqueConstraint(
                fields=["provider", "requirement"],
                condition=Q(archived_at__isnull=True),
                name="quality_check_unique_active",
                violation_error_message="This provider already has evidence for this requirement.",
            ),
            models.CheckConstraint(
                condition=Q(status__in=[s.value for s in STORED_STATUSES]),
                name="quality_check_stored_status",
            ),
            models.CheckConstraint(
                condition=~Q(status="rejected") | ~Q(rejection_reason=""),
                name="quality_check_rejection_has_reason",
                violation_error_message="Give the reason the evidence was rejected.",
            ),
            models.CheckConstraint(
                condition=Q(adopted_on__isnull=True)
                | Q(last_reviewed_on__isnull=True)
                | Q(last_reviewed_on__gte=models.F("adopted_on")),
                name="quality_check_review_after_adoption",
                violation_error_message="The last review cannot be before the policy was adopted.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.requirement.title} – {self.provider}"

    def get_absolute_url(self) -> str:
        return reverse("quality:check", args=[self.pk])

    def effective_status(self, today: date) -> str:
        if self.status in (CheckStatus.AWAITING, CheckStatus.VERIFIED) and self.expires_on < today:
            return CheckStatus.EXPIRED
        return self.status

    def clean(self):
        from django.core.exceptions import ValidationError

        if self.adopted_on and self.last_reviewed_on and self.last_reviewed_on < self.adopted_on:
            raise ValidationError(
                {"last_reviewed_on": "The last review cannot be before the policy was adopted."}
            )
        if self.status == CheckStatus.REJECTED and not self.rejection_reason.strip():
            raise ValidationError({"rejection_reason": "Give the reason the evidence was rejected."})


def default_expiry(*, requirement: Requirement, adopted_on, last_reviewed_on, submitted_on: date) -> date:
    """The evidence's own date (last review, else adoption, else the day submitted) plus its validity."""
    start = last_reviewed_on or adopted_on or submitted_on
    return add_months(start, requirement.validity_months)
