"""Demo: the approved and published emotional wellbeing and mental health strategy, and the draft plan of the
early help redesign, all written through the services."""

from datetime import date

from django.utils import timezone

from commissioning.cycle.models import Strategy, StrategyStatus
from commissioning.cycle.strategy import services
from commissioning.frameworks.models import FrameworkItem

WELLBEING = "Children's emotional wellbeing and mental health strategy"
REDESIGN = "Early help family support redesign"
ICB = "NHS Brackenshire and Wyvern Integrated Care Board"

WELLBEING_STRATEGY = {
    "title": "Children's emotional wellbeing and mental health strategy 2025 to 2028",
    "summary": "How the partnership and the integrated care board will support children's emotional wellbeing "
    "and mental health together: from universal support in schools, through earlier help in the community, "
    "to specialist services when they are needed.",
    "needs_assessment": "One in five children and young people aged 8 to 16 has a probable mental disorder. "
    "Referrals to specialist services rose by a third in three years while a third of referrals were "
    "closed without treatment. Young people told us they want help earlier, closer to home and without "
    "being passed between services.",
    "resources": "The council's early help and public health budgets, the integrated care board's "
    "children's mental health investment, the mental health support teams in schools, and the voluntary "
    "and community sector's counselling services.",
}
WELLBEING_OUTCOMES = ["ECM1", "ECM2", "ECM3", "NI 51"]
PRIORITIES = [
    (
        "Support in every school",
        "Mental health support teams and a trained senior lead for mental health in every school.",
        ["ECM1", "ECM3"],
    ),
    (
        "Help earlier, closer to home",
        "Community counselling and drop-in support without a referral, in every locality.",
        ["ECM1", "NI 51"],
    ),
    (
        "Shorter waits for specialist help",
        "A single point of access with the integrated care board, and support while children wait.",
        ["ECM1", "ECM2"],
    ),
    (
        "Safe crisis care",
        "Crisis support for young people at home and in the community, instead of admission to hospital.",
        ["ECM2"],
    ),
]
RECOMMENDATIONS = [
    (
        "Jointly commission a single point of access for children's emotional wellbeing and mental health.",
        "Fewer referrals closed without help and shorter waits; frees specialist time for the children who "
        "need it most.",
    ),
    (
        "Grant-fund voluntary and community sector counselling in each locality for three years.",
        "Earlier help for children and families, and less demand on specialist services and on schools.",
    ),
    (
        "Extend mental health support teams to every secondary school by 2027.",
        "Better attendance and attainment (enjoy and achieve) as well as wellbeing.",
    ),
]
ISSUE = {
    "with_whom": ICB,
    "what": "Waiting times for specialist child and adolescent mental health services, and the shared "
    "budget for the single point of access.",
    "how_agreed": "Agreed at the joint commissioning group: a pooled budget under a section 75 agreement, "
    "with quarterly reports to the Children and Young People's Partnership Board.",
}
APPROVAL = {
    "approved_by_body": "Children and Young People's Partnership Board",
    "approved_on": date(2025, 9, 23),
    "minute_reference": "CYPPB 2025/37",
}

REDESIGN_PLAN = {
    "title": "Early help family support redesign plan",
    "summary": "A single early help offer for families, with one referral route and support that starts "
    "within two weeks.",
    "needs_assessment": "The review of early help family support found long waits, three referral routes and "
    "a third of referrals that never started.",
    "resources": "The agreed early help budget of £1,250,000 for 2026/27 to 2028/29.",
}
REDESIGN_OUTCOMES = ["ECM2", "ECM3", "NI 68"]
REDESIGN_PRIORITY = (
    "One front door for early help",
    "A single referral route shared by schools, health visitors and the police.",
    ["ECM2", "NI 68"],
)


def _outcomes(refs):
    items = {item.ref: item for item in services.outcome_choices().filter(ref__in=refs)}
    return [items[ref] for ref in refs if ref in items]


def _wellbeing(activity, actor) -> None:
    strategy = Strategy.objects.filter(activity=activity).first()
    if strategy is None:
        strategy = services.strategy_create(
            actor=actor, activity=activity, data=WELLBEING_STRATEGY, outcomes=_outcomes(WELLBEING_OUTCOMES)
        )
        for title, description, refs in PRIORITIES:
            services.priority_add(
                actor=actor,
                strategy=strategy,
                data={"title": title, "description": description},
                outcomes=_outcomes(refs),
            )
        for recommendation, impact in RECOMMENDATIONS:
            services.recommendation_add(
                actor=actor, strategy=strategy, data={"recommendation": recommendation, "impact": impact}
            )
        services.issue_add(actor=actor, strategy=strategy, data=ISSUE)
    if strategy.is_archived:
        return
    if strategy.status == StrategyStatus.DRAFT:
        approval = APPROVAL | {"approved_on": min(APPROVAL["approved_on"], timezone.localdate())}
        strategy = services.strategy_approve(
            actor=actor, strategy=strategy, data=approval, expected_version=None
        )
    if strategy.published_at is None:
        services.strategy_publish(actor=actor, strategy=strategy)


def _redesign(activity, actor) -> None:
    if Strategy.objects.filter(activity=activity).exists():
        return
    strategy = services.strategy_create(
        actor=actor, activity=activity, data=REDESIGN_PLAN, outcomes=_outcomes(REDESIGN_OUTCOMES)
    )
    title, description, refs = REDESIGN_PRIORITY
    services.priority_add(
        actor=actor,
        strategy=strategy,
        data={"title": title, "description": description},
        outcomes=_outcomes(refs),
    )


def load(context) -> None:
    activities = context.records.get("activities", {})
    commissioner = context.records["users"]["commissioner"]
    if not FrameworkItem.objects.filter(framework__slug__in=services.OUTCOME_FRAMEWORKS).exists():
        return
    if activities.get(WELLBEING) is not None and not activities[WELLBEING].is_archived:
        _wellbeing(activities[WELLBEING], commissioner)
    if activities.get(REDESIGN) is not None and not activities[REDESIGN].is_archived:
        _redesign(activities[REDESIGN], commissioner)
