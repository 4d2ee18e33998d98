"""Computed evidence from involvement records (commissioning/engagement): Islington 6.2 and Central
Bedfordshire standard 5.

Islington 6.2 — "Partnership boards actively involve children/young people and parent/carers in the decision
making process" — evidenced by 3 examples in the last year. Central Bedfordshire 5 — "Children, young people,
parents and carers have meaningful involvement in the planning and delivery of services."""

from commissioning.assurance.computed.base import ComputedEvidence, Outcome, RecordLine, Scope, computed_check
from commissioning.engagement.models import CHILDREN_AND_FAMILIES, Involvement, InvolvementCount
from commissioning.engagement.selectors import involvement_list

REQUIRED_EXAMPLES = 3
PLANNING_STEPS = range(1, 6)  # Assess and Plan: outcomes, groups, needs, resources and priorities, pattern
DELIVERY_STEPS = range(6, 10)  # Do and Review: decide, commission, develop, monitor and review


def _records(scope: Scope) -> list[Involvement]:
    queryset = involvement_list(service_area=scope.service_area).filter(
        took_place_on__gte=scope.start, took_place_on__lte=scope.end
    )
    return list(queryset.order_by("took_place_on", "id"))


def _with_children_or_families(record: Involvement) -> bool:
    return any(line.group in CHILDREN_AND_FAMILIES for line in record.counts.all())


def _groups(record: Involvement) -> str:
    lines: list[InvolvementCount] = [c for c in record.counts.all() if c.group in CHILDREN_AND_FAMILIES]
    return ", ".join(f"{c.number} {c.get_group_display().lower()}" for c in lines)


def _label(record: Involvement) -> str:
    return f"{record.title} ({record.activity.title}, step {record.step.number}, {record.took_place_on:%-d %B %Y})"


@computed_check(
    code="engagement-decisions",
    framework="islington-commissioning-standards",
    refs=("6.2",),
    title="Children, young people or parents involved in decisions",
)
def involved_in_decisions(scope: Scope) -> ComputedEvidence:
    records = _records(scope)
    lines = []
    passing = 0
    for record in records:
        families = _with_children_or_families(record)
        passes = families and record.in_decision
        if passes:
            reason = f"{_groups(record)} took part in the decision ({record.get_method_display().lower()})"
        elif not families:
            reason = "No children, young people, parents or carers took part"
        else:
            reason = "They gave views but did not take part in the decision"
        passing += passes
        lines.append(
            RecordLine(label=_label(record), url=record.get_absolute_url(), passes=passes, reason=reason)
        )
    if not records:
        outcome = Outcome.NOT_ENOUGH
        summary = "No involvement is recorded for this service area in the period"
    elif passing >= REQUIRED_EXAMPLES:
        outcome = Outcome.MET
        summary = f"{passing} examples of children, young people or parents involved in decisions (3 needed)"
    elif passing:
        outcome = Outcome.PARTLY_MET
        summary = f"{passing} example{'s' if passing != 1 else ''} of children, young people or parents involved in decisions (3 needed)"
    else:
        outcome = Outcome.NOT_MET
        summary = f"None of the {len(records)} involvement records shows children, young people or parents in a decision"
    return ComputedEvidence(
        check="engagement-decisions",
        rule=(
            "Count the involvement records in the period, in activities of the service area, where children, "
            "young people, parents or carers took part in making a decision. At least 3 examples meet the "
            "criterion; 1 or 2 partly meet it."
        ),
        period=scope.describe_period(),
        outcome=outcome,
        summary=summary,
        counted=len(records),
        passing=passing,
        records=lines,
    )


@computed_check(
    code="engagement-planning-and-delivery",
    framework="central-bedfordshire-commissioning-standards",
    refs=("5",),
    title="Children, young people, parents and carers involved in planning and in delivery",
)
def involved_in_planning_and_delivery(scope: Scope) -> ComputedEvidence:
    records = _records(scope)
    lines = []
    planning = delivery = False
    passing = 0
    for record in records:
        families = _with_children_or_families(record)
        stage = "planning" if record.step.number in PLANNING_STEPS else "delivery"
        if families:
            passing += 1
            planning |= stage == "planning"
            delivery |= stage == "delivery"
            reason = f"{_groups(record)} took part in {stage} (step {record.step.number})"
        else:
            reason = "No children, young people, parents or carers took part"
        lines.append(
            RecordLine(label=_label(record), url=record.get_absolute_url(), passes=families, reason=reason)
        )
    if not records:
        outcome, summary = (
            Outcome.NOT_ENOUGH,
            "No involvement is recorded for this service area in the period",
        )
    elif planning and delivery:
        outcome, summary = (
            Outcome.MET,
            "Children, young people or families took part in both planning and delivery",
        )
    elif planning or delivery:
        missing = "delivery (steps 6 to 9)" if planning else "planning (steps 1 to 5)"
        outcome, summary = (
            Outcome.PARTLY_MET,
            f"Children, young people or families took part, but not in {missing}",
        )
    else:
        outcome = Outcome.NOT_MET
        summary = "Involvement is recorded, but none of children, young people, parents or carers"
    return ComputedEvidence(
        check="engagement-planning-and-delivery",
        rule=(
            "Look at the involvement records in the period, in activities of the service area. Met when children, "
            "young people, parents or carers took part in planning (steps 1 to 5) and in delivery (steps 6 to 9); "
            "partly met when only one of them."
        ),
        period=scope.describe_period(),
        outcome=outcome,
        summary=summary,
        counted=len(records),
        passing=passing,
        records=lines,
    )
