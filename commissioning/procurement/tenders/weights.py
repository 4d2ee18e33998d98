"""The evaluation's weights: price, quality and social value total 100%, and each criterion's award questions
share out exactly its weight; scored selection questions (for shortlisting) total 100% among themselves.
Pure arithmetic on the procurement and its questions."""

from decimal import Decimal

from commissioning.procurement.models import Criterion, PriceFormula, Procurement, QuestionStage

HUNDRED = Decimal("100")


def _pc(value: Decimal) -> str:
    return f"{value.normalize():f}%"


def weight_problems(procurement: Procurement, questions=None) -> list[str]:
    """Each reason the weights are not right, in plain words; empty when they are."""
    if questions is None:
        questions = list(procurement.questions.active())
    problems = []
    total = procurement.price_weight + procurement.quality_weight + procurement.social_value_weight
    if total != HUNDRED:
        problems.append(
            f"Price ({_pc(procurement.price_weight)}), quality ({_pc(procurement.quality_weight)}) and social "
            f"value ({_pc(procurement.social_value_weight)}) total {_pc(total)}: they must total 100%."
        )
    if procurement.price_formula == PriceFormula.NONE and procurement.price_weight:
        problems.append("A price weight needs a price formula: choose one, or set the price weight to 0%.")
    award = [q for q in questions if q.stage == QuestionStage.AWARD]
    for criterion, weight, label in (
        (Criterion.QUALITY, procurement.quality_weight, "quality"),
        (Criterion.SOCIAL_VALUE, procurement.social_value_weight, "social value"),
    ):
        share = sum((q.weight for q in award if q.criterion == criterion), Decimal("0"))
        if share != weight:
            problems.append(
                f"The {label} questions' weights total {_pc(share)}, but {label} is weighted {_pc(weight)}: "
                "they must be equal."
            )
    for question in questions:
        if question.criterion == Criterion.PASS_FAIL and question.weight:
            problems.append(f"Question {question.number} is pass or fail: its weight must be 0%.")
    selection = [q for q in questions if q.stage == QuestionStage.SELECTION and q.is_scored]
    selection_total = sum((q.weight for q in selection), Decimal("0"))
    if selection and selection_total != HUNDRED:
        problems.append(
            f"The scored selection questions' weights total {_pc(selection_total)}: they are scored apart from "
            "the award and must total 100%."
        )
    if not any(q.is_scored for q in award):
        problems.append("Add at least one scored award question.")
    if procurement.social_value_weight and not any(
        q.criterion == Criterion.SOCIAL_VALUE and q.added_value for q in award
    ):
        problems.append(
            "Ask bidders for the added value of their service (Islington 5.7): mark a social value question as "
            "its social or its resource component."
        )
    return problems
