"""The first draft of a market position statement, written from the register's figures. Every sentence states
a figure the register holds; the commissioning intentions are left for the partnership to write."""

from commissioning.services.analysis.figures import CoverageMatrix, money
from commissioning.services.market.figures import SMALL_NOT_RECORDED, MarketFigures


def count(number: int, noun: str) -> str:
    return f"{number} {noun}{'' if number == 1 else 's'}"


def pct(value) -> str:
    return "not known" if value is None else f"{value:.1f}%"


def draft_sections(*, figures: MarketFigures, gaps: CoverageMatrix, as_at) -> dict[str, str]:
    when = f"{as_at.day} {as_at:%B %Y}"
    introduction = (
        "This market position statement is for providers of services to children, young people and families, "
        "and for the partners who commission them. It sets out what the partnership needs, what the market "
        f"supplies now and where the money goes. It is drafted from the service register on {when}: "
        f"{count(figures.services, 'running service')} from {count(figures.provider_count, 'provider')}."
    )
    demand_lines = [f"The needs analyses set {len(gaps.rows)} priorities:"]
    demand_lines += [f"- {row.label} ({count(row.count, 'service')})" for row in gaps.rows]
    if gaps.gaps:
        demand_lines.append("No running service addresses: " + "; ".join(r.label for r in gaps.gaps) + ".")
    if gaps.overlaps:
        demand_lines.append("Several services address: " + "; ".join(r.label for r in gaps.overlaps) + ".")
    supply_lines = [
        f"{count(figures.services, 'service')} run by {count(figures.provider_count, 'provider')}. By sector:"
    ]
    supply_lines += [
        f"- {g.label}: {count(g.provider_count, 'provider')}, {count(g.services, 'service')}"
        for g in figures.sectors
        if g.services
    ]
    supply_lines.append("By service area:")
    supply_lines += [
        f"- {g.label}: {count(g.services, 'service')} from {count(g.provider_count, 'provider')}"
        for g in figures.categories
    ]
    if figures.single_provider_categories:
        supply_lines.append(
            "Service areas with a single provider: "
            + "; ".join(f"{g.label} ({g.provider_names[0]})" for g in figures.single_provider_categories)
            + "."
        )
    spend_lines = [f"Recorded annual spend on running services is {money(figures.total_spend)}."]
    if figures.cost_not_recorded:
        spend_lines.append(
            f"Services with no annual cost recorded, not counted: {figures.cost_not_recorded}."
        )
    spend_lines.append("By sector:")
    spend_lines += [f"- {g.label}: {money(g.spend)} ({pct(g.share)})" for g in figures.sectors if g.services]
    spend_lines.append("The largest providers by spend:")
    spend_lines += [f"- {p.provider.name}: {money(p.spend)} ({pct(p.share)})" for p in figures.providers[:5]]
    spend_lines.append(SMALL_NOT_RECORDED)
    concentration_lines = [
        f"The three largest providers receive {pct(figures.top3_share)} of recorded spend and the five largest "
        f"{pct(figures.top5_share)}.",
        (
            f"The Herfindahl-Hirschman index is {figures.hhi:,.0f}: {figures.hhi_band.lower()}."
            if figures.hhi is not None
            else "The Herfindahl-Hirschman index cannot be worked out: no spend is recorded."
        ),
    ]
    if figures.single_provider_services:
        concentration_lines.append(
            "Services only one provider could deliver: "
            + "; ".join(f"{s.name} ({s.provider.name})" for s in figures.single_provider_services)
            + "."
        )
    else:
        concentration_lines.append("No service is recorded as one that only one provider could deliver.")
    return {
        "introduction": introduction,
        "demand": "\n".join(demand_lines),
        "supply": "\n".join(supply_lines),
        "spend": "\n".join(spend_lines),
        "concentration": "\n".join(concentration_lines),
        "intentions": "",
    }
