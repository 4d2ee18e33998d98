"""Reads of the procurement rules."""

from datetime import date

from django.db.models import Q, QuerySet

from commissioning.procurement.models import LocalRule, Threshold
from commissioning.procurement.routes import Advice, Local, ThresholdRule, route_advice


def thresholds_in_force(on: date) -> QuerySet[Threshold]:
    return (
        Threshold.objects.active()
        .filter(effective_from__lte=on)
        .filter(Q(effective_to__isnull=True) | Q(effective_to__gte=on))
        .order_by("contract_type", "buyer_type", "-effective_from")
    )


def threshold_rules(on: date) -> list[ThresholdRule]:
    return [
        ThresholdRule(
            contract_type=t.contract_type, buyer_type=t.buyer_type, amount=t.amount, source=t.source
        )
        for t in thresholds_in_force(on)
    ]


def local_rules(on: date) -> list[Local]:
    return [
        Local(
            kind=r.kind,
            method=r.method,
            value_basis=r.value_basis,
            minimum=r.minimum,
            maximum=r.maximum,
            guide_amount=r.guide_amount,
            resulting_agreement=r.resulting_agreement,
            exceptions=r.exceptions,
            most_applicable_when=r.most_applicable_when,
            source=r.source,
        )
        for r in LocalRule.objects.active()
        .filter(Q(effective_from__isnull=True) | Q(effective_from__lte=on))
        .filter(Q(effective_to__isnull=True) | Q(effective_to__gte=on))
        .order_by("kind", "position", "minimum")
    ]


def threshold_list(*, include_archived: bool = False) -> QuerySet[Threshold]:
    thresholds = Threshold.objects.all() if include_archived else Threshold.objects.active()
    return thresholds.order_by("contract_type", "buyer_type", "-effective_from")


def local_rule_list(*, include_archived: bool = False) -> QuerySet[LocalRule]:
    rules = LocalRule.objects.all() if include_archived else LocalRule.objects.active()
    return rules.order_by("kind", "position", "minimum")


def route_advice_for(
    *, estimated_value, includes_vat: bool, category: str, duration_months, buyer_type: str, on: date
) -> Advice:
    """The advice with the rules in force on `on` (the day the procurement starts). Raises AdviceError."""
    return route_advice(
        estimated_value=estimated_value,
        includes_vat=includes_vat,
        category=category,
        duration_months=duration_months,
        buyer_type=buyer_type,
        thresholds=threshold_rules(on),
        local_rules=local_rules(on),
        on=on,
    )
