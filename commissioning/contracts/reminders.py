"""Contracts reminders (see commissioning/core/reminders.py), to the agreement's monitoring officer and the
commissioning partner's contracts managers: live agreements expiring within their notice period plus three
months (the register's "expiring" flag), and notice deadlines (end date less the notice period) in the next
three months or passed while the agreement is still running. For one person it reads only the agreements they
monitor and those of the partners they manage contracts for."""

from collections import defaultdict
from collections.abc import Iterator
from datetime import date

from django.db.models import Q

from commissioning.contracts.models import EXPIRY_MARGIN_MONTHS, Agreement, AgreementStatus, add_months
from commissioning.contracts.selectors import NOTICE_LOOKAHEAD_MONTHS
from commissioning.core.reminders import DueItem
from commissioning.organisations.models import Membership, Role

LONGEST_NOTICE_MONTHS = 24  # bounds the query; the exact window is checked per agreement


def _contracts_managers(organisation_ids: set[int]) -> dict[int, list[int]]:
    by_organisation: dict[int, list[int]] = defaultdict(list)
    memberships = (
        Membership.objects.active()
        .filter(organisation_id__in=organisation_ids, role=Role.CONTRACTS_MANAGER, user__is_active=True)
        .order_by("user_id")
        .values_list("organisation_id", "user_id")
    )
    for organisation_id, user_id in memberships:
        by_organisation[organisation_id].append(user_id)
    return by_organisation


def due_items(*, today: date, user=None) -> Iterator[DueItem]:
    agreements = Agreement.objects.active().filter(
        status=AgreementStatus.LIVE,
        ends_on__gte=today,
        ends_on__lte=add_months(today, LONGEST_NOTICE_MONTHS + EXPIRY_MARGIN_MONTHS),
    )
    if user is not None:
        managed = (
            Membership.objects.active()
            .filter(user=user, role=Role.CONTRACTS_MANAGER, user__is_active=True)
            .values("organisation_id")
        )
        agreements = agreements.filter(Q(monitoring_officer=user) | Q(commissioner_id__in=managed))
    agreements = list(agreements.order_by("ends_on", "pk"))
    managers = _contracts_managers({agreement.commissioner_id for agreement in agreements})
    for agreement in agreements:
        recipients = tuple(
            dict.fromkeys(
                ([agreement.monitoring_officer_id] if agreement.monitoring_officer_id else [])
                + managers.get(agreement.commissioner_id, [])
            )
        )
        if agreement.is_expiring(today):
            yield DueItem(
                key=f"contracts.agreement:{agreement.pk}:ends:{agreement.ends_on.isoformat()}",
                kind="Contract expiring",
                title=str(agreement),
                url=agreement.get_absolute_url(),
                due=agreement.ends_on,
                recipient_ids=recipients,
            )
        deadline = agreement.notice_deadline
        if deadline <= add_months(today, NOTICE_LOOKAHEAD_MONTHS):
            yield DueItem(
                key=f"contracts.agreement:{agreement.pk}:notice:{deadline.isoformat()}",
                kind="Notice deadline passed" if deadline < today else "Notice deadline",
                title=f"Notice to reduce or withdraw funding: {agreement}",
                url=agreement.get_absolute_url(),
                due=deadline,
                recipient_ids=recipients,
            )
