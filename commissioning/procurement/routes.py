"""Route advice: which rules apply to a planned purchase or grant, what they require, and why.

`route_advice()` is a pure function of the request and the rules in force (thresholds and the council's local
rules), so it is tested at and either side of every threshold without a database. Amounts are compared
including VAT, as the Procurement Act 2023 sets its thresholds (Schedules 1 and 3): an estimate given without
VAT has VAT at the standard rate added first."""

from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from commissioning.procurement.models.routing import BuyerType, ContractType, RuleKind, ValueBasis

VAT_RATE = Decimal("0.20")
PENCE = Decimal("0.01")
PERFORMANCE_NOTICE_FROM = Decimal("5000000")


class Category:
    GOODS_AND_SERVICES = "goods_and_services"
    LIGHT_TOUCH = "light_touch_services"
    WORKS = "works"
    HEALTH_CARE = "health_care_services"
    GRANT = "grant"

    CHOICES = [
        (GOODS_AND_SERVICES, "Goods and services"),
        (
            LIGHT_TOUCH,
            "Light-touch services (most children's social care, education and health-related services)",
        ),
        (WORKS, "Works"),
        (HEALTH_CARE, "Health care services (the Provider Selection Regime)"),
        (GRANT, "A grant"),
    ]
    VALUES = [value for value, _ in CHOICES]


class Regime:
    ABOVE_THRESHOLD = "above_threshold"
    LIGHT_TOUCH = "light_touch"
    BELOW_THRESHOLD_NOTIFIABLE = "below_threshold_notifiable"
    BELOW_THRESHOLD = "below_threshold"
    PROVIDER_SELECTION_REGIME = "provider_selection_regime"
    GRANT = "grant"

    LABELS = {
        ABOVE_THRESHOLD: "Above threshold: the Procurement Act 2023 applies in full",
        LIGHT_TOUCH: "Light-touch contract above threshold: the Procurement Act 2023 applies, with flexibility",
        BELOW_THRESHOLD_NOTIFIABLE: "Below threshold, notifiable: Part 6 of the Procurement Act 2023 applies",
        BELOW_THRESHOLD: "Below threshold: the council's own contract procedure rules apply",
        PROVIDER_SELECTION_REGIME: "The Provider Selection Regime for health care services",
        GRANT: "A grant: outside the Procurement Act 2023",
    }


@dataclass(frozen=True)
class ThresholdRule:
    contract_type: str
    buyer_type: str
    amount: Decimal
    source: str


@dataclass(frozen=True)
class Local:
    kind: str
    method: str
    value_basis: str
    minimum: Decimal
    maximum: Decimal | None
    guide_amount: str
    resulting_agreement: str
    exceptions: str = ""
    most_applicable_when: str = ""
    source: str = ""

    def covers(self, value: Decimal) -> bool:
        return value >= self.minimum and (self.maximum is None or value < self.maximum)


@dataclass(frozen=True)
class Timescale:
    name: str
    minimum: str
    rule: str


@dataclass
class Advice:
    regime: str
    regime_label: str
    value_including_vat: Decimal
    annual_value_including_vat: Decimal
    threshold: Decimal | None
    procedures: list[str] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)
    timescales: list[Timescale] = field(default_factory=list)
    local_method: str = ""
    resulting_agreement: str = ""
    local_rule: Local | None = None
    alternatives: list[Local] = field(default_factory=list)
    reasons: list[str] = field(default_factory=list)


class AdviceError(ValueError):
    """A request that cannot be advised on; `errors` maps each field to what is wrong with it."""

    def __init__(self, errors: dict[str, str]):
        self.errors = errors
        super().__init__("; ".join(f"{name}: {message}" for name, message in errors.items()))


def money(value: Decimal) -> str:
    return f"£{value.quantize(PENCE, ROUND_HALF_UP):,.2f}".replace(".00", "")


def _including_vat(value: Decimal, includes_vat: bool) -> Decimal:
    return value if includes_vat else (value * (1 + VAT_RATE)).quantize(PENCE, ROUND_HALF_UP)


def _annual(value: Decimal, duration_months: int) -> Decimal:
    if duration_months <= 12:
        return value
    return (value * 12 / duration_months).quantize(PENCE, ROUND_HALF_UP)


