"""Reading bids under the sealing rule. Every page and API endpoint that shows a bid's content gets it from here.

Before the deadline nobody reads a bid but its own bidder: not the procurement manager, not an administrator.
After the bids are opened, the procurement's lead and procurement managers read them, and so do panel members
who have declared no conflict and have not been removed. A provider never reads another provider's bid."""

from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone

from commissioning.core.models import TimelineEvent
from commissioning.core.services import timeline_record
from commissioning.organisations import roles
from commissioning.organisations.models import Role
from commissioning.procurement.models import (
    Bid,
    BidAnswer,
    BidStatus,
    Clarification,
    PanelMember,
    Procurement,
    ProcurementStatus,
)


class BidSealed(PermissionDenied):
    """A bid asked for before it may be read: carries the reason."""


def panel_place(user, procurement: Procurement) -> PanelMember | None:
    return (
        PanelMember.objects.filter(procurement=procurement, user=user, removed_at__isnull=True)
        .prefetch_related("declarations")
        .first()
    )


def declared_clear(member: PanelMember | None) -> bool:
    """The member's latest declaration says no conflict, and they have not been removed."""
    if member is None or member.removed_at is not None:
        return False
    latest = member.declarations.order_by("-declared_at", "-pk").first()
    return latest is not None and not latest.has_conflict


def _manages(user, procurement: Procurement) -> bool:
    return procurement.lead_id == user.pk or roles.has_any_role(user, Role.PROCUREMENT_MANAGER)


def why_sealed(user, procurement: Procurement, *, now=None) -> str | None:
    """Why the user may not read the procurement's bids; None when they may."""
    now = now or timezone.now()
    if not procurement.deadline_passed(now):
        if procurement.tender_deadline is None:
            return "Bids are sealed: the opportunity has not been published."
        return (
            "Bids are sealed until the deadline of "
            f"{timezone.localtime(procurement.tender_deadline):%-d %B %Y at %H:%M}: nobody can read them before then."
        )
    if procurement.bids_opened_at is None:
        return "The deadline has passed, but the bids have not been opened yet."
    if _manages(user, procurement):
        return None
    member = panel_place(user, procurement)
    if member is None:
        return "Only the procurement's lead, procurement managers and the tender panel read bids."
    if not member.declarations.exists():
        return "Declare your interests first: panel members read bids only after declaring."
    if not declared_clear(member):
        return "You have declared a conflict of interest, so you cannot see the bids."
    return None


def may_read_bids(user, procurement: Procurement, *, now=None) -> bool:
    return why_sealed(user, procurement, now=now) is None


def is_own_bid(user, bid: Bid) -> bool:
    return roles.has_any_role(user, Role.PROVIDER_USER) and bid.bidder_id in roles.organisation_ids_of(user)


def _with_content(queryset: QuerySet[Bid]) -> QuerySet[Bid]:
    return queryset.select_related("bidder", "procurement", "submitted_by").prefetch_related(
        Prefetch("answers", queryset=BidAnswer.objects.select_related("question")), "documents"
    )


def _refused(user, procurement: Procurement, reason: str) -> BidSealed:
    """Put the refused attempt to read bids on the procurement's timeline, and give the exception to raise."""
    who = getattr(user, "username", "") or "someone not signed in"
    timeline_record(
        instance=procurement,
        actor=user,
        verb=TimelineEvent.Verb.NOTE,
        summary=f"Refused: {who} asked to read bids. {reason}",
    )
    return BidSealed(reason)


def bid_for_reading(user, bid_id: int, *, now=None) -> Bid:
    """The bid with its answers and documents, or BidSealed with the reason (the refusal is on record)."""
    bid = _with_content(Bid.objects.filter(pk=bid_id)).first()
    if bid is None:
        raise BidSealed("There is no such bid.")
    if is_own_bid(user, bid):
        return bid
    if roles.has_any_role(user, Role.PROVIDER_USER) and not roles.has_partnership_role(user):
        raise _refused(user, bid.procurement, "You can see only your own organisation's bids.")
    reason = why_sealed(user, bid.procurement, now=now)
    if reason:
        raise _refused(user, bid.procurement, reason)
    return bid


