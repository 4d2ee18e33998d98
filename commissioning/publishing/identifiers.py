"""Organisation identifiers in the org-id.guide schemes: GB-COH (Companies House), GB-CHC (Charity Commission for
England and Wales), GB-SC (Scottish charities) and GB-NIC (Northern Ireland charities)."""

import re
from dataclasses import dataclass

from django.conf import settings

ORG_ID_SCHEME = re.compile(r"^[A-Z]{2}-[A-Z0-9]{2,}$")


@dataclass(frozen=True)
class OrgId:
    scheme: str
    id: str

    @property
    def full(self) -> str:
        return f"{self.scheme}-{self.id}"


def charity_id(number: str) -> OrgId | None:
    if not number:
        return None
    if number.startswith("SC"):
        return OrgId("GB-SC", number)
    if number.startswith("NI"):
        return OrgId("GB-NIC", re.sub(r"^NIC?", "", number))
    return OrgId("GB-CHC", number)


def company_id(number: str) -> OrgId | None:
    return OrgId("GB-COH", number) if number else None


def other_id(organisation) -> OrgId | None:
    scheme = organisation.other_identifier_scheme.strip().upper()
    if organisation.other_identifier and ORG_ID_SCHEME.match(scheme):
        return OrgId(scheme, organisation.other_identifier.strip())
    return None


def registered_ids(organisation, *, charity_first: bool = False) -> list[OrgId]:
    """Every registered identifier the organisation has, the preferred one first."""
    charity, company = (
        charity_id(organisation.charity_number),
        company_id(organisation.companies_house_number),
    )
    ordered = [charity, company] if charity_first else [company, charity]
    return [org_id for org_id in [*ordered, other_id(organisation)] if org_id]


def local_id(organisation) -> str:
    """For an organisation with no registered identifier: the publisher's own, under its 360Giving prefix."""
    return f"360G-{settings.GRANTS_PREFIX}-ORG-{organisation.pk}"
