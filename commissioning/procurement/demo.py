"""Demo: the Brackenshire early help family support tender, open for bids, and a young carers grant round,
awarded. Planned for the redesign activity
(whose gate is open once its specification is approved), with the project team, risks, the conflicts
assessment, questions weighted 40/50/10, a tender panel with a young person trained to take part, a published
clarification, and one sealed bid in."""

from datetime import datetime, time, timedelta
from decimal import Decimal

from django.utils import timezone

from commissioning.cycle.models import CommissioningActivity, DocumentType
from commissioning.cycle.services import evidence_add
from commissioning.organisations.models import Organisation
from commissioning.procurement.bidding import services as bidding
from commissioning.procurement.evaluation import services as evaluation
from commissioning.procurement.models import Criterion, PanelRole, Procurement, QuestionStage
from commissioning.procurement.tenders import selectors
from commissioning.procurement.tenders import services as tenders

REFERENCE = "BRK-2026-014"
ACTIVITY = "Early help family support redesign"

QUESTIONS = [
    (QuestionStage.SELECTION, Criterion.PASS_FAIL, "S1", "Do you hold employer's liability insurance of at least £5 million and public liability insurance of at least £10 million?", 0, ""),
    (QuestionStage.SELECTION, Criterion.PASS_FAIL, "S2", "Will every member of staff working with children have an enhanced DBS check with a barred list check before they start?", 0, ""),
    (QuestionStage.AWARD, Criterion.QUALITY, "Q1", "How will you reach the families in each locality who need help earliest, including those who do not ask for it?", 20, ""),
    (QuestionStage.AWARD, Criterion.QUALITY, "Q2", "How will you keep children safe, and work with the multi-agency safeguarding arrangements?", 15, ""),
    (QuestionStage.AWARD, Criterion.QUALITY, "Q3", "How will children, young people and parents shape the service and judge whether it helped them?", 15, ""),
    (QuestionStage.AWARD, Criterion.SOCIAL_VALUE, "SV1", "What relationships, standing and trust in Brackenshire's communities will you bring?", 5, "social"),
    (QuestionStage.AWARD, Criterion.SOCIAL_VALUE, "SV2", "What additional resources (volunteers, premises, match funding) will you bring?", 5, "resource"),
]  # fmt: skip


def _activity():
    return CommissioningActivity.objects.filter(title=ACTIVITY).first()


def _outline_specification(activity, actor) -> None:
    """An outline specification with indicative outcomes (Islington 5.2) as step 6's evidence: the tender can
    start while the full specification is drafted in Service specifications."""
    evidence_add(
        actor=actor,
        step=activity.steps.get(number=6),
        kind="text",
        title="Outline service specification: early help family support",
        text="Indicative outcomes: families helped earlier in their locality; fewer referrals to children's "
        "social care; children's school attendance improves. Service description, locations and the "
        "performance framework follow the Wolverhampton template.",
        document_type=DocumentType.SERVICE_SPECIFICATION,
    )


def load(context) -> None:
    activity = _activity()
    if activity is None:
        return
    _tender(context, activity)
    if not selectors.gate_messages(activity):
        _grant_round(context, activity)


