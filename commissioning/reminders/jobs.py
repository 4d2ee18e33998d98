"""The daily reminders as a background job: `manage.py send_reminders` queues it, a worker runs it."""

import datetime
from dataclasses import asdict

from commissioning.jobs.base import job
from commissioning.reminders.services import reminders_send, report_text


class RemindersNotDelivered(Exception):
    """The mail server refused some reminders: they are not logged as sent, so the next attempt sends them."""


@job(label="Send reminders")
def reminders_run(*, date: str) -> dict:
    """Email each person what is due soon or overdue on `date` (YYYY-MM-DD) that they were not reminded of.

    Safe to try again: each person is reminded of each event once, so another attempt sends only what the
    mail server refused."""
    today = datetime.date.fromisoformat(date)
    report = reminders_send(today=today)
    text = report_text(report, today=today)
    if report.not_delivered:
        raise RemindersNotDelivered(
            f"{len(report.not_delivered)} reminder email(s) were not delivered: {'; '.join(report.not_delivered)}"
        )
    return asdict(text)