def _threshold(thresholds, contract_type: str, buyer_type: str) -> ThresholdRule | None:
    for buyer in (buyer_type, BuyerType.ANY):
        for rule in thresholds:
            if rule.contract_type == contract_type and rule.buyer_type == buyer:
                return rule
    return None


def _local_rules(local_rules, kind: str, value: Decimal, annual: Decimal) -> list[Local]:
    """The council's rules of this kind whose band covers the value, in the guide's order."""
    return [
        rule
        for rule in local_rules
        if rule.kind == kind and rule.covers(annual if rule.value_basis == ValueBasis.ANNUAL else value)
    ]


def _check(estimated_value, category, duration_months, buyer_type) -> None:
    errors = {}
    if estimated_value is None:
        errors["estimated_value"] = "Enter the estimated value in pounds, for example 250000"
    elif estimated_value < 0:
        errors["estimated_value"] = "The estimated value must be £0 or more"
    if category not in Category.VALUES:
        errors["category"] = f"Choose the category: one of {', '.join(Category.VALUES)}"
    if duration_months is None or duration_months < 1:
        errors["duration_months"] = (
            "Enter how many months the agreement lasts, including any extensions: 1 or more"
        )
    elif duration_months > 1200:
        errors["duration_months"] = "Enter a duration of at most 1,200 months"
    if buyer_type not in (BuyerType.SUB_CENTRAL, BuyerType.CENTRAL):
        errors["buyer_type"] = "Choose the buyer type: sub_central or central"
    if errors:
        raise AdviceError(errors)


def route_advice(
    *,
    estimated_value: Decimal | None,
    includes_vat: bool,
    category: str,
    duration_months: int | None,
    buyer_type: str = BuyerType.SUB_CENTRAL,
    thresholds: list[ThresholdRule],
    local_rules: list[Local],
    on: date,
) -> Advice:
    """The advice for a purchase or grant of `estimated_value` (its whole life, with any extensions)."""
    _check(estimated_value, category, duration_months, buyer_type)
    value = _including_vat(estimated_value, includes_vat)
    annual = _annual(value, duration_months)
    vat_reason = (
        f"The estimated whole-life value is {money(value)} including VAT."
        if includes_vat
        else f"The estimated whole-life value of {money(estimated_value)} without VAT is {money(value)} with VAT at "
        f"{VAT_RATE:.0%}: thresholds include VAT (Procurement Act 2023, Schedules 1 and 3)."
    )
    reasons = [vat_reason]
    if duration_months > 12:
        reasons.append(f"Over {duration_months} months that is {money(annual)} a year.")
    if category == Category.GRANT:
        advice = _grant(value, annual, local_rules)
    elif category == Category.HEALTH_CARE:
        advice = _provider_selection(value, annual, local_rules)
    else:
        advice = _contract(value, annual, category, buyer_type, thresholds, local_rules, on)
    advice.reasons = reasons + advice.reasons
    return advice


def _contract(value, annual, category, buyer_type, thresholds, local_rules, on) -> Advice:
    contract_type = {
        Category.GOODS_AND_SERVICES: ContractType.GOODS_AND_SERVICES,
        Category.LIGHT_TOUCH: ContractType.LIGHT_TOUCH,
        Category.WORKS: ContractType.WORKS,
    }[category]
    threshold = _threshold(thresholds, contract_type, buyer_type)
    notifiable = _threshold(thresholds, ContractType.NOTIFIABLE_BELOW_THRESHOLD, buyer_type)
    if threshold is None:
        raise AdviceError(
            {"category": f"No threshold for {contract_type.label.lower()} is in force on {on:%-d %B %Y}."}
        )
    above = value >= threshold.amount
    local = _local_rules(local_rules, RuleKind.PURCHASING, value, annual)
    light_touch = contract_type == ContractType.LIGHT_TOUCH
    if above:
        regime = Regime.LIGHT_TOUCH if light_touch else Regime.ABOVE_THRESHOLD
        advice = _above(regime, value, annual, threshold, light_touch)
    elif notifiable is not None and value >= notifiable.amount:
        advice = _notifiable(value, annual, threshold, notifiable)
    else:
        advice = _below(value, annual, threshold, notifiable)
    advice.reasons.insert(
        0,
        f"The threshold for {contract_type.label.lower()} bought by a "
        f"{'central government' if buyer_type == BuyerType.CENTRAL else 'sub-central'} authority is "
        f"{money(threshold.amount)} including VAT ({threshold.source}); the value is "
        f"{'at or above' if above else 'below'} it.",
    )
    _apply_local(advice, local, statutory=above)
    return advice


