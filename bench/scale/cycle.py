"""Commissioning activities through the nine steps, with their strategies, equality impact assessments,
budgets and reviews."""

from bench.scale.base import SERVICE_AREAS, SERVICE_NAMES, Scale, words
from commissioning.cycle.models import (
    ActivityBudget,
    ActivityReview,
    ActivityStep,
    CommissioningActivity,
    EqualityImpact,
    EqualityImpactAssessment,
    Strategy,
    StrategyPriority,
)

ACTIVITIES_PER_COUNTY = 40
KINDS = ["tender", "tender", "service_redesign", "grant_round", "strategy", "individual_package"]
EIA_GROUPS = ["age", "disability", "race", "sex", "looked_after"]
STEP_MONTHS = {1: 4, 2: 5, 3: 6, 4: 7, 5: 9, 6: 10, 7: 12, 8: 2, 9: 3}


def activities(scale: Scale) -> None:
    commissioners = scale.records["users"]["commissioner"]
    councils = scale.records["councils"]
    rows = []
    for index in range(scale.n(ACTIVITIES_PER_COUNTY)):
        area = SERVICE_AREAS[index % len(SERVICE_AREAS)]
        kind = KINDS[index % len(KINDS)]
        name = SERVICE_NAMES[area][index % 3]
        title = f"{name} strategy" if kind == "strategy" else f"{name}: {kind.replace('_', ' ')} {index + 1}"
        rows.append(
            CommissioningActivity(
                title=title,
                kind=kind,
                purpose=words(scale.rng),
                service_area=area,
                lead_commissioner=commissioners[index % len(commissioners)],
                lead_organisation=councils[index % len(councils)],
                level="strategic" if kind == "strategy" else "operational_local",
                tiers=["targeted"] if index % 2 else ["universal", "targeted"],
                integration_approach=["separate", "parallel", "joint", "integrated"][index % 4],
                cycle_year=scale.anchor.year - index % 3,
                status=["active", "active", "planned", "completed"][index % 4],
            )
        )
    saved = scale.bulk(CommissioningActivity, rows)
    scale.records["activities"] = saved
    steps = []
    for index, activity in enumerate(saved):
        done = 9 if activity.status == "completed" else (index * 7) % 9
        for number in range(1, 10):
            month = STEP_MONTHS[number]
            year = activity.cycle_year + (1 if month < 4 else 0)
            status = (
                "complete" if number <= done else ("in_progress" if number == done + 1 else "not_started")
            )
            steps.append(
                ActivityStep(
                    activity=activity,
                    number=number,
                    status=status,
                    due_date=scale.anchor.replace(year=year, month=month, day=28),
                    started_at=scale.moment(-400 + number * 30) if status != "not_started" else None,
                    completed_at=scale.moment(-380 + number * 30) if status == "complete" else None,
                )
            )
    scale.bulk(ActivityStep, steps)


def strategies(scale: Scale) -> None:
    priorities = scale.records["priorities"]
    saved = scale.bulk(
        Strategy,
        [
            Strategy(
                activity=activity,
                title=activity.title,
                slug=f"scale-strategy-{activity.seed_number + 1}",
                summary=words(scale.rng, 3),
                needs_assessment=words(scale.rng),
                resources="Pooled budget of the council and the integrated care board.",
                status="approved" if index % 2 else "draft",
                approved_by_body="Children's Trust Board" if index % 2 else "",
                approved_on=scale.day(-200) if index % 2 else None,
            )
            for index, activity in enumerate(a for a in scale.records["activities"] if a.kind == "strategy")
        ],
    )
    scale.bulk(
        StrategyPriority,
        [
            StrategyPriority(
                strategy=strategy,
                position=position,
                title=f"Priority {position}",
                description=words(scale.rng),
                needs_priority=priorities[(strategy.seed_number + position) % len(priorities)],
            )
            for strategy in saved
            for position in range(1, 6)
        ],
    )


def assessments_budgets_reviews(scale: Scale) -> None:
    users = scale.records["users"]
    commissioners = users["commissioner"]
    finance = users["finance_officer"]
    tenders = [
        a for a in scale.records["activities"] if a.kind in ("tender", "service_redesign", "grant_round")
    ]
    eias = scale.bulk(
        EqualityImpactAssessment,
        [
            EqualityImpactAssessment(
                activity=activity,
                scale="full" if index % 3 == 0 else "screening",
                status=["draft", "consulted", "final"][index % 3],
                lead=commissioners[index % len(commissioners)],
                scope=f"The effect of {activity.title.lower()} on groups protected by the Equality Act 2010.",
                evidence_summary=words(scale.rng),
                conclusion="adjust" if index % 3 == 2 else "",
                conclusion_reasons=words(scale.rng) if index % 3 == 2 else "",
                finalised_at=scale.moment(-100) if index % 3 == 2 else None,
                finalised_by=commissioners[0] if index % 3 == 2 else None,
            )
            for index, activity in enumerate(tenders)
        ],
    )
    scale.bulk(
        EqualityImpact,
        [
            EqualityImpact(
                assessment=eia,
                group=group,
                impact=["positive", "neutral", "negative", "unknown"][(eia.seed_number + position) % 4],
                evidence=words(scale.rng, 1),
                mitigation="Outreach sessions in community venues." if position == 2 else "",
            )
            for eia in eias
            for position, group in enumerate(EIA_GROUPS)
        ],
    )
    scale.bulk(
        ActivityBudget,
        [
            ActivityBudget(
                activity=activity,
                amount=scale.money(1000, 20000),
                period=f"{activity.cycle_year}/{(activity.cycle_year + 1) % 100:02d} to "
                f"{activity.cycle_year + 2}/{(activity.cycle_year + 3) % 100:02d}",
                agreed_by="Children's Trust Board",
                agreed_on=scale.day(-300 + index),
                reference=f"BUD-{activity.seed_number + 1:05d}",
                recorded_by=finance[index % len(finance)],
            )
            for index, activity in enumerate(tenders)
        ],
    )
    scale.bulk(
        ActivityReview,
        [
            ActivityReview(
                activity=activity,
                reviewed_on=scale.day(-60 - index),
                method="Monitoring returns, a visit and feedback from families.",
                findings=words(scale.rng),
                outcomes_achieved=words(scale.rng, 1),
                recommendation=["continue", "change", "recommission"][index % 3],
                reviewed_by=commissioners[index % len(commissioners)],
            )
            for index, activity in enumerate(scale.records["activities"])
            if activity.status == "completed"
        ],
    )