def bids_for_reading(user, procurement: Procurement, *, now=None) -> QuerySet[Bid]:
    """Every bid of the procurement with content, or BidSealed with the reason (the refusal is on record)."""
    reason = why_sealed(user, procurement, now=now)
    if reason:
        raise _refused(user, procurement, reason)
    return _with_content(procurement.bids.exclude(status=BidStatus.WITHDRAWN)).order_by("submitted_at")


def bids_received(procurement: Procurement) -> int:
    """How many bids are in: the only thing anyone may know before the deadline."""
    return procurement.bids.filter(status=BidStatus.SUBMITTED).count()


def own_bids(user, procurement: Procurement) -> QuerySet[Bid]:
    return _with_content(
        Bid.objects.filter(procurement=procurement, bidder_id__in=roles.organisation_ids_of(user))
    ).order_by("-submitted_at")


BY_INVITATION = ["selective", "grant_in_aid"]


def visible_to(queryset: QuerySet[Procurement], user) -> QuerySet[Procurement]:
    """A selective grant round or grant-in-aid shows only to the organisations invited (and to the partnership)."""
    if user is None or roles.has_partnership_role(user):
        return queryset
    invited = Q(invited__in=roles.organisation_ids_of(user))
    return queryset.filter(~Q(grant_type__in=BY_INVITATION) | invited).distinct()


def is_invited(procurement: Procurement, organisation) -> bool:
    return not procurement.by_invitation or procurement.invited.filter(pk=organisation.pk).exists()


def opportunities(*, now=None, search: str = "", user=None) -> QuerySet[Procurement]:
    """Opportunities open to bids now, soonest closing first; `search` matches title, description or reference.
    Given a user, only those the user's organisations may bid for."""
    queryset = visible_to(Procurement.objects.open_to_bids(now), user)
    queryset = queryset.select_related("activity").order_by("tender_deadline")
    if search:
        queryset = queryset.filter(
            Q(title__icontains=search) | Q(description__icontains=search) | Q(reference__iexact=search)
        )
    return queryset


def deadlines_passed(now=None) -> int:
    """How many open procurements' deadlines have passed: it grows by one whenever an opportunity closes by the
    clock alone, so that what is kept of the open opportunities can be keyed by it."""
    now = now or timezone.now()
    return (
        Procurement.objects.active().filter(status=ProcurementStatus.OPEN, tender_deadline__lte=now).count()
    )


def opportunity_detail(pk: int, user=None) -> Procurement:
    """A published opportunity (open, closed or awarded; never one still being planned), if the user may see it."""
    return (
        visible_to(Procurement.objects.active(), user)
        .exclude(status=ProcurementStatus.PLANNING)
        .exclude(published_at__isnull=True)
        .select_related("activity")
        .prefetch_related("questions")
        .get(pk=pk)
    )


def clarifications_received(procurement: Procurement) -> QuerySet[Clarification]:
    """Every question received, with who asked: for the procurement's officers only."""
    return procurement.clarifications.select_related(
        "asked_by", "asked_by_organisation", "answered_by"
    ).order_by("published_at", "created_at")


def clarification_for(procurement: Procurement, pk: int) -> Clarification:
    return clarifications_received(procurement).get(pk=pk)


def published_clarifications(procurement: Procurement) -> QuerySet[Clarification]:
    return procurement.clarifications.filter(published_at__isnull=False).order_by("published_at")


def bidder_procurements(user) -> QuerySet[Procurement]:
    """Procurements the user's organisations have bid in, whatever their state."""
    return (
        Procurement.objects.filter(bids__bidder_id__in=roles.organisation_ids_of(user))
        .exclude(status=ProcurementStatus.PLANNING)
        .distinct()
        .order_by("-published_at")
    )
