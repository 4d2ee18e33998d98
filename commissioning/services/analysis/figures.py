"""Gap and overlap analysis: which running services address each priority (or outcome), and each locality and
tier; where none does (a gap) and where several do (an overlap); and spend per priority and per locality.

How a service's cost is split: a service that addresses several priorities (or outcomes, or serves several
localities) counts an equal share of its annual cost towards each. A service that serves the whole area is
not split between localities: its cost is shown on its own row. Services whose cost is not recorded are
counted, never guessed."""

from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction

from commissioning.cycle.models import Tier

SPLIT_RULE = (
    "A service that addresses several {things} counts an equal share of its annual cost towards each: "
    "a £90,000 service addressing three {things} counts £30,000 towards each."
)
LOCALITY_RULE = (
    "A service that serves several localities counts an equal share of its annual cost towards each. A service "
    "that serves the whole area is not split between localities: its cost is on the “Whole area” row."
)
GAP, OVERLAP, COVERED = "gap", "overlap", "covered"


def split_spend(shares) -> Decimal:
    """The sum of each cost divided by the number of ways it is split, from (cost, ways) pairs, worked out exactly
    and then given to 28 significant digits: adding shares already rounded (£100 split three ways) could land a
    total that is exactly on a half penny either side of it, and so round it a penny out."""
    total = sum((Fraction(cost) / ways for cost, ways in shares), Fraction(0))
    return Decimal(total.numerator) / Decimal(total.denominator)


class RowFinding:
    """Gap, overlap or one service, from how many services address a row (`count`)."""

    @property
    def finding(self) -> str:
        if not self.count:
            return GAP
        return OVERLAP if self.count > 1 else COVERED

    @property
    def finding_label(self) -> str:
        return {GAP: "Gap: no service", OVERLAP: f"Overlap: {self.count} services", COVERED: "One service"}[
            self.finding
        ]


@dataclass
class MatrixRow(RowFinding):
    key: object
    label: str
    detail: str = ""
    services: list = field(default_factory=list)
    spend: Decimal = Decimal(0)
    cost_not_recorded: int = 0

    @property
    def count(self) -> int:
        return len(self.services)

    @property
    def service_names(self) -> list[str]:
        return [service.name for service in self.services]


@dataclass
class CoverageMatrix:
    """Rows (priorities or outcomes) × columns (services), with each row's services and share of spend."""

    rows: list[MatrixRow]
    columns: list  # the services, in order
    cells: dict  # (row key, service pk) -> True when the service addresses the row
    unlinked: list  # services that address none of the rows
    unlinked_spend: Decimal
    total_spend: Decimal
    cost_not_recorded: list  # services without an annual cost

    @property
    def gaps(self) -> list[MatrixRow]:
        return [row for row in self.rows if row.finding == GAP]

    @property
    def overlaps(self) -> list[MatrixRow]:
        return [row for row in self.rows if row.finding == OVERLAP]

    @property
    def service_count(self) -> int:
        return len(self.columns)

    @property
    def unlinked_count(self) -> int:
        return len(self.unlinked)

    @property
    def cost_not_recorded_count(self) -> int:
        return len(self.cost_not_recorded)

    def by_service(self) -> list[dict]:
        """The matrix turned round for the page: a row per service, a column per priority or outcome."""
        return [
            {"service": service, "cells": [self.cells.get((row.key, service.pk), False) for row in self.rows]}
            for service in self.columns
        ]

    def table(self) -> list[dict]:
        return [
            {
                "row": row,
                "cells": [
                    (service, self.cells.get((row.key, service.pk), False)) for service in self.columns
                ],
            }
            for row in self.rows
        ]


def coverage_matrix(*, services, rows: list[tuple], links: dict) -> CoverageMatrix:
    """`rows` are (key, label, detail); `links` maps a service's pk to the set of row keys it addresses."""
    matrix_rows = {key: MatrixRow(key=key, label=label, detail=detail) for key, label, detail in rows}
    cells, shares = {}, {}
    unlinked, unlinked_spend, total, not_recorded = [], Decimal(0), Decimal(0), []
    for service in services:
        keys = [key for key in matrix_rows if key in links.get(service.pk, ())]
        cost = service.annual_cost
        if cost is None:
            not_recorded.append(service)
        else:
            total += cost
        if not keys:
            unlinked.append(service)
            unlinked_spend += cost or 0
            continue
        for key in keys:
            row = matrix_rows[key]
            row.services.append(service)
            cells[(key, service.pk)] = True
            if cost is None:
                row.cost_not_recorded += 1
            else:
                shares.setdefault(key, []).append((cost, len(keys)))
    for key, row_shares in shares.items():
        matrix_rows[key].spend = split_spend(row_shares)
    return CoverageMatrix(
        rows=list(matrix_rows.values()),
        columns=list(services),
        cells=cells,
        unlinked=unlinked,
        unlinked_spend=unlinked_spend,
        total_spend=total,
        cost_not_recorded=not_recorded,
    )


@dataclass
class LocalityCell:
    tier: str
    services: list = field(default_factory=list)  # services in this locality (or on the whole-area row)
    whole_area: list = field(default_factory=list)  # whole-area services of this tier that also reach it

    @property
    def finding(self) -> str:
        reach = len(self.services) + len(self.whole_area)
        if reach == 0:
            return GAP
        return OVERLAP if reach > 1 else COVERED


