"""Demo agreements for the fictional Brackenshire partnership: contracts for demo services, one ending soon, a
small grant on simplified terms, the agreement for the awarded young carers grant round (BRK-2026-009), and
payments, some paid late, so that the alerts and the payments compliance figures have something to show."""

from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from commissioning.contracts import services
from commissioning.contracts.models import Agreement, add_months
from commissioning.services.models import Service

COUNCIL = "Brackenshire County Council"
ICB = "NHS Brackenshire and Wyvern Integrated Care Board"
GRANT_REFERENCE = "BRK-2026-009"

# (reference, title, type, provider, commissioner, service, annual, whole life, months since start, term months,
#  extension months, simplified terms)
AGREEMENTS = [
    ("CON-2023-004", "Targeted family support", "contract", "Brightpath Family Support CIC", COUNCIL, "EH-002",
     "620000", "2480000", 32, 36, 12, False),
    ("CON-2024-011", "Health visiting and school nursing", "contract", "Wyvern Community Health NHS Trust", ICB,
     "PH-001", "5850000", "29250000", 20, 60, 0, False),
    ("CON-2025-002", "SEND information, advice and support", "contract", "Brackenshire Voluntary Action", COUNCIL,
     "SEND-004", "160000", "480000", 8, 36, 24, False),
    ("GFA-2026-003", "Evening family drop-in", "grant_funding", "Harbour Youth Trust", COUNCIL, "EH-007",
     "24000", "24000", 5, 12, 0, True),
]  # fmt: skip

# Days from receiving the invoice to paying it, for the instalments already due: most on time, some late.
PAYMENT_DAYS = [12, 21, 28, 45, 9, 70, 18, 33, 25, 14, 27, 62]


def _agreement(actor, officer, organisations, services_by_ref, row, today):
    reference, title, kind, provider, commissioner, service_ref, annual, whole, ago, term, ext, simple = row
    starts = add_months(today.replace(day=1), -ago)
    ends = add_months(starts, term) - timedelta(days=1)
    return services.agreement_create(
        actor=actor,
        data={
            "reference": reference,
            "title": title,
            "agreement_type": kind,
            "provider": organisations[provider],
            "commissioner": organisations[commissioner],
            "service": services_by_ref.get(service_ref),
            "annual_value": Decimal(annual),
            "whole_life_value": Decimal(whole),
            "starts_on": starts,
            "ends_on": ends,
            "latest_end_on": add_months(ends, ext) if ext else None,
            "extension_options": f"One extension of {ext} months." if ext else "",
            "status": "live",
            "signed_on": starts - timedelta(days=14),
            "simplified_terms": simple,
            "payment_basis": "fixed_price",
            "monitoring_officer": officer,
            "notice_months": 3,
        },
    )


def _payments(actor, finance, agreement, today):
    amount = (agreement.annual_value / 4).quantize(Decimal("0.01"))
    services.schedule_set(
        actor=actor, agreement=agreement, basis="quarterly_arrears", amount=amount, first_due_on=add_months(agreement.starts_on, 3) - timedelta(days=1)
    )  # fmt: skip
    due = list(agreement.payments.active().filter(due_on__lt=today - timedelta(days=75)).order_by("-due_on"))
    for payment, days in zip(due, PAYMENT_DAYS, strict=False):
        received = payment.due_on + timedelta(days=2)
        services.payment_update(
            actor=finance,
            payment=payment,
            data={
                "invoice_reference": f"{agreement.reference}-{payment.due_on:%Y%m}",
                "invoice_received_on": received,
                "paid_on": received + timedelta(days=days),
            },
            expected_version=None,
        )


def _from_grant_round(actor, officer):
    from commissioning.contracts.views import award_initial
    from commissioning.procurement.models import AwardDecision

    award = (
        AwardDecision.objects.filter(procurement__reference=GRANT_REFERENCE, agreement__isnull=True)
        .select_related("procurement", "bid", "bid__bidder")
        .order_by("pk")
        .first()
    )
    if award is None:
        return None
    from commissioning.organisations.models import Organisation

    data = award_initial(award)
    data["provider"] = award.bid.bidder
    data["activity"] = award.procurement.activity
    data["commissioner"] = Organisation.objects.get(name=COUNCIL)
    data["reference"] = "GFA-2026-009"
    data["monitoring_officer"] = officer
    data["simplified_terms"] = data["whole_life_value"] < Decimal("30000")
    return services.agreement_create(
        actor=actor, data={**data, "procurement": award.procurement, "award": award}
    )


def load(context) -> None:
    organisations = context.records["organisations"]
    users = context.records["users"]
    actor, finance, officer = users["contracts"], users["finance"], users["monitoring"]
    services_by_ref = context.records.get("services") or {s.reference: s for s in Service.objects.all()}
    today = timezone.localdate()
    for row in AGREEMENTS:
        if Agreement.objects.filter(reference=row[0]).exists():
            continue
        agreement = _agreement(actor, officer, organisations, services_by_ref, row, today)
        _payments(actor, finance, agreement, today)
    if not Agreement.objects.filter(reference="GFA-2026-009").exists():
        _from_grant_round(actor, officer)
    context.records["agreements"] = {a.reference: a for a in Agreement.objects.all()}
