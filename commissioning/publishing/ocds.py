"""An OCDS 1.1.5 release package of every published procurement and grant round (tender, awards, contracts) and
of the agreements entered into directly.

One release per contracting process, holding its present state; its id carries the time of the last change, so a
changed process gets a new release. Procurement Act 2023 notices are published as tender documents whose title
names the notice (with its UK notice type, like "UK4"), because the UK extension is not part of the core schema."""

import datetime as dt
import json
from decimal import Decimal

from django.conf import settings
from django.utils import timezone

from commissioning.contracts.models import AgreementStatus
from commissioning.procurement.models import Procedure, ProcurementStatus
from commissioning.procurement.routes import Category, Regime
from commissioning.publishing import identifiers, selectors

OCDS_VERSION = "1.1"
LICENSE = "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/"

TENDER_STATUS = {
    ProcurementStatus.PLANNING: "planned",
    ProcurementStatus.OPEN: "active",
    ProcurementStatus.EVALUATION: "active",
    ProcurementStatus.AWARD_DECIDED: "active",
    ProcurementStatus.AWARDED: "complete",
    ProcurementStatus.CANCELLED: "cancelled",
}
METHOD = {
    Procedure.OPEN: "open",
    Procedure.COMPETITIVE_FLEXIBLE: "selective",
    Procedure.QUOTATION: "limited",
    Procedure.GRANT_APPLICATION: "open",
}
CATEGORY = {
    Category.GOODS_AND_SERVICES: "services",
    Category.LIGHT_TOUCH: "services",
    Category.HEALTH_CARE: "services",
    Category.WORKS: "works",
}
CONTRACT_STATUS = {
    AgreementStatus.DRAFT: "pending",
    AgreementStatus.LIVE: "active",
    AgreementStatus.ENDED: "terminated",
    AgreementStatus.TERMINATED: "terminated",
}
# Procurement Act 2023 notices, by words in the notice's name: (UK notice type, OCDS document type).
NOTICE_TYPES = [
    ("pipeline", "UK1", "procurementPlan"),
    ("preliminary market engagement", "UK2", "marketStudies"),
    ("planned procurement", "UK3", "plannedProcurementNotice"),
    ("below-threshold tender", "", "tenderNotice"),
    ("tender notice", "UK4", "tenderNotice"),
    ("transparency notice", "UK5", "awardNotice"),
    ("contract award", "UK6", "awardNotice"),
    ("contract details", "UK7", "contractNotice"),
    ("contract performance", "UK9", "physicalProgressReport"),
    ("award", "", "awardNotice"),
]


def stamp(value) -> str | None:
    """An RFC 3339 date-time in UTC; a date is taken as its midnight in London."""
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        moment = value
    else:
        moment = timezone.make_aware(dt.datetime.combine(value, dt.time.min))
    return moment.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def amount(value) -> dict | None:
    if value is None:
        return None
    number = Decimal(value)
    return {"amount": int(number) if number == number.to_integral() else float(number), "currency": "GBP"}


def compact(data: dict) -> dict:
    """Drop empty fields: OCDS wants fields left out rather than empty or null."""
    return {key: value for key, value in data.items() if value not in (None, "", [], {})}


def notice_type(name: str) -> tuple[str, str]:
    lowered = name.lower()
    for words, uk_type, document_type in NOTICE_TYPES:
        if words in lowered:
            return uk_type, document_type
    return "", ""


class Parties:
    """The parties of one release, each once, with every role it plays."""

    def __init__(self):
        self.by_id: dict[str, dict] = {}

    def add(self, organisation, *roles) -> dict:
        ids = identifiers.registered_ids(organisation)
        party_id = ids[0].full if ids else f"{settings.OCDS_PREFIX}-org-{organisation.pk}"
        party = self.by_id.get(party_id)
        if party is None:
            party = compact(
                {
                    "id": party_id,
                    "name": organisation.name,
                    "identifier": compact(
                        {"scheme": ids[0].scheme, "id": ids[0].id, "legalName": organisation.name}
                    )
                    if ids
                    else None,
                    "additionalIdentifiers": [
                        {"scheme": extra.scheme, "id": extra.id, "legalName": organisation.name}
                        for extra in ids[1:]
                    ],
                    "address": compact(
                        {
                            "streetAddress": ", ".join(
                                line.strip() for line in organisation.address.splitlines() if line.strip()
                            ),
                            "postalCode": organisation.postcode,
                            "countryName": "United Kingdom",
                        }
                    ),
                    "contactPoint": compact(
                        {
                            "email": organisation.email,
                            "telephone": organisation.telephone,
                            "url": organisation.website,
                        }
                    ),
                }
            )
            party["roles"] = []
            self.by_id[party_id] = party
        for role in roles:
            if role not in party["roles"]:
                party["roles"].append(role)
        return {"id": party_id, "name": organisation.name}

    def as_list(self) -> list[dict]:
        return [compact(party) for party in self.by_id.values()]


