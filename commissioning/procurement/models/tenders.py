"""A procurement or grant round run for a commissioning activity: its route, the procurement steps, the
timetable and notices, the project team and project initiation document, the tender panel and the conflicts
assessment."""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from commissioning.core.models import ArchivableModel, ArchivableQuerySet, TimeStampedModel, VersionedModel
from commissioning.procurement.models.routing import BuyerType
from commissioning.procurement.routes import Category, Regime

REGIME_CHOICES = [
    (Regime.ABOVE_THRESHOLD, "Above threshold (Procurement Act 2023)"),
    (Regime.LIGHT_TOUCH, "Light-touch regime (Procurement Act 2023)"),
    (Regime.BELOW_THRESHOLD_NOTIFIABLE, "Notifiable below-threshold contract"),
    (Regime.BELOW_THRESHOLD, "Below threshold (the council's own rules)"),
    (Regime.PROVIDER_SELECTION_REGIME, "Provider Selection Regime (health care services)"),
    (Regime.GRANT, "Grant funding (not a procurement)"),
]


class ProcurementKind(models.TextChoices):
    TENDER = "tender", "Tender"
    GRANT_ROUND = "grant_round", "Grant round"


class GrantType(models.TextChoices):
    COMPETITIVE = "competitive", "Competitive grant"
    SELECTIVE = "selective", "Selective grant"
    SMALL_GRANTS = "small_grants", "Small grants"
    GRANT_IN_AID = "grant_in_aid", "Grant-in-aid"


class Procedure(models.TextChoices):
    OPEN = "open", "Open procedure"
    COMPETITIVE_FLEXIBLE = "competitive_flexible", "Competitive flexible procedure (selection, then tender)"
    QUOTATION = "quotation", "Request for quotations (below threshold)"
    GRANT_APPLICATION = "grant_application", "Grant applications"


class ProcurementStatus(models.TextChoices):
    PLANNING = "planning", "Planning"
    OPEN = "open", "Open for bids"
    EVALUATION = "evaluation", "Bids opened: evaluation"
    AWARD_DECIDED = "award_decided", "Award decided"
    AWARDED = "awarded", "Awarded"
    CANCELLED = "cancelled", "Cancelled"


class PriceFormula(models.TextChoices):
    LOWEST_PRICE = "lowest_price", "Lowest price ÷ bid price × price weight"
    NONE = "none", "No price score (fixed price or grant)"


DEFAULT_SCALE = [
    {"score": 0, "label": "Unacceptable", "description": "No answer, or the answer does not meet the need."},
    {"score": 1, "label": "Poor", "description": "Major gaps or weaknesses; little evidence."},
    {"score": 2, "label": "Weak", "description": "Some gaps or weaknesses; limited evidence."},
    {"score": 3, "label": "Satisfactory", "description": "Meets the need with some evidence."},
    {"score": 4, "label": "Good", "description": "Meets the need well with clear evidence."},
    {
        "score": 5,
        "label": "Excellent",
        "description": "Exceeds the need with strong evidence and added value.",
    },
]


def default_scale():
    return [dict(point) for point in DEFAULT_SCALE]


money = {"max_digits": 14, "decimal_places": 2, "validators": [MinValueValidator(0)]}
percent = {
    "max_digits": 5,
    "decimal_places": 2,
    "validators": [MinValueValidator(0), MaxValueValidator(100)],
    "default": Decimal("0"),
}


class ProcurementQuerySet(ArchivableQuerySet):
    def open_to_bids(self, now=None):
        now = now or timezone.now()
        return self.active().filter(status=ProcurementStatus.OPEN, tender_deadline__gt=now)


