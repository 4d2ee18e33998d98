"""Evaluation: each evaluator's independent scores, the moderated consensus, the award decision with its
approval and standstill, the letters to every bidder, and the funding agreement of a grant."""

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q

from commissioning.core.models import TimeStampedModel
from commissioning.procurement.models.bids import Bid, Question
from commissioning.procurement.models.tenders import PanelMember, Procurement


class Score(TimeStampedModel):
    """One evaluator's score of one answer, with the justification; fixed once the evaluator submits."""

    evaluator = models.ForeignKey(PanelMember, on_delete=models.PROTECT, related_name="scores")
    bid = models.ForeignKey(Bid, on_delete=models.PROTECT, related_name="scores")
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="scores")
    score = models.PositiveSmallIntegerField(help_text="On the procurement's scale; 1 pass, 0 fail.")
    justification = models.TextField()
    submitted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["bid", "question__position", "question__pk", "evaluator"]
        constraints = [
            models.UniqueConstraint(fields=["evaluator", "bid", "question"], name="one_score_per_evaluator"),
            models.CheckConstraint(condition=~Q(justification=""), name="score_justified"),
        ]


class Moderation(TimeStampedModel):
    """The consensus score the panel agreed for an answer, and why it differs from individual scores."""

    bid = models.ForeignKey(Bid, on_delete=models.PROTECT, related_name="moderations")
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="moderations")
    score = models.PositiveSmallIntegerField()
    reasons = models.TextField(blank=True, help_text="Why the consensus differs from the individual scores.")
    feedback = models.TextField(help_text="The strengths and weaknesses the bidder is told.")
    moderated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["bid", "question__position", "question__pk"]
        constraints = [
            models.UniqueConstraint(fields=["bid", "question"], name="one_moderation_per_answer"),
        ]


class AwardDecision(TimeStampedModel):
    """Who is awarded, approved by whom; the standstill and when the contract is entered into."""

    procurement = models.ForeignKey(Procurement, on_delete=models.PROTECT, related_name="awards")
    bid = models.OneToOneField(Bid, on_delete=models.PROTECT, related_name="award")
    amount = models.DecimalField(
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
        help_text="For a grant: the amount awarded, which may be less than asked for.",
    )
    decided_on = models.DateField()
    approved_by = models.CharField(
        max_length=255, help_text="The board, or the officer with delegated authority."
    )
    approval_reference = models.CharField(
        max_length=100, blank=True, help_text="Minute or decision reference."
    )
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    award_notice_on = models.DateField(null=True, blank=True, help_text="Contract award notice published.")
    standstill_ends = models.DateField(null=True, blank=True)
    contract_entered_on = models.DateField(null=True, blank=True)
    reasons = models.TextField(help_text="Why this bid is the most advantageous.")

    def __str__(self) -> str:
        return f"Award to {self.bid.bidder}"


class LetterKind(models.TextChoices):
    AWARD = "award", "Award letter"
    UNSUCCESSFUL = "unsuccessful", "Feedback letter"


class Letter(TimeStampedModel):
    """An award or feedback letter as issued: the text is kept as it was sent."""

    bid = models.ForeignKey(Bid, on_delete=models.PROTECT, related_name="letters")
    kind = models.CharField(max_length=20, choices=LetterKind.choices)
    body = models.TextField()
    issued_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["bid", "-created_at"]


class GrantAgreement(TimeStampedModel):
    """The funding agreement with its service level agreement, for a grant awarded in a grant round."""

    bid = models.OneToOneField(Bid, on_delete=models.PROTECT, related_name="grant_agreement")
    amount = models.DecimalField(max_digits=14, decimal_places=2, validators=[MinValueValidator(0)])
    starts_on = models.DateField()
    ends_on = models.DateField()
    payment_schedule = models.TextField(help_text="When and how the grant is paid.")
    outputs_and_outcomes = models.TextField(
        blank=True, help_text="Service level agreement: what the grant delivers."
    )
    monitoring = models.TextField(
        blank=True, help_text="Service level agreement: returns, meetings and evidence asked for."
    )
    conditions = models.TextField(blank=True, help_text="Conditions of grant, including clawback.")
    signed_on = models.DateField(null=True, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gt=models.F("starts_on")), name="grant_ends_after_start"
            ),
        ]

    def __str__(self) -> str:
        return f"Funding agreement with {self.bid.bidder}"
