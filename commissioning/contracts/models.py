"""The contracts register: every agreement under which a service is delivered, whoever provides it, and the
measures (KPIs) it is monitored against."""

import calendar
from datetime import date, timedelta

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Case, DateField, F, Func, IntegerField, Q, Value, When
from django.db.models.functions import Coalesce
from django.urls import reverse

from commissioning.core.models import ArchivableModel, ArchivableQuerySet, TimeStampedModel, VersionedModel

SIMPLIFIED_TERMS_BELOW = 30000
EXPIRY_MARGIN_MONTHS = 3  # "expiring" from notice period plus this many months before the end


def add_months(day: date, months: int) -> date:
    """The same day so many months later (or earlier), or the month's last day when it has fewer days."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


class AgreementType(models.TextChoices):
    CONTRACT = "contract", "Contract"
    INTERNAL_SLA = "internal_sla", "Internal service level agreement"
    GRANT_FUNDING = "grant_funding", "Grant funding agreement"
    SPOT_PURCHASE = "spot_purchase", "Spot purchase"
    CALL_OFF = "call_off", "Call-off from a framework"
    SECTION_75 = "section_75", "Section 75 partnership agreement"


class AgreementStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    LIVE = "live", "Live"
    ENDED = "ended", "Ended"
    TERMINATED = "terminated", "Terminated"


class PaymentBasis(models.TextChoices):
    FIXED_PRICE = "fixed_price", "Fixed price"
    PAYMENT_BY_RESULTS = "payment_by_results", "Payment by results"
    COST_AND_VOLUME = "cost_and_volume", "Cost and volume"


class Agreement(TimeStampedModel, ArchivableModel, VersionedModel):
    """An agreement for a service: a contract, an internal SLA, a grant funding agreement, a spot purchase, a
    call-off or a section 75 partnership agreement."""

    reference = models.CharField(
        max_length=40,
        unique=True,
        error_messages={"unique": "Another agreement already has this reference."},
        help_text="The partnership's contract reference, like CON-2026-014.",
    )
    title = models.CharField(max_length=255)
    description = models.TextField(blank=True, help_text="What is delivered, for whom.")
    agreement_type = models.CharField("type", max_length=20, choices=AgreementType.choices)
    provider = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="agreements"
    )
    commissioner = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.PROTECT,
        related_name="commissioned_agreements",
        verbose_name="commissioning partner",
    )
    activity = models.ForeignKey(
        "cycle.CommissioningActivity",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="agreements",
        verbose_name="commissioning activity",
    )
    procurement = models.ForeignKey(
        "procurement.Procurement",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="agreements",
        help_text="The procurement or grant round it came from, if any.",
    )
    award = models.OneToOneField(
        "procurement.AwardDecision",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="agreement",
        help_text="The award decision it puts into effect, if any.",
    )
    service = models.ForeignKey(
        "services.Service",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="agreements",
        help_text="The service in the service register it secures.",
    )
    annual_value = models.DecimalField(max_digits=14, decimal_places=2, validators=[MinValueValidator(0)])
    whole_life_value = models.DecimalField(
        max_digits=14,
        decimal_places=2,
        validators=[MinValueValidator(0)],
        help_text="Over the whole term, with every extension taken.",
    )
    starts_on = models.DateField()
    ends_on = models.DateField()
    extension_options = models.CharField(
        max_length=255, blank=True, help_text="For example: two extensions of 12 months each."
    )
    latest_end_on = models.DateField(
        null=True, blank=True, help_text="The last day if every extension is taken."
    )
    status = models.CharField(max_length=20, choices=AgreementStatus.choices, default=AgreementStatus.DRAFT)
    signed_on = models.DateField(null=True, blank=True)
    document = models.FileField(upload_to="agreements/", blank=True, help_text="The signed agreement.")
    simplified_terms = models.BooleanField(
        default=False,
        help_text="Simplified terms and conditions, for agreements under £30,000 (Islington 4.6).",
    )
    payment_basis = models.CharField(max_length=30, choices=PaymentBasis.choices)
    funding_streams = models.ManyToManyField("funding.FundingStream", blank=True, related_name="agreements")
    monitoring_officer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="monitored_agreements",
    )
    notice_months = models.PositiveSmallIntegerField(
        default=3,
        help_text="Notice to reduce or withdraw funding (the Compact: at least 3 months).",
    )
    ended_reason = models.TextField(blank=True, help_text="Why it was terminated or ended early.")
    terminated_on = models.DateField(null=True, blank=True, help_text="The day it was terminated, if it was.")

    objects = ArchivableQuerySet.as_manager()

    class Meta:
        ordering = ["reference"]
        indexes = [models.Index(fields=["ends_on"])]  # the alerts and the register, ending soonest first
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")), name="agreement_dates_in_order"
            ),
            models.CheckConstraint(
                condition=Q(latest_end_on__isnull=True) | Q(latest_end_on__gte=models.F("ends_on")),
                name="agreement_extension_after_end",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.reference} {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("contracts:detail", args=[self.pk])

    @property
    def notice_deadline(self) -> date:
        """The last day to give notice to reduce or withdraw funding before the end date."""
        return add_months(self.ends_on, -self.notice_months)

    def is_expiring(self, today: date) -> bool:
        """Live and ending within its notice period plus three months."""
        return self.status == AgreementStatus.LIVE and today <= self.ends_on <= add_months(
            today, self.notice_months + EXPIRY_MARGIN_MONTHS
        )


class KpiKind(models.TextChoices):
    OUTCOME = "outcome", "Outcome"
    OUTPUT = "output", "Output"


class Polarity(models.TextChoices):
    HIGHER = "higher", "Higher is better"
    LOWER = "lower", "Lower is better"


class Kpi(TimeStampedModel, ArchivableModel):
    """A measure the agreement is monitored against, with its target."""

    agreement = models.ForeignKey(Agreement, on_delete=models.PROTECT, related_name="kpis")
    name = models.CharField(max_length=255)
    kind = models.CharField(max_length=10, choices=KpiKind.choices, default=KpiKind.OUTPUT)
    unit = models.CharField(max_length=60, help_text="For example: families, per cent, days.")
    target = models.DecimalField(max_digits=14, decimal_places=2)
    polarity = models.CharField(max_length=10, choices=Polarity.choices, default=Polarity.HIGHER)
    tolerance = models.DecimalField(
        max_digits=5,
        decimal_places=2,
        default=10,
        validators=[MinValueValidator(0)],
        help_text="Per cent of the target within which it is amber rather than red.",
    )
    indicator = models.ForeignKey(
        "needs.Indicator", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    source = models.CharField(max_length=255, blank=True, help_text="Where the figure comes from.")
    position = models.PositiveSmallIntegerField(default=0)

    objects = ArchivableQuerySet.as_manager()

    class Meta:
        ordering = ["agreement", "position", "pk"]

    def __str__(self) -> str:
        return self.name


# Payments ------------------------------------------------------------------------------------------------------

INVOICE_DAYS = 30  # undisputed invoices are paid within 30 days of receipt


class ScheduleBasis(models.TextChoices):
    MONTHLY_IN_ADVANCE = "monthly_advance", "Monthly in advance"
    MONTHLY_IN_ARREARS = "monthly_arrears", "Monthly in arrears"
    FIFTEENTH_WORKING_DAY = "fifteenth_working_day", "On the 15th working day of each month"
    QUARTERLY_IN_ADVANCE = "quarterly_advance", "Quarterly in advance"
    QUARTERLY_IN_ARREARS = "quarterly_arrears", "Quarterly in arrears"
    ANNUALLY = "annually", "Annually in advance"


class PaymentSchedule(TimeStampedModel, VersionedModel):
    """How and when an agreement is paid: the basis, the amount of each instalment and the first due date."""

    agreement = models.OneToOneField(Agreement, on_delete=models.PROTECT, related_name="payment_schedule")
    basis = models.CharField(max_length=30, choices=ScheduleBasis.choices)
    amount = models.DecimalField(
        max_digits=14,
        decimal_places=2,
        validators=[MinValueValidator(0)],
        help_text="Each instalment, in pounds.",
    )
    first_due_on = models.DateField("first payment due")

    def __str__(self) -> str:
        return f"{self.get_basis_display()} for {self.agreement.reference}"


class AddDays(Func):
    """A date so many days after another, worked out by the database (a whole number of days, as a date)."""

    output_field = DateField()

    def __init__(self, expression, days: int):
        super().__init__(expression)
        self.days = int(days)

    def as_sql(self, compiler, connection, **extra_context):
        sql, params = compiler.compile(self.get_source_expressions()[0])
        return f"({sql} + %s)", (*params, self.days)

    def as_sqlite(self, compiler, connection, **extra_context):
        sql, params = compiler.compile(self.get_source_expressions()[0])
        return f"date({sql}, %s)", (*params, f"{self.days:+d} days")


class DaysBetween(Func):
    """The whole days from one date to a later one, worked out by the database (the `.days` of their difference)."""

    output_field = IntegerField()
    arity = 2

    def as_sql(self, compiler, connection, **extra_context):
        later, earlier = (compiler.compile(expression) for expression in self.get_source_expressions())
        return f"({later[0]} - {earlier[0]})", (*later[1], *earlier[1])

    def as_sqlite(self, compiler, connection, **extra_context):
        later, earlier = (compiler.compile(expression) for expression in self.get_source_expressions())
        return f"CAST(julianday({later[0]}) - julianday({earlier[0]}) AS INTEGER)", (*later[1], *earlier[1])


class MonthNumber(Func):
    """A date's year times twelve plus its month, worked out by the database: the difference of two is the whole
    months from one month to the other."""

    output_field = IntegerField()
    arity = 1

    def as_sql(self, compiler, connection, **extra_context):
        sql, params = compiler.compile(self.get_source_expressions()[0])
        return f"CAST(EXTRACT(YEAR FROM {sql}) * 12 + EXTRACT(MONTH FROM {sql}) AS integer)", (
            *params,
            *params,
        )

    def as_sqlite(self, compiler, connection, **extra_context):
        # SQLite keeps dates as text, YYYY-MM-DD: cutting them up is quicker than strftime().
        sql, params = compiler.compile(self.get_source_expressions()[0])
        return (
            f"(CAST(substr({sql}, 1, 4) AS INTEGER) * 12 + CAST(substr({sql}, 6, 2) AS INTEGER))",
            (*params, *params),
        )


class DayOfMonth(Func):
    """A date's day of the month, worked out by the database."""

    output_field = IntegerField()
    arity = 1

    def as_sql(self, compiler, connection, **extra_context):
        sql, params = compiler.compile(self.get_source_expressions()[0])
        return f"CAST(EXTRACT(DAY FROM {sql}) AS integer)", params

    def as_sqlite(self, compiler, connection, **extra_context):
        sql, params = compiler.compile(self.get_source_expressions()[0])
        return f"CAST(substr({sql}, 9, 2) AS INTEGER)", params


