"""The rules that decide how something is bought or funded: the Procurement Act 2023 thresholds, with the dates
they are in force, and the council's own rules (its contract procurement guide), both kept as data that an
administrator can change."""

from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse

from commissioning.core.models import ArchivableModel, ArchivableQuerySet, TimeStampedModel, VersionedModel


class ContractType(models.TextChoices):
    GOODS_AND_SERVICES = "goods_and_services", "Goods and services"
    WORKS = "works", "Works"
    LIGHT_TOUCH = "light_touch_services", "Light-touch services"
    NOTIFIABLE_BELOW_THRESHOLD = "notifiable_below_threshold", "Notifiable below-threshold contracts"


class BuyerType(models.TextChoices):
    SUB_CENTRAL = "sub_central", "Sub-central authority (a council, a school, an academy)"
    CENTRAL = "central", "Central government authority (including NHS trusts)"
    ANY = "any", "Any contracting authority"


class Threshold(TimeStampedModel, ArchivableModel, VersionedModel):
    """An amount, including VAT, from which a kind of contract is regulated, in force between two dates."""

    contract_type = models.CharField(max_length=40, choices=ContractType.choices)
    buyer_type = models.CharField(max_length=20, choices=BuyerType.choices, default=BuyerType.ANY)
    amount = models.DecimalField(
        max_digits=14,
        decimal_places=2,
        validators=[MinValueValidator(0)],
        help_text="In pounds, including VAT.",
    )
    effective_from = models.DateField(help_text="The first day procurements starting then use this amount.")
    effective_to = models.DateField(null=True, blank=True, help_text="The last day; empty while in force.")
    source = models.CharField(max_length=500, help_text="The law or notice that sets the amount.")

    objects = ArchivableQuerySet.as_manager()

    class Meta:
        ordering = ["contract_type", "buyer_type", "-effective_from"]
        constraints = [
            models.CheckConstraint(
                condition=Q(effective_to__isnull=True) | Q(effective_to__gte=models.F("effective_from")),
                name="threshold_dates_in_order",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_contract_type_display()} ({self.get_buyer_type_display()}): £{self.amount:,.0f}"

    def get_absolute_url(self) -> str:
        return f"{reverse('procurement:rules')}#threshold-{self.pk}"


class RuleKind(models.TextChoices):
    PURCHASING = "purchasing", "Purchasing (a contract)"
    FUNDING = "funding", "Funding (a grant)"


class ValueBasis(models.TextChoices):
    ANNUAL = "annual", "Per year"
    WHOLE_LIFE = "whole_life", "Over the whole life of the agreement"


class LocalRule(TimeStampedModel, ArchivableModel, VersionedModel):
    """One method of the council's contract procurement guide, and the band of value it applies to."""

    kind = models.CharField(max_length=20, choices=RuleKind.choices)
    method = models.CharField(max_length=200, help_text="The commissioning method, as the guide names it.")
    guide_ref = models.CharField(
        max_length=100, blank=True, help_text="The method's reference in the framework library's guide."
    )
    value_basis = models.CharField(max_length=20, choices=ValueBasis.choices, default=ValueBasis.ANNUAL)
    minimum = models.DecimalField(
        max_digits=14,
        decimal_places=2,
        default=0,
        validators=[MinValueValidator(0)],
        help_text="From this amount.",
    )
    maximum = models.DecimalField(
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
        help_text="Up to, but not including, this amount; empty for no limit.",
    )
    guide_amount = models.CharField(max_length=255, help_text="The guide amount as the guide prints it.")
    most_applicable_when = models.TextField(blank=True)
    exceptions = models.TextField(blank=True)
    resulting_agreement = models.CharField(max_length=255)
    key_guiding_document = models.CharField(max_length=255, blank=True)
    position = models.PositiveSmallIntegerField(default=0)
    source = models.CharField(max_length=500)
    effective_from = models.DateField(null=True, blank=True, help_text="From this day; empty for always.")
    effective_to = models.DateField(null=True, blank=True, help_text="The last day; empty while in force.")

    objects = ArchivableQuerySet.as_manager()

    class Meta:
        ordering = ["kind", "position", "minimum"]
        constraints = [
            models.CheckConstraint(
                condition=Q(maximum__isnull=True) | Q(maximum__gt=models.F("minimum")),
                name="local_rule_band_in_order",
            ),
            models.CheckConstraint(
                condition=Q(effective_to__isnull=True)
                | Q(effective_from__isnull=True)
                | Q(effective_to__gte=models.F("effective_from")),
                name="local_rule_dates_in_order",
            ),
        ]

    def __str__(self) -> str:
        return self.method

    def get_absolute_url(self) -> str:
        return f"{reverse('procurement:rules')}#rule-{self.pk}"
