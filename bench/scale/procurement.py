"""Tenders and grant rounds at every stage: planned, open with sealed bids, in evaluation with independent
scores and moderation, and awarded with letters to every bidder."""

import hashlib
from datetime import timedelta
from decimal import Decimal

from bench.scale.base import Scale, words
from commissioning.procurement.models import (
    AwardDecision,
    Bid,
    BidAnswer,
    Clarification,
    ConflictDeclaration,
    GrantAgreement,
    Letter,
    Milestone,
    Moderation,
    Notice,
    PanelMember,
    Procurement,
    ProcurementStep,
    Question,
    Score,
)

# Awarded first, then open (sealed bids): even the smallest partnership has both.
STATUSES = ["awarded", "open", "evaluation", "planning", "awarded", "awarded", "cancelled"]
BIDS = 5
QUESTIONS = 6
MILESTONES = [
    ("publish", "Publish the tender notice", -120),
    ("clarification_deadline", "Clarification questions close", -95),
    ("tender_deadline", "Bids close", -88),
    ("evaluation", "Evaluation and moderation", -70),
    ("award", "Award decision", -50),
    ("contract_start", "The service starts", 0),
]


def _offset(status: str) -> int:
    """Days from the anchor to the tender deadline, by how far the procurement has gone."""
    return {"planning": 120, "open": 14, "evaluation": -10}.get(status, -200)


def procurements(scale: Scale) -> None:
    users = scale.records["users"]
    leads = users["procurement_manager"]
    staff = users["commissioner"] + users["monitoring_officer"]
    panel_users = users["panel_member"]
    providers = scale.records["providers"]
    activities = [a for a in scale.records["activities"] if a.kind in ("tender", "grant_round")]
    rows = []
    for index, activity in enumerate(activities):
        status = STATUSES[index % len(STATUSES)]
        grant = activity.kind == "grant_round"
        deadline = scale.moment(_offset(status), hour=12)
        rows.append(
            Procurement(
                reference=f"CYP-{activity.cycle_year}-{index + 1:04d}",
                title=activity.title,
                description=words(scale.rng),
                kind="grant_round" if grant else "tender",
                activity=activity,
                lead=leads[index % len(leads)],
                category="grant" if grant else "light_touch_services",
                estimated_value=scale.money(2000, 60000),
                duration_months=36,
                regime="grant" if grant else "light_touch",
                procedure="grant_application" if grant else "open",
                grant_type="competitive" if grant else "",
                eligibility="Voluntary and community organisations working in the county." if grant else "",
                contract_start=(deadline + timedelta(days=120)).date(),
                voluntary_sector_affected=grant,
                status=status,
                published_at=deadline - timedelta(days=30) if status != "planning" else None,
                clarification_deadline=deadline - timedelta(days=7),
                tender_deadline=deadline,
                bids_opened_at=deadline + timedelta(hours=1) if status in ("evaluation", "awarded") else None,
                bids_opened_by=leads[index % len(leads)] if status in ("evaluation", "awarded") else None,
                objectives=words(scale.rng),
                price_weight=Decimal("30"),
                quality_weight=Decimal("60"),
                social_value_weight=Decimal("10"),
            )
        )
    saved = scale.bulk(Procurement, rows)
    scale.records["procurements"] = saved
    steps, milestones, notices, questions, panel = [], [], [], [], []
    for p in saved:
        deadline = p.tender_deadline.date()
        for number in range(1, 10):
            done = p.status == "awarded" or (p.status != "planning" and number <= 5)
            steps.append(
                ProcurementStep(
                    procurement=p,
                    number=number,
                    title=f"Procurement step {number}",
                    status="complete" if done else "not_started",
                    done_on=deadline - timedelta(days=90 - number * 10) if done else None,
                )
            )
        for key, name, days in MILESTONES:
            due = deadline + timedelta(days=days + 88)
            milestones.append(
                Milestone(
                    procurement=p,
                    key=key,
                    name=name,
                    due=due,
                    rule="Counted back in working days from the contract start.",
                    done_on=due if due < scale.anchor else None,
                )
            )
        if p.published_at:
            notices.append(
                Notice(procurement=p, name="Tender notice", position=1, published_on=p.published_at.date())
            )
        for number in range(1, QUESTIONS + 1):
            questions.append(
                Question(
                    procurement=p,
                    criterion="social_value" if number == QUESTIONS else "quality",
                    number=f"Q{number}",
                    text=f"Describe how you will deliver outcome {number} for children and families.",
                    weight=Decimal("12")
                    if number < QUESTIONS
                    else Decimal("10"),  # quality 60, social value 10
                    word_limit=500,
                    position=number,
                )
            )
        for position in range(4):
            user = (
                panel_users[p.seed_number % len(panel_users)]
                if position == 3
                else staff[(p.seed_number + position) % len(staff)]
            )
            panel.append(
                PanelMember(
                    procurement=p,
                    user=user,
                    panel_role="young_person" if position == 3 else "officer",
                    evaluates_price=position == 0,
                )
            )
    # A young panel member may sit on the same panel as staff; two staff never repeat on one panel.
    panel = list({(m.procurement.pk, m.user.pk): m for m in panel}.values())
    scale.bulk(ProcurementStep, steps)
    scale.bulk(Milestone, milestones)
    scale.bulk(Notice, notices)
    questions = scale.bulk(Question, questions)
    panel = scale.bulk(PanelMember, panel)
    scale.bulk(
        ConflictDeclaration,
        [
            ConflictDeclaration(panel_member=m, has_conflict=False, declared_at=scale.moment(-100))
            for m in panel
        ],
    )
    _bids(scale, saved, questions, panel, providers)


