"""Award and feedback letters: each bidder's scores against the winner's, question by question, with the
moderated feedback as the reasons. Plain text, kept as issued."""

from commissioning.procurement.evaluation.scoring import BidResult, rounded
from commissioning.procurement.models import Bid, LetterKind, Moderation, Procurement


def _score_lines(procurement: Procurement, bid: Bid, winner: Bid | None) -> list[str]:
    moderations = {
        (m.bid_id, m.question_id): m
        for m in Moderation.objects.filter(bid__procurement=procurement).select_related("question")
    }
    lines = []
    for question in procurement.questions.active().order_by("stage", "position", "pk"):
        own = moderations.get((bid.pk, question.pk))
        theirs = moderations.get((winner.pk, question.pk)) if winner and winner.pk != bid.pk else None
        scale = "pass (1) or fail (0)" if not question.is_scored else f"out of {procurement.scale_max}"
        line = f"Question {question.number} ({question.weight.normalize():f}%): your score {own.score if own else '-'} {scale}"
        if theirs:
            line += f"; the successful bid scored {theirs.score}"
        lines.append(line)
        if own and own.feedback:
            lines.append(f"  Reasons: {own.feedback}")
    return lines


def letter_text(procurement: Procurement, bid: Bid, ranking: list[BidResult], kind: str) -> str:
    results = {result.bid_id: result for result in ranking}
    awards = list(procurement.awards.select_related("bid__bidder"))
    winner = awards[0].bid if len(awards) == 1 else None
    own = results.get(bid.pk)
    subject = f"{procurement.reference} {procurement.title}"
    if kind == LetterKind.AWARD:
        opening = [
            f"Dear {bid.bidder.name},",
            "",
            f"We are pleased to tell you that your bid for {subject} has been successful.",
        ]
        if procurement.standstill_applies:
            opening.append(
                "A standstill period of 8 working days applies from the day the contract award notice is "
                "published; the contract will be entered into after it ends."
            )
    else:
        opening = [
            f"Dear {bid.bidder.name},",
            "",
            f"Thank you for your bid for {subject}. We are sorry to tell you that it has not been successful.",
        ]
        if winner:
            opening.append(f"The contract is to be awarded to {winner.bidder.name}.")
        if bid.excluded_reason:
            opening.append(f"Your bid was excluded: {bid.excluded_reason}")
    totals = []
    if own and own.ranked:
        totals.append(
            f"Your total score: {rounded(own.total)} out of 100 (quality {rounded(own.quality)}, social value "
            f"{rounded(own.social_value)}, price {rounded(own.price_score)}); rank {own.rank} of "
            f"{sum(1 for r in ranking if r.ranked)}."
        )
    elif own:
        totals.append("Your bid was not ranked: it did not pass every pass or fail question.")
    if winner and winner.pk != bid.pk and winner.pk in results:
        best = results[winner.pk]
        totals.append(
            f"The successful bid's total score: {rounded(best.total)} (quality {rounded(best.quality)}, social "
            f"value {rounded(best.social_value)}, price {rounded(best.price_score)})."
        )
    body = [*opening, "", *totals, "", "Your scores:", *_score_lines(procurement, bid, winner), ""]
    body += [
        "We welcome your feedback on the process; it is reported to the Commissioning Board with the lessons "
        "learned.",
        "",
        f"{procurement.lead.get_full_name() or procurement.lead.username}",
    ]
    return "\n".join(body)