class Procurement(TimeStampedModel, ArchivableModel, VersionedModel):
    """A tender or grant round for a commissioning activity, from planning to award."""

    reference = models.CharField(
        max_length=30,
        unique=True,
        error_messages={"unique": "Another procurement already has this reference."},
        help_text="The partnership's reference, like CYP-2026-014.",
    )
    title = models.CharField(max_length=255)
    description = models.TextField(blank=True, help_text="What is being bought or funded, for the advert.")
    kind = models.CharField(max_length=20, choices=ProcurementKind.choices, default=ProcurementKind.TENDER)
    activity = models.ForeignKey(
        "cycle.CommissioningActivity", on_delete=models.PROTECT, related_name="procurements"
    )
    lead = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="led_procurements",
        help_text="The procurement manager who runs it.",
    )
    category = models.CharField(max_length=40, choices=Category.CHOICES)
    buyer_type = models.CharField(max_length=20, choices=BuyerType.choices, default=BuyerType.SUB_CENTRAL)
    estimated_value = models.DecimalField(**money, help_text="Estimated whole-life value in pounds.")
    includes_vat = models.BooleanField(default=False)
    duration_months = models.PositiveSmallIntegerField(validators=[MinValueValidator(1)])
    regime = models.CharField(max_length=40, choices=REGIME_CHOICES)
    procedure = models.CharField(max_length=30, choices=Procedure.choices)
    local_method = models.CharField(max_length=255, blank=True)
    resulting_agreement = models.CharField(max_length=255, blank=True)
    advice_reasons = models.JSONField(default=list, blank=True, help_text="The route advice when planned.")
    contract_start = models.DateField(help_text="When the service must start.")
    voluntary_sector_affected = models.BooleanField(
        default=False, help_text="Voluntary or community organisations' funding changes (the Compact)."
    )
    voluntary_standstill = models.BooleanField(
        default=True, help_text="Observe a standstill even where the law does not require one."
    )
    grant_type = models.CharField(max_length=20, choices=GrantType.choices, blank=True)
    eligibility = models.TextField(blank=True, help_text="Who may apply for the grant, and the conditions.")
    invited = models.ManyToManyField(
        "organisations.Organisation",
        blank=True,
        related_name="invitations",
        verbose_name="invited organisations",
        help_text="A selective grant round or grant-in-aid is open only to the organisations invited.",
    )
    status = models.CharField(
        max_length=20, choices=ProcurementStatus.choices, default=ProcurementStatus.PLANNING
    )
    published_at = models.DateTimeField(null=True, blank=True)
    clarification_deadline = models.DateTimeField(null=True, blank=True)
    tender_deadline = models.DateTimeField(null=True, blank=True, help_text="Bids close at this time.")
    bids_opened_at = models.DateTimeField(null=True, blank=True)
    bids_opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    objectives = models.TextField(blank=True, help_text="Project initiation document: what it must achieve.")
    implementation_plan = models.TextField(blank=True, help_text="Project initiation document.")
    price_weight = models.DecimalField("price (%)", **percent)
    quality_weight = models.DecimalField("quality (%)", **percent)
    social_value_weight = models.DecimalField("social value (%)", **percent)
    price_formula = models.CharField(
        max_length=20, choices=PriceFormula.choices, default=PriceFormula.LOWEST_PRICE
    )
    scoring_scale = models.JSONField(default=default_scale, help_text="The scores evaluators may give.")
    lessons_learned_on = models.DateField(null=True, blank=True, help_text="The lessons-learned meeting.")
    lessons_learned = models.TextField(blank=True)
    panel_feedback = models.TextField(blank=True, help_text="What panel members said of the process.")
    cancelled_reason = models.TextField(blank=True)

    objects = ProcurementQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(clarification_deadline__isnull=True)
                | Q(tender_deadline__isnull=True)
                | Q(clarification_deadline__lt=models.F("tender_deadline")),
                name="procurement_clarification_before_deadline",
            )
        ]

    def __str__(self) -> str:
        return f"{self.reference} {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("procurement:detail", args=[self.pk])

    @property
    def is_grant_round(self) -> bool:
        return self.kind == ProcurementKind.GRANT_ROUND

    @property
    def scale_max(self) -> int:
        return max(int(point["score"]) for point in self.scoring_scale)

    @property
    def scale_min(self) -> int:
        return min(int(point["score"]) for point in self.scoring_scale)

    def deadline_passed(self, now=None) -> bool:
        return self.tender_deadline is not None and (now or timezone.now()) >= self.tender_deadline

    @property
    def bids_are_open(self) -> bool:
        """Bids may be read only once opened, and they can only be opened after the deadline."""
        return self.bids_opened_at is not None and self.deadline_passed()

    @property
    def by_invitation(self) -> bool:
        return self.grant_type in (GrantType.SELECTIVE, GrantType.GRANT_IN_AID)

    @property
    def needs_service_level_agreement(self) -> bool:
        """The guide: small grants lead to a funding agreement; other grants to a funding agreement with SLA."""
        return self.grant_type != GrantType.SMALL_GRANTS

    @property
    def standstill_applies(self) -> bool:
        if self.regime in (Regime.ABOVE_THRESHOLD, Regime.PROVIDER_SELECTION_REGIME):
            return True
        return self.regime == Regime.LIGHT_TOUCH and self.voluntary_standstill


