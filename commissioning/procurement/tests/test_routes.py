"""Route advice at and either side of every threshold, from the shipped rules, without a database."""

from datetime import date
from decimal import Decimal

import pytest

from commissioning.procurement.defaults import DEFAULT_LOCAL_RULES, DEFAULT_THRESHOLDS, GUIDE
from commissioning.procurement.routes import (
    AdviceError,
    Category,
    Local,
    Regime,
    ThresholdRule,
    route_advice,
)

IN_2026 = date(2026, 11, 23)
IN_2025 = date(2025, 6, 1)


def rules_on(on: date) -> list[ThresholdRule]:
    return [
        ThresholdRule(contract_type=kind, buyer_type=buyer, amount=Decimal(amount), source=source)
        for kind, buyer, amount, start, end, source in DEFAULT_THRESHOLDS
        if start <= on and (end is None or on <= end)
    ]


LOCAL = [
    Local(**{k: v for k, v in rule.items() if k not in ("guide_ref", "key_guiding_document")}, source=GUIDE)
    for rule in DEFAULT_LOCAL_RULES
]


def advise(
    value, category=Category.GOODS_AND_SERVICES, *, vat=True, months=12, buyer="sub_central", on=IN_2026
):
    return route_advice(
        estimated_value=Decimal(value),
        includes_vat=vat,
        category=category,
        duration_months=months,
        buyer_type=buyer,
        thresholds=rules_on(on),
        local_rules=LOCAL,
        on=on,
    )


@pytest.mark.parametrize(
    ("value", "category", "buyer", "on", "regime"),
    [
        # Goods and services, sub-central, from 1 January 2026: £207,720.
        ("207719.99", Category.GOODS_AND_SERVICES, "sub_central", IN_2026, Regime.BELOW_THRESHOLD_NOTIFIABLE),
        ("207720", Category.GOODS_AND_SERVICES, "sub_central", IN_2026, Regime.ABOVE_THRESHOLD),
        ("207720.01", Category.GOODS_AND_SERVICES, "sub_central", IN_2026, Regime.ABOVE_THRESHOLD),
        # The same value in 2025, when the threshold was £214,904.
        ("207720", Category.GOODS_AND_SERVICES, "sub_central", IN_2025, Regime.BELOW_THRESHOLD_NOTIFIABLE),
        ("214903.99", Category.GOODS_AND_SERVICES, "sub_central", IN_2025, Regime.BELOW_THRESHOLD_NOTIFIABLE),
        ("214904", Category.GOODS_AND_SERVICES, "sub_central", IN_2025, Regime.ABOVE_THRESHOLD),
        # Central government: £135,018.
        ("135017.99", Category.GOODS_AND_SERVICES, "central", IN_2026, Regime.BELOW_THRESHOLD_NOTIFIABLE),
        ("135018", Category.GOODS_AND_SERVICES, "central", IN_2026, Regime.ABOVE_THRESHOLD),
        # Works: £5,193,000.
        ("5192999.99", Category.WORKS, "sub_central", IN_2026, Regime.BELOW_THRESHOLD_NOTIFIABLE),
        ("5193000", Category.WORKS, "sub_central", IN_2026, Regime.ABOVE_THRESHOLD),
        ("5372608", Category.WORKS, "sub_central", IN_2025, Regime.BELOW_THRESHOLD_NOTIFIABLE),
        ("5372609", Category.WORKS, "sub_central", IN_2025, Regime.ABOVE_THRESHOLD),
        # Light-touch services: £663,540, unchanged in 2026.
        ("663539.99", Category.LIGHT_TOUCH, "sub_central", IN_2026, Regime.BELOW_THRESHOLD_NOTIFIABLE),
        ("663540", Category.LIGHT_TOUCH, "sub_central", IN_2026, Regime.LIGHT_TOUCH),
        ("663540", Category.LIGHT_TOUCH, "sub_central", IN_2025, Regime.LIGHT_TOUCH),
        # Notifiable below threshold: £30,000 for sub-central authorities, £12,000 for central government.
        ("29999.99", Category.GOODS_AND_SERVICES, "sub_central", IN_2026, Regime.BELOW_THRESHOLD),
        ("30000", Category.GOODS_AND_SERVICES, "sub_central", IN_2026, Regime.BELOW_THRESHOLD_NOTIFIABLE),
        ("29999.99", Category.LIGHT_TOUCH, "sub_central", IN_2026, Regime.BELOW_THRESHOLD),
        ("11999.99", Category.GOODS_AND_SERVICES, "central", IN_2026, Regime.BELOW_THRESHOLD),
        ("12000", Category.GOODS_AND_SERVICES, "central", IN_2026, Regime.BELOW_THRESHOLD_NOTIFIABLE),
        # Health care services and grants, whatever the value.
        ("1", Category.HEALTH_CARE, "sub_central", IN_2026, Regime.PROVIDER_SELECTION_REGIME),
        ("90000000", Category.HEALTH_CARE, "sub_central", IN_2026, Regime.PROVIDER_SELECTION_REGIME),
        ("900000", Category.GRANT, "sub_central", IN_2026, Regime.GRANT),
    ],
)
def test_the_regime_at_and_either_side_of_every_threshold(value, category, buyer, on, regime):
    assert advise(value, category, buyer=buyer, on=on).regime == regime