def _documents(procurement) -> list[dict]:
    documents = []
    for notice in procurement.notices.all():
        if notice.published_on is None:
            continue
        uk_type, document_type = notice_type(notice.name)
        title = f"{uk_type} {notice.name}" if uk_type else notice.name
        documents.append(
            compact(
                {
                    "id": notice.reference or f"{procurement.reference}-notice-{notice.pk}",
                    "documentType": document_type,
                    "title": title,
                    "description": "Procurement Act 2023 notice"
                    + (f" (notice type {uk_type})" if uk_type else "")
                    + (f", reference {notice.reference}" if notice.reference else "")
                    + ".",
                    "datePublished": stamp(notice.published_on),
                    "language": "en",
                }
            )
        )
    return documents


def _milestones(procurement) -> list[dict]:
    return [
        compact(
            {
                "id": milestone.key,
                "title": milestone.name,
                "description": milestone.rule,
                "dueDate": stamp(milestone.due),
                "dateMet": stamp(milestone.done_on),
                "status": "met" if milestone.done_on else "scheduled",
            }
        )
        for milestone in procurement.milestones.all()
    ]


def _tender(procurement, parties: Parties) -> dict:
    buyer = procurement.activity.lead_organisation
    bids = list(procurement.bids.all())
    tenderers = [parties.add(bid.bidder, "tenderer") for bid in bids]
    tenderers = list({party["id"]: party for party in tenderers}.values())
    regime_label = dict(Regime.LABELS).get(procurement.regime, procurement.get_regime_display())
    end = None
    if procurement.contract_start:
        end = procurement.contract_start + dt.timedelta(
            days=round(procurement.duration_months * 365.25 / 12) - 1
        )
    return compact(
        {
            "id": procurement.reference,
            "title": procurement.title,
            "description": procurement.description,
            "status": TENDER_STATUS.get(procurement.status, "active"),
            "procuringEntity": {"id": parties.add(buyer)["id"], "name": buyer.name},
            "items": [{"id": "1", "description": procurement.title}],
            "value": amount(procurement.estimated_value),
            "procurementMethod": METHOD.get(procurement.procedure),
            "procurementMethodDetails": f"{procurement.get_procedure_display()}. {regime_label}.",
            "mainProcurementCategory": CATEGORY.get(procurement.category),
            "awardCriteriaDetails": (
                f"Price {procurement.price_weight}%, quality {procurement.quality_weight}%, "
                f"social value {procurement.social_value_weight}%."
            )
            if not procurement.is_grant_round
            else None,
            "submissionMethod": ["electronicSubmission"],
            "tenderPeriod": compact(
                {"startDate": stamp(procurement.published_at), "endDate": stamp(procurement.tender_deadline)}
            ),
            "enquiryPeriod": compact(
                {
                    "startDate": stamp(procurement.published_at),
                    "endDate": stamp(procurement.clarification_deadline),
                }
            )
            if procurement.clarification_deadline
            else None,
            "contractPeriod": compact(
                {
                    "startDate": stamp(procurement.contract_start),
                    "endDate": stamp(end),
                    "durationInDays": (end - procurement.contract_start).days + 1 if end else None,
                }
            ),
            "eligibilityCriteria": procurement.eligibility,
            "numberOfTenderers": len(tenderers),
            "tenderers": tenderers,
            "documents": _documents(procurement),
            "milestones": _milestones(procurement),
        }
    )


def _award(procurement, award, parties: Parties) -> dict:
    roles = ("supplier", "payee") if procurement.is_grant_round else ("supplier",)
    supplier = parties.add(award.bid.bidder, *roles)
    grant = getattr(award.bid, "grant_agreement", None)
    value = award.amount if award.amount is not None else award.bid.price
    return compact(
        {
            "id": f"{procurement.reference}-award-{award.pk}",
            "title": f"Award to {award.bid.bidder.name}",
            "description": award.reasons,
            "status": "active",
            "date": stamp(award.decided_on),
            "value": amount(value),
            "suppliers": [supplier],
            "contractPeriod": compact({"startDate": stamp(grant.starts_on), "endDate": stamp(grant.ends_on)})
            if grant
            else None,
        }
    )


