"""Reminders of provider quality evidence expiring within 30 days or expired: to the provider's users and the
monitoring officers of its live agreements. For one person: only the providers they act for or monitor an
agreement of."""

from collections.abc import Iterator
from datetime import date, timedelta

from django.db.models import Q
from django.urls import reverse

from commissioning.assurance.quality.models import CheckStatus, ProviderCheck
from commissioning.contracts.models import Agreement, AgreementStatus
from commissioning.core.reminders import DueItem
from commissioning.organisations.models import Membership, Role

WARNING_DAYS = 30


def due_items(*, today: date, user=None) -> Iterator[DueItem]:
    checks = ProviderCheck.objects.active().filter(
        status__in=[CheckStatus.AWAITING, CheckStatus.VERIFIED],
        expires_on__lte=today + timedelta(days=WARNING_DAYS),
        provider__archived_at__isnull=True,
    )
    if user is not None:
        acts_for = (
            Membership.objects.active()
            .filter(user=user, role=Role.PROVIDER_USER, user__is_active=True)
            .values("organisation_id")
        )
        monitors = (
            Agreement.objects.active()
            .filter(status=AgreementStatus.LIVE, monitoring_officer=user)
            .values("provider_id")
        )
        checks = checks.filter(Q(provider_id__in=acts_for) | Q(provider_id__in=monitors))
    checks = list(checks.select_related("provider", "requirement").order_by("expires_on", "pk"))
    if not checks:
        return
    provider_ids = {c.provider_id for c in checks}
    recipients: dict[int, set[int]] = {pid: set() for pid in provider_ids}
    for org_id, user_id in (
        Membership.objects.active()
        .filter(organisation_id__in=provider_ids, role=Role.PROVIDER_USER, user__is_active=True)
        .values_list("organisation_id", "user_id")
    ):
        recipients[org_id].add(user_id)
    for org_id, user_id in (
        Agreement.objects.active()
        .filter(provider_id__in=provider_ids, status=AgreementStatus.LIVE, monitoring_officer__isnull=False)
        .values_list("provider_id", "monitoring_officer_id")
    ):
        recipients[org_id].add(user_id)
    for check in checks:
        expired = check.expires_on < today
        yield DueItem(
            key=f"quality.check:{check.pk}:expires:{check.expires_on.isoformat()}",
            kind="Quality evidence expired" if expired else "Quality evidence expiring",
            title=f"{check.requirement.title} – {check.provider.name}",
            url=reverse("quality:check", args=[check.pk]),
            due=check.expires_on,
            recipient_ids=tuple(sorted(recipients[check.provider_id])),
        )
