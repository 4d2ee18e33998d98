"""The ranking as people read it, and the evaluation report for the Commissioning Board (Islington 5.9): the
procurement, its route and timetable as kept, the panel with service users and training, conflicts, the
ranking, the award and its approval, the standstill, and the lessons learned."""

from commissioning.procurement.evaluation import selectors
from commissioning.procurement.evaluation.scoring import BidResult
from commissioning.procurement.models import Criterion, PriceFormula, Procurement


def price_formula_text(procurement: Procurement) -> str:
    weight = procurement.price_weight.normalize()
    if not procurement.price_weight or procurement.price_formula == PriceFormula.NONE:
        return "Price is not scored in this procurement."
    label = dict(PriceFormula.choices).get(procurement.price_formula, procurement.price_formula)
    return (
        f"{label}: price score = lowest price of the ranked bids ÷ the bid's price × {weight:f} (the price "
        f"weight). Quality and social value: each moderated score ÷ {procurement.scale_max} × the question's weight."
    )


def social_value_questions(procurement: Procurement) -> list:
    return list(
        procurement.questions.active().filter(criterion=Criterion.SOCIAL_VALUE).order_by("position", "pk")
    )


def ranking_rows(procurement: Procurement) -> list[BidResult]:
    """The ranking, each result with `unranked_reason` in words (empty when ranked)."""
    questions = {q.pk: q.number for q in procurement.questions.active()}
    rows = selectors.ranking_for(procurement)
    for row in rows:
        reasons = []
        if row.failed:
            reasons.append("failed " + ", ".join(questions.get(pk, "?") for pk in row.failed))
        if row.missing:
            reasons.append("not yet moderated: " + ", ".join(questions.get(pk, "?") for pk in row.missing))
        row.unranked_reason = "; ".join(reasons)
    return rows


def excluded_bids(procurement: Procurement):
    return procurement.bids.filter(status="excluded").select_related("bidder").order_by("submitted_at")


def evaluation_report(procurement: Procurement) -> dict:
    members = selectors.panel_for(procurement)
    current = [member for member in members if member.removed_at is None]
    awards = list(selectors.awards_for(procurement))
    return {
        "procurement": procurement,
        "milestones": list(procurement.milestones.order_by("due", "key")),
        "notices": list(procurement.notices.order_by("position")),
        "members": members,
        "service_users": [member for member in current if member.is_service_user],
        "trained": sum(1 for member in current if member.training_completed_on),
        "current_members": len(current),
        "panel_warnings": selectors.panel_warnings(procurement, members),
        "assessments": list(procurement.conflict_assessments.select_related("assessed_by")),
        "conflicts": [
            member
            for member in members
            if member.latest_declaration is not None and member.latest_declaration.has_conflict
        ],
        "bids_received": procurement.bids.exclude(status="withdrawn").count(),
        "excluded": list(excluded_bids(procurement)),
        "ranking": ranking_rows(procurement) if procurement.bids_are_open else [],
        "formula": price_formula_text(procurement),
        "social_value_questions": social_value_questions(procurement),
        "awards": awards,
        "letters": selectors.letters_for(procurement).count(),
    }
