"""A procurement timetable scheduled back from the contract start date, counting working days in England.

From the start date backwards: mobilisation, the contract signed, the standstill (8 working days from the day
the contract award notice is published, where it applies; the contract is entered into on the next working
day), the award decision and its approval, evaluation and moderation, the closing date, the clarification
deadline, the tendering period (never shorter than the statutory minimum), the tender notice, the specification
and the market engagement before it, and the Compact's 90 days' notice to voluntary sector providers whose
funding changes. After signing: the contract details notice within 30 days."""

from dataclasses import dataclass, field
from datetime import date, timedelta

from commissioning.procurement.routes import Regime
from commissioning.procurement.timetable.calendar import (
    add_working_days,
    holidays_between,
    previous_working_day,
)

OPEN = "open"
COMPETITIVE_FLEXIBLE = "competitive_flexible"
PROCEDURES = [
    (OPEN, "Open procedure"),
    (COMPETITIVE_FLEXIBLE, "Competitive flexible procedure (selection, then tender)"),
]
STATUTORY_MINIMUM_DAYS = {Regime.ABOVE_THRESHOLD: 25}
DEFAULT_TENDERING_DAYS = {
    Regime.ABOVE_THRESHOLD: 30,
    Regime.LIGHT_TOUCH: 30,
    Regime.PROVIDER_SELECTION_REGIME: 30,
    Regime.BELOW_THRESHOLD_NOTIFIABLE: 21,
    Regime.BELOW_THRESHOLD: 14,
    Regime.GRANT: 28,
}
STANDSTILL_WORKING_DAYS = 8
COMPACT_NOTICE_DAYS = 90
CONTRACT_DETAILS_DAYS = 30
MARKET_ENGAGEMENT_DAYS = 42
SPECIFICATION_WORKING_DAYS = 10


@dataclass(frozen=True)
class PlanRequest:
    regime: str
    contract_start: date
    procedure: str = OPEN
    mobilisation_days: int = 28
    approval_working_days: int = 5
    evaluation_working_days: int = 15
    tendering_days: int | None = None
    participation_days: int = 25
    shortlisting_working_days: int = 10
    clarification_days: int = 10
    voluntary_standstill: bool = True
    voluntary_sector_affected: bool = False


@dataclass(frozen=True)
class Milestone:
    key: str
    name: str
    due: date
    rule: str


@dataclass
class Plan:
    milestones: list[Milestone]
    problems: list[str] = field(default_factory=list)
    late: bool = False
    earliest_start: date | None = None
    holidays: list[tuple[date, str]] = field(default_factory=list)

    def due(self, key: str) -> date | None:
        return next((m.due for m in self.milestones if m.key == key), None)


def minimum_tendering_days(regime: str) -> int:
    return STATUTORY_MINIMUM_DAYS.get(regime, 0)


def problems_with(request: PlanRequest) -> list[str]:
    problems = []
    minimum = minimum_tendering_days(request.regime)
    days = request.tendering_days or DEFAULT_TENDERING_DAYS.get(request.regime, 30)
    if days < minimum:
        problems.append(
            f"The tendering period of {days} days is shorter than the {minimum} days the Procurement Act 2023 "
            "allows for an above-threshold procurement (section 54)."
        )
    if request.procedure == COMPETITIVE_FLEXIBLE and request.participation_days < minimum:
        problems.append(
            f"The participation period of {request.participation_days} days is shorter than the {minimum} days "
            "section 54 allows."
        )
    for name, value in (
        ("mobilisation", request.mobilisation_days),
        ("approval", request.approval_working_days),
        ("evaluation", request.evaluation_working_days),
        ("clarification", request.clarification_days),
    ):
        if value < 0:
            problems.append(f"The {name} period cannot be negative.")
    if days < 1:
        problems.append("The tendering period must be at least 1 day.")
    return problems


def _standstill(request: PlanRequest) -> bool:
    if request.regime in (Regime.ABOVE_THRESHOLD, Regime.PROVIDER_SELECTION_REGIME):
        return True
    return request.regime == Regime.LIGHT_TOUCH and request.voluntary_standstill