class PaymentQuerySet(ArchivableQuerySet):
    def with_pay_by(self):
        """Each payment's `must_pay_by`: the rule of `Payment.pay_by` in SQL (30 days after an undisputed invoice
        was received, otherwise the due date)."""
        return self.annotate(
            must_pay_by=Case(
                When(
                    invoice_received_on__isnull=False,
                    disputed=False,
                    then=AddDays(F("invoice_received_on"), INVOICE_DAYS),
                ),
                default=F("due_on"),
                output_field=DateField(),
            )
        )

    def late(self, today: date):
        """The payments `Payment.is_late(today)` says are late, chosen by the database: paid after the date they
        had to be paid by, or unpaid with that date passed; a disputed payment is never late."""
        # Paid after it: the day paid is after the date; unpaid: today is after it. So one comparison of the day
        # paid, or today, with the date.
        return (
            self.with_pay_by()
            .filter(disputed=False)
            .filter(must_pay_by__lt=Coalesce(F("paid_on"), Value(today), output_field=DateField()))
        )

    def with_days_to_pay(self):
        """Each payment's `days_taken`: the rule of `Payment.days_to_pay` in SQL (receipt of the invoice to payment;
        null unless both dates are known)."""
        return self.annotate(days_taken=DaysBetween(F("paid_on"), F("invoice_received_on")))