def _above(regime, value, annual, threshold, light_touch) -> Advice:
    advice = Advice(
        regime=regime,
        regime_label=Regime.LABELS[regime],
        value_including_vat=value,
        annual_value_including_vat=annual,
        threshold=threshold.amount,
        procedures=[
            "Open procedure: a single stage, any supplier may tender (section 20(2)(a))",
            "Competitive flexible procedure: the stages you design, for example selection then tender and "
            "negotiation (section 20(2)(b))",
            "Direct award only where a justification in Schedule 5 applies, after a transparency notice "
            "(sections 41 and 44)",
            "A call-off from a framework (section 45) or a dynamic market (section 34) that already covers the need",
        ],
        notices=[
            "Pipeline notice if the council spends more than £100 million a year on contracts (section 93)",
            "Planned procurement notice: optional, and it can shorten the tendering period (section 15)",
            "Preliminary market engagement notice, if you engaged the market (section 17)",
            "Tender notice (section 21)",
            "Assessment summaries to every supplier who tendered (section 50)",
            "Contract award notice, which starts the standstill period (section 50)",
            "Contract details notice within 30 days of entering into the contract, with the contract itself if "
            "over £5 million (section 53)",
        ],
    )
    if value > PERFORMANCE_NOTICE_FROM:
        advice.notices.append(
            "Three key performance indicators set and a contract performance notice at least once a year "
            "(sections 52 and 71)"
        )
    if light_touch:
        advice.timescales = [
            Timescale(
                "Tendering period",
                "No statutory minimum for a light-touch contract",
                "Set a period reasonable for the nature and complexity of the contract (section 54)",
            ),
            Timescale(
                "Standstill",
                "Voluntary",
                "A standstill is not required for a light-touch contract (section 51)",
            ),
        ]
        advice.procedures.insert(
            0,
            "Light-touch contracts may use either procedure with the flexibility section 9 allows, for example "
            "to take account of service users' views and continuity of care",
        )
        advice.reasons.append(
            "Light-touch services (social, education, health and other services listed in the Procurement "
            "Regulations 2024, Schedule 1) have their own, higher threshold and more flexible rules."
        )
    else:
        advice.timescales = [
            Timescale("Tendering period, open procedure", "25 days", "Section 54; 10 days after a qualifying "
                      "planned procurement notice"),
            Timescale("Participation and tendering periods, competitive flexible procedure", "25 days each",
                      "Section 54; 10 days after a qualifying planned procurement notice"),
            Timescale("Standstill", "8 working days", "After the contract award notice, before entering into the "
                      "contract (section 51)"),
        ]  # fmt: skip
    return advice


def _notifiable(value, annual, threshold, notifiable) -> Advice:
    advice = Advice(
        regime=Regime.BELOW_THRESHOLD_NOTIFIABLE,
        regime_label=Regime.LABELS[Regime.BELOW_THRESHOLD_NOTIFIABLE],
        value_including_vat=value,
        annual_value_including_vat=annual,
        threshold=threshold.amount,
        procedures=[
            "Any fair and proportionate process under the council's contract procedure rules",
            "If you invite tenders openly, suppliers may not be excluded by an assessment of their suitability "
            "other than their legal and financial capacity and technical ability (section 86)",
        ],
        notices=[
            "Below-threshold tender notice, if you advertise the opportunity (section 87)",
            "Contract details notice once the contract is entered into (section 87)",
        ],
        timescales=[
            Timescale(
                "Tendering period", "No statutory minimum", "Allow suppliers a reasonable time to tender"
            ),
            Timescale("Standstill", "None", "Part 6 has no standstill"),
        ],
    )
    advice.reasons.append(
        f"It is at or above {money(notifiable.amount)} including VAT, the amount from which a below-threshold "
        f"contract is notifiable ({notifiable.source})."
    )
    return advice