def _schedule(request: PlanRequest) -> list[Milestone]:
    milestones = []

    def add(key, name, due, rule):
        milestones.append(Milestone(key, name, due, rule))

    start = request.contract_start
    add("contract_start", "The contract starts", start, "The date the service must start")
    signed = previous_working_day(start - timedelta(days=request.mobilisation_days))
    add(
        "contract_signed",
        "The contract is signed",
        signed,
        f"{request.mobilisation_days} days of mobilisation",
    )
    if request.regime not in (Regime.BELOW_THRESHOLD, Regime.GRANT):
        add(
            "contract_details_notice",
            "Contract details notice published",
            signed + timedelta(days=CONTRACT_DETAILS_DAYS),
            "Within 30 days of entering into the contract (sections 53 and 87)",
        )
    if _standstill(request):
        notice = add_working_days(signed, -STANDSTILL_WORKING_DAYS)
        add(
            "award_notice",
            "Contract award notice published; standstill begins",
            notice,
            "A standstill of 8 working days before the contract is entered into (section 51)",
        )
    else:
        notice = signed
    decision = add_working_days(notice, -request.approval_working_days)
    add(
        "award_decision",
        "Award decision approved",
        decision,
        f"{request.approval_working_days} working days for approval",
    )
    close = add_working_days(decision, -request.evaluation_working_days)
    add(
        "tenders_close",
        "Tenders close (noon)",
        close,
        f"{request.evaluation_working_days} working days for evaluation and moderation",
    )
    add(
        "clarification_deadline",
        "Clarification questions close",
        previous_working_day(close - timedelta(days=request.clarification_days)),
        f"{request.clarification_days} days before the closing date, so that answers reach every bidder in time",
    )
    tendering_days = request.tendering_days or DEFAULT_TENDERING_DAYS.get(request.regime, 30)
    invitation = previous_working_day(close - timedelta(days=tendering_days))
    minimum = minimum_tendering_days(request.regime)
    tendering_rule = f"A tendering period of {tendering_days} days" + (
        f" (at least {minimum}, section 54)" if minimum else ""
    )
    if request.procedure == COMPETITIVE_FLEXIBLE:
        add(
            "invitation_to_tender",
            "Invitation to tender sent to the shortlisted suppliers",
            invitation,
            tendering_rule,
        )
        participation_close = add_working_days(invitation, -request.shortlisting_working_days)
        add(
            "participation_close",
            "Requests to participate close",
            participation_close,
            f"{request.shortlisting_working_days} working days to assess requests and shortlist",
        )
        opened = previous_working_day(participation_close - timedelta(days=request.participation_days))
        add(
            "tender_notice",
            "Tender notice published",
            opened,
            f"A participation period of {request.participation_days} days (section 54)",
        )
    else:
        opened = invitation
        add("tender_notice", "Tender notice published" if request.regime != Regime.GRANT else "Grant round opens",
            opened, tendering_rule)  # fmt: skip
    specification = add_working_days(opened, -SPECIFICATION_WORKING_DAYS)
    add(
        "specification_approved",
        "Service specification and tender documents approved",
        specification,
        f"{SPECIFICATION_WORKING_DAYS} working days before the tender notice",
    )
    if request.regime in (Regime.ABOVE_THRESHOLD, Regime.LIGHT_TOUCH):
        add(
            "market_engagement",
            "Preliminary market engagement (and its notice)",
            previous_working_day(opened - timedelta(days=MARKET_ENGAGEMENT_DAYS)),
            "Six weeks before the tender notice (sections 16 and 17)",
        )
    if request.voluntary_sector_affected:
        add(
            "compact_notice",
            "Voluntary sector providers told of the change",
            previous_working_day(start - timedelta(days=COMPACT_NOTICE_DAYS)),
            "The Compact: 90 days' notice of changes to funding to voluntary and community organisations",
        )
    return sorted(milestones, key=lambda m: (m.due, m.key))


def _before_signing(milestones: list[Milestone]) -> date:
    return min(m.due for m in milestones if m.key not in ("contract_start", "contract_details_notice"))


def plan_timetable(request: PlanRequest, *, today: date) -> Plan:
    """The timetable, with any problem in the request, whether it is already too late, and if so the earliest
    start date that can still be met."""
    problems = problems_with(request)
    milestones = _schedule(request)
    plan = Plan(milestones=milestones, problems=problems)
    plan.holidays = holidays_between(min(m.due for m in milestones), max(m.due for m in milestones))
    if _before_signing(milestones) < today:
        plan.late = True
        start = request.contract_start
        for _ in range(800):
            start += timedelta(days=1)
            trial = _schedule(PlanRequest(**{**request.__dict__, "contract_start": start}))
            if _before_signing(trial) >= today:
                plan.earliest_start = start
                break
    return plan