class Payment(TimeStampedModel, ArchivableModel, VersionedModel):
    """An instalment due under an agreement, and the invoice and payment that settle it."""

    agreement = models.ForeignKey(Agreement, on_delete=models.PROTECT, related_name="payments")
    due_on = models.DateField("due date", help_text="When the instalment falls due under the agreement.")
    amount = models.DecimalField(max_digits=14, decimal_places=2, validators=[MinValueValidator(0)])
    invoice_reference = models.CharField(max_length=100, blank=True)
    invoice_received_on = models.DateField("invoice received", null=True, blank=True)
    disputed = models.BooleanField(
        default=False, help_text="A disputed invoice is not due until the dispute is settled."
    )
    paid_on = models.DateField("paid", null=True, blank=True)
    from_schedule = models.BooleanField(default=False, help_text="Generated from the payment schedule.")

    objects = PaymentQuerySet.as_manager()

    class Meta:
        ordering = ["agreement", "due_on", "pk"]
        indexes = [
            models.Index(fields=["due_on"]),  # late payments, most recently due first
            models.Index(fields=["paid_on"]),  # the invoices counted for a period, in the order paid
            # Everything the payments compliance figures read, so that they are counted from the index alone.
            models.Index(
                fields=["paid_on", "disputed", "invoice_received_on", "archived_at", "agreement", "amount"],
                name="payment_compliance_figures",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(paid_on__isnull=True)
                | Q(invoice_received_on__isnull=True)
                | Q(paid_on__gte=models.F("invoice_received_on")),
                name="payment_paid_after_invoice",
            ),
        ]

    def __str__(self) -> str:
        return f"£{self.amount:,.2f} due {self.due_on:%d %B %Y}"

    @property
    def pay_by(self):
        """The date by which it must be paid: 30 days after an undisputed invoice is received, otherwise the due
        date."""
        if self.invoice_received_on and not self.disputed:
            return self.invoice_received_on + timedelta(days=INVOICE_DAYS)
        return self.due_on

    def is_late(self, today) -> bool:
        if self.disputed:
            return False
        if self.paid_on:
            return self.paid_on > self.pay_by
        return today > self.pay_by

    @property
    def days_to_pay(self) -> int | None:
        if self.paid_on and self.invoice_received_on:
            return (self.paid_on - self.invoice_received_on).days
        return None


