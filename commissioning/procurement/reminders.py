"""Procurement reminders (see commissioning/core/reminders.py), to the procurement's lead: timetable milestones
(notices, clarification and award dates) not done and due within 14 days or overdue, tenders closing within 14
days, and standstill periods ending within 14 days (or ended) while the contract is not yet entered into. For
one person: only the procurements they lead."""

from collections.abc import Iterator
from datetime import date, timedelta

from django.utils import timezone

from commissioning.core.reminders import DueItem
from commissioning.procurement.models import AwardDecision, Milestone, Procurement, ProcurementStatus

WARNING_DAYS = 14
FINISHED = [ProcurementStatus.AWARDED, ProcurementStatus.CANCELLED]


def due_items(*, today: date, user=None) -> Iterator[DueItem]:
    horizon = today + timedelta(days=WARNING_DAYS)
    milestones = (
        Milestone.objects.filter(
            procurement__archived_at__isnull=True, done_on__isnull=True, due__lte=horizon
        )
        .exclude(procurement__status__in=FINISHED)
        .select_related("procurement")
        .order_by("due", "pk")
    )
    if user is not None:
        milestones = milestones.filter(procurement__lead=user)
    for milestone in milestones:
        procurement = milestone.procurement
        yield DueItem(
            key=f"procurement.milestone:{milestone.pk}:due:{milestone.due.isoformat()}",
            kind="Procurement deadline overdue" if milestone.due < today else "Procurement deadline",
            title=f"{milestone.name}, {procurement}",
            url=procurement.get_absolute_url(),
            due=milestone.due,
            recipient_ids=(procurement.lead_id,),
        )
    closing = Procurement.objects.active().filter(
        status=ProcurementStatus.OPEN, tender_deadline__isnull=False
    )
    if user is not None:
        closing = closing.filter(lead=user)
    for procurement in closing.order_by("tender_deadline", "pk"):
        closes = timezone.localdate(procurement.tender_deadline)
        if not today <= closes <= horizon:
            continue
        yield DueItem(
            key=f"procurement.tender:{procurement.pk}:closes:{closes.isoformat()}",
            kind="Tender closing" if not procurement.is_grant_round else "Grant round closing",
            title=f"{procurement} closes at {timezone.localtime(procurement.tender_deadline):%-I:%M%p on %-d %B %Y}",
            url=procurement.get_absolute_url(),
            due=closes,
            recipient_ids=(procurement.lead_id,),
        )
    awards = (
        AwardDecision.objects.filter(
            procurement__archived_at__isnull=True,
            standstill_ends__isnull=False,
            standstill_ends__lte=horizon,
            contract_entered_on__isnull=True,
        )
        .exclude(procurement__status=ProcurementStatus.CANCELLED)
        .select_related("procurement", "bid__bidder")
        .order_by("standstill_ends", "pk")
    )
    if user is not None:
        awards = awards.filter(procurement__lead=user)
    for award in awards:
        procurement = award.procurement
        yield DueItem(
            key=f"procurement.standstill:{award.pk}:ends:{award.standstill_ends.isoformat()}",
            kind="Standstill ended: contract not yet entered"
            if award.standstill_ends < today
            else "Standstill ends",
            title=f"{award}, {procurement}",
            url=procurement.get_absolute_url(),
            due=award.standstill_ends,
            recipient_ids=(procurement.lead_id,),
        )
