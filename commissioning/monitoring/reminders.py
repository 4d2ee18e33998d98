"""Reminders of provider returns: a few days before they are due, and when they are overdue. Each kind is sent
at most once a day per period, so the command can run as often as cron likes."""

from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef
from django.urls import reverse

from commissioning.monitoring.models import (
    ProviderReturn,
    ReminderKind,
    ReturnPeriod,
    ReturnReminder,
    ReturnStatus,
)
from commissioning.organisations.models import Membership, Role

BEFORE_DUE_DAYS = 7


@dataclass
class ReminderReport:
    sent: int = 0
    skipped_no_recipient: int = 0
    already_sent: int = 0


def _recipients(period: ReturnPeriod) -> list[str]:
    user_ids = (
        Membership.objects.active()
        .filter(organisation_id=period.agreement.provider_id, role=Role.PROVIDER_USER)
        .values_list("user_id", flat=True)
    )
    return sorted(
        get_user_model()
        .objects.filter(pk__in=user_ids, is_active=True)
        .exclude(email="")
        .values_list("email", flat=True)
    )


def periods_to_remind(today: date):
    """(period, kind) for periods without a submitted or accepted return: due within BEFORE_DUE_DAYS whose
    period has ended, or overdue."""
    done = ProviderReturn.objects.filter(
        period=OuterRef("pk"), status__in=[ReturnStatus.SUBMITTED, ReturnStatus.ACCEPTED]
    )
    base = (
        ReturnPeriod.objects.filter(agreement__archived_at__isnull=True, agreement__status="live")
        .exclude(Exists(done))
        .select_related("agreement__provider")
    )
    for period in base.filter(
        due_on__gte=today, due_on__lte=today + timedelta(days=BEFORE_DUE_DAYS), ends_on__lt=today
    ):
        yield period, ReminderKind.BEFORE_DUE
    for period in base.filter(due_on__lt=today):
        yield period, ReminderKind.OVERDUE


def _message(period: ReturnPeriod, kind: str, today: date) -> tuple[str, str]:
    agreement = period.agreement
    link = (
        settings.SITE_URL.rstrip("/") + reverse("monitoring:return-submit", args=[period.pk])
        if getattr(settings, "SITE_URL", "")
        else reverse("monitoring:return-submit", args=[period.pk])
    )
    if kind == ReminderKind.OVERDUE:
        subject = f"Overdue: monitoring return for {agreement.reference}, {period}"
        lead = f"The monitoring return for {period} was due on {period.due_on:%-d %B %Y} and has not been received."
    else:
        subject = f"Reminder: monitoring return for {agreement.reference} due on {period.due_on:%-d %B %Y}"
        lead = f"The monitoring return for {period} is due on {period.due_on:%-d %B %Y}."
    body = (
        f"{lead}\n\nAgreement: {agreement.reference} {agreement.title}\n\n"
        f"Submit it here: {link}\n\nIf you have already sent it, you can ignore this email."
    )
    return subject, body


def send_return_reminders(*, today: date) -> ReminderReport:
    report = ReminderReport()
    for period, kind in list(periods_to_remind(today)):
        if ReturnReminder.objects.filter(period=period, kind=kind, sent_on=today).exists():
            report.already_sent += 1
            continue
        recipients = _recipients(period)
        if not recipients:
            report.skipped_no_recipient += 1
            continue
        try:
            with transaction.atomic():
                ReturnReminder.objects.create(
                    period=period, kind=kind, sent_on=today, recipients="\n".join(recipients)
                )
                subject, body = _message(period, kind, today)
                send_mail(subject, body, None, recipients)
        except IntegrityError:
            report.already_sent += 1
            continue
        report.sent += 1
    return report
