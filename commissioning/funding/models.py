"""Funding: the partners' funding streams, pooled and aligned budgets (contributions, allocations and
commitments), and the workforce and market development plans of step 8.

Financial years run from April to March. They are stored as the year they start in (2026 means 2026/27)."""

import calendar
import uuid
from datetime import date

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from commissioning.core.models import ArchivableModel, ArchivableQuerySet, TimeStampedModel, VersionedModel
from commissioning.organisations.models import Sector

FIRST_YEAR, LAST_YEAR = 2000, 2100
LARGEST_AMOUNT = 999_999_999_999  # 14 digits, 2 of them after the point
ENDING_SOON_MONTHS = 6


def year_label(year: int | None) -> str:
    """2026 → "2026/27", the financial year from 1 April 2026 to 31 March 2027."""
    if year is None:
        return ""
    return f"{year}/{str(year + 1)[-2:]}"


def add_months(day: date, months: int) -> date:
    """The same day `months` months later, or the month's last day when it is shorter (31 August + 6 → 28/29
    February)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def financial_year_of(day: date) -> int:
    return day.year if day.month >= 4 else day.year - 1


def year_field(**kwargs):
    return models.PositiveSmallIntegerField(
        validators=[MinValueValidator(FIRST_YEAR), MaxValueValidator(LAST_YEAR)],
        help_text=kwargs.pop("help_text", "The year the financial year starts in April: 2026 means 2026/27."),
        **kwargs,
    )


def money_field(**kwargs):
    return models.DecimalField(
        max_digits=14, decimal_places=2, validators=[MinValueValidator(0)], help_text="In pounds.", **kwargs
    )


def _year_range(name: str, field: str) -> models.CheckConstraint:
    return models.CheckConstraint(
        condition=Q(**{f"{field}__gte": FIRST_YEAR}) & Q(**{f"{field}__lte": LAST_YEAR}),
        name=name,
        violation_error_message=f"Enter a financial year between {FIRST_YEAR} and {LAST_YEAR}.",
    )


def _not_negative(name: str, field: str = "amount") -> models.CheckConstraint:
    return models.CheckConstraint(
        condition=Q(**{f"{field}__gte": 0}),
        name=name,
        violation_error_message="The amount cannot be negative.",
    )


class FundingStream(TimeStampedModel, ArchivableModel, VersionedModel):
    """Money a partner has for children's services in one financial year, from one source."""

    name = models.CharField(max_length=255, help_text="What the partnership calls it, like High needs block.")
    partner = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.PROTECT,
        related_name="funding_streams",
        help_text="The partner that receives and holds the money.",
    )
    source = models.CharField(
        max_length=255, help_text="Where the money comes from, like Dedicated Schools Grant."
    )
    financial_year = year_field()
    amount = money_field()
    ring_fenced = models.BooleanField(
        "ring-fenced", default=False, help_text="May be spent only on what the grant conditions allow."
    )
    restrictions = models.TextField(blank=True, help_text="The conditions on how it may be spent.")
    start_date = models.DateField(help_text="When the money can first be spent.")
    end_date = models.DateField(help_text="When the funding ends.")

    objects = ArchivableQuerySet.as_manager()

    class Meta:
        ordering = ["-financial_year", "partner__name", "name"]
        constraints = [
            _year_range("funding_stream_year_range", "financial_year"),
            _not_negative("funding_stream_amount_not_negative"),
            models.CheckConstraint(
                condition=Q(end_date__gt=models.F("start_date")),
                name="funding_stream_ends_after_start",
                violation_error_message="The end date must be after the start date.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} {self.year_label}"

    def get_absolute_url(self) -> str:
        return reverse("funding:stream", args=[self.pk])

    @property
    def year_label(self) -> str:
        return year_label(self.financial_year)

    @property
    def ends_soon(self) -> bool:
        return self.ends_within(timezone.localdate())

    def ends_within(self, today: date, months: int = ENDING_SOON_MONTHS) -> bool:
        """True when the funding ends between today and the same day `months` months from now."""
        if self.end_date < today:
            return False
        return self.end_date <= add_months(today, months)


class ServiceFunding(TimeStampedModel, ArchivableModel):
    """How much of a funding stream pays for a service in the register, a year."""

    stream = models.ForeignKey(FundingStream, on_delete=models.PROTECT, related_name="service_links")
    service = models.ForeignKey("services.Service", on_delete=models.PROTECT, related_name="funding_links")
    annual_amount = money_field(verbose_name="amount a year")

    objects = ArchivableQuerySet.as_manager()

    class Meta:
        ordering = ["service__name"]
        constraints = [
            _not_negative("service_funding_amount_not_negative", "annual_amount"),
            models.UniqueConstraint(
                fields=["stream", "service"],
                condition=Q(archived_at__isnull=True),
                name="service_funding_unique_active",
                violation_error_message="This stream already funds that service.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.stream} → {self.service}"

    def get_absolute_url(self) -> str:
        return self.stream.get_absolute_url()


class Arrangement(models.TextChoices):
    POOLED = "pooled_s75", "Pooled budget (section 75 agreement, NHS Act 2006)"
    ALIGNED = "aligned", "Aligned budget"
    OTHER = "other", "Other arrangement"


def agreement_upload_path(instance, filename: str) -> str:
    """Stored under a random name: the uploader's file name is kept only as a label."""
    return f"funding/agreements/{instance.pk or 'new'}/{uuid.uuid4().hex}"


class PooledBudget(TimeStampedModel, ArchivableModel, VersionedModel):
    """Partners' money brought together (pooled) or planned together (aligned) under a written agreement."""

    name = models.CharField(max_length=255)
    arrangement = models.CharField(max_length=20, choices=Arrangement.choices)
    purpose = models.TextField(blank=True, help_text="What the budget pays for and the outcomes it serves.")
    host = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.PROTECT,
        related_name="hosted_budgets",
        verbose_name="host partner",
        help_text="The partner that holds the budget and accounts for it.",
    )
    holder_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="held_budgets",
        verbose_name="budget holder (a person with an account)",
        help_text="Or give the budget holder's name and role below.",
    )
    holder_name = models.CharField(
        "budget holder's name", max_length=255, blank=True, help_text="If they have no account here."
    )
    holder_role = models.CharField(
        "budget holder's role", max_length=255, blank=True, help_text="Like Director of Children's Services."
    )
    first_year = year_field(verbose_name="first financial year", help_text="2026 means 2026/27.")
    last_year = year_field(
        verbose_name="last financial year", help_text="The last year the agreement covers."
    )
    agreement_signed_on = models.DateField(
        "agreement signed on", null=True, blank=True, help_text="When every partner had signed."
    )
    agreement_file = models.FileField(upload_to=agreement_upload_path, blank=True, max_length=300)
    agreement_file_name = models.CharField(max_length=255, blank=True)
    agreement_file_size = models.PositiveIntegerField(null=True, blank=True)
    agreement_content_type = models.CharField(max_length=100, blank=True)
    scheme_of_delegation = models.TextField(
        blank=True, help_text="Who may commit how much of the budget, and who approves what."
    )

    objects = ArchivableQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        constraints = [
            _year_range("pooled_budget_first_year_range", "first_year"),
            _year_range("pooled_budget_last_year_range", "last_year"),
            models.CheckConstraint(
                condition=Q(last_year__gte=models.F("first_year")),
                name="pooled_budget_years_in_order",
                violation_error_message="The last financial year cannot be before the first.",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("funding:budget", args=[self.pk])

    @property
    def years(self) -> list[int]:
        return list(range(self.first_year, self.last_year + 1))

    @property
    def years_label(self) -> str:
        first, last = year_label(self.first_year), year_label(self.last_year)
        return first if first == last else f"{first} to {last}"

    @property
    def holder_label(self) -> str:
        if self.holder_user_id:
            name = self.holder_user.get_full_name() or self.holder_user.get_username()
        else:
            name = self.holder_name
        return ", ".join(part for part in (name, self.holder_role) if part)

    @property
    def is_signed(self) -> bool:
        return self.agreement_signed_on is not None and bool(self.agreement_file)


class Contribution(TimeStampedModel, ArchivableModel, VersionedModel):
    """What one partner puts into a budget in one financial year."""

    budget = models.ForeignKey(PooledBudget, on_delete=models.PROTECT, related_name="contributions")
    partner = models.ForeignKey("organisations.Organisation", on_delete=models.PROTECT, related_name="+")
    financial_year = year_field()
    amount = money_field()
    notes = models.TextField(blank=True)

    objects = ArchivableQuerySet.as_manager()

    class Meta:
        ordering = ["financial_year", "partner__name"]
        constraints = [
            _year_range("contribution_year_range", "financial_year"),
            _not_negative("contribution_amount_not_negative"),
            models.UniqueConstraint(
                fields=["budget", "partner", "financial_year"],
                condition=Q(archived_at__isnull=True),
                name="contribution_unique_partner_year",
                violation_error_message="That partner's contribution for that year is already recorded.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.partner} {year_label(self.financial_year)}"

    def get_absolute_url(self) -> str:
        return self.budget.get_absolute_url()


# What an allocation can pay for. Each is a nullable foreign key on Allocation, and exactly one is set: the check
# constraint, the service and the forms read this tuple.
ALLOCATION_TARGETS = ("activity", "service", "agreement")


def _one_target() -> Q:
    conditions = []
    for chosen in ALLOCATION_TARGETS:
        condition = Q(**{f"{chosen}__isnull": False})
        for other in ALLOCATION_TARGETS:
            if other != chosen:
                condition &= Q(**{f"{other}__isnull": True})
        conditions.append(condition)
    combined = conditions[0]
    for condition in conditions[1:]:
        combined |= condition
    return combined


class Allocation(TimeStampedModel, ArchivableModel, VersionedModel):
    """Part of a budget's money for one year set aside for a commissioning activity, a service or an agreement."""

    budget = models.ForeignKey(PooledBudget, on_delete=models.PROTECT, related_name="allocations")
    financial_year = year_field()
    activity = models.ForeignKey(
        "cycle.CommissioningActivity",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="budget_allocations",
        verbose_name="commissioning activity",
    )
    service = models.ForeignKey(
        "services.Service", null=True, blank=True, on_delete=models.PROTECT, related_name="budget_allocations"
    )
    agreement = models.ForeignKey(
        "contracts.Agreement",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="budget_allocations",
        help_text="A contract or other agreement in the contracts register.",
    )
    amount = money_field()
    description = models.TextField(blank=True)
    override_reason = models.TextField(
        blank=True, help_text="Why the allocation was allowed beyond what is pooled for the year."
    )
    override_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    override_at = models.DateTimeField(null=True, blank=True)

    objects = ArchivableQuerySet.as_manager()

    class Meta:
        ordering = ["financial_year", "created_at"]
        constraints = [
            _year_range("allocation_year_range", "financial_year"),
            _not_negative("allocation_amount_not_negative"),
            models.CheckConstraint(
                condition=_one_target(),
                name="allocation_has_one_target",
                violation_error_message="Choose one commissioning activity, one service or one agreement.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.target} {year_label(self.financial_year)}"

    def get_absolute_url(self) -> str:
        return self.budget.get_absolute_url()

    @property
    def target(self):
        for name in ALLOCATION_TARGETS:
            value = getattr(self, name)
            if value is not None:
                return value
        return None

    @property
    def target_kind(self) -> str:
        for name in ALLOCATION_TARGETS:
            if getattr(self, f"{name}_id") is not None:
                return str(self._meta.get_field(name).verbose_name).capitalize()
        return ""

    @property
    def overridden(self) -> bool:
        return bool(self.override_at)


class Commitment(TimeStampedModel, ArchivableModel):
    """Money committed (ordered, contracted or spent) against an allocation."""

    allocation = models.ForeignKey(Allocation, on_delete=models.PROTECT, related_name="commitments")
    amount = money_field()
    committed_on = models.DateField("date")
    description = models.CharField(max_length=255, help_text="What the money is committed to.")
    reference = models.CharField(
        max_length=100, blank=True, help_text="A purchase order, invoice or contract reference."
    )

    objects = ArchivableQuerySet.as_manager()

    class Meta:
        ordering = ["committed_on", "pk"]
        constraints = [_not_negative("commitment_amount_not_negative")]

    def __str__(self) -> str:
        return self.description

    def get_absolute_url(self) -> str:
        return self.allocation.budget.get_absolute_url()


class DevelopmentPlan(TimeStampedModel, ArchivableModel, VersionedModel):
    """A workforce and market development plan for a commissioning activity (step 8 of the cycle)."""

    activity = models.ForeignKey(
        "cycle.CommissioningActivity",
        on_delete=models.PROTECT,
        related_name="development_plans",
        verbose_name="commissioning activity",
    )
    title = models.CharField(max_length=255)
    skills_gaps = models.TextField(
        "skills gaps", blank=True, help_text="The gaps in the skills and competencies of the workforce."
    )
    sectors = models.JSONField(default=list, blank=True, help_text="The sectors the plan covers.")
    market_summary = models.TextField(
        "market development", blank=True, help_text="How the plan will develop the local market of providers."
    )

    objects = ArchivableQuerySet.as_manager()

    class Meta:
        ordering = ["activity__title", "title"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("funding:plan", args=[self.pk])

    @property
    def sector_labels(self) -> list[str]:
        return [Sector(code).label for code in self.sectors if code in Sector.values]


class TrainingItem(TimeStampedModel, ArchivableModel):
    plan = models.ForeignKey(DevelopmentPlan, on_delete=models.PROTECT, related_name="training")
    what = models.CharField("training", max_length=255, help_text="The course or programme.")
    for_whom = models.CharField("for whom", max_length=255, help_text="Which staff or volunteers.")
    planned_for = models.DateField("when", help_text="When it starts.")
    cost = money_field(null=True, blank=True)

    objects = ArchivableQuerySet.as_manager()

    class Meta:
        ordering = ["planned_for", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(cost__isnull=True) | Q(cost__gte=0),
                name="training_cost_not_negative",
                violation_error_message="The cost cannot be negative.",
            )
        ]

    def __str__(self) -> str:
        return self.what

    def get_absolute_url(self) -> str:
        return self.plan.get_absolute_url()


class ActionStatus(models.TextChoices):
    NOT_STARTED = "not_started", "Not started"
    IN_PROGRESS = "in_progress", "In progress"
    DONE = "done", "Done"


class MarketAction(TimeStampedModel, ArchivableModel, VersionedModel):
    plan = models.ForeignKey(DevelopmentPlan, on_delete=models.PROTECT, related_name="actions")
    action = models.CharField(max_length=255)
    owner = models.CharField(max_length=255, help_text="Who does it: a person or a team.")
    due_on = models.DateField("due date")
    status = models.CharField(max_length=20, choices=ActionStatus.choices, default=ActionStatus.NOT_STARTED)

    objects = ArchivableQuerySet.as_manager()

    class Meta:
        ordering = ["due_on", "pk"]

    def __str__(self) -> str:
        return self.action

    def get_absolute_url(self) -> str:
        return self.plan.get_absolute_url()
