"""The rules a partnership starts with: the Procurement Act 2023 thresholds with the dates they are in force, and
the contract procurement guide of the seeds (Wolverhampton) as the council's local rules. Administrators change
them or add their own; a rule already held (even changed or archived) is never changed here."""

from datetime import date
from decimal import Decimal

from commissioning.procurement.models import BuyerType, ContractType, RuleKind, ValueBasis

ACT_START = date(2025, 2, 24)
AMENDED = date(2026, 1, 1)
SCHEDULE_1 = "Procurement Act 2023, Schedule 1, in force from 24 February 2025"
SCHEDULE_1_2026 = (
    "Procurement Act 2023, Schedule 1, as amended by the Procurement Act 2023 (Threshold Amounts) (Amendment) "
    "Regulations 2025 (SI 2025/1200), from 1 January 2026"
)
SECTION_85 = "Procurement Act 2023, section 85"

# (contract type, buyer type, amount including VAT, from, to, source)
DEFAULT_THRESHOLDS = [
    (
        ContractType.GOODS_AND_SERVICES,
        BuyerType.SUB_CENTRAL,
        "214904",
        ACT_START,
        date(2025, 12, 31),
        SCHEDULE_1,
    ),
    (ContractType.GOODS_AND_SERVICES, BuyerType.SUB_CENTRAL, "207720", AMENDED, None, SCHEDULE_1_2026),
    (ContractType.GOODS_AND_SERVICES, BuyerType.CENTRAL, "139688", ACT_START, date(2025, 12, 31), SCHEDULE_1),
    (ContractType.GOODS_AND_SERVICES, BuyerType.CENTRAL, "135018", AMENDED, None, SCHEDULE_1_2026),
    (ContractType.WORKS, BuyerType.ANY, "5372609", ACT_START, date(2025, 12, 31), SCHEDULE_1),
    (ContractType.WORKS, BuyerType.ANY, "5193000", AMENDED, None, SCHEDULE_1_2026),
    (ContractType.LIGHT_TOUCH, BuyerType.ANY, "663540", ACT_START, None, SCHEDULE_1),
    (ContractType.NOTIFIABLE_BELOW_THRESHOLD, BuyerType.SUB_CENTRAL, "30000", ACT_START, None, SECTION_85),
    (ContractType.NOTIFIABLE_BELOW_THRESHOLD, BuyerType.CENTRAL, "12000", ACT_START, None, SECTION_85),
]

GUIDE = "the council's contract procurement guide (Wolverhampton Commissioning Framework, Appendix 2), local policy"

DEFAULT_LOCAL_RULES = [
    {
        "kind": RuleKind.PURCHASING,
        "method": "Class I & II",
        "guide_ref": "class-i-ii",
        "value_basis": ValueBasis.ANNUAL,
        "minimum": Decimal("0"),
        "maximum": Decimal("30000"),
        "guide_amount": "less than £30,000 per annum",
        "most_applicable_when": "Outcomes certain; contestable market; required service",
        "resulting_agreement": "Contract (Green Decision)",
        "key_guiding_document": "Internal procurement procedures",
    },
    {
        "kind": RuleKind.PURCHASING,
        "method": "Restricted procurement process",
        "guide_ref": "restricted",
        "value_basis": ValueBasis.ANNUAL,
        "minimum": Decimal("30000"),
        "maximum": Decimal("50000"),
        "guide_amount": "£30,000 - £50,000 per annum",
        "most_applicable_when": "Outcomes certain; few potential providers; may in effect be sector specific; "
        "statutory or required service",
        "exceptions": "May be used for lower amounts where external guidance applies",
        "resulting_agreement": "Contract",
        "key_guiding_document": "Internal procurement procedures (and Commissioning Framework)",
    },
    {
        "kind": RuleKind.PURCHASING,
        "method": "Full competitive procurement process",
        "guide_ref": "full-competitive",
        "value_basis": ValueBasis.ANNUAL,
        "minimum": Decimal("50000"),
        "maximum": None,
        "guide_amount": "£50,000+ per annum (the guide also prints “£39,000 over the life of the contract”)",
        "most_applicable_when": "Outcomes certain; contestable market; non-sector specific; statutory or required "
        "service",
        "exceptions": "May be used for lower amounts where external guidance applies",
        "resulting_agreement": "Contract",
        "key_guiding_document": "The Procurement Act 2023 (the guide names the EU procurement directives it replaced) "
        "and internal procurement procedures",
    },
    {
        "kind": RuleKind.FUNDING,
        "method": "Small Grants",
        "guide_ref": "small-grants",
        "value_basis": ValueBasis.WHOLE_LIFE,
        "minimum": Decimal("0"),
        "maximum": Decimal("5000"),
        "guide_amount": "less than £5,000",
        "exceptions": "May be used for higher amounts especially redevelopment costs",
        "resulting_agreement": "Funding agreement",
        "key_guiding_document": "Community initiatives",
    },
    {
        "kind": RuleKind.FUNDING,
        "method": "Competitive Grants Commissioning",
        "guide_ref": "competitive-grants",
        "value_basis": ValueBasis.WHOLE_LIFE,
        "minimum": Decimal("5000"),
        "maximum": Decimal("50000"),
        "guide_amount": "£5,000 - £50,000",
        "most_applicable_when": "Outcomes less certain; many potential providers; VCS specific; time allows",
        "exceptions": "May be used for higher amounts where Resources Panel approved",
        "resulting_agreement": "Funding agreement with SLA",
        "key_guiding_document": "Community initiatives",
    },
    {
        "kind": RuleKind.FUNDING,
        "method": "Selective process of grants commissioning",
        "guide_ref": "selective-grants",
        "value_basis": ValueBasis.WHOLE_LIFE,
        "minimum": Decimal("5000"),
        "maximum": Decimal("50000"),
        "guide_amount": "£5,000 - £50,000",
        "most_applicable_when": "Outcomes less certain; few potential providers; significant overlap with existing "
        "VCS activity; VCS specific; restricted timescale",
        "exceptions": "May be used for higher amounts where Resources Panel approved",
        "resulting_agreement": "Funding agreement with SLA",
        "key_guiding_document": "Community initiatives",
    },
    {
        "kind": RuleKind.FUNDING,
        "method": "Grant-in-aid",
        "guide_ref": "grant-in-aid",
        "value_basis": ValueBasis.WHOLE_LIFE,
        "minimum": Decimal("0"),
        "maximum": None,
        "guide_amount": "no limit",
        "most_applicable_when": "Core costs for strategically important organisations that add value to the "
        "locality and/or support others",
        "resulting_agreement": "Funding agreement with SLA",
        "key_guiding_document": "Community initiatives",
    },
]


def ensure_defaults(Threshold, LocalRule) -> int:
    """Create the defaults when none of their kind is held; returns how many were created."""
    created = 0
    if not Threshold.objects.exists():
        Threshold.objects.bulk_create(
            Threshold(
                contract_type=kind, buyer_type=buyer, amount=Decimal(amount), effective_from=start, effective_to=end,
                source=source,
            )
            for kind, buyer, amount, start, end, source in DEFAULT_THRESHOLDS
        )  # fmt: skip
        created += len(DEFAULT_THRESHOLDS)
    if not LocalRule.objects.exists():
        LocalRule.objects.bulk_create(
            LocalRule(position=index, source=GUIDE, **rule) for index, rule in enumerate(DEFAULT_LOCAL_RULES)
        )
        created += len(DEFAULT_LOCAL_RULES)
    return created
