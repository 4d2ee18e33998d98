"""Demo: the budget agreed for the early help redesign, and the review that led to it."""

from datetime import date
from decimal import Decimal

from commissioning.cycle.resources.services import budget_create, review_create

REDESIGN = "Early help family support redesign"
REVIEW = "Early help family support review"
BUDGET = {
    "amount": Decimal("1250000.00"),
    "period": "2026/27 to 2028/29",
    "agreed_by": "Children and Young People's Partnership Board",
    "agreed_on": date(2026, 3, 17),
    "reference": "CYPPB minute 2026/14",
    "notes": "Council early help base budget with a contribution from the integrated care board; "
    "subject to the annual review of the pooled budget.",
}
REVIEW_RECORD = {
    "reviewed_on": date(2026, 3, 10),
    "method": "The formal review from December to March: early help performance data by quarter, providers' "
    "monitoring returns, four focus groups with parents and young carers, and a practitioner survey.",
    "findings": "Families valued the support they received but waited too long for it. Support was spread "
    "across three services with different referral routes, and a third of referrals never started.",
    "outcomes_achieved": "Of the families who took up support, most no longer needed it after six months, "
    "and fewer were referred to children's social care.",
    "recommendation": "change",
    "next_review_on": date(2027, 3, 9),
}


def load(context) -> None:
    activities = context.records.get("activities", {})
    commissioner = context.records["users"]["commissioner"]
    redesign = activities.get(REDESIGN)
    if (
        redesign is not None
        and not redesign.budgets.filter(period=BUDGET["period"], agreed_by=BUDGET["agreed_by"]).exists()
    ):
        budget_create(actor=commissioner, activity=redesign, data=BUDGET)
    review = activities.get(REVIEW)
    if review is not None and not review.reviews.filter(reviewed_on=REVIEW_RECORD["reviewed_on"]).exists():
        review_create(actor=commissioner, activity=review, data=REVIEW_RECORD)