def test_a_value_without_vat_has_vat_added_before_comparing():
    # £173,100 without VAT is £207,720 with VAT at 20%: exactly the threshold.
    advice = advise("173100", vat=False)
    assert (advice.value_including_vat, advice.regime) == (Decimal("207720.00"), Regime.ABOVE_THRESHOLD)
    assert advice.reasons[0] == (
        "The estimated whole-life value of £173,100 without VAT is £207,720 with VAT at 20%: thresholds include VAT "
        "(Procurement Act 2023, Schedules 1 and 3)."
    )
    assert advise("173099.99", vat=False).regime == Regime.BELOW_THRESHOLD_NOTIFIABLE


def test_above_threshold_advice_lists_procedures_notices_timescales_and_reasons():
    advice = advise("6000000", months=36)
    assert advice.annual_value_including_vat == Decimal("2000000.00")
    assert any(p.startswith("Open procedure") for p in advice.procedures)
    assert any(p.startswith("Competitive flexible procedure") for p in advice.procedures)
    assert "Tender notice (section 21)" in advice.notices
    assert any("contract performance notice" in n for n in advice.notices)  # over £5 million
    assert [t.minimum for t in advice.timescales] == ["25 days", "25 days each", "8 working days"]
    assert advice.reasons[1] == "Over 36 months that is £2,000,000 a year."
    assert advice.reasons[2].startswith(
        "The threshold for goods and services bought by a sub-central authority is £207,720 including VAT"
    )
    assert advice.local_method == "Full competitive procurement process"


def test_a_light_touch_contract_has_no_statutory_minimum_period_and_a_voluntary_standstill():
    advice = advise("700000", Category.LIGHT_TOUCH, months=24)
    timescales = {t.name: t.minimum for t in advice.timescales}
    assert timescales == {
        "Tendering period": "No statutory minimum for a light-touch contract",
        "Standstill": "Voluntary",
    }
    assert not any("contract performance notice" in n for n in advice.notices)


@pytest.mark.parametrize(
    ("value", "months", "method", "agreement"),
    [
        ("29999.99", 12, "Class I & II", "Contract (Green Decision)"),
        ("30000", 12, "Restricted procurement process", "Contract"),
        ("49999.99", 12, "Restricted procurement process", "Contract"),
        ("50000", 12, "Full competitive procurement process", "Contract"),
        # £90,000 over three years is £30,000 a year: the guide's bands are per year.
        ("90000", 36, "Restricted procurement process", "Contract"),
        ("89999.97", 36, "Class I & II", "Contract (Green Decision)"),
    ],
)
def test_the_councils_local_method_by_value_a_year(value, months, method, agreement):
    advice = advise(value, months=months)
    assert (advice.local_method, advice.resulting_agreement) == (method, agreement)


@pytest.mark.parametrize(
    ("value", "method", "alternatives"),
    [
        ("4999.99", "Small Grants", ["Grant-in-aid"]),
        (
            "5000",
            "Competitive Grants Commissioning",
            ["Selective process of grants commissioning", "Grant-in-aid"],
        ),
        (
            "49999.99",
            "Competitive Grants Commissioning",
            ["Selective process of grants commissioning", "Grant-in-aid"],
        ),
        ("50000", "Grant-in-aid", []),
    ],
)
def test_grants_follow_the_guides_funding_methods(value, method, alternatives):
    advice = advise(value, Category.GRANT)
    assert advice.local_method == method
    assert [rule.method for rule in advice.alternatives] == alternatives
    assert advice.notices[0] == "Publish the grant in the 360Giving Data Standard"


def test_health_care_services_use_the_provider_selection_regime():
    advice = advise("450000", Category.HEALTH_CARE, months=60)
    assert advice.procedures == [
        "Direct award process A, B or C, where its conditions are met",
        "The most suitable provider process",
        "The competitive process",
    ]
    assert advice.timescales[0].minimum == "8 working days"


def test_bad_requests_name_every_field_that_is_wrong():
    with pytest.raises(AdviceError) as caught:
        route_advice(
            estimated_value=Decimal("-1"),
            includes_vat=True,
            category="furniture",
            duration_months=0,
            buyer_type="parish",
            thresholds=rules_on(IN_2026),
            local_rules=LOCAL,
            on=IN_2026,
        )
    assert caught.value.errors == {
        "estimated_value": "The estimated value must be £0 or more",
        "category": "Choose the category: one of goods_and_services, light_touch_services, works, "
        "health_care_services, grant",
        "duration_months": "Enter how many months the agreement lasts, including any extensions: 1 or more",
        "buyer_type": "Choose the buyer type: sub_central or central",
    }


def test_no_threshold_in_force_is_an_error_not_a_guess():
    with pytest.raises(AdviceError) as caught:
        advise("100000", on=date(2024, 6, 1))
    assert caught.value.errors == {
        "category": "No threshold for goods and services is in force on 1 June 2024."
    }