def _tender(context, activity) -> None:
    if Procurement.objects.filter(reference=REFERENCE).exists():
        return
    users = context.records["users"]
    if selectors.gate_messages(activity):
        _outline_specification(activity, users["commissioner"])
        if selectors.gate_messages(activity):
            return
    manager = users["procurement"]
    today = timezone.localdate()
    procurement = tenders.procurement_create(
        actor=manager,
        activity=activity,
        data={
            "reference": REFERENCE,
            "title": "Early help family support service",
            "description": "Whole-family early help in Brackenshire's localities: key workers, parenting support "
            "and group work for families with children aged 0 to 18, for three years.",
            "category": "light_touch_services",
            "estimated_value": Decimal("1250000"),
            "includes_vat": False,
            "duration_months": 36,
            "contract_start": today + timedelta(days=420),
            "voluntary_sector_affected": True,
            "objectives": "A single early help family support service across the four localities, reaching "
            "families earlier and reducing referrals to children's social care.",
            "implementation_plan": "Three months' mobilisation: TUPE consultation with the current providers, "
            "locality bases in the family hubs, case transfer plan agreed with children's social care.",
        },
    )
    for name, role, organisation in (
        ("Demo Commissioner", "Lead commissioner", "Brackenshire Council"),
        ("Demo Procurement Manager", "Procurement lead", "Brackenshire Council"),
        ("Demo Finance Officer", "Finance", "Brackenshire Council"),
        ("Parent representative", "Service user representative", "Brackenshire Parent Carer Forum"),
    ):
        tenders.team_member_add(
            actor=manager,
            procurement=procurement,
            data={"name": name, "team_role": role, "organisation": organisation},
        )
    tenders.risk_save(
        actor=manager,
        procurement=procurement,
        data={
            "description": "Too few bids from local voluntary organisations",
            "likelihood": 3,
            "impact": 4,
            "mitigation": "Market engagement event with Brackenshire Voluntary Action; consortium bids welcomed.",
            "owner": "Procurement lead",
        },
    )
    tenders.risk_save(
        actor=manager,
        procurement=procurement,
        data={
            "description": "TUPE information from current providers arrives late",
            "likelihood": 2,
            "impact": 3,
            "mitigation": "Request it with the market engagement notice; contingency of four weeks in the timetable.",
            "owner": "Lead commissioner",
        },
    )
    procurement = tenders.evaluation_setup_update(
        actor=manager,
        procurement=procurement,
        data={
            "price_weight": Decimal("40"),
            "quality_weight": Decimal("50"),
            "social_value_weight": Decimal("10"),
        },
        expected_version=procurement.version,
    )
    for position, (stage, criterion, number, text, weight, added) in enumerate(QUESTIONS, start=1):
        tenders.question_save(
            actor=manager,
            procurement=procurement,
            data={
                "stage": stage,
                "criterion": criterion,
                "number": number,
                "text": text,
                "weight": Decimal(weight),
                "added_value": added,
                "word_limit": 750 if criterion != Criterion.PASS_FAIL else None,
                "position": position,
            },
        )
    tenders.conflict_assessment_record(
        actor=manager,
        procurement=procurement,
        data={
            "assessed_on": today,
            "conflicts_identified": "A panel member's partner works for a current provider.",
            "mitigations": "That person is not on the panel and has no access to the bids.",
            "next_review_on": today + timedelta(days=56),
        },
    )
    deadline = datetime.combine(
        today + timedelta(days=35), time(12, 0), tzinfo=timezone.get_current_timezone()
    )
    procurement = tenders.procurement_publish(
        actor=manager,
        procurement=procurement,
        tender_deadline=deadline,
        clarification_deadline=deadline - timedelta(days=10),
    )
    for username, role, trained in (
        ("commissioner", PanelRole.COMMISSIONER, True),
        ("panel", PanelRole.YOUNG_PERSON, True),
    ):
        member = evaluation.panel_member_add(
            actor=manager,
            procurement=procurement,
            data={
                "user": users[username],
                "panel_role": role,
                "training_completed_on": today if trained else None,
                "training_notes": "Evaluation training: the questions, the scale, conflicts and confidentiality.",
                "support_needs": "Meets the panel after school; a youth worker supports them."
                if role == PanelRole.YOUNG_PERSON
                else "",
            },
        )
        evaluation.conflict_declare(actor=users[username], member=member, has_conflict=False, interests="")
    provider = users["provider"]
    organisation = Organisation.objects.get(name="Brightpath Family Support CIC")
    question = bidding.clarification_ask(
        actor=provider,
        procurement=procurement,
        organisation=organisation,
        question="Brightpath would like to know: may a consortium of voluntary organisations bid, with one lead?",
    )
    bidding.clarification_answer(
        actor=manager,
        clarification=question,
        published_question="May a consortium of voluntary organisations bid, with one lead organisation?",
        answer="Yes. The lead organisation bids and holds the contract; name every member in your answer to S1.",
    )
    bidding.bid_submit(
        actor=provider,
        procurement=procurement,
        organisation=organisation,
        price=Decimal("1190000"),
        answers={q.pk: f"Brightpath's answer to {q.number}." for q in procurement.questions.active()},
    )


GRANT_REFERENCE = "BRK-2026-009"
GRANT_QUESTIONS = [
    (QuestionStage.SELECTION, Criterion.PASS_FAIL, "E1", "Is your organisation a voluntary or community organisation working in Brackenshire?", 0),
    (QuestionStage.AWARD, Criterion.QUALITY, "Q1", "How will you find young carers and support them at school and at home?", 60),
    (QuestionStage.AWARD, Criterion.QUALITY, "Q2", "How will young carers shape the project and judge whether it helped?", 40),
]  # fmt: skip
# Each evaluator's scores by bidder and question; the consensus is the commissioner's.
GRANT_SCORES = {
    "Brightpath Family Support CIC": {"E1": (1, 1), "Q1": (4, 4), "Q2": (4, 3)},
    "Harbour Youth Trust": {"E1": (1, 1), "Q1": (3, 3), "Q2": (5, 5)},
}


