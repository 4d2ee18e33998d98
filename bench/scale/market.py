"""The service register and the partners' money: funding streams, what they fund, and pooled budgets."""

from decimal import Decimal

from bench.scale.base import SERVICE_AREAS, SERVICE_NAMES, Scale, words
from commissioning.funding.models import (
    Allocation,
    Commitment,
    Contribution,
    FundingStream,
    PooledBudget,
    ServiceFunding,
)
from commissioning.services.models import Service

SERVICES_PER_COUNTY = 300
STREAMS_PER_COUNTY = 20
TARGET_GROUPS = ["all_children", "children_in_need", "young_carers", "disabled", "sen", "parents_carers"]


def services(scale: Scale) -> None:
    providers = scale.records["providers"]
    councils = scale.records["councils"]
    activities = scale.records["activities"]
    rows = []
    for index in range(scale.n(SERVICES_PER_COUNTY)):
        area = SERVICE_AREAS[index % len(SERVICE_AREAS)]
        age_from = [0, 5, 11, 16][index % 4]
        capacity = 20 + (index * 37) % 400
        rows.append(
            Service(
                reference=f"SVC-{index + 1:05d}",
                name=f"{SERVICE_NAMES[area][index % 3]} ({providers[index % len(providers)].name.split()[0]})",
                description=words(scale.rng),
                provider=providers[index % len(providers)],
                commissioner=councils[index % len(councils)],
                service_area=area,
                tier=["universal", "targeted", "specialist"][index % 3],
                level=["individual", "operational_local", "strategic"][index % 3],
                covers_whole_area=index % 4 == 0,
                target_groups=[TARGET_GROUPS[index % len(TARGET_GROUPS)]],
                age_from=age_from,
                age_to=min(25, age_from + 8),
                capacity=capacity,
                current_use=capacity * (60 + index % 50) // 100,
                capacity_unit="places",
                annual_cost=scale.money(200, 8000),
                secured_by=["contract", "grant", "in_house", "sla", "spot_purchase"][index % 5],
                status="active" if index % 10 else "planned",
                activity=activities[index % len(activities)] if index % 3 == 0 else None,
            )
        )
    scale.records["services"] = scale.bulk(Service, rows)


def funding(scale: Scale) -> None:
    partners = scale.records["partners"]
    year = scale.anchor.year if scale.anchor.month >= 4 else scale.anchor.year - 1
    streams = scale.bulk(
        FundingStream,
        [
            FundingStream(
                name=f"{['Early help grant', 'Public health grant', 'Better Care Fund', 'Dedicated schools grant'][i % 4]}"
                f" {i + 1}",
                partner=partners[i % len(partners)],
                source=["Department for Education", "Department of Health and Social Care", "Council"][i % 3],
                financial_year=year - i % 3,
                amount=scale.money(5000, 50000),
                ring_fenced=i % 2 == 0,
                start_date=scale.anchor.replace(year=year - i % 3, month=4, day=1),
                end_date=scale.anchor.replace(year=year - i % 3 + 1, month=3, day=31),
            )
            for i in range(scale.n(STREAMS_PER_COUNTY))
        ],
    )
    scale.bulk(
        ServiceFunding,
        [
            ServiceFunding(
                stream=streams[i % len(streams)], service=service, annual_amount=service.annual_cost
            )
            for i, service in enumerate(scale.records["services"])
            if service.annual_cost
        ],
    )
    councils = scale.records["councils"]
    budgets = scale.bulk(
        PooledBudget,
        [
            PooledBudget(
                name=f"Children's pooled budget {i + 1}",
                arrangement="pooled_s75" if i % 2 == 0 else "aligned",
                purpose="Early help and emotional wellbeing services for children and families.",
                host=councils[i % len(councils)],
                holder_name="Director of Children's Services",
                holder_role="Pooled budget holder",
                first_year=year - 1,
                last_year=year + 1,
                agreement_signed_on=scale.day(-500),
            )
            for i in range(scale.n(2))
        ],
    )
    contributions, allocations = [], []
    activities = scale.records["activities"]
    for i, budget in enumerate(budgets):
        for offset in range(3):
            for partner in partners[(i * 2) % len(partners) :][:3]:
                contributions.append(
                    Contribution(
                        budget=budget,
                        partner=partner,
                        financial_year=year - 1 + offset,
                        amount=scale.money(10000, 40000),
                    )
                )
        for a in range(10):
            allocations.append(
                Allocation(
                    budget=budget,
                    financial_year=year,
                    activity=activities[(i * 10 + a) % len(activities)],
                    amount=scale.money(1000, 8000),
                    description="Allocation to a commissioning activity.",
                )
            )
    scale.bulk(Contribution, contributions)
    saved = scale.bulk(Allocation, allocations)
    scale.bulk(
        Commitment,
        [
            Commitment(
                allocation=allocation,
                amount=(allocation.amount * Decimal("0.6")).quantize(Decimal("0.01")),
                committed_on=scale.day(-30),
                description="Contract award",
                reference=f"COM-{allocation.seed_number + 1:05d}",
            )
            for allocation in saved[::2]
        ],
    )
