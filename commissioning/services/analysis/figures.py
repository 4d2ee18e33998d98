"""Gap and overlap analysis: which running services address each priority (or outcome), and each locality and
tier; where none does (a gap) and where several do (an overlap); and spend per priority and per locality.

How a service's cost is split: a service that addresses several priorities (or outcomes, or serves several
localities) counts an equal share of its annual cost towards each. A service that serves the whole area is
not split between localities: its cost is shown on its own row. Services whose cost is not recorded are
counted, never guessed."""

from dataclasses import dataclass, field
from decimal import Decimal

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


@dataclass
class MatrixRow:
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
    def finding(self) -> str:
        if not self.services:
            return GAP
        return OVERLAP if len(self.services) > 1 else COVERED

    @property
    def finding_label(self) -> str:
        return {GAP: "Gap: no service", OVERLAP: f"Overlap: {self.count} services", COVERED: "One service"}[
            self.finding
        ]


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
    cells = {}
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
        share = cost / len(keys) if cost is not None else None
        for key in keys:
            row = matrix_rows[key]
            row.services.append(service)
            cells[(key, service.pk)] = True
            if share is None:
                row.cost_not_recorded += 1
            else:
                row.spend += share
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
                row.spend += service.annual_cost / len(served)
    return LocalityMatrix(tiers=tiers, rows=[*rows.values(), whole])


def findings_text(matrix: CoverageMatrix, *, things: str, localities: LocalityMatrix | None = None) -> str:
    """The findings in plain words, to save as evidence on an activity's steps 4 and 5."""
    lines = [
        f"Gap and overlap analysis of {len(matrix.columns)} running services against {len(matrix.rows)} {things}."
    ]
    if matrix.gaps:
        lines.append(f"Gaps (no service addresses): {'; '.join(row.label for row in matrix.gaps)}.")
    else:
        lines.append(f"Gaps: none; every one of the {things} is addressed by at least one service.")
    if matrix.overlaps:
        lines.append(
            "Overlaps (several services address): "
            + "; ".join(f"{row.label} ({', '.join(s.name for s in row.services)})" for row in matrix.overlaps)
            + "."
        )
    else:
        lines.append("Overlaps: none.")
    spend = "; ".join(f"{row.label}: {money(row.spend)}" for row in matrix.rows)
    lines.append(
        f"Spend per {things[:-1] if things.endswith('s') else things} (costs split equally): {spend}."
    )
    if matrix.unlinked:
        lines.append(
            f"Services addressing none of the {things}: {len(matrix.unlinked)} ({money(matrix.unlinked_spend)})."
        )
    if matrix.cost_not_recorded:
        lines.append(f"Services with no annual cost recorded: {len(matrix.cost_not_recorded)}.")
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