@dataclass
class LocalityRow:
    key: object
    label: str
    cells: list
    spend: Decimal = Decimal(0)
    cost_not_recorded: int = 0
    is_whole_area: bool = False


@dataclass
class LocalityMatrix:
    tiers: list  # (value, label)
    rows: list[LocalityRow]

    @property
    def gaps(self) -> list[tuple[LocalityRow, LocalityCell]]:
        return [
            (row, cell)
            for row in self.rows
            if not row.is_whole_area
            for cell in row.cells
            if cell.finding == GAP
        ]


def locality_matrix(*, services, localities, locality_links: dict) -> LocalityMatrix:
    """Localities × tiers. `locality_links` maps a service's pk to the pks of the localities it serves; a
    service with `covers_whole_area` reaches every locality and is listed on the whole-area row."""
    tiers = list(Tier.choices)
    whole = LocalityRow(
        key="whole",
        label="Whole area",
        cells=[LocalityCell(tier=value) for value, _ in tiers],
        is_whole_area=True,
    )
    rows = {
        area.pk: LocalityRow(key=area.pk, label=area.name, cells=[LocalityCell(tier=v) for v, _ in tiers])
        for area in localities
    }
    index = {value: position for position, (value, _) in enumerate(tiers)}
    shares = {}
    for service in services:
        column = index[service.tier]
        if service.covers_whole_area:
            whole.cells[column].services.append(service)
            if service.annual_cost is None:
                whole.cost_not_recorded += 1
            else:
                whole.spend += service.annual_cost
            for row in rows.values():
                row.cells[column].whole_area.append(service)
            continue
        served = [pk for pk in locality_links.get(service.pk, ()) if pk in rows]
        for pk in served:
            row = rows[pk]
            row.cells[column].services.append(service)
            if service.annual_cost is None:
                row.cost_not_recorded += 1
            else:
                shares.setdefault(pk, []).append((service.annual_cost, len(served)))
    for pk, row_shares in shares.items():
        rows[pk].spend = split_spend(row_shares)
    return LocalityMatrix(tiers=tiers, rows=[*rows.values(), whole])


def findings_text(matrix, *, things: str, localities=None) -> str:
    """The findings in plain words, to save as evidence on an activity's steps 4 and 5. `matrix` is a
    CoverageMatrix or the page's CoverageSummary; `localities` a LocalityMatrix."""
    lines = [
        f"Gap and overlap analysis of {matrix.service_count} running services against {len(matrix.rows)} {things}."
    ]
    if matrix.gaps:
        lines.append(f"Gaps (no service addresses): {'; '.join(row.label for row in matrix.gaps)}.")
    else:
        lines.append(f"Gaps: none; every one of the {things} is addressed by at least one service.")
    if matrix.overlaps:
        lines.append(
            "Overlaps (several services address): "
            + "; ".join(f"{row.label} ({', '.join(row.service_names)})" for row in matrix.overlaps)
            + "."
        )
    else:
        lines.append("Overlaps: none.")
    spend = "; ".join(f"{row.label}: {money(row.spend)}" for row in matrix.rows)
    lines.append(
        f"Spend per {things[:-1] if things.endswith('s') else things} (costs split equally): {spend}."
    )
    if matrix.unlinked_count:
        lines.append(
            f"Services addressing none of the {things}: {matrix.unlinked_count} ({money(matrix.unlinked_spend)})."
        )
    if matrix.cost_not_recorded_count:
        lines.append(f"Services with no annual cost recorded: {matrix.cost_not_recorded_count}.")
    if localities is not None and localities.gaps:
        tier_labels = dict(localities.tiers)
        lines.append(
            "Localities without a service in a tier: "
            + "; ".join(f"{row.label} ({tier_labels[cell.tier].lower()})" for row, cell in localities.gaps)
            + "."
        )
    return "\n".join(lines)


def money(value) -> str:
    if value is None:
        return "not recorded"
    return f"£{Decimal(value).quantize(Decimal('0.01')):,}"


# The page's figures, worked out by the database: the same numbers as the matrices above without loading every
# service. Only a page of the services × rows matrix, and a few names per locality cell, are loaded.

NAMES_PER_CELL = 5


@dataclass
class RowFigures(RowFinding):
    key: object
    label: str
    detail: str = ""
    count: int = 0
    spend: Decimal = Decimal(0)
    cost_not_recorded: int = 0
    service_names: list = field(default_factory=list)  # filled for overlaps, which the findings name


@dataclass
class CoverageSummary:
    rows: list[RowFigures]
    service_count: int
    total_spend: Decimal
    cost_not_recorded_count: int
    unlinked_count: int
    unlinked_spend: Decimal

    @property
    def gaps(self) -> list[RowFigures]:
        return [row for row in self.rows if row.finding == GAP]

    @property
    def overlaps(self) -> list[RowFigures]:
        return [row for row in self.rows if row.finding == OVERLAP]


@dataclass
class LocalitySummaryCell:
    tier: str
    count: int = 0  # services in this locality (or on the whole-area row)
    services: list = field(default_factory=list)  # the first NAMES_PER_CELL of them, as (pk, name)
    whole_area_count: int = 0  # whole-area services of this tier that also reach it

    @property
    def more(self) -> int:
        return self.count - len(self.services)

    @property
    def finding(self) -> str:
        reach = self.count + self.whole_area_count
        if reach == 0:
            return GAP
        return OVERLAP if reach > 1 else COVERED