def _below(value, annual, threshold, notifiable) -> Advice:
    advice = Advice(
        regime=Regime.BELOW_THRESHOLD,
        regime_label=Regime.LABELS[Regime.BELOW_THRESHOLD],
        value_including_vat=value,
        annual_value_including_vat=annual,
        threshold=threshold.amount,
        procedures=["Quotations or a process under the council's contract procedure rules"],
        notices=["None under the Act; the Local Government Transparency Code publishes spending over £500"],
    )
    if notifiable is not None:
        advice.reasons.append(
            f"It is below {money(notifiable.amount)} including VAT, so it is not notifiable ({notifiable.source})."
        )
    return advice


def _apply_local(advice: Advice, rules: list[Local], *, statutory: bool) -> None:
    if not rules:
        advice.reasons.append("No rule of the council's contract procurement guide covers this value.")
        return
    local, *others = rules
    advice.local_rule, advice.alternatives = local, others
    advice.local_method = local.method
    advice.resulting_agreement = local.resulting_agreement
    basis = "a year" if local.value_basis == ValueBasis.ANNUAL else "over the agreement's life"
    value = (
        advice.annual_value_including_vat
        if local.value_basis == ValueBasis.ANNUAL
        else advice.value_including_vat
    )
    advice.reasons.append(
        f"The council's guide: {local.method} applies to {local.guide_amount} (this is {money(value)} {basis}); "
        f"the resulting agreement is {local.resulting_agreement.lower()} ({local.source})."
    )
    for other in others:
        when = (
            f", most applicable when: {other.most_applicable_when.lower()}"
            if other.most_applicable_when
            else ""
        )
        advice.reasons.append(f"The guide also allows {other.method} for this value{when}.")
    if statutory:
        advice.reasons.append(
            "Where the Procurement Act applies in full, its procedures and notices come first."
        )


def _grant(value, annual, local_rules) -> Advice:
    local = _local_rules(local_rules, RuleKind.FUNDING, value, annual)
    advice = Advice(
        regime=Regime.GRANT,
        regime_label=Regime.LABELS[Regime.GRANT],
        value_including_vat=value,
        annual_value_including_vat=annual,
        threshold=None,
        procedures=[
            "A grant round under the council's rules: competitive, selective, small grants or grant-in-aid",
            "Check that it is a grant and not a contract: a grant supports an organisation's own activity; "
            "buying a specified service for the council is a contract",
            "Check subsidy control: the Subsidy Control Act 2022 applies to grants to enterprises, including "
            "charities that trade",
        ],
        notices=[
            "Publish the grant in the 360Giving Data Standard",
            "Publish grants to voluntary, community and social enterprise organisations under the Local Government "
            "Transparency Code",
        ],
        reasons=[
            "Grant funding is not a contract for consideration, so the Procurement Act 2023 does not apply "
            "(section 3)."
        ],
    )
    _apply_local(advice, local, statutory=False)
    return advice


def _provider_selection(value, annual, local_rules) -> Advice:
    advice = Advice(
        regime=Regime.PROVIDER_SELECTION_REGIME,
        regime_label=Regime.LABELS[Regime.PROVIDER_SELECTION_REGIME],
        value_including_vat=value,
        annual_value_including_vat=annual,
        threshold=None,
        procedures=[
            "Direct award process A, B or C, where its conditions are met",
            "The most suitable provider process",
            "The competitive process",
        ],
        notices=[
            "Notice of the intention to award, which starts the standstill",
            "Notice of the award, and the annual summary of contracts awarded",
        ],
        timescales=[
            Timescale(
                "Standstill",
                "8 working days",
                "After the notice of intention, for direct award C, the most suitable provider process and the "
                "competitive process",
            )
        ],
        reasons=[
            "Health care services arranged by a local authority, such as public health services for children "
            "and young people, fall under the Health Care Services (Provider Selection Regime) Regulations 2023, "
            "in force since 1 January 2024, whatever their value; the Procurement Act 2023 does not apply to them.",
        ],
    )
    _apply_local(advice, _local_rules(local_rules, RuleKind.PURCHASING, value, annual), statutory=True)
    return advice