class StepStatus(models.TextChoices):
    NOT_STARTED = "not_started", "Not started"
    IN_PROGRESS = "in_progress", "In progress"
    COMPLETE = "complete", "Complete"
    NOT_APPLICABLE = "not_applicable", "Not applicable"


class ProcurementStep(TimeStampedModel):
    """One of the eleven procurement steps of the council's framework, for this procurement."""

    procurement = models.ForeignKey(Procurement, on_delete=models.PROTECT, related_name="steps")
    number = models.PositiveSmallIntegerField()
    title = models.CharField(max_length=255)
    guidance = models.ForeignKey(
        "frameworks.FrameworkItem", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(max_length=20, choices=StepStatus.choices, default=StepStatus.NOT_STARTED)
    done_on = models.DateField(null=True, blank=True)
    notes = models.TextField(blank=True, help_text="What was done, or why the step does not apply.")

    class Meta:
        ordering = ["procurement", "number"]
        constraints = [
            models.UniqueConstraint(fields=["procurement", "number"], name="procurement_step_unique"),
        ]

    def __str__(self) -> str:
        return f"Step {self.number}: {self.title}"


class Milestone(TimeStampedModel):
    """A date of the timetable, scheduled back from the contract start; re-planning keeps what is done."""

    procurement = models.ForeignKey(Procurement, on_delete=models.PROTECT, related_name="milestones")
    key = models.CharField(max_length=40)
    name = models.CharField(max_length=255)
    due = models.DateField()
    rule = models.CharField(max_length=500, help_text="Why it falls on this day.")
    done_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["procurement", "due", "key"]
        constraints = [
            models.UniqueConstraint(fields=["procurement", "key"], name="milestone_key_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.name}: {self.due:%-d %B %Y}"


class Notice(TimeStampedModel):
    """A notice the route requires (from the route advice), and when and where it was published."""

    procurement = models.ForeignKey(Procurement, on_delete=models.PROTECT, related_name="notices")
    name = models.CharField(max_length=500)
    position = models.PositiveSmallIntegerField(default=0)
    published_on = models.DateField(null=True, blank=True)
    reference = models.CharField(
        max_length=100, blank=True, help_text="The Find a Tender or Contracts Finder notice identifier."
    )

    class Meta:
        ordering = ["procurement", "position"]

    def __str__(self) -> str:
        return self.name


class TeamMember(TimeStampedModel, ArchivableModel):
    """A member of the project team that drives the procurement (Islington 5.3, 5.4)."""

    procurement = models.ForeignKey(Procurement, on_delete=models.PROTECT, related_name="team")
    name = models.CharField(max_length=255)
    team_role = models.CharField(
        "role", max_length=100, help_text="For example: lead commissioner, finance, legal, service user."
    )
    organisation = models.CharField(max_length=255, blank=True)
    responsibilities = models.TextField(blank=True)

    objects = ArchivableQuerySet.as_manager()

    class Meta:
        ordering = ["procurement", "pk"]

    def __str__(self) -> str:
        return f"{self.name} ({self.team_role})"


class RiskStatus(models.TextChoices):
    OPEN = "open", "Open"
    CLOSED = "closed", "Closed"


class Risk(TimeStampedModel, ArchivableModel):
    """A risk of the project initiation document, with its contingency plan."""

    procurement = models.ForeignKey(Procurement, on_delete=models.PROTECT, related_name="risks")
    description = models.TextField()
    likelihood = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(1), MaxValueValidator(5)], help_text="1 (rare) to 5 (almost certain)."
    )
    impact = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(1), MaxValueValidator(5)], help_text="1 (minor) to 5 (severe)."
    )
    mitigation = models.TextField(help_text="How it is reduced, and the contingency plan if it happens.")
    owner = models.CharField(max_length=255)
    status = models.CharField(max_length=10, choices=RiskStatus.choices, default=RiskStatus.OPEN)

    objects = ArchivableQuerySet.as_manager()

    class Meta:
        ordering = ["procurement", "pk"]

    def __str__(self) -> str:
        return self.description[:80]

    @property
    def rating(self) -> int:
        return self.likelihood * self.impact


