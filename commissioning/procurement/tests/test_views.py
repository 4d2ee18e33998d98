"""Route advice in the browser's pages and the API, and the rules administrators keep."""

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from commissioning.procurement.models import ContractType, LocalRule, Threshold

pytestmark = pytest.mark.django_db

ADVICE = reverse("procurement:route-advice")
API = "/api/v1/procurement/route-advice/"


def test_the_shipped_rules_are_in_place():
    assert Threshold.objects.count() == 9
    assert LocalRule.objects.count() == 7
    in_2026 = Threshold.objects.get(
        contract_type=ContractType.GOODS_AND_SERVICES,
        buyer_type="sub_central",
        effective_from=date(2026, 1, 1),
    )
    assert in_2026.amount == Decimal("207720.00")


def test_route_advice_page_gives_the_regime_and_reasons(client_for, commissioner):
    page = client_for(commissioner).get(
        ADVICE,
        {"estimated_value": "750000", "includes_vat": "true", "category": "light_touch_services",
         "duration_months": "36", "buyer_type": "sub_central"},
    ).content.decode()  # fmt: skip
    assert "Light-touch contract above threshold" in page
    assert "£750,000 including VAT; the threshold is £663,540." in page
    assert "Full competitive procurement process" in page
    assert "No statutory minimum for a light-touch contract" in page


def test_route_advice_page_shows_errors_in_the_summary(client_for, commissioner):
    page = (
        client_for(commissioner)
        .get(ADVICE, {"estimated_value": "lots", "duration_months": "0"})
        .content.decode()
    )
    assert "There is a problem" in page
    assert "Enter the estimated value as a number of pounds, for example 250000" in page
    assert "Say whether the value includes VAT" in page
    assert "Choose what is being bought or funded" in page
    assert "Enter a duration of 1 month or more" in page
    assert 'id="advice"' not in page


def test_the_api_returns_the_advice(client_for, commissioner):
    response = client_for(commissioner).get(
        API,
        {"estimated_value": "173100", "includes_vat": "false", "category": "goods_and_services",
         "duration_months": "12"},
    )  # fmt: skip
    body = response.json()
    assert response.status_code == 200
    assert body["regime"] == "above_threshold"
    assert body["value_including_vat"] == "207720.00"
    assert body["threshold"] == "207720.00"
    assert body["local_method"] == "Full competitive procurement process"
    assert body["resulting_agreement"] == "Contract"
    assert "Tender notice (section 21)" in body["notices"]
    assert body["reasons"][0].startswith("The estimated whole-life value of £173,100 without VAT is £207,720")
    for key in ("procedures", "timescales", "other_local_methods"):
        assert key in body


def test_the_api_refuses_bad_parameters_with_problem_details(client_for, commissioner):
    response = client_for(commissioner).get(
        API, {"estimated_value": "-5", "includes_vat": "maybe", "category": "furniture"}
    )
    body = response.json()
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    assert set(body["errors"]) == {"estimated_value", "includes_vat", "category", "duration_months"}
    assert body["errors"]["category"] == [
        "Choose one of goods_and_services, light_touch_services, works, health_care_services, grant."
    ]


def test_providers_get_no_advice(client_for, provider_user):
    assert client_for(provider_user).get(ADVICE).status_code == 403
    assert client_for(provider_user).get(API, {"estimated_value": "1"}).status_code == 403


def _threshold_form(**overrides):
    data = {
        "contract_type": "goods_and_services",
        "buyer_type": "sub_central",
        "amount": "220000",
        "effective_from_0": "1",
        "effective_from_1": "1",
        "effective_from_2": "2028",
        "source": "Procurement Act 2023, Schedule 1, as amended from 1 January 2028",
    }
    data.update(overrides)
    return data


def test_an_administrator_adds_the_next_threshold_after_ending_the_current_one(client_for, administrator):
    client = client_for(administrator)
    clash = client.post(reverse("procurement:threshold-add"), _threshold_form()).content.decode()
    assert (
        "These dates overlap the threshold of 207,720.00 in force from 1 January 2026 with no end date."
        in clash
    )
    current = Threshold.objects.get(
        contract_type="goods_and_services", buyer_type="sub_central", effective_to=None
    )
    response = client.post(
        reverse("procurement:threshold-change", args=[current.pk]),
        {
            "version": current.version,
            "contract_type": "goods_and_services",
            "buyer_type": "sub_central",
            "amount": "207720",
            "effective_from_0": "1",
            "effective_from_1": "1",
            "effective_from_2": "2026",
            "effective_to_0": "31",
            "effective_to_1": "12",
            "effective_to_2": "2027",
            "source": current.source,
        },
    )
    assert response.status_code == 302
    assert client.post(reverse("procurement:threshold-add"), _threshold_form()).status_code == 302
    assert Threshold.objects.filter(amount=Decimal("220000")).exists()
    history = client.get(reverse("procurement:threshold-history", args=[current.pk])).content.decode()
    assert "31 Dec 2027" in history


def test_only_administrators_change_the_rules(client_for, commissioner):
    client = client_for(commissioner)
    assert client.get(reverse("procurement:threshold-add")).status_code == 403
    rule = LocalRule.objects.first()
    assert client.get(reverse("procurement:local-rule-change", args=[rule.pk])).status_code == 403
    page = client.get(reverse("procurement:rules")).content.decode()
    assert "Add a threshold" not in page and "In force" in page


def test_a_local_rule_change_applies_to_the_next_advice(client_for, administrator):
    client = client_for(administrator)
    rule = LocalRule.objects.get(method="Class I & II")
    response = client.post(
        reverse("procurement:local-rule-change", args=[rule.pk]),
        {
            "version": rule.version,
            "kind": "purchasing",
            "method": "Quotations",
            "value_basis": "annual",
            "minimum": "0",
            "maximum": "30000",
            "guide_amount": "less than £30,000 a year",
            "resulting_agreement": "Contract",
            "position": "0",
            "source": "Local contract procedure rules 2026",
        },
    )
    assert response.status_code == 302
    body = client.get(
        API,
        {
            "estimated_value": "10000",
            "includes_vat": "true",
            "category": "goods_and_services",
            "duration_months": "12",
        },
    ).json()
    assert body["local_method"] == "Quotations"
    bad = client.post(
        reverse("procurement:local-rule-change", args=[rule.pk]),
        {"version": rule.version + 1, "kind": "purchasing", "method": "Q", "value_basis": "annual", "minimum": "500",
         "maximum": "100", "guide_amount": "x", "resulting_agreement": "C", "position": "0", "source": "s"},
    ).content.decode()  # fmt: skip
    assert "There is a problem" in bad


def test_archiving_a_threshold_needs_a_reason_and_can_be_undone(client_for, administrator):
    client = client_for(administrator)
    works = Threshold.objects.get(contract_type="works", effective_to=None)
    page = client.post(
        reverse("procurement:threshold-archive", args=[works.pk]), {"reason": ""}
    ).content.decode()
    assert "Enter a reason" in page
    client.post(reverse("procurement:threshold-archive", args=[works.pk]), {"reason": "Replaced"})
    works.refresh_from_db()
    assert works.is_archived
    body = client.get(
        API,
        {"estimated_value": "6000000", "includes_vat": "true", "category": "works", "duration_months": "24"},
    )
    assert body.status_code == 400
    assert "No threshold for works is in force" in body.json()["errors"]["category"][0]
    client.post(reverse("procurement:threshold-restore", args=[works.pk]), {"reason": ""})
    works.refresh_from_db()
    assert not works.is_archived
