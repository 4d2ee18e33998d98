"""What the exports read: procurements with their awards, agreements and notices, and the agreements in force."""

from django.db.models import Exists, OuterRef, Prefetch

from commissioning.contracts.models import Agreement, AgreementStatus, AgreementType, Payment, Variation
from commissioning.procurement.models import AwardDecision, Bid, GrantAgreement, Procurement, ProcurementKind


def published_agreements():
    """Agreements of the register that are public: neither drafts nor archived."""
    return Agreement.objects.active().exclude(status=AgreementStatus.DRAFT)


def with_payments_and_variations(agreements):
    """Paid instalments (the contract's implementation) and variations (its amendments), oldest first."""
    return agreements.prefetch_related(
        Prefetch(
            "payments",
            queryset=Payment.objects.active().filter(paid_on__isnull=False).order_by("paid_on", "pk"),
            to_attr="paid_payments",
        ),
        Prefetch(
            "variations",
            queryset=Variation.objects.order_by("approved_on", "pk"),
            to_attr="variations_in_order",
        ),
    )


def procurements_for_ocds():
    """Every procurement and grant round that has been published or awarded (planning is not yet public)."""
    return (
        Procurement.objects.active()
        .exclude(published_at__isnull=True)
        .select_related("activity__lead_organisation")
        .prefetch_related(
            "notices",
            "milestones",
            Prefetch("bids", queryset=Bid.objects.select_related("bidder").order_by("submitted_at", "pk")),
            Prefetch(
                "awards",
                queryset=AwardDecision.objects.select_related("bid__bidder", "bid__grant_agreement").order_by(
                    "decided_on", "pk"
                ),
            ),
            Prefetch(
                "agreements",
                queryset=with_payments_and_variations(
                    Agreement.objects.active()
                    .exclude(status=AgreementStatus.DRAFT)
                    .select_related("provider", "commissioner", "award")
                ),
            ),
        )
        .order_by("reference")
    )


def agreements_without_procurement():
    """Agreements entered directly (a spot purchase, a call-off, an SLA…), not through a procurement here."""
    return with_payments_and_variations(
        Agreement.objects.active()
        .filter(procurement__isnull=True)
        .exclude(status=AgreementStatus.DRAFT)
        .select_related("provider", "commissioner")
        .order_by("reference")
    )


def grant_agreements():
    """Funding agreements of grant rounds, unless a published register agreement records the same award (a draft
    in the register does not replace it)."""
    return (
        GrantAgreement.objects.filter(bid__procurement__archived_at__isnull=True)
        .filter(bid__procurement__kind=ProcurementKind.GRANT_ROUND)
        .exclude(Exists(published_agreements().filter(award__bid=OuterRef("bid"))))
        .select_related("bid__bidder", "bid__procurement__activity__lead_organisation", "bid__award")
        .order_by("bid__procurement__reference", "bid__bidder__name")
    )


def grant_funding_agreements():
    return (
        Agreement.objects.active()
        .filter(agreement_type=AgreementType.GRANT_FUNDING)
        .exclude(status=AgreementStatus.DRAFT)
        .select_related("provider", "commissioner", "procurement", "award")
        .order_by("reference")
    )


def awards_with_contract_entered():
    """Awards of tenders whose contract has been entered into but not (yet) put in the contracts register."""
    return (
        AwardDecision.objects.filter(procurement__archived_at__isnull=True, contract_entered_on__isnull=False)
        .filter(procurement__kind=ProcurementKind.TENDER)
        .exclude(Exists(published_agreements().filter(award=OuterRef("pk"))))
        .select_related("bid__bidder", "procurement__activity__lead_organisation")
        .order_by("procurement__reference", "pk")
    )


def agreements_in_force():
    return (
        Agreement.objects.active()
        .exclude(status=AgreementStatus.DRAFT)
        .select_related("provider", "commissioner", "procurement", "award")
    )
