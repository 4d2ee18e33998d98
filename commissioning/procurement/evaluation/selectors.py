"""Reads for the evaluation: who evaluates, what is left to score and to moderate, the ranking."""

from django.db.models import F

from commissioning.organisations import roles
from commissioning.procurement.evaluation.scoring import BidResult, QuestionWeight, rank
from commissioning.procurement.models import (
    Bid,
    BidStatus,
    Letter,
    Moderation,
    PanelMember,
    PanelRole,
    Procurement,
    ProcurementStatus,
    Question,
    Score,
)


def _bids(procurement: Procurement):
    return list(
        procurement.bids.filter(status=BidStatus.SUBMITTED).select_related("bidder").order_by("submitted_at")
    )


def _questions(procurement: Procurement):
    return list(procurement.questions.active().order_by("stage", "position", "pk"))


def scored_pairs(procurement: Procurement) -> set[tuple[int, int]]:
    """Every (bid, question) an evaluator must score."""
    questions = _questions(procurement)
    return {(bid.pk, question.pk) for bid in _bids(procurement) for question in questions}


def _scored_pairs_of(procurement_ids: list[int]) -> dict[int, set[tuple[int, int]]]:
    """`scored_pairs` of several procurements in two queries, whatever their number."""
    bids: dict[int, list[int]] = {pk: [] for pk in procurement_ids}
    questions: dict[int, list[int]] = {pk: [] for pk in procurement_ids}
    for procurement_id, bid_id in Bid.objects.filter(
        procurement_id__in=procurement_ids, status=BidStatus.SUBMITTED
    ).values_list("procurement_id", "pk"):
        bids[procurement_id].append(bid_id)
    for procurement_id, question_id in (
        Question.objects.active()
        .filter(procurement_id__in=procurement_ids)
        .values_list("procurement_id", "pk")
    ):
        questions[procurement_id].append(question_id)
    return {pk: {(bid, question) for bid in bids[pk] for question in questions[pk]} for pk in procurement_ids}


def active_evaluators(procurement: Procurement) -> list[PanelMember]:
    """Panel members who evaluate (not removed, not only checking the price), each with `pending`: True until
    they have submitted their scores."""
    members = list(
        PanelMember.objects.filter(procurement=procurement, removed_at__isnull=True, evaluates_price=False)
        .select_related("user")
        .prefetch_related("declarations", "scores")
    )
    needed = scored_pairs(procurement)
    for member in members:
        submitted = {(s.bid_id, s.question_id) for s in member.scores.all() if s.submitted_at}
        member.pending = bool(needed - submitted) or not needed
    return members


def moderated_scores(procurement: Procurement) -> dict[tuple[int, int], int]:
    return {
        (m.bid_id, m.question_id): m.score
        for m in Moderation.objects.filter(bid__procurement=procurement, question__archived_at__isnull=True)
    }


def moderation_problems(procurement: Procurement) -> list[str]:
    needed = scored_pairs(procurement)
    if not needed:
        return ["There are no bids to evaluate."]
    missing = needed - set(moderated_scores(procurement))
    if missing:
        return [f"Moderate every answer first: {len(missing)} still to moderate."]
    return []


def ranking_for(procurement: Procurement) -> list[BidResult]:
    questions = [
        QuestionWeight(question_id=q.pk, criterion=q.criterion, weight=q.weight, pass_fail=not q.is_scored)
        for q in _questions(procurement)
    ]
    return rank(
        bids=[(bid.pk, bid.bidder.name, bid.price) for bid in _bids(procurement)],
        questions=questions,
        moderated=moderated_scores(procurement),
        scale_max=procurement.scale_max,
        price_weight=procurement.price_weight,
    )


# The panel, as the procurement's lead sees it and as each member sees their own place.

SERVICE_USER_ROLES = (PanelRole.YOUNG_PERSON, PanelRole.PARENT_CARER)


def panel_for(procurement: Procurement) -> list[PanelMember]:
    """Every member, with `latest_declaration` (or None), current members first."""
    members = list(
        PanelMember.objects.filter(procurement=procurement)
        .select_related("user")
        .prefetch_related("declarations")
        .order_by(F("removed_at").asc(nulls_first=True), "pk")
    )
    for member in members:
        declarations = sorted(member.declarations.all(), key=lambda d: (d.declared_at, d.pk), reverse=True)
        member.latest_declaration = declarations[0] if declarations else None
    return members


def panel_warnings(procurement: Procurement, members: list[PanelMember]) -> list[str]:
    """What the panel lacks under the Islington standard (5.5): service users and training."""
    current = [member for member in members if member.removed_at is None]
    warnings = []
    if not any(member.panel_role == PanelRole.YOUNG_PERSON for member in current):
        warnings.append("No young person who uses services is on the panel.")
    if not any(member.panel_role == PanelRole.PARENT_CARER for member in current):
        warnings.append("No parent or carer is on the panel.")
    untrained = [str(member) for member in current if member.training_completed_on is None]
    if untrained:
        warnings.append(f"No training is recorded for {', '.join(untrained)}.")
    return warnings


