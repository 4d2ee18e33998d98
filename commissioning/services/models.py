"""The service register: every service for children and families, whoever provides it, mapped to the
priorities and outcomes it serves; and the market position statements drafted from the register's figures."""

from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse

from commissioning.core.models import ArchivableModel, ArchivableQuerySet, TimeStampedModel, VersionedModel
from commissioning.cycle.models import Level, ServiceArea, Tier

MAX_AGE = 25  # services for children and young people, and care leavers and young adults with SEND up to 25

reference_validator = RegexValidator(
    r"^[A-Za-z0-9][A-Za-z0-9._/-]*$",
    "Enter a reference of letters, digits and . _ / - only, like EH-001.",
)


class TargetGroup(models.TextChoices):
    ALL_CHILDREN = "all_children", "All children and young people"
    EARLY_YEARS = "early_years", "Children in the early years (0 to 5)"
    LOOKED_AFTER = "looked_after", "Looked-after children"
    CARE_LEAVERS = "care_leavers", "Care leavers"
    CHILDREN_IN_NEED = "children_in_need", "Children in need and on child protection plans"
    YOUNG_CARERS = "young_carers", "Young carers"
    DISABLED = "disabled", "Disabled children"
    SEN = "sen", "Children with special educational needs"
    YOUNG_OFFENDERS = "young_offenders", "Young offenders and those at risk of offending"
    MENTAL_HEALTH = "mental_health", "Children with emotional or mental health needs"
    NEET = "neet", "Young people not in education, employment or training"
    PARENTS_CARERS = "parents_carers", "Parents and carers"


class SecuredBy(models.TextChoices):
    IN_HOUSE = "in_house", "In-house"
    CONTRACT = "contract", "Contract"
    GRANT = "grant", "Grant"
    SLA = "sla", "Service level agreement"
    SPOT_PURCHASE = "spot_purchase", "Spot purchase"


class ServiceStatus(models.TextChoices):
    ACTIVE = "active", "Active"
    PLANNED = "planned", "Planned"
    DECOMMISSIONED = "decommissioned", "Decommissioned"


class ServiceQuerySet(ArchivableQuerySet):
    def running(self):
        """Services running now: active and not archived. The analyses count only these."""
        return self.active().filter(status=ServiceStatus.ACTIVE)


