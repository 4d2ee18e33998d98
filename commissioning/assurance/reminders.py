"""Quality assurance reminders (see commissioning/core/reminders.py): audits due or overdue (to the auditor),
audit actions due or overdue (to the owner), and standards frameworks due for review with the sector (to the
partnership commissioning managers). For one person: only their audits and actions, and the reviews only when
they are a partnership commissioning manager."""

from collections.abc import Iterator
from datetime import date, timedelta

from django.urls import reverse

from commissioning.assurance.models import ActionStatus, Audit, AuditAction, AuditStatus, StandardsReview
from commissioning.core.reminders import DueItem
from commissioning.organisations.models import Membership, Role

AUDIT_WARNING_DAYS = 28
ACTION_WARNING_DAYS = 14
REVIEW_WARNING_DAYS = 60


def _kind(what: str, due: date, today: date) -> str:
    return f"{what} overdue" if due < today else f"{what} due"


def _managers():
    return (
        Membership.objects.active()
        .filter(role=Role.PARTNERSHIP_MANAGER, user__is_active=True)
        .values_list("user_id", flat=True)
    )


def due_items(*, today: date, user=None) -> Iterator[DueItem]:
    audits = (
        Audit.objects.active()
        .filter(programme__archived_at__isnull=True)
        .exclude(status=AuditStatus.COMPLETED)
        .select_related("programme", "framework")
    )
    if user is not None:
        audits = audits.filter(auditor=user)
    for audit in audits:
        due = audit.due_on
        if due <= today + timedelta(days=AUDIT_WARNING_DAYS):
            yield DueItem(
                key=f"assurance.audit:{audit.pk}:due:{due.isoformat()}",
                kind=_kind("Audit", due, today),
                title=str(audit),
                url=audit.get_absolute_url(),
                due=due,
                recipient_ids=(audit.auditor_id,),
            )
    actions = (
        AuditAction.objects.active()
        .filter(
            status=ActionStatus.OPEN,
            due_on__lte=today + timedelta(days=ACTION_WARNING_DAYS),
            assessment__audit__archived_at__isnull=True,
        )
        .select_related("assessment__audit", "assessment__item")
    )
    if user is not None:
        actions = actions.filter(owner=user)
    for action in actions:
        yield DueItem(
            key=f"assurance.action:{action.pk}:due:{action.due_on.isoformat()}",
            kind=_kind("Audit action", action.due_on, today),
            title=f"{action} (criterion {action.assessment.item.display_ref})",
            url=action.get_absolute_url(),
            due=action.due_on,
            recipient_ids=(action.owner_id,),
        )
    if user is not None and not _managers().filter(user=user).exists():
        return
    managers = None
    reviews = StandardsReview.objects.filter(
        next_review_on__lte=today + timedelta(days=REVIEW_WARNING_DAYS)
    ).select_related("framework")
    for review in reviews:
        if managers is None:
            managers = tuple(sorted(set(_managers())))
        yield DueItem(
            key=f"assurance.review:{review.framework_id}:due:{review.next_review_on.isoformat()}",
            kind=_kind("Standards review", review.next_review_on, today),
            title=f"Review of {review.framework.title} with the sector",
            url=reverse("assurance:standards"),
            due=review.next_review_on,
            recipient_ids=managers,
        )
