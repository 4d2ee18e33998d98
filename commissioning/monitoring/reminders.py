"""Reminders of provider returns: a few days before they are due, and when they are overdue. Each kind is sent
at most once a day per period, so the command can run as often as cron likes.

`due_items` takes part in the daily reminders job (commissioning/core/reminders.py): returns due within 14 days
or overdue, to the agreement's monitoring officer and the provider's users; monitoring meeting minutes not sent
within 3 weeks of the meeting, to the monitoring officer. For one person it reads only the agreements they
monitor and those of the providers they act for."""

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse

from commissioning.contracts.models import Agreement
from commissioning.core.reminders import DueItem
from commissioning.monitoring.models import (
    Meeting,
    ProviderReturn,
    ReminderKind,
    ReturnPeriod,
    ReturnReminder,
    ReturnStatus,
)
from commissioning.organisations.models import Membership, Role

BEFORE_DUE_DAYS = 7
DUE_ITEM_WARNING_DAYS = 14
MINUTES_WITHIN = timedelta(weeks=3)


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


def _provider_users(provider_ids: set[int]) -> dict[int, tuple[int, ...]]:
    by_provider: dict[int, list[int]] = defaultdict(list)
    memberships = (
        Membership.objects.active()
        .filter(organisation_id__in=provider_ids, role=Role.PROVIDER_USER, user__is_active=True)
        .order_by("user_id")
        .values_list("organisation_id", "user_id")
    )
    for organisation_id, user_id in memberships:
        if user_id not in by_provider[organisation_id]:
            by_provider[organisation_id].append(user_id)
    return {organisation_id: tuple(user_ids) for organisation_id, user_ids in by_provider.items()}


def _agreements_of(user):
    """The ids of the agreements whose returns remind `user`: those they monitor and those of the providers they act
    for as an active provider user. Read first, as a list: PostgreSQL cannot estimate how few rows the "monitors or
    provides" condition keeps, and planned as one query it reads every provider return to find a person's dozens."""
    providers = (
        Membership.objects.active()
        .filter(user=user, role=Role.PROVIDER_USER, user__is_active=True)
        .values("organisation_id")
    )
    return list(
        Agreement.objects.filter(Q(monitoring_officer=user) | Q(provider_id__in=providers)).values_list(
            "pk", flat=True
        )
    )


def due_items(*, today: date, user=None) -> Iterator[DueItem]:
    done = ProviderReturn.objects.filter(
        period=OuterRef("pk"), status__in=[ReturnStatus.SUBMITTED, ReturnStatus.ACCEPTED]
    )
    periods = ReturnPeriod.objects.filter(
        agreement__archived_at__isnull=True,
        agreement__status="live",
        due_on__lte=today + timedelta(days=DUE_ITEM_WARNING_DAYS),
    )
    if user is not None:
        periods = periods.filter(agreement_id__in=_agreements_of(user))
    periods = list(periods.exclude(Exists(done)).select_related("agreement").order_by("due_on", "pk"))
    provider_users = _provider_users({period.agreement.provider_id for period in periods})
    for period in periods:
        agreement = period.agreement
        key = f"monitoring.return:{period.pk}:due:{period.due_on.isoformat()}"
        kind = "Monitoring return overdue" if period.due_on < today else "Monitoring return due"
        title = f"Return for {period}, {agreement.reference} {agreement.title}"
        if agreement.monitoring_officer_id and (user is None or agreement.monitoring_officer_id == user.pk):
            yield DueItem(
                key=key,
                kind=kind,
                title=title,
                url=period.get_absolute_url(),
                due=period.due_on,
                recipient_ids=(agreement.monitoring_officer_id,),
            )
        users = provider_users.get(agreement.provider_id, ())
        if users and (user is None or user.pk in users):
            yield DueItem(
                key=key,
                kind=kind,
                title=title,
                url=reverse("monitoring:return-submit", args=[period.pk]),
                due=period.due_on,
                recipient_ids=users,
            )
    meetings = (
        Meeting.objects.active()
        .filter(
            agreement__archived_at__isnull=True,
            agreement__monitoring_officer__isnull=False,
            minutes_sent_on__isnull=True,
            held_on__lte=today,
        )
        .select_related("agreement")
        .order_by("held_on", "pk")
    )
    if user is not None:
        meetings = meetings.filter(agreement__monitoring_officer=user)
    for meeting in meetings:
        due = meeting.held_on + MINUTES_WITHIN
        yield DueItem(
            key=f"monitoring.meeting:{meeting.pk}:minutes:{due.isoformat()}",
            kind="Meeting minutes overdue" if due < today else "Meeting minutes due",
            title=f"Minutes of the {str(meeting)[0].lower()}{str(meeting)[1:]}, {meeting.agreement.reference}",
            url=meeting.get_absolute_url(),
            due=due,
            recipient_ids=(meeting.agreement.monitoring_officer_id,),
        )
