"""The evaluation services: panel, declarations, scoring, moderation, award, standstill, letters and grants,
with the refusals (audited) for scores outside the scale, conflicts, scoring before opening, moderating early,
awarding before the evaluation is complete and entering into a contract during the standstill."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from commissioning.core.models import TimelineEvent
from commissioning.organisations.models import Role
from commissioning.organisations.tests.factories import person_with_role
from commissioning.procurement.evaluation import selectors
from commissioning.procurement.evaluation import services as evaluation
from commissioning.procurement.models import (
    BidStatus,
    LetterKind,
    PanelRole,
    ProcurementKind,
    ProcurementStatus,
    Score,
)
from commissioning.procurement.tests.evaluation_helpers import moderate_all, score_all


def refusals(procurement):
    return list(
        TimelineEvent.objects.filter(
            object_id=str(procurement.pk), summary__startswith="Refused"
        ).values_list("summary", flat=True)
    )


def bid_of(procurement, name):
    return procurement.bids.get(bidder__name=name)


def question(procurement, number):
    return procurement.questions.get(number=number)


@pytest.fixture
def moderated(closed, evaluator, procurement_manager):
    score_all(evaluator.user, closed)
    moderate_all(procurement_manager, closed)
    return closed


@pytest.fixture
def awarded(moderated, procurement_manager):
    evaluation.award_decide(
        actor=procurement_manager,
        procurement=moderated,
        bid=bid_of(moderated, "Brightside Family Support"),
        data={
            "decided_on": timezone.localdate(),
            "approved_by": "Commissioning Board",
            "reasons": "Highest score.",
        },
    )
    return moderated


def test_panel_member_with_a_bidder_cannot_join(closed, procurement_manager, bidders):
    with pytest.raises(ValidationError, match="works for a bidder"):
        evaluation.panel_member_add(
            actor=procurement_manager,
            procurement=closed,
            data={"user": bidders[0][1], "panel_role": PanelRole.OFFICER},
        )


def test_remove_needs_a_reason_and_happens_once(evaluator, procurement_manager):
    with pytest.raises(ValidationError, match="Enter why"):
        evaluation.panel_member_remove(actor=procurement_manager, member=evaluator, reason=" ")
    evaluation.panel_member_remove(actor=procurement_manager, member=evaluator, reason="Moved job")
    with pytest.raises(ValidationError, match="already left"):
        evaluation.panel_member_remove(actor=procurement_manager, member=evaluator, reason="Again")


def test_a_declared_conflict_removes_access_at_once(evaluator):
    evaluation.conflict_declare(
        actor=evaluator.user, member=evaluator, has_conflict=True, interests="My sister runs Northgate"
    )
    evaluator.refresh_from_db()
    assert evaluator.removed_at is not None
    assert "My sister" in evaluator.removed_reason
    with pytest.raises(ValidationError, match="no longer on the panel"):
        evaluation.score_save(
            actor=evaluator.user,
            bid=evaluator.procurement.bids.first(),
            question=evaluator.procurement.questions.first(),
            score=1,
            justification="x",
        )
    assert any("Scoring refused" in s for s in refusals(evaluator.procurement))
    assert not Score.objects.exists()


def test_only_the_member_declares(evaluator, procurement_manager):
    with pytest.raises(PermissionDenied):
        evaluation.conflict_declare(
            actor=procurement_manager, member=evaluator, has_conflict=False, interests=""
        )


def test_a_member_who_has_not_declared_cannot_score(closed, council, procurement_manager):
    user = person_with_role(Role.PANEL_MEMBER, council, username="young")
    evaluation.panel_member_add(
        actor=procurement_manager,
        procurement=closed,
        data={"user": user, "panel_role": PanelRole.YOUNG_PERSON},
    )
    with pytest.raises(ValidationError, match="Declare your interests first"):
        evaluation.score_save(
            actor=user, bid=closed.bids.first(), question=question(closed, "Q1"), score=3, justification="x"
        )
    assert refusals(closed)


def test_scoring_before_the_bids_are_opened_is_refused(published, procurement_manager, council):
    user = person_with_role(Role.COMMISSIONER, council, username="early")
    member = evaluation.panel_member_add(
        actor=procurement_manager, procurement=published, data={"user": user, "panel_role": PanelRole.OFFICER}
    )
    evaluation.conflict_declare(actor=user, member=member, has_conflict=False, interests="")
    from commissioning.procurement.models import Bid

    bid = Bid(procurement=published, pk=0)
    with pytest.raises(ValidationError, match="sealed"):
        evaluation.score_save(
            actor=user, bid=bid, question=question(published, "Q1"), score=3, justification="x"
        )
    assert any("sealed" in s for s in refusals(published))


@pytest.mark.parametrize(
    ("number", "score", "message"),
    [("Q1", 6, "between 0 and 5"), ("Q1", -1, "between 0 and 5"), ("S1", 2, "1 \\(pass\\) or 0")],
)
def test_scores_outside_the_scale_are_refused(closed, evaluator, number, score, message):
    with pytest.raises(ValidationError, match=message):
        evaluation.score_save(
            actor=evaluator.user,
            bid=closed.bids.first(),
            question=question(closed, number),
            score=score,
            justification="x",
        )
    assert not Score.objects.exists()


def test_a_score_needs_a_justification(closed, evaluator):
    with pytest.raises(ValidationError, match="reasons for your score"):
        evaluation.score_save(
            actor=evaluator.user,
            bid=closed.bids.first(),
            question=question(closed, "Q1"),
            score=3,
            justification="  ",
        )


def test_submit_needs_every_answer_scored_and_then_fixes_them(closed, evaluator):
    evaluation.score_save(
        actor=evaluator.user,
        bid=closed.bids.first(),
        question=question(closed, "Q1"),
        score=3,
        justification="ok",
    )
    with pytest.raises(ValidationError, match="7 still to score"):
        evaluation.scores_submit(actor=evaluator.user, procurement=closed)
    score_all(evaluator.user, closed)
    assert not selectors.active_evaluators(closed)[0].pending
    with pytest.raises(ValidationError, match="can no longer change"):
        evaluation.score_save(
            actor=evaluator.user,
            bid=closed.bids.first(),
            question=question(closed, "Q1"),
            score=5,
            justification="x",
        )


def test_moderation_waits_for_every_evaluator(closed, evaluator, procurement_manager):
    score_all(evaluator.user, closed, submit=False)
    with pytest.raises(ValidationError, match="wait until every evaluator"):
        evaluation.moderation_record(
            actor=procurement_manager,
            bid=closed.bids.first(),
            question=question(closed, "Q1"),
            score=4,
            reasons="",
            feedback="Good",
        )
    assert any("Moderation refused" in s for s in refusals(closed))


def test_moderation_needs_reasons_when_the_consensus_differs(closed, evaluator, procurement_manager):
    score_all(evaluator.user, closed)
    bid = bid_of(closed, "Brightside Family Support")
    with pytest.raises(ValidationError, match="The evaluators scored 4"):
        evaluation.moderation_record(
            actor=procurement_manager,
            bid=bid,
            question=question(closed, "Q1"),
            score=5,
            reasons="",
            feedback="Good",
        )
    moderation = evaluation.moderation_record(
        actor=procurement_manager,
        bid=bid,
        question=question(closed, "Q1"),
        score=5,
        reasons="Agreed",
        feedback="Good",
    )
    assert moderation.score == 5


def test_only_the_lead_or_a_procurement_manager_moderates(closed, evaluator):
    score_all(evaluator.user, closed)
    with pytest.raises(PermissionDenied):
        evaluation.moderation_record(
            actor=evaluator.user,
            bid=closed.bids.first(),
            question=question(closed, "Q1"),
            score=4,
            reasons="",
            feedback="x",
        )


def test_ranking_from_moderated_scores(moderated):
    ranking = selectors.ranking_for(moderated)
    assert [(r.bidder, r.rank, str(r.total.quantize(Decimal("0.01")))) for r in ranking] == [
        ("Brightside Family Support", 1, "86.00"),
        ("Northgate Youth Trust", 2, "82.00"),
    ]


def test_award_before_the_evaluation_is_complete_is_refused(closed, evaluator, procurement_manager):
    score_all(evaluator.user, closed)
    with pytest.raises(ValidationError, match="Moderate every answer first"):
        evaluation.award_decide(
            actor=procurement_manager,
            procurement=closed,
            bid=closed.bids.first(),
            data={"decided_on": timezone.localdate(), "approved_by": "Board", "reasons": "x"},
        )
    assert any("Award refused" in s for s in refusals(closed))
    closed.refresh_from_db()
    assert closed.status == ProcurementStatus.EVALUATION


def test_a_tender_has_one_award(awarded, procurement_manager):
    assert awarded.awards.count() == 1
    awarded.refresh_from_db()
    assert awarded.status == ProcurementStatus.AWARD_DECIDED
    with pytest.raises(ValidationError, match="already decided"):
        evaluation.award_decide(
            actor=procurement_manager,
            procurement=awarded,
            bid=bid_of(awarded, "Northgate Youth Trust"),
            data={"decided_on": timezone.localdate(), "approved_by": "Board", "reasons": "x"},
        )


def test_an_excluded_bid_is_not_ranked_nor_awarded(moderated, procurement_manager):
    bid = bid_of(moderated, "Brightside Family Support")
    evaluation.bid_exclude(actor=procurement_manager, bid=bid, reason="Mandatory exclusion ground")
    ranking = selectors.ranking_for(moderated)
    assert [r.bidder for r in ranking] == ["Northgate Youth Trust"]
    # With Brightside excluded, Northgate has the lowest price: 40 + 30 + 16 + 4 = 90
    assert ranking[0].total == Decimal("90")
    with pytest.raises(ValidationError, match="not ranked"):
        evaluation.award_decide(
            actor=procurement_manager,
            procurement=moderated,
            bid=bid,
            data={"decided_on": timezone.localdate(), "approved_by": "Board", "reasons": "x"},
        )


def test_standstill_counts_bank_holidays_and_refuses_early_contracts(awarded, procurement_manager):
    award = awarded.awards.get()
    # Light-touch with a voluntary standstill. Notice on Thursday 26 March 2026: 8 working days are 26, 27, 30, 31
    # March, 1 April, then Good Friday 3 April and Easter Monday 6 April are bank holidays: 2, 7, 8 April.
    award.decided_on = date(2026, 3, 20)
    award.save()
    evaluation.award_notice_record(actor=procurement_manager, award=award, published_on=date(2026, 3, 26))
    assert award.standstill_ends == date(2026, 4, 8)
    with pytest.raises(ValidationError, match=r"standstill runs to 8 April 2026.*from 9 April 2026"):
        evaluation.contract_enter(actor=procurement_manager, award=award, entered_on=date(2026, 4, 8))
    assert any("Contract refused" in s for s in refusals(awarded))
    award.refresh_from_db()
    assert award.contract_entered_on is None
    evaluation.contract_enter(actor=procurement_manager, award=award, entered_on=date(2026, 4, 9))
    awarded.refresh_from_db()
    assert awarded.status == ProcurementStatus.AWARDED


def test_contract_needs_the_award_notice_first(awarded, procurement_manager):
    with pytest.raises(ValidationError, match="publish the contract award notice first"):
        evaluation.contract_enter(
            actor=procurement_manager, award=awarded.awards.get(), entered_on=timezone.localdate()
        )


def test_letters_to_every_bidder_with_scores_against_the_winner(awarded, procurement_manager, bidders):
    letters = evaluation.letters_issue(actor=procurement_manager, procurement=awarded)
    kinds = {letter.bid.bidder.name: letter for letter in letters}
    assert kinds["Brightside Family Support"].kind == LetterKind.AWARD
    feedback = kinds["Northgate Youth Trust"]
    assert feedback.kind == LetterKind.UNSUCCESSFUL
    assert "awarded to Brightside Family Support" in feedback.body
    assert "Your total score: 82.00" in feedback.body
    assert "The successful bid's total score: 86.00" in feedback.body
    assert "Feedback on Q1." in feedback.body
    assert [letter.bid.bidder.name for letter in selectors.letters_for_provider(bidders[1][1])] == [
        "Northgate Youth Trust"
    ]


def test_letters_need_an_award(moderated, procurement_manager):
    with pytest.raises(ValidationError, match="Decide the award"):
        evaluation.letters_issue(actor=procurement_manager, procurement=moderated)


@pytest.fixture
def grant_round(moderated):
    moderated.kind = ProcurementKind.GRANT_ROUND
    moderated.save()
    return moderated


def test_a_grant_round_awards_several_applicants_with_amounts(grant_round, procurement_manager):
    for name, amount in (("Brightside Family Support", "20000"), ("Northgate Youth Trust", "15000")):
        evaluation.award_decide(
            actor=procurement_manager,
            procurement=grant_round,
            bid=bid_of(grant_round, name),
            data={
                "decided_on": timezone.localdate(),
                "approved_by": "Grants panel",
                "reasons": "x",
                "amount": Decimal(amount),
            },
        )
    assert grant_round.awards.count() == 2
    award = grant_round.awards.get(bid__bidder__name="Northgate Youth Trust")
    data = {
        "amount": Decimal("15000.01"),
        "starts_on": date(2026, 4, 1),
        "ends_on": date(2027, 3, 31),
        "payment_schedule": "Quarterly in advance",
        "outputs_and_outcomes": "120 young people",
        "monitoring": "Quarterly returns",
        "conditions": "",
        "signed_on": None,
    }
    with pytest.raises(ValidationError, match=r"more than the £15,000\.00 awarded"):
        evaluation.grant_agreement_record(actor=procurement_manager, award=award, data=data)
    agreement = evaluation.grant_agreement_record(
        actor=procurement_manager, award=award, data={**data, "amount": Decimal("15000")}
    )
    assert agreement.pk and agreement.amount == Decimal("15000")


def test_a_grant_award_needs_an_amount(grant_round, procurement_manager):
    with pytest.raises(ValidationError, match="amount of the grant"):
        evaluation.award_decide(
            actor=procurement_manager,
            procurement=grant_round,
            bid=grant_round.bids.first(),
            data={"decided_on": timezone.localdate(), "approved_by": "Grants panel", "reasons": "x"},
        )


def test_my_panels_says_what_to_do_next(closed, council, procurement_manager, evaluator):
    user = person_with_role(Role.PANEL_MEMBER, council, username="parent")
    evaluation.panel_member_add(
        actor=procurement_manager,
        procurement=closed,
        data={"user": user, "panel_role": PanelRole.PARENT_CARER},
    )
    assert selectors.panels_for_user(user)[0].next_step["label"] == "Declare your interests"
    assert selectors.panels_for_user(evaluator.user)[0].next_step["label"] == "Score the bids"
    score_all(evaluator.user, closed)
    assert "submitted" in selectors.panels_for_user(evaluator.user)[0].next_step["label"]


def test_panel_warnings(closed, evaluator, procurement_manager, council):
    warnings = selectors.panel_warnings(closed, selectors.panel_for(closed))
    assert "No young person who uses services is on the panel." in warnings
    assert "No parent or carer is on the panel." in warnings
    user = person_with_role(Role.PANEL_MEMBER, council, username="young")
    evaluation.panel_member_add(
        actor=procurement_manager,
        procurement=closed,
        data={"user": user, "panel_role": PanelRole.YOUNG_PERSON},
    )
    warnings = selectors.panel_warnings(closed, selectors.panel_for(closed))
    assert "No young person who uses services is on the panel." not in warnings
    assert any("No training is recorded" in w for w in warnings)


def test_withdrawn_bids_are_not_scored(closed):
    assert all(bid.status == BidStatus.SUBMITTED for bid in closed.bids.all())
    assert len(selectors.scored_pairs(closed)) == 8


@pytest.mark.parametrize("grant_type, needs_sla", [("competitive", True), ("small_grants", False)])
def test_a_service_level_agreement_unless_a_small_grant(
    grant_round, procurement_manager, grant_type, needs_sla
):
    grant_round.grant_type = grant_type
    grant_round.save()
    award = evaluation.award_decide(
        actor=procurement_manager,
        procurement=grant_round,
        bid=bid_of(grant_round, "Northgate Youth Trust"),
        data={
            "decided_on": timezone.localdate(),
            "approved_by": "Grants panel",
            "reasons": "x",
            "amount": Decimal("4000"),
        },
    )
    data = {
        "amount": Decimal("4000"),
        "starts_on": date(2026, 4, 1),
        "ends_on": date(2027, 3, 31),
        "payment_schedule": "In one payment",
        "outputs_and_outcomes": "",
        "monitoring": "",
    }
    if needs_sla:
        with pytest.raises(ValidationError) as refused:
            evaluation.grant_agreement_record(actor=procurement_manager, award=award, data=data)
        assert set(refused.value.message_dict) == {"outputs_and_outcomes", "monitoring"}
        assert not hasattr(award.bid, "grant_agreement") or award.bid.grant_agreement.pk is None
    else:
        assert evaluation.grant_agreement_record(actor=procurement_manager, award=award, data=data).pk