def _implementation(agreement, parties: "Parties") -> dict | None:
    payments = getattr(agreement, "paid_payments", None)
    if not payments:
        return None
    payer = parties.add(agreement.commissioner, "payer")
    payee = parties.add(agreement.provider, "payee")
    return {
        "transactions": [
            compact(
                {
                    "id": f"{agreement.reference}-payment-{payment.pk}",
                    "source": None,
                    "date": stamp(payment.paid_on),
                    "value": amount(payment.amount),
                    "payer": payer,
                    "payee": payee,
                }
            )
            for payment in payments
        ]
    }


def _amendments(agreement) -> list[dict]:
    amendments = []
    for variation in getattr(agreement, "variations_in_order", None) or []:
        change = Decimal(variation.value_change)
        value_note = f" Whole-life value {'+' if change >= 0 else '−'}£{abs(change):,.2f}." if change else ""
        amendments.append(
            {
                "id": f"{agreement.reference}-variation-{variation.pk}",
                "date": stamp(variation.approved_on),
                "rationale": variation.reason,
                "description": f"{variation.description}{value_note} Approved by {variation.approved_by}.",
            }
        )
    return amendments


def _contract_from_agreement(agreement, award_id: str, parties: "Parties") -> dict:
    return compact(
        {
            "id": agreement.reference,
            "awardID": award_id,
            "title": agreement.title,
            "description": agreement.description,
            "status": CONTRACT_STATUS.get(agreement.status, "pending"),
            "period": compact(
                {
                    "startDate": stamp(agreement.starts_on),
                    "endDate": stamp(agreement.ends_on),
                    "maxExtentDate": stamp(agreement.latest_end_on),
                }
            ),
            "value": amount(agreement.whole_life_value),
            "dateSigned": stamp(agreement.signed_on),
            "implementation": _implementation(agreement, parties),
            "amendments": _amendments(agreement),
        }
    )


def _contract_from_grant(procurement, award, grant) -> dict:
    today = timezone.localdate()
    status = "active" if grant.starts_on <= today <= grant.ends_on else "pending"
    if grant.ends_on < today:
        status = "terminated"
    return compact(
        {
            "id": f"{procurement.reference}-grant-{grant.pk}",
            "awardID": f"{procurement.reference}-award-{award.pk}",
            "title": f"Funding agreement with {award.bid.bidder.name}",
            "description": grant.outputs_and_outcomes,
            "status": status,
            "period": {"startDate": stamp(grant.starts_on), "endDate": stamp(grant.ends_on)},
            "value": amount(grant.amount),
            "dateSigned": stamp(grant.signed_on),
        }
    )


def _changed(agreement):
    """The last change to the agreement, its payments or its variations."""
    related = [*getattr(agreement, "paid_payments", []), *getattr(agreement, "variations_in_order", [])]
    return max([agreement.updated_at, *(record.updated_at for record in related)])


def _contract_tags(contracts: list[dict]) -> list[str]:
    if not contracts:
        return []
    tags = ["contract"]
    if any("amendments" in contract for contract in contracts):
        tags.append("contractAmendment")
    if any("implementation" in contract for contract in contracts):
        tags.append("implementation")
    if any(contract.get("status") == "terminated" for contract in contracts):
        tags.append("contractTermination")
    return tags


def _ocid(reference: str) -> str:
    return f"{settings.OCDS_PREFIX}-{reference}"


def _release(ocid: str, changed_at, tags: list[str], parties: Parties, buyer: dict, **sections) -> dict:
    return compact(
        {
            "ocid": ocid,
            "id": f"{ocid}-{changed_at.astimezone(dt.UTC):%Y%m%dT%H%M%SZ}",
            "date": stamp(changed_at),
            "tag": tags,
            "initiationType": "tender",
            "language": "en",
            "parties": parties.as_list(),
            "buyer": buyer,
            **sections,
        }
    )


