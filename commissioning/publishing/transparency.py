"""The Local Government Transparency Code 2015 contracts data for one quarter: every contract, grant funding
agreement or other legally enforceable agreement over £5,000 in force at any time in the quarter. The columns are
documented in docs/publishing.md."""

import csv
import datetime as dt
import io
import re
from dataclasses import dataclass
from decimal import Decimal

from dateutil.relativedelta import relativedelta

from commissioning.contracts.models import AgreementType
from commissioning.organisations.models import Sector
from commissioning.procurement.models import Procedure
from commissioning.publishing import selectors

THRESHOLD = 5000
NOT_RECORDED = "Not recorded"

COLUMNS = [
    "Reference",
    "Title",
    "Description",
    "Supplier name",
    "Companies House number",
    "Charity number",
    "Department",
    "Start date",
    "End date",
    "Review date",
    "Value",
    "Annual value",
    "VAT that cannot be recovered",
    "Supplier is an SME",
    "Supplier is a VCSE organisation",
    "Procurement process",
]
REQUIRED = [
    "Reference",
    "Title",
    "Supplier name",
    "Department",
    "Start date",
    "End date",
    "Value",
    "Procurement process",
]
VCSE_SECTORS = (Sector.VOLUNTARY_COMMUNITY_FAITH, Sector.SOCIAL_ENTERPRISE)
PROCESS = {
    Procedure.OPEN: "Published invitation to tender (open procedure)",
    Procedure.COMPETITIVE_FLEXIBLE: "Published invitation to tender (competitive flexible procedure)",
    Procedure.QUOTATION: "Invitation to quote",
    Procedure.GRANT_APPLICATION: "Grant round: published call for applications",
}
QUARTER = re.compile(r"^(\d{4})-Q([1-4])$")


class QuarterError(ValueError):
    pass