def _grant_round(context, activity) -> None:
    """A competitive grant round for young carers, evaluated by a commissioner and a young person, awarded to
    two organisations, with letters, a funding agreement with its SLA, and the lessons learned."""
    if Procurement.objects.filter(reference=GRANT_REFERENCE).exists():
        return
    users = context.records["users"]
    manager, commissioner, young_person = users["procurement"], users["commissioner"], users["panel"]
    today = timezone.localdate()
    now = timezone.now()
    procurement = tenders.procurement_create(
        actor=manager,
        activity=activity,
        data={
            "reference": GRANT_REFERENCE,
            "title": "Young carers support grants",
            "description": "Grants of up to £25,000 for a year to voluntary and community organisations that "
            "identify and support young carers in school and at home.",
            "category": "grant",
            "grant_type": "competitive",
            "eligibility": "Voluntary and community organisations working in Brackenshire.",
            "estimated_value": Decimal("45000"),
            "includes_vat": False,
            "duration_months": 12,
            "contract_start": today + timedelta(days=45),
        },
    )
    for position, (stage, criterion, number, text, weight) in enumerate(GRANT_QUESTIONS, start=1):
        tenders.question_save(
            actor=manager,
            procurement=procurement,
            data={"stage": stage, "criterion": criterion, "number": number, "text": text,
                  "weight": Decimal(weight), "position": position, "word_limit": 500},
        )  # fmt: skip
    tenders.conflict_assessment_record(
        actor=manager,
        procurement=procurement,
        data={
            "assessed_on": today - timedelta(days=60),
            "conflicts_identified": "None identified",
            "next_review_on": today + timedelta(days=30),
        },
    )
    procurement = tenders.procurement_publish(
        actor=manager,
        procurement=procurement,
        tender_deadline=now - timedelta(days=20),
        clarification_deadline=None,
        now=now - timedelta(days=50),
    )
    bidders = {
        "Brightpath Family Support CIC": users["provider"],
        "Harbour Youth Trust": users["provider2"],
    }
    for name, user in bidders.items():
        bidding.bid_submit(
            actor=user,
            procurement=procurement,
            organisation=Organisation.objects.get(name=name),
            price=None,
            answers={q.pk: f"{name}'s answer to {q.number}." for q in procurement.questions.active()},
            now=now - timedelta(days=25),
        )
    procurement = bidding.bids_open(actor=manager, procurement=procurement)
    panel = []
    for user, role in ((commissioner, PanelRole.COMMISSIONER), (young_person, PanelRole.YOUNG_PERSON)):
        member = evaluation.panel_member_add(
            actor=manager,
            procurement=procurement,
            data={"user": user, "panel_role": role, "training_completed_on": today - timedelta(days=30),
                  "training_notes": "Evaluation training with a youth worker."},
        )  # fmt: skip
        evaluation.conflict_declare(actor=user, member=member, has_conflict=False, interests="")
        panel.append(member)
    questions = {q.number: q for q in procurement.questions.active()}
    bids = {bid.bidder.name: bid for bid in procurement.bids.select_related("bidder")}
    for index, member in enumerate(panel):
        for name, scores in GRANT_SCORES.items():
            for number, pair in scores.items():
                evaluation.score_save(
                    actor=member.user,
                    bid=bids[name],
                    question=questions[number],
                    score=pair[index],
                    justification="Clear and specific to young carers in Brackenshire."
                    if pair[index] >= 4
                    else "Sound, with less detail on how young carers are found.",
                )
        evaluation.scores_submit(actor=member.user, procurement=procurement)
    for name, scores in GRANT_SCORES.items():
        for number, (consensus, other) in scores.items():
            evaluation.moderation_record(
                actor=manager,
                bid=bids[name],
                question=questions[number],
                score=consensus,
                reasons=""
                if consensus == other
                else "The panel agreed the plan for young carers' say is specific.",
                feedback="Clear plans with named schools." if consensus >= 4 else "More detail was needed.",
            )
    for name, amount in (("Brightpath Family Support CIC", "25000"), ("Harbour Youth Trust", "20000")):
        award = evaluation.award_decide(
            actor=manager,
            procurement=procurement,
            bid=bids[name],
            data={
                "decided_on": today - timedelta(days=5),
                "approved_by": "Children's Commissioning Board",
                "approval_reference": "CCB 2026/41",
                "reasons": "Both scored above 75 and together cover the north and south localities.",
                "amount": Decimal(amount),
            },
        )
        if name == "Brightpath Family Support CIC":
            evaluation.grant_agreement_record(
                actor=manager,
                award=award,
                data={
                    "amount": Decimal(amount),
                    "starts_on": today + timedelta(days=45),
                    "ends_on": today + timedelta(days=45 + 364),
                    "payment_schedule": "Quarterly in advance, on a monitoring return for the quarter before.",
                    "outputs_and_outcomes": "60 young carers identified and supported; 40 with a young carers "
                    "assessment; school attendance of those supported improves.",
                    "monitoring": "Quarterly returns; a review meeting at six months; young carers' feedback.",
                    "conditions": "Unspent grant is returned at the end of the year.",
                    "signed_on": today - timedelta(days=2),
                },
            )
    evaluation.letters_issue(actor=manager, procurement=procurement)
    tenders.lessons_learned_record(
        actor=manager,
        procurement=procurement,
        data={
            "lessons_learned_on": today - timedelta(days=1),
            "lessons_learned": "Eight weeks' notice brought two strong applications; next time hold an event for "
            "smaller groups.",
            "panel_feedback": "The young person on the panel felt listened to and asked for the questions earlier.",
        },
    )