class PanelRole(models.TextChoices):
    OFFICER = "officer", "Council or partner officer"
    COMMISSIONER = "commissioner", "Commissioner"
    SPECIALIST = "specialist", "Specialist (for example a health professional)"
    FINANCE = "finance", "Finance"
    YOUNG_PERSON = "young_person", "Young person (service user)"
    PARENT_CARER = "parent_carer", "Parent or carer"
    INDEPENDENT = "independent", "Independent member"


class PanelMember(TimeStampedModel):
    """A member of the tender panel. Sees bids only after declaring no conflict, and only after the deadline."""

    procurement = models.ForeignKey(Procurement, on_delete=models.PROTECT, related_name="panel")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="panel_places")
    panel_role = models.CharField("role on the panel", max_length=20, choices=PanelRole.choices)
    evaluates_price = models.BooleanField(
        default=False, help_text="Scores nothing: checks the price schedule."
    )
    training_completed_on = models.DateField(null=True, blank=True)
    training_notes = models.TextField(blank=True, help_text="The training and support given.")
    support_needs = models.TextField(
        blank=True, help_text="Support a young person or parent needs to take part."
    )
    removed_at = models.DateTimeField(null=True, blank=True)
    removed_reason = models.TextField(blank=True)

    class Meta:
        ordering = ["procurement", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["procurement", "user"], name="panel_member_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.user.get_full_name() or self.user.username} ({self.get_panel_role_display()})"

    @property
    def is_service_user(self) -> bool:
        return self.panel_role in (PanelRole.YOUNG_PERSON, PanelRole.PARENT_CARER)


class ConflictDeclaration(TimeStampedModel):
    """A panel member's declaration of interests; a declared conflict removes their access to bids."""

    panel_member = models.ForeignKey(PanelMember, on_delete=models.PROTECT, related_name="declarations")
    has_conflict = models.BooleanField(help_text="An interest in a bidder or in the outcome.")
    interests = models.TextField(blank=True, help_text="The interests declared, or 'none'.")
    declared_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["panel_member", "-declared_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(has_conflict=False) | ~Q(interests=""), name="conflict_declared_with_interests"
            )
        ]

    def __str__(self) -> str:
        return "Conflict declared" if self.has_conflict else "No conflict"


class ConflictAssessment(TimeStampedModel):
    """The procurement's conflicts assessment (Procurement Act 2023, section 83), kept under review."""

    procurement = models.ForeignKey(
        Procurement, on_delete=models.PROTECT, related_name="conflict_assessments"
    )
    assessed_on = models.DateField()
    assessed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    conflicts_identified = models.TextField(help_text="Actual and potential conflicts, or 'none identified'.")
    mitigations = models.TextField(blank=True, help_text="The steps taken to mitigate each.")
    next_review_on = models.DateField(help_text="When it will be reviewed next.")

    class Meta:
        ordering = ["procurement", "-assessed_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(next_review_on__gte=models.F("assessed_on")),
                name="conflict_review_after_assessment",
            )
        ]

    def __str__(self) -> str:
        return f"Conflicts assessment of {self.assessed_on:%-d %B %Y}"
