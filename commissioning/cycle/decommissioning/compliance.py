"""Warnings about a decommissioning: notice and consultation shorter than the Compact asks for, a voluntary sector
provider not consulted, no transition plan for the children and families affected. They never block a change;
each cites its source so the commissioner can judge it."""

import calendar
from dataclasses import dataclass
from datetime import date, timedelta

from commissioning.cycle.decommissioning import policy
from commissioning.cycle.models import Decommissioning, DecommissioningStatus


@dataclass(frozen=True)
class ComplianceWarning:
    code: str
    message: str
    source: policy.Source


def add_months(day: date, months: int) -> date:
    """The same day of the month, `months` calendar months later (or earlier), kept within shorter months."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def _long(day: date) -> str:
    return f"{day:%-d %B %Y}"


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def _notice_warning(record: Decommissioning, today: date) -> ComplianceWarning | None:
    months = policy.NOTICE_MONTHS
    period = _plural(months, "month")
    if record.end_date is None:
        return None
    if record.notice_date is not None:
        if record.end_date >= add_months(record.notice_date, months):
            return None
        return ComplianceWarning(
            code="notice",
            message=(
                f"Notice to the provider is less than {period} before the service ends: notice on "
                f"{_long(record.notice_date)}, end on {_long(record.end_date)}. Give notice by "
                f"{_long(add_months(record.end_date, -months))}, or end the service on or after "
                f"{_long(add_months(record.notice_date, months))}."
            ),
            source=policy.COMPACT_NOTICE,
        )
    if record.status in (DecommissioningStatus.PROPOSED, DecommissioningStatus.AGREED) and (
        record.end_date < add_months(today, months)
    ):
        return ComplianceWarning(
            code="notice",
            message=(
                f"No notice to the provider is recorded, and the service ends on {_long(record.end_date)}: "
                f"less than {period} from today."
            ),
            source=policy.COMPACT_NOTICE,
        )
    return None


def _consultation_warnings(record: Decommissioning) -> list[ComplianceWarning]:
    found = []
    start, end = record.consultation_start, record.consultation_end
    days = policy.CONSULTATION_DAYS
    if start and end and end < start + timedelta(days=days):
        found.append(
            ComplianceWarning(
                code="consultation_length",
                message=(
                    f"The consultation with the voluntary sector runs for {_plural((end - start).days, 'day')} "
                    f"({_long(start)} to {_long(end)}): allow at least {days} days, until "
                    f"{_long(start + timedelta(days=days))} or later."
                ),
                source=policy.STAFFORDSHIRE_CONSULTATION,
            )
        )
    if end and record.notice_date and end > record.notice_date:
        found.append(
            ComplianceWarning(
                code="consultation_after_notice",
                message=(
                    f"The consultation with the voluntary sector ends on {_long(end)}, after notice is given to "
                    f"the provider on {_long(record.notice_date)}: finish consulting before giving notice."
                ),
                source=policy.STAFFORDSHIRE_CONSULTATION,
            )
        )
    provider = record.provider
    if provider is not None and policy.is_voluntary_sector(provider) and not (start or end):
        found.append(
            ComplianceWarning(
                code="voluntary_sector_not_consulted",
                message=(
                    f"{provider} is a voluntary, community or social enterprise organisation, and no "
                    f"consultation with the voluntary sector is recorded."
                ),
                source=policy.STAFFORDSHIRE_CONSULTATION,
            )
        )
    return found


def _transition_plan_warning(record: Decommissioning) -> ComplianceWarning | None:
    if record.transition_plan.strip() or record.people_affected == 0:
        return None
    if record.people_affected:
        who = (
            "1 child or family uses the service now"
            if record.people_affected == 1
            else f"{record.people_affected} children and families use the service now"
        )
        message = f"No transition plan is recorded, and {who}: record how they will be supported through the change."
    else:
        message = (
            "No transition plan is recorded: record how the children and families who use the service will be "
            "supported through the change, or record that no one uses it now."
        )
    return ComplianceWarning(
        code="transition_plan", message=message, source=policy.DECOMMISSIONING_DEFINITION
    )


def warnings_for(record: Decommissioning, today: date) -> list[ComplianceWarning]:
    """Every warning for the record as it stands. A withdrawn decommissioning has none: nothing will stop."""
    if record.status == DecommissioningStatus.WITHDRAWN:
        return []
    found = [
        _notice_warning(record, today),
        *_consultation_warnings(record),
        _transition_plan_warning(record),
    ]
    return [warning for warning in found if warning is not None]