class Service(TimeStampedModel, ArchivableModel, VersionedModel):
    """A service for children and families in the partnership's area, whoever provides and pays for it."""

    reference = models.CharField(
        max_length=50,
        unique=True,
        validators=[reference_validator],
        error_messages={"unique": "Another service already has this reference."},
        help_text="The partnership's code for the service, like EH-001. Imports match services on it.",
    )
    name = models.CharField(max_length=255, help_text="The name families and professionals know it by.")
    description = models.TextField(blank=True, help_text="What the service does and for whom.")
    provider = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.PROTECT,
        related_name="provided_services",
        help_text="The organisation that delivers the service (the council itself for in-house teams).",
    )
    commissioner = models.ForeignKey(
        "organisations.Organisation",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="commissioned_services",
        verbose_name="commissioning partner",
        help_text="The partner that commissions or funds it; leave empty if no partner does.",
    )
    service_area = models.CharField(max_length=30, choices=ServiceArea.choices)
    tier = models.CharField(
        max_length=20, choices=Tier.choices, help_text="Universal, targeted or specialist."
    )
    level = models.CharField(
        max_length=30, choices=Level.choices, help_text="Individual, operational or local, or strategic."
    )
    covers_whole_area = models.BooleanField(
        "serves the whole area",
        default=False,
        help_text="Available across the whole home area rather than in particular localities.",
    )
    localities = models.ManyToManyField(
        "needs.Area",
        blank=True,
        related_name="services",
        limit_choices_to={"area_type": "locality"},
        help_text="The localities it serves, when not the whole area.",
    )
    target_groups = models.JSONField(default=list, blank=True, help_text="The groups of children it is for.")
    age_from = models.PositiveSmallIntegerField(
        "from age", validators=[MaxValueValidator(MAX_AGE)], help_text="In years; 0 from birth."
    )
    age_to = models.PositiveSmallIntegerField(
        "to age", validators=[MaxValueValidator(MAX_AGE)], help_text=f"In years, up to {MAX_AGE}."
    )
    outcomes = models.ManyToManyField(
        "frameworks.FrameworkItem",
        blank=True,
        related_name="services",
        help_text="The Every Child Matters outcomes it serves.",
    )
    priorities = models.ManyToManyField(
        "needs.Priority",
        blank=True,
        related_name="services",
        help_text="The needs analyses' priorities it addresses.",
    )
    capacity = models.PositiveIntegerField(
        null=True, blank=True, help_text="How many it can serve, in the unit below."
    )
    current_use = models.PositiveIntegerField(
        null=True, blank=True, help_text="How many it serves now, in the same unit."
    )
    capacity_unit = models.CharField(
        "unit", max_length=60, blank=True, help_text="For example: places, families a year, sessions a week."
    )
    annual_cost = models.DecimalField(
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
        help_text="The gross cost a year in pounds; leave empty if not known.",
    )
    secured_by = models.CharField(
        "how it is secured", max_length=20, choices=SecuredBy.choices, help_text="In-house, contract, grant…"
    )
    status = models.CharField(max_length=20, choices=ServiceStatus.choices, default=ServiceStatus.ACTIVE)
    single_provider_only = models.BooleanField(
        "only one provider could deliver this",
        default=False,
        help_text="No other provider in the market could deliver this service.",
    )
    activity = models.ForeignKey(
        "cycle.CommissioningActivity",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="services",
        verbose_name="commissioning activity",
        help_text="The commissioning activity that commissions, reviews or redesigns it, if any.",
    )

    objects = ServiceQuerySet.as_manager()

    class Meta:
        ordering = ["name", "reference"]
        # the register's default order: its first page is read from the index, not sorted from every service
        indexes = [models.Index(fields=["name", "reference", "id"], name="services_register_order")]
        constraints = [
            models.CheckConstraint(
                condition=Q(age_from__lte=models.F("age_to")),
                name="service_age_range_in_order",
                violation_error_message="The from age must not be more than the to age.",
            ),
            models.CheckConstraint(
                condition=Q(age_to__lte=MAX_AGE),
                name="service_age_to_at_most_25",
                violation_error_message=f"Enter a to age of {MAX_AGE} or less.",
            ),
            models.CheckConstraint(
                condition=Q(annual_cost__isnull=True) | Q(annual_cost__gte=0),
                name="service_annual_cost_not_negative",
                violation_error_message="The annual cost cannot be negative.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.reference})"

    def get_absolute_url(self) -> str:
        return reverse("services:detail", args=[self.pk])

    @property
    def target_group_labels(self) -> list[str]:
        return [TargetGroup(code).label for code in self.target_groups if code in TargetGroup.values]

    @property
    def age_range_label(self) -> str:
        return f"{self.age_from} to {self.age_to}"

    @property
    def use_percent(self) -> int | None:
        if not self.capacity or self.current_use is None:
            return None
        return round(100 * self.current_use / self.capacity)


class MarketPositionStatement(TimeStampedModel, ArchivableModel, VersionedModel):
    """The partnership's market position statement: what it needs, what the market supplies, where it spends
    and how concentrated supply is. Drafted from the register's figures, then edited."""

    title = models.CharField(max_length=255)
    introduction = models.TextField(blank=True, help_text="Who the statement is for and what it covers.")
    demand = models.TextField(
        "needs and demand", blank=True, help_text="The priorities from the needs analyses and where gaps are."
    )
    supply = models.TextField(
        "the market now", blank=True, help_text="Who provides services, by sector and service area."
    )
    spend = models.TextField("where the money goes", blank=True, help_text="Spend by sector and by provider.")
    concentration = models.TextField(
        "market concentration and risk",
        blank=True,
        help_text="How concentrated supply is, and services only one provider could deliver.",
    )
    intentions = models.TextField(
        "commissioning intentions",
        blank=True,
        help_text="What the partnership intends to commission, decommission or develop, and how providers "
        "can take part.",
    )

    SECTIONS = ("introduction", "demand", "supply", "spend", "concentration", "intentions")

    objects = ArchivableQuerySet.as_manager()

    class Meta:
        ordering = ["-updated_at"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("services:statement", args=[self.pk])

    @property
    def sections(self) -> list[tuple[str, str]]:
        return [
            (self._meta.get_field(name).verbose_name.capitalize(), getattr(self, name))
            for name in self.SECTIONS
        ]