@dataclass(frozen=True)
class Quarter:
    year: int
    number: int

    @classmethod
    def parse(cls, text: str) -> "Quarter":
        match = QUARTER.match((text or "").strip().upper())
        if not match:
            raise QuarterError(
                f"Give the quarter as YEAR-Qn, like 2026-Q3 (July to September 2026), not {text!r}."
            )
        return cls(int(match[1]), int(match[2]))

    @classmethod
    def containing(cls, day: dt.date) -> "Quarter":
        return cls(day.year, (day.month - 1) // 3 + 1)

    @property
    def start(self) -> dt.date:
        return dt.date(self.year, 3 * self.number - 2, 1)

    @property
    def end(self) -> dt.date:
        return self.start + relativedelta(months=3, days=-1)

    def __str__(self) -> str:
        return f"{self.year}-Q{self.number}"


def money(value) -> str:
    return f"{Decimal(value):.2f}"


def vcse(organisation) -> str:
    return "Yes" if organisation.sector in VCSE_SECTORS else "No"


def _row(held_from: dt.date, **values) -> tuple[dt.date, dict]:
    """The row, and the day from which the council holds the agreement (awarded, signed or started)."""
    return held_from, {column: values.get(column, "") for column in COLUMNS}


def _agreement_row(agreement) -> dict:
    procurement = agreement.procurement
    if procurement is not None:
        process = PROCESS.get(procurement.procedure, procurement.get_procedure_display())
    else:
        process = f"No procurement recorded here: {agreement.get_agreement_type_display().lower()}"
    years = Decimal(max((agreement.ends_on - agreement.starts_on).days + 1, 1)) / Decimal("365.25")
    annual = agreement.annual_value
    decided = [
        agreement.starts_on,
        agreement.signed_on,
        agreement.award.decided_on if agreement.award else None,
    ]
    return _row(
        min(day for day in decided if day),
        **{
            "Reference": agreement.reference,
            "Title": agreement.title,
            "Description": agreement.description,
            "Supplier name": agreement.provider.name,
            "Companies House number": agreement.provider.companies_house_number,
            "Charity number": agreement.provider.charity_number,
            "Department": agreement.commissioner.name,
            "Start date": agreement.starts_on.isoformat(),
            "End date": agreement.ends_on.isoformat(),
            "Review date": (agreement.ends_on - relativedelta(months=agreement.notice_months)).isoformat(),
            "Value": money(agreement.whole_life_value),
            "Annual value": money(annual if annual else agreement.whole_life_value / max(years, Decimal(1))),
            "VAT that cannot be recovered": "0.00"
            if agreement.agreement_type == AgreementType.GRANT_FUNDING
            else NOT_RECORDED,
            "Supplier is an SME": NOT_RECORDED,
            "Supplier is a VCSE organisation": vcse(agreement.provider),
            "Procurement process": process,
        },
    )


def _grant_row(grant) -> dict:
    procurement = grant.bid.procurement
    bidder = grant.bid.bidder
    years = Decimal((grant.ends_on - grant.starts_on).days + 1) / Decimal("365.25")
    award = getattr(grant.bid, "award", None)
    decided = [grant.starts_on, grant.signed_on, award.decided_on if award else None]
    return _row(
        min(day for day in decided if day),
        **{
            "Reference": f"{procurement.reference}-{bidder.pk}",
            "Title": f"{procurement.title}: {bidder.name}",
            "Description": grant.outputs_and_outcomes or procurement.description,
            "Supplier name": bidder.name,
            "Companies House number": bidder.companies_house_number,
            "Charity number": bidder.charity_number,
            "Department": procurement.activity.lead_organisation.name,
            "Start date": grant.starts_on.isoformat(),
            "End date": grant.ends_on.isoformat(),
            "Review date": (grant.ends_on - relativedelta(months=3)).isoformat(),
            "Value": money(grant.amount),
            "Annual value": money(grant.amount / max(years, Decimal(1))),
            "VAT that cannot be recovered": "0.00",
            "Supplier is an SME": NOT_RECORDED,
            "Supplier is a VCSE organisation": vcse(bidder),
            "Procurement process": PROCESS[Procedure.GRANT_APPLICATION],
        },
    )


def _award_row(award) -> dict:
    procurement = award.procurement
    bidder = award.bid.bidder
    value = award.amount if award.amount is not None else award.bid.price or procurement.estimated_value
    start = procurement.contract_start
    end = start + relativedelta(months=procurement.duration_months, days=-1)
    return _row(
        min(start, award.decided_on, award.contract_entered_on),
        **{
            "Reference": procurement.reference,
            "Title": procurement.title,
            "Description": procurement.description,
            "Supplier name": bidder.name,
            "Companies House number": bidder.companies_house_number,
            "Charity number": bidder.charity_number,
            "Department": procurement.activity.lead_organisation.name,
            "Start date": start.isoformat(),
            "End date": end.isoformat(),
            "Review date": (end - relativedelta(months=3)).isoformat(),
            "Value": money(value),
            "Annual value": money(Decimal(value) * 12 / max(procurement.duration_months, 12)),
            "VAT that cannot be recovered": NOT_RECORDED,
            "Supplier is an SME": NOT_RECORDED,
            "Supplier is a VCSE organisation": vcse(bidder),
            "Procurement process": PROCESS.get(procurement.procedure, procurement.get_procedure_display()),
        },
    )


def _in_quarter(candidate: tuple[dt.date, dict], quarter: Quarter) -> bool:
    """Over £5,000, held at some time in the quarter: awarded, signed or started by its end, not ended before
    its start."""
    held_from, row = candidate
    return (
        Decimal(row["Value"]) > THRESHOLD
        and held_from <= quarter.end
        and row["End date"] >= quarter.start.isoformat()
    )


def rows(quarter: Quarter) -> list[dict]:
    candidates = [_agreement_row(agreement) for agreement in selectors.agreements_in_force()]
    candidates += [_grant_row(grant) for grant in selectors.grant_agreements()]
    candidates += [_award_row(award) for award in selectors.awards_with_contract_entered()]
    held = [row for held_from, row in candidates if _in_quarter((held_from, row), quarter)]
    return sorted(held, key=lambda row: row["Reference"])


def as_csv(table: list[dict]) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(table)
    return buffer.getvalue()
