"""The scoring arithmetic on small datasets worked out by hand."""

from decimal import Decimal

from commissioning.procurement.evaluation.scoring import QuestionWeight, price_score, rank, rounded, weighted

Q1 = QuestionWeight(question_id=1, criterion="quality", weight=Decimal("30"))
Q2 = QuestionWeight(question_id=2, criterion="quality", weight=Decimal("20"))
SV = QuestionWeight(question_id=3, criterion="social_value", weight=Decimal("10"))
PF = QuestionWeight(question_id=4, criterion="pass_fail", weight=Decimal("0"), pass_fail=True)


def test_price_score_lowest_over_price_times_weight():
    # 800,000 / 800,000 x 40 = 40.00; 800,000 / 1,000,000 x 40 = 32.00
    assert rounded(price_score(Decimal("800000"), Decimal("800000"), Decimal("40"))) == Decimal("40.00")
    assert rounded(price_score(Decimal("1000000"), Decimal("800000"), Decimal("40"))) == Decimal("32.00")
    assert price_score(None, Decimal("800000"), Decimal("40")) == 0
    assert price_score(Decimal("5"), Decimal("5"), Decimal("0")) == 0


def test_weighted_score_is_score_over_scale_max_times_weight():
    assert weighted(4, 5, Decimal("30")) == Decimal("24")
    assert rounded(weighted(2, 3, Decimal("10"))) == Decimal("6.67")


def test_ranking_on_a_known_dataset():
    # Bid 1: Q1 4/5 x 30 = 24, Q2 3/5 x 20 = 12, SV 5/5 x 10 = 10, price 40 -> 86
    # Bid 2: Q1 5/5 x 30 = 30, Q2 5/5 x 20 = 20, SV 2/5 x 10 = 4, price 32 -> 86: a tie, the lower price wins
    # Bid 3: fails the pass or fail question: not ranked, and its low price does not set the lowest price
    moderated = {(1, 1): 4, (1, 2): 3, (1, 3): 5, (1, 4): 1}
    moderated |= {(2, 1): 5, (2, 2): 5, (2, 3): 2, (2, 4): 1}
    moderated |= {(3, 1): 5, (3, 2): 5, (3, 3): 5, (3, 4): 0}
    results = rank(
        bids=[(1, "A", Decimal("800000")), (2, "B", Decimal("1000000")), (3, "C", Decimal("100"))],
        questions=[Q1, Q2, SV, PF],
        moderated=moderated,
        scale_max=5,
        price_weight=Decimal("40"),
    )
    first, second, third = results
    assert (first.bid_id, first.rank, rounded(first.total)) == (1, 1, Decimal("86.00"))
    assert (rounded(first.quality), rounded(first.social_value), rounded(first.price_score)) == (
        Decimal("36.00"),
        Decimal("10.00"),
        Decimal("40.00"),
    )
    assert (second.bid_id, second.rank, rounded(second.total)) == (2, 2, Decimal("86.00"))
    assert rounded(second.price_score) == Decimal("32.00")
    assert (third.bid_id, third.rank, third.ranked, third.failed) == (3, None, False, [4])


def test_a_bid_missing_a_moderated_score_is_not_ranked():
    results = rank(
        bids=[(1, "A", Decimal("10"))],
        questions=[Q1, Q2],
        moderated={(1, 1): 3},
        scale_max=5,
        price_weight=Decimal("0"),
    )
    assert results[0].missing == [2]
    assert results[0].rank is None


def test_totals_are_summed_unrounded():
    # 1/3 x 10 three times = 10.00 exactly, not 3 x 3.33 = 9.99
    questions = [QuestionWeight(question_id=i, criterion="quality", weight=Decimal("10")) for i in (1, 2, 3)]
    results = rank(
        bids=[(1, "A", None)],
        questions=questions,
        moderated={(1, 1): 1, (1, 2): 1, (1, 3): 1},
        scale_max=3,
        price_weight=Decimal("0"),
    )
    assert rounded(results[0].total) == Decimal("10.00")
