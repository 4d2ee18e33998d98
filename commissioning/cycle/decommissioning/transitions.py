"""The decommissioning state machine: which status may follow which, and what each move needs.

    proposed ──> agreed ──> notice given ──> completed
        └──────────┴────────────┴──────────> withdrawn (with a reason)

Agreeing needs what the Wolverhampton glossary says decommissioning rests on: a rationale, evidence, stakeholder
involvement, the impact and a managed transition. Giving notice needs the notice and end dates; completing needs
the end date to have come. Completed and withdrawn are final. A refused move lists every unmet condition."""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from commissioning.cycle.models import Decommissioning, DecommissioningStatus

Status = DecommissioningStatus

ALLOWED: dict[str, tuple[str, ...]] = {
    Status.PROPOSED: (Status.AGREED, Status.WITHDRAWN),
    Status.AGREED: (Status.NOTICE_GIVEN, Status.WITHDRAWN),
    Status.NOTICE_GIVEN: (Status.COMPLETED, Status.WITHDRAWN),
    Status.COMPLETED: (),
    Status.WITHDRAWN: (),
}
FINAL = (Status.COMPLETED, Status.WITHDRAWN)


@dataclass(frozen=True)
class Condition:
    """Something a status needs. `check` returns what to do when it is not met, or None when it is."""

    label: str
    check: Callable[[Decommissioning, date], str | None]
    field: str = ""


def _filled(field: str, message: str) -> Callable[[Decommissioning, date], str | None]:
    def check(record: Decommissioning, today: date) -> str | None:
        value = getattr(record, field)
        return message if value is None or (isinstance(value, str) and not value.strip()) else None

    return check


def _end_date_reached(record: Decommissioning, today: date) -> str | None:
    if record.end_date is None:
        return "Record the date the service ends."
    if record.end_date > today:
        return f"The service ends on {record.end_date:%-d %B %Y}: it can be marked completed from that day."
    return None


AGREEMENT_CONDITIONS = [
    Condition(
        "The reason for decommissioning is recorded",
        _filled("rationale", "Record the reason for decommissioning the service."),
        "rationale",
    ),
    Condition(
        "The evidence behind the decision is recorded",
        _filled("evidence", "Record the evidence behind the decision."),
        "evidence",
    ),
    Condition(
        "How children, families, providers and partners were involved is recorded",
        _filled(
            "stakeholder_involvement", "Record how children, families, providers and partners were involved."
        ),
        "stakeholder_involvement",
    ),
    Condition(
        "The impact on children and families is assessed",
        _filled("impact_assessment", "Record the impact on the children and families who use the service."),
        "impact_assessment",
    ),
    Condition(
        "The transition plan is recorded",
        _filled(
            "transition_plan",
            "Record the transition plan: how the children and families affected will be supported through "
            "the change.",
        ),
        "transition_plan",
    ),
]
NOTICE_CONDITIONS = [
    Condition(
        "The date notice is given to the provider is recorded",
        _filled("notice_date", "Record the date notice is given to the provider."),
        "notice_date",
    ),
    Condition(
        "The date the service ends is recorded",
        _filled("end_date", "Record the date the service ends."),
        "end_date",
    ),
]
COMPLETION_CONDITIONS = [Condition("The date the service ends has been reached", _end_date_reached)]

CONDITIONS: dict[str, list[Condition]] = {
    Status.AGREED: AGREEMENT_CONDITIONS,
    Status.NOTICE_GIVEN: NOTICE_CONDITIONS,
    Status.COMPLETED: COMPLETION_CONDITIONS,
    Status.WITHDRAWN: [],
}

# What a record at each status must keep when it is changed: what it needed to get there (dates that have
# passed are not checked again).
KEPT: dict[str, list[Condition]] = {
    Status.PROPOSED: [],
    Status.AGREED: AGREEMENT_CONDITIONS,
    Status.NOTICE_GIVEN: AGREEMENT_CONDITIONS + NOTICE_CONDITIONS,
    Status.COMPLETED: AGREEMENT_CONDITIONS + NOTICE_CONDITIONS,
    Status.WITHDRAWN: [],
}


def _label(status: str) -> str:
    return Status(status).label.lower()


def _refusal(current: str, wanted: str) -> str:
    if current == Status.COMPLETED:
        return "A completed decommissioning cannot change status: the service has ended."
    if current == Status.WITHDRAWN:
        return (
            "A withdrawn decommissioning cannot change status. If the proposal comes back, start a new "
            "decommissioning."
        )
    if current == wanted:
        return f"The decommissioning is already {_label(current)}."
    order = [Status.PROPOSED, Status.AGREED, Status.NOTICE_GIVEN, Status.COMPLETED]
    if order.index(wanted) < order.index(current):
        return (
            f"A decommissioning that is {_label(current)} cannot go back to {_label(wanted)}. "
            "Withdraw it and start a new one if the plan has changed."
        )
    missing = order[order.index(current) + 1 : order.index(wanted)]
    steps = ", and then ".join(_STEP_FIRST[status] for status in missing)
    return f"A decommissioning that is {_label(current)} cannot become {_label(wanted)}: {steps} first."


_STEP_FIRST = {
    Status.AGREED: "it must be agreed",
    Status.NOTICE_GIVEN: "notice must be given to the provider",
}


def next_statuses(record: Decommissioning) -> tuple[str, ...]:
    return ALLOWED[record.status]


def condition_results(
    record: Decommissioning, status: str, today: date
) -> list[tuple[Condition, str | None]]:
    """Each condition of moving to `status`, with what to do when it is not met (None when it is)."""
    return [(condition, condition.check(record, today)) for condition in CONDITIONS.get(status, [])]


def unmet(record: Decommissioning, status: str, *, reason: str = "", today: date) -> dict[str, list[str]]:
    """Every reason the record cannot move to `status`, by form field ("status" or "reason"); empty when it can."""
    problems: dict[str, list[str]] = {}

    def add(field: str, message: str) -> None:
        problems.setdefault(field, []).append(message)

    if record.activity.is_archived:
        add("status", "The activity is archived: restore it before changing its decommissioning.")
    if record.is_archived:
        add("status", "This decommissioning is archived: restore it before changing its status.")
    if status not in Status.values:
        add("status", "Choose a status from the list.")
        return problems
    if status not in ALLOWED[record.status]:
        add("status", _refusal(record.status, status))
        return problems
    for _condition, message in condition_results(record, status, today):
        if message:
            add("status", message)
    if status == Status.WITHDRAWN and not reason.strip():
        add("reason", "Give the reason the decommissioning is withdrawn.")
    return problems


def kept_conditions_unmet(record: Decommissioning, today: date) -> dict[str, str]:
    """After a change: what the record's status needs and no longer has, by field."""
    return {
        condition.field: f"{message.rstrip('.')}: a decommissioning that is {_label(record.status)} needs it."
        for condition in KEPT[record.status]
        if (message := condition.check(record, today))
    }
