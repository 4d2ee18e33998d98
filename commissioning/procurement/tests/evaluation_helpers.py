"""Helpers for the evaluation tests: score every answer, submit, and moderate to known scores."""

from commissioning.procurement.evaluation import services as evaluation
from commissioning.procurement.models import BidStatus

# Moderated scores by bidder and question number: Brightside 800,000, Northgate 1,000,000, price weight 40.
# Brightside: Q1 4/5 x 30 = 24, Q2 3/5 x 20 = 12, SV1 5/5 x 10 = 10, price 40 -> 86.00
# Northgate:  Q1 5/5 x 30 = 30, Q2 4/5 x 20 = 16, SV1 2/5 x 10 = 4, price 32 -> 82.00
KNOWN = {
    "Brightside Family Support": {"S1": 1, "Q1": 4, "Q2": 3, "SV1": 5},
    "Northgate Youth Trust": {"S1": 1, "Q1": 5, "Q2": 4, "SV1": 2},
}


def score_all(user, procurement, *, submit=True):
    for bid in procurement.bids.filter(status=BidStatus.SUBMITTED).select_related("bidder"):
        for question in procurement.questions.all():
            evaluation.score_save(
                actor=user,
                bid=bid,
                question=question,
                score=KNOWN[bid.bidder.name][question.number],
                justification="Clear evidence of what is asked.",
            )
    if submit:
        evaluation.scores_submit(actor=user, procurement=procurement)


def moderate_all(manager, procurement):
    for bid in procurement.bids.filter(status=BidStatus.SUBMITTED).select_related("bidder"):
        for question in procurement.questions.all():
            evaluation.moderation_record(
                actor=manager,
                bid=bid,
                question=question,
                score=KNOWN[bid.bidder.name][question.number],
                reasons="",
                feedback=f"Feedback on {question.number}.",
            )