# Expiry, extension, variation, termination --------------------------------------------------------------------


class ExtensionOutcome(models.TextChoices):
    EXTEND = "extend", "Extend"
    NOT_EXTEND = "not_extend", "Do not extend"


class ExtensionDecision(TimeStampedModel):
    """Whether to take up an extension option, and why."""

    agreement = models.ForeignKey(Agreement, on_delete=models.PROTECT, related_name="extension_decisions")
    outcome = models.CharField(max_length=20, choices=ExtensionOutcome.choices)
    previous_end_on = models.DateField(help_text="The end date the decision was about.")
    new_end_on = models.DateField(null=True, blank=True, help_text="The new end date, when extended.")
    reasons = models.TextField()
    decided_on = models.DateField()
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["agreement", "-decided_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_outcome_display()} {self.agreement.reference}"


class Variation(TimeStampedModel):
    """A change to an agreement's terms after signature."""

    agreement = models.ForeignKey(Agreement, on_delete=models.PROTECT, related_name="variations")
    description = models.TextField("what changed")
    value_change = models.DecimalField(
        max_digits=14,
        decimal_places=2,
        default=0,
        help_text="The change to the whole-life value in pounds; negative for a reduction.",
    )
    reason = models.TextField()
    approved_by = models.CharField(max_length=255, help_text="Who approved it, like the contracts board.")
    approved_on = models.DateField()
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["agreement", "-approved_on", "-pk"]

    def __str__(self) -> str:
        return f"Variation to {self.agreement.reference} on {self.approved_on:%d %B %Y}"
