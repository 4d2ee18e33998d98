"""A 360Giving 1.4.3 package of the grants: funding agreements of grant rounds, and grant funding agreements in the
contracts register. Grant ids are `360G-<prefix>-<reference>`; recipients are identified by their charity or
Companies House number (GB-CHC-…, GB-COH-…), or else by an id under the publisher's own prefix."""

from decimal import Decimal

from django.conf import settings
from django.utils import timezone

from commissioning.publishing import identifiers, selectors
from commissioning.publishing.ocds import compact

VERSION = "1.4"


def grant_id(reference: str) -> str:
    return f"360G-{settings.GRANTS_PREFIX}-{reference}"


def organisation(organisation, *, funder: bool = False) -> dict:
    ids = identifiers.registered_ids(organisation, charity_first=True)
    lines = [line.strip() for line in organisation.address.splitlines() if line.strip()]
    return compact(
        {
            "id": ids[0].full if ids else identifiers.local_id(organisation),
            "name": organisation.name,
            "charityNumber": None if funder else organisation.charity_number,
            "companyNumber": None if funder else organisation.companies_house_number,
            "streetAddress": ", ".join(lines),
            "postalCode": organisation.postcode,
            "addressCountry": "United Kingdom",
            "url": organisation.website,
        }
    )


def number(value) -> int | float:
    value = Decimal(value)
    return int(value) if value == value.to_integral() else float(value)


def _from_grant_agreement(agreement) -> dict:
    bid = agreement.bid
    procurement = bid.procurement
    award = getattr(bid, "award", None)
    award_date = award.decided_on if award else agreement.signed_on or agreement.starts_on
    return compact(
        {
            "id": grant_id(f"{procurement.reference}-{bid.bidder_id}"),
            "title": f"{procurement.title}: {bid.bidder.name}",
            "description": agreement.outputs_and_outcomes or procurement.description or procurement.title,
            "currency": "GBP",
            "amountAppliedFor": number(bid.price) if bid.price is not None else None,
            "amountAwarded": number(agreement.amount),
            "awardDate": award_date.isoformat(),
            "plannedDates": [
                {"startDate": agreement.starts_on.isoformat(), "endDate": agreement.ends_on.isoformat()}
            ],
            "recipientOrganization": [organisation(bid.bidder)],
            "fundingOrganization": [organisation(procurement.activity.lead_organisation, funder=True)],
            "grantProgramme": [{"code": procurement.reference, "title": procurement.title}],
            "fromOpenCall": "No" if procurement.by_invitation else "Yes",
            "dateModified": timezone.localtime(agreement.updated_at).isoformat(timespec="seconds"),
        }
    )


def _from_agreement(agreement) -> dict:
    procurement = agreement.procurement
    award_date = agreement.award.decided_on if agreement.award else agreement.signed_on or agreement.starts_on
    return compact(
        {
            "id": grant_id(agreement.reference),
            "title": agreement.title,
            "description": agreement.description or agreement.title,
            "currency": "GBP",
            "amountAwarded": number(agreement.whole_life_value),
            "awardDate": award_date.isoformat(),
            "plannedDates": [
                {"startDate": agreement.starts_on.isoformat(), "endDate": agreement.ends_on.isoformat()}
            ],
            "recipientOrganization": [organisation(agreement.provider)],
            "fundingOrganization": [organisation(agreement.commissioner, funder=True)],
            "grantProgramme": [{"code": procurement.reference, "title": procurement.title}]
            if procurement
            else None,
            "dateModified": timezone.localtime(agreement.updated_at).isoformat(timespec="seconds"),
        }
    )


def grants() -> list[dict]:
    return [_from_grant_agreement(agreement) for agreement in selectors.grant_agreements()] + [
        _from_agreement(agreement) for agreement in selectors.grant_funding_agreements()
    ]


def grants_package() -> dict:
    return {
        "title": f"Grants by {settings.ORGANISATION_NAME}",
        "version": VERSION,
        "grants": grants(),
    }