def procurement_release(procurement) -> dict:
    parties = Parties()
    buyer_organisation = procurement.activity.lead_organisation
    buyer_roles = (
        ("buyer", "procuringEntity", "funder") if procurement.is_grant_round else ("buyer", "procuringEntity")
    )
    buyer = parties.add(buyer_organisation, *buyer_roles)
    tender = _tender(procurement, parties)
    awards, contracts, changed = [], [], [procurement.updated_at]
    agreements = list(procurement.agreements.all())
    agreements_by_award = {agreement.award_id: agreement for agreement in agreements if agreement.award_id}
    without_award = [agreement for agreement in agreements if not agreement.award_id]
    for award in procurement.awards.all():
        awards.append(_award(procurement, award, parties))
        changed.append(award.updated_at)
        award_id = awards[-1]["id"]
        agreement = agreements_by_award.pop(award.pk, None)
        grant = getattr(award.bid, "grant_agreement", None)
        if agreement is not None:
            contracts.append(_contract_from_agreement(agreement, award_id, parties))
            changed.append(_changed(agreement))
        elif grant is not None:
            contracts.append(_contract_from_grant(procurement, award, grant))
            changed.append(grant.updated_at)
    # From the procurement, without a recorded award decision (or with one this procurement does not hold).
    for agreement in [*without_award, *agreements_by_award.values()]:
        parties.add(agreement.provider, "supplier")
        award_id = f"{agreement.reference}-award"
        awards.append(
            compact(
                {
                    "id": award_id,
                    "title": f"Award to {agreement.provider.name}",
                    "status": "active",
                    "date": stamp(agreement.signed_on or agreement.starts_on),
                    "value": amount(agreement.whole_life_value),
                    "suppliers": [
                        {"id": parties.add(agreement.provider)["id"], "name": agreement.provider.name}
                    ],
                }
            )
        )
        contracts.append(_contract_from_agreement(agreement, award_id, parties))
        changed.append(_changed(agreement))
    tags = ["tenderCancellation"] if procurement.status == ProcurementStatus.CANCELLED else ["tender"]
    if awards:
        tags.append("award")
    tags += _contract_tags(contracts)
    return _release(
        _ocid(procurement.reference),
        max(changed),
        tags,
        parties,
        buyer,
        tender=tender,
        awards=awards,
        contracts=contracts,
    )


def agreement_release(agreement) -> dict:
    """An agreement entered directly: its award (a direct award or an allocation) and the contract."""
    parties = Parties()
    buyer = parties.add(agreement.commissioner, "buyer")
    supplier = parties.add(agreement.provider, "supplier")
    award_id = f"{agreement.reference}-award"
    contract = _contract_from_agreement(agreement, award_id, parties)
    award = compact(
        {
            "id": award_id,
            "title": f"{agreement.get_agreement_type_display()} with {agreement.provider.name}",
            "status": "active",
            "date": stamp(agreement.signed_on or agreement.starts_on),
            "value": amount(agreement.whole_life_value),
            "suppliers": [supplier],
        }
    )
    return _release(
        _ocid(agreement.reference),
        _changed(agreement),
        ["award", *_contract_tags([contract])],
        parties,
        buyer,
        awards=[award],
        contracts=[contract],
    )


RELEASES_PER_QUERY = 200


def releases():
    """Every release, one at a time: the records are read a chunk at a time, so memory does not grow with them."""
    for procurement in selectors.procurements_for_ocds().iterator(chunk_size=RELEASES_PER_QUERY):
        yield procurement_release(procurement)
    for agreement in selectors.agreements_without_procurement().iterator(chunk_size=RELEASES_PER_QUERY):
        yield agreement_release(agreement)


def has_releases() -> bool:
    return selectors.procurements_for_ocds().exists() or selectors.agreements_without_procurement().exists()


def package_metadata(*, now=None) -> dict:
    now = now or timezone.now()
    return {
        "uri": f"{settings.OPEN_DATA_BASE_URL.rstrip('/')}/ocds/release-package.json",
        "version": OCDS_VERSION,
        "publishedDate": stamp(now),
        "publisher": {"name": settings.ORGANISATION_NAME},
        "license": LICENSE,
    }


def release_package(*, now=None) -> dict:
    return {**package_metadata(now=now), "releases": list(releases())}


def stream_release_package(*, now=None, release_list=None):
    """The release package as JSON text in pieces, one release a piece, for a streamed download or a file."""
    head = json.dumps(package_metadata(now=now), ensure_ascii=False)
    yield head[:-1] + ', "releases": [\n'
    for index, release in enumerate(releases() if release_list is None else release_list):
        yield ("" if index == 0 else ",\n") + json.dumps(release, ensure_ascii=False)
    yield "\n]}\n"
