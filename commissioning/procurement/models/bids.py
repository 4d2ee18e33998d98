"""What bidders answer and what they send: the questions with their weights, clarification questions, and the
sealed bids (read only through the selectors, which refuse before the deadline)."""

import hashlib

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q

from commissioning.core.models import ArchivableModel, ArchivableQuerySet, TimeStampedModel
from commissioning.procurement.models.tenders import Procurement


class QuestionStage(models.TextChoices):
    SELECTION = "selection", "Selection (conditions of participation)"
    AWARD = "award", "Award"


class Criterion(models.TextChoices):
    QUALITY = "quality", "Quality"
    SOCIAL_VALUE = "social_value", "Social value"
    PASS_FAIL = "pass_fail", "Pass or fail"


class AddedValue(models.TextChoices):
    SOCIAL = "social", "Social component (relationships with users, standing and trust in the community)"
    RESOURCE = "resource", "Resource component (access to additional resources, infrastructure)"


class Question(TimeStampedModel, ArchivableModel):
    """A question bidders answer, scored on the procurement's scale against its weight (or pass or fail)."""

    procurement = models.ForeignKey(Procurement, on_delete=models.PROTECT, related_name="questions")
    stage = models.CharField(max_length=20, choices=QuestionStage.choices, default=QuestionStage.AWARD)
    criterion = models.CharField(max_length=20, choices=Criterion.choices, default=Criterion.QUALITY)
    number = models.CharField(max_length=10, help_text="As the tender documents number it, like Q3 or 2.1.")
    text = models.TextField()
    guidance = models.TextField(blank=True, help_text="What a good answer covers.")
    weight = models.DecimalField(
        "weight (%)",
        max_digits=5,
        decimal_places=2,
        default=0,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
        help_text="Its share of the whole evaluation, in per cent; 0 for pass or fail.",
    )
    added_value = models.CharField(
        max_length=20, choices=AddedValue.choices, blank=True, help_text="For social value questions."
    )
    word_limit = models.PositiveIntegerField(null=True, blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    objects = ArchivableQuerySet.as_manager()

    class Meta:
        ordering = ["procurement", "stage", "position", "pk"]

    def __str__(self) -> str:
        return f"{self.number} {self.text[:60]}"

    @property
    def is_scored(self) -> bool:
        return self.criterion != Criterion.PASS_FAIL


class Clarification(TimeStampedModel):
    """A bidder's clarification question. The answer is published to every bidder without saying who asked."""

    procurement = models.ForeignKey(Procurement, on_delete=models.PROTECT, related_name="clarifications")
    asked_by_organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    asked_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    question = models.TextField()
    published_question = models.TextField(
        blank=True, help_text="The question as published, with names removed."
    )
    answer = models.TextField(blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    published_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["procurement", "created_at"]

    def __str__(self) -> str:
        return self.question[:80]


class BidStatus(models.TextChoices):
    SUBMITTED = "submitted", "Submitted"
    WITHDRAWN = "withdrawn", "Withdrawn"
    EXCLUDED = "excluded", "Excluded"


class Bid(TimeStampedModel):
    """A bidder's sealed bid. Its content is read only through `selectors.bid_for_reading`."""

    procurement = models.ForeignKey(Procurement, on_delete=models.PROTECT, related_name="bids")
    bidder = models.ForeignKey("organisations.Organisation", on_delete=models.PROTECT, related_name="bids")
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    submitted_at = models.DateTimeField()
    price = models.DecimalField(
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
        help_text="The whole-life price in pounds, without VAT.",
    )
    status = models.CharField(max_length=20, choices=BidStatus.choices, default=BidStatus.SUBMITTED)
    excluded_reason = models.TextField(blank=True)
    receipt = models.CharField(max_length=64, help_text="A digest of the bid as submitted, for the bidder.")

    class Meta:
        ordering = ["procurement", "submitted_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["procurement", "bidder"], condition=Q(status="submitted"), name="one_bid_per_bidder"
            ),
            models.CheckConstraint(
                condition=~Q(status="excluded") | ~Q(excluded_reason=""), name="bid_excluded_with_reason"
            ),
        ]

    def __str__(self) -> str:
        return f"Bid from {self.bidder}"


class BidAnswer(models.Model):
    bid = models.ForeignKey(Bid, on_delete=models.PROTECT, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="answers")
    text = models.TextField()

    class Meta:
        ordering = ["bid", "question__position", "question__pk"]
        constraints = [models.UniqueConstraint(fields=["bid", "question"], name="one_answer_per_question")]

    def __str__(self) -> str:
        return f"Answer to {self.question.number}"


def bid_document_path(instance, filename):
    return f"bids/{instance.bid.procurement_id}/{instance.bid_id}/{filename}"


class BidDocument(models.Model):
    bid = models.ForeignKey(Bid, on_delete=models.PROTECT, related_name="documents")
    file = models.FileField(upload_to=bid_document_path)
    name = models.CharField(max_length=255)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)

    class Meta:
        ordering = ["bid", "name"]

    def __str__(self) -> str:
        return self.name

    @staticmethod
    def digest(content: bytes) -> str:
        return hashlib.sha256(content).hexdigest()