def next_step_for(member: PanelMember) -> dict:
    """What the member must do next on this panel: a short label, and the URL name to do it."""
    procurement = member.procurement
    if member.removed_at is not None:
        return {"label": "Nothing: you are no longer on this panel", "url_name": None}
    latest = member.latest_declaration
    if latest is None:
        return {"label": "Declare your interests", "url_name": "procurement:declare"}
    if member.evaluates_price:
        return {"label": "Check the price schedule with the procurement lead", "url_name": None}
    if not procurement.bids_are_open:
        return {"label": "Wait for the bids to be opened", "url_name": None}
    if procurement.status != ProcurementStatus.EVALUATION:
        return {"label": "Nothing: the evaluation is finished", "url_name": None}
    if getattr(member, "pending", True):
        return {"label": "Score the bids", "url_name": "procurement:scoring"}
    return {"label": "Nothing: you have submitted your scores", "url_name": None}


def panels_for_user(user) -> list[PanelMember]:
    """The user's places on panels, newest first, each with `latest_declaration`, `pending` and `next_step`."""
    places = list(
        PanelMember.objects.filter(user=user)
        .select_related("procurement")
        .prefetch_related("declarations", "scores")
        .order_by("-procurement__created_at")
    )
    evaluating = [
        place.procurement_id
        for place in places
        if place.procurement.bids_are_open and place.procurement.status == ProcurementStatus.EVALUATION
    ]
    needed_by_procurement = _scored_pairs_of(evaluating)
    for place in places:
        declarations = sorted(place.declarations.all(), key=lambda d: (d.declared_at, d.pk), reverse=True)
        place.latest_declaration = declarations[0] if declarations else None
        if place.procurement_id in needed_by_procurement:
            needed = needed_by_procurement[place.procurement_id]
            submitted = {(s.bid_id, s.question_id) for s in place.scores.all() if s.submitted_at}
            place.pending = bool(needed - submitted) or not needed
        place.next_step = next_step_for(place)
    return places


# Scoring: an evaluator sees only their own scores until moderation.


def own_scores(member: PanelMember) -> dict[tuple[int, int], Score]:
    return {(s.bid_id, s.question_id): s for s in member.scores.all()}


def scoring_progress(member: PanelMember, procurement: Procurement) -> list[dict]:
    """For each bid: how many answers the member has scored of how many."""
    questions = _questions(procurement)
    mine = own_scores(member)
    rows = []
    for bid in _bids(procurement):
        done = sum(1 for q in questions if (bid.pk, q.pk) in mine)
        rows.append({"bid": bid, "scored": done, "total": len(questions)})
    return rows


def moderation_table(procurement: Procurement) -> list[dict]:
    """For each bid and question: the submitted individual scores with justifications, and the moderation."""
    questions = _questions(procurement)
    scores = (
        Score.objects.filter(
            bid__procurement=procurement,
            submitted_at__isnull=False,
            evaluator__removed_at__isnull=True,
            question__archived_at__isnull=True,
        )
        .select_related("evaluator__user")
        .order_by("evaluator__pk")
    )
    by_pair: dict[tuple[int, int], list[Score]] = {}
    for score in scores:
        by_pair.setdefault((score.bid_id, score.question_id), []).append(score)
    moderations = {
        (m.bid_id, m.question_id): m for m in Moderation.objects.filter(bid__procurement=procurement)
    }
    rows = []
    for bid in (
        procurement.bids.exclude(status=BidStatus.WITHDRAWN).select_related("bidder").order_by("submitted_at")
    ):
        rows.append(
            {
                "bid": bid,
                "questions": [
                    {
                        "question": question,
                        "scores": by_pair.get((bid.pk, question.pk), []),
                        "moderation": moderations.get((bid.pk, question.pk)),
                    }
                    for question in questions
                ],
            }
        )
    return rows


def awards_for(procurement: Procurement):
    return procurement.awards.select_related("bid__bidder", "bid__grant_agreement", "recorded_by").order_by(
        "decided_on", "pk"
    )


def letters_for(procurement: Procurement):
    return (
        Letter.objects.filter(bid__procurement=procurement)
        .select_related("bid__bidder", "issued_by")
        .order_by("bid__bidder__name", "-created_at")
    )


def letters_for_provider(user):
    """The award and feedback letters sent to the user's own organisations, newest first. A provider never
    sees another organisation's letter."""
    return (
        Letter.objects.filter(bid__bidder_id__in=roles.organisation_ids_of(user))
        .select_related("bid__bidder", "bid__procurement")
        .order_by("-created_at")
    )