def _bids(scale: Scale, saved, questions, panel, providers) -> None:  # noqa: C901
    users = scale.records["users"]
    bidders_users = users["provider_user"]
    by_procurement_questions: dict[int, list] = {}
    for q in questions:
        by_procurement_questions.setdefault(q.procurement_id, []).append(q)
    by_procurement_panel: dict[int, list] = {}
    for m in panel:
        by_procurement_panel.setdefault(m.procurement_id, []).append(m)
    bids, clarifications = [], []
    for p in saved:
        if p.status == "planning":
            continue
        for position in range(min(BIDS, len(providers))):
            bidder = providers[(p.seed_number * 7 + position) % len(providers)]
            # Sealed bids on an open tender came in over the last days; the rest before their deadline.
            submitted = min(p.tender_deadline, scale.moment(0)) - timedelta(days=2 + position)
            bids.append(
                Bid(
                    procurement=p,
                    bidder=bidder,
                    submitted_by=bidders_users[position % len(bidders_users)],
                    submitted_at=submitted,
                    price=(p.estimated_value * Decimal(90 + position * 3) / 100).quantize(Decimal("0.01")),
                    receipt=hashlib.sha256(f"{p.reference}-{bidder.name}".encode()).hexdigest(),
                )
            )
        clarifications.append(
            Clarification(
                procurement=p,
                asked_by_organisation=providers[p.seed_number % len(providers)],
                asked_by=bidders_users[0],
                question="Can the service be delivered by a consortium?",
                published_question="Can the service be delivered by a consortium?",
                answer="Yes: name the lead organisation in your bid.",
                answered_by=p.lead,
                published_at=p.tender_deadline - timedelta(days=10),
            )
        )
    bids = scale.bulk(Bid, bids)
    scale.bulk(Clarification, clarifications)
    answers, scores, moderations, awards, letters, grants = [], [], [], [], [], []
    by_procurement = {p.pk: p for p in saved}
    first_bid: dict[int, Bid] = {}
    for bid in bids:
        p = by_procurement[bid.procurement_id]
        first_bid.setdefault(p.pk, bid)
        for q in by_procurement_questions[p.pk]:
            answers.append(BidAnswer(bid=bid, question=q, text=words(scale.rng, 3)))
            if p.status in ("evaluation", "awarded"):
                for member in by_procurement_panel[p.pk]:
                    scores.append(
                        Score(
                            evaluator=member,
                            bid=bid,
                            question=q,
                            score=(bid.seed_number + q.seed_number + member.seed_number) % 5,
                            justification="The answer shows how outcomes will be measured.",
                            submitted_at=p.tender_deadline + timedelta(days=5),
                        )
                    )
            if p.status == "awarded":
                moderations.append(
                    Moderation(
                        bid=bid,
                        question=q,
                        score=(bid.seed_number + q.seed_number) % 5,
                        reasons="Agreed at the moderation meeting.",
                        moderated_by=p.lead,
                    )
                )
        if p.status == "awarded":
            winner = first_bid[p.pk]
            letters.append(
                Letter(
                    bid=bid,
                    kind="award" if bid is winner else "unsuccessful",
                    body="Thank you for your bid. " + words(scale.rng),
                    issued_by=p.lead,
                )
            )
    for p in saved:
        if p.status != "awarded" or p.pk not in first_bid:
            continue
        bid = first_bid[p.pk]
        decided = p.tender_deadline.date() + timedelta(days=40)
        awards.append(
            AwardDecision(
                procurement=p,
                bid=bid,
                amount=bid.price,
                decided_on=decided,
                approved_by="Director of Children's Services",
                approval_reference=f"DEC-{p.seed_number + 1:05d}",
                recorded_by=p.lead,
                award_notice_on=decided + timedelta(days=1),
                standstill_ends=decided + timedelta(days=9),
                contract_entered_on=decided + timedelta(days=12),
                reasons="The most advantageous bid.",
            )
        )
        if p.kind == "grant_round":
            grants.append(
                GrantAgreement(
                    bid=bid,
                    amount=bid.price,
                    starts_on=p.contract_start,
                    ends_on=p.contract_start + timedelta(days=3 * 365),
                    payment_schedule="Quarterly in advance.",
                    outputs_and_outcomes=words(scale.rng),
                    monitoring="Quarterly returns.",
                    conditions="The Compact's standard conditions.",
                    signed_on=decided + timedelta(days=14),
                    recorded_by=p.lead,
                )
            )
    scale.bulk(BidAnswer, answers)
    scale.bulk(Score, scores)
    scale.bulk(Moderation, moderations)
    scale.records["awards"] = scale.bulk(AwardDecision, awards)
    scale.bulk(Letter, letters)
    scale.bulk(GrantAgreement, grants)
