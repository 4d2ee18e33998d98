"""The reminders job: one email per person per run listing the events they have not been reminded of yet.

A person is reminded of an event (a due item's key, which carries the due date) once: the sent-reminder log is
unique per person and key, so running the job twice a day sends nothing new the second time, and a moved due
date (a new key) is reminded again."""

import logging
from dataclasses import dataclass, field
from datetime import date

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone

from commissioning.core.reminders import DueItem, SourceFailure, gather_due_items
from commissioning.reminders.models import Channel, SentReminder
from commissioning.reminders.selectors import items_by_user

logger = logging.getLogger(__name__)


@dataclass
class Sent:
    email: str
    items: list[DueItem]


@dataclass
class RunReport:
    sent: list[Sent] = field(default_factory=list)
    already_reminded: int = 0
    no_email: list[str] = field(default_factory=list)
    not_delivered: list[str] = field(default_factory=list)
    failures: list[SourceFailure] = field(default_factory=list)


@dataclass
class ReportText:
    """A run's report in words: what was (or would be) sent, on stdout; what went wrong, on stderr."""

    output: list[str]
    problems: list[str]
    summary: str


def report_text(report: RunReport, *, today: date, dry_run: bool = False) -> ReportText:
    verb = "Would send" if dry_run else "Sent"
    output = []
    for sent in report.sent:
        output.append(f"{verb} to {sent.email}: {len(sent.items)} item(s)")
        for item in sent.items:
            state = "overdue" if item.is_overdue(today) else "due"
            output.append(f"  - {item.kind}: {item.title} ({state} {item.due:%-d %B %Y}) {item.url}")
    output.extend(f"No email address for {name}: not reminded." for name in report.no_email)
    problems = [f"Not delivered: {failure}" for failure in report.not_delivered]
    problems.extend(f"Reminders from {failure.source} failed: {failure.error}" for failure in report.failures)
    summary = (
        f"{len(report.sent)} email(s) {'to send' if dry_run else 'sent'} on {today:%-d %B %Y}; "
        f"{report.already_reminded} item(s) already reminded; {len(report.failures)} source(s) failed."
    )
    return ReportText(output=output, problems=problems, summary=summary)


def absolute_url(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def _email(user, items: list[DueItem], today: date) -> EmailMultiAlternatives:
    entries = [
        {"item": item, "overdue": item.is_overdue(today), "link": absolute_url(item.url)}
        for item in sorted(items, key=lambda item: (not item.is_overdue(today), item.due, item.kind))
    ]
    overdue = sum(1 for entry in entries if entry["overdue"])
    context = {
        "user": user,
        "entries": entries,
        "overdue": overdue,
        "today": today,
        "service_name": settings.SERVICE_NAME,
        "list_link": absolute_url("/reminders/"),
    }
    subject = f"{settings.SERVICE_NAME}: {len(entries)} item(s) due soon" + (
        f", {overdue} overdue" if overdue else ""
    )
    message = EmailMultiAlternatives(
        subject, render_to_string("reminders/email/reminder.txt", context), None, [user.email]
    )
    message.attach_alternative(render_to_string("reminders/email/reminder.html", context), "text/html")
    return message


def reminders_send(*, today: date, dry_run: bool = False) -> RunReport:
    """Email each person the items due soon or overdue that they have not been reminded of, and log them."""
    gathered = gather_due_items(today=today)
    report = RunReport(failures=gathered.failures)
    by_user = items_by_user(gathered)
    already = set(
        SentReminder.objects.filter(
            user_id__in=by_user, key__in={item.key for items in by_user.values() for item in items}
        ).values_list("user_id", "key")
    )
    users = get_user_model().objects.in_bulk(list(by_user))
    for user_id, items in sorted(by_user.items()):
        user = users.get(user_id)
        new = [item for item in items if (user_id, item.key) not in already]
        report.already_reminded += len(items) - len(new)
        if not new or user is None or not user.is_active:
            continue
        if not user.email:
            report.no_email.append(user.get_full_name() or user.get_username())
            continue
        if dry_run:
            report.sent.append(Sent(email=user.email, items=new))
            continue
        now = timezone.now()
        try:
            with transaction.atomic():
                SentReminder.objects.bulk_create(
                    SentReminder(
                        user=user,
                        key=item.key,
                        kind=item.kind[:100],
                        title=item.title[:500],
                        url=item.url[:500],
                        due=item.due,
                        sent_at=now,
                        channel=Channel.EMAIL,
                    )
                    for item in new
                )
                _email(user, new, today).send()
        except IntegrityError:
            # Another run reminded this person in the meantime: it sent them these items.
            report.already_reminded += len(new)
            continue
        except OSError as exc:  # the mail server refused: nothing is logged, so the next run tries again
            logger.exception("Reminder email to %s failed", user.email)
            report.not_delivered.append(f"{user.email} ({exc})")
            continue
        report.sent.append(Sent(email=user.email, items=new))
    return report
