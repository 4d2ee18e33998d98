"""Scoring arithmetic, pure: a moderated answer is worth score ÷ scale maximum × the question's weight; the price
score is the lowest price ÷ the bid's price × the price weight; a bid failing any pass or fail question is not
ranked. Figures are rounded to 2 places only for display: totals are summed unrounded."""

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

HUNDREDTH = Decimal("0.01")


def rounded(value: Decimal) -> Decimal:
    return value.quantize(HUNDREDTH, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class QuestionWeight:
    question_id: int
    criterion: str
    weight: Decimal
    pass_fail: bool = False


@dataclass
class BidResult:
    bid_id: int
    bidder: str
    price: Decimal | None
    quality: Decimal = Decimal("0")
    social_value: Decimal = Decimal("0")
    price_score: Decimal = Decimal("0")
    failed: list[int] = field(default_factory=list)
    missing: list[int] = field(default_factory=list)
    rank: int | None = None

    @property
    def total(self) -> Decimal:
        return self.quality + self.social_value + self.price_score

    @property
    def ranked(self) -> bool:
        return not self.failed and not self.missing


def weighted(score: int, scale_max: int, weight: Decimal) -> Decimal:
    return Decimal(score) / Decimal(scale_max) * weight


def price_score(price: Decimal | None, lowest: Decimal | None, price_weight: Decimal) -> Decimal:
    if not price_weight or price is None or lowest is None:
        return Decimal("0")
    if price == 0:
        return price_weight
    return lowest / price * price_weight


def rank(
    *,
    bids: list[tuple[int, str, Decimal | None]],
    questions: list[QuestionWeight],
    moderated: dict[tuple[int, int], int],
    scale_max: int,
    price_weight: Decimal,
) -> list[BidResult]:
    """Results for (bid id, bidder, price) given the moderated scores {(bid id, question id): score}, ranked by
    total (highest first; a tie goes to the lower price). Unranked bids follow, with what stops them."""
    results = [BidResult(bid_id=bid_id, bidder=bidder, price=price) for bid_id, bidder, price in bids]
    for result in results:
        for question in questions:
            score = moderated.get((result.bid_id, question.question_id))
            if score is None:
                result.missing.append(question.question_id)
            elif question.pass_fail:
                if score != 1:
                    result.failed.append(question.question_id)
            elif question.criterion == "social_value":
                result.social_value += weighted(score, scale_max, question.weight)
            else:
                result.quality += weighted(score, scale_max, question.weight)
    eligible = [r for r in results if r.ranked]
    prices = [r.price for r in eligible if r.price is not None]
    lowest = min(prices) if prices else None
    for result in eligible:
        result.price_score = price_score(result.price, lowest, price_weight)
    eligible.sort(key=lambda r: (-r.total, r.price if r.price is not None else Decimal("Infinity"), r.bid_id))
    for position, result in enumerate(eligible, start=1):
        result.rank = position
    return eligible + [r for r in results if not r.ranked]
