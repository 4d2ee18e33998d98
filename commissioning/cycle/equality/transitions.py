"""The equality impact assessment's state machine, and what each status needs.

    draft ──> consulted ──> amended ──> final
      │           └───────────────────────^
      └──> final (a screening with no negative impact: proportionate to size)
    final ──> amended (reopened, with a reason)

A refused move lists every unmet condition."""

from datetime import date

from commissioning.cycle.models import (
    EqualityConclusion,
    EqualityGroup,
    EqualityImpactAssessment,
    EqualityScale,
    EqualityStatus,
    ImpactKind,
)

Status = EqualityStatus

ALLOWED: dict[str, tuple[str, ...]] = {
    Status.DRAFT: (Status.CONSULTED, Status.FINAL),
    Status.CONSULTED: (Status.AMENDED, Status.FINAL),
    Status.AMENDED: (Status.FINAL,),
    Status.FINAL: (Status.AMENDED,),
}
NEEDS_REASONS = (EqualityConclusion.CONTINUE, EqualityConclusion.STOP)


def _consultation_problems(assessment: EqualityImpactAssessment, today: date) -> list[str]:
    problems = []
    if assessment.consultation_start is None or assessment.consultation_end is None:
        problems.append("Record when the consultation started and ended.")
    elif assessment.consultation_end > today:
        problems.append(
            f"The consultation ends on {assessment.consultation_end:%-d %B %Y}: record it as consulted after that."
        )
    if not assessment.consultation_summary.strip():
        problems.append("Summarise who was consulted and what they said.")
    return problems


def _final_problems(assessment: EqualityImpactAssessment, impacts: list) -> list[str]:
    problems = []
    by_group = {impact.group: impact for impact in impacts}
    missing = [EqualityGroup(group).label for group in EqualityGroup.values if group not in by_group]
    if missing:
        problems.append(f"Assess the impact on every group: {', '.join(missing)} not yet assessed.")
    unknown = [impact.get_group_display() for impact in impacts if impact.impact == ImpactKind.UNKNOWN]
    if unknown:
        problems.append(f"Find out the impact that is not known yet: {', '.join(unknown)}.")
    for impact in impacts:
        if impact.impact == ImpactKind.NEGATIVE and not (
            impact.mitigation.strip() and impact.mitigation_owner.strip() and impact.mitigation_due
        ):
            problems.append(
                f"{impact.get_group_display()}: give the mitigation of the negative impact, who owns it and by when."
            )
    if not assessment.conclusion:
        problems.append("Choose the conclusion of the assessment.")
    if not assessment.conclusion_reasons.strip():
        problems.append("Give the reasons for the conclusion.")
    return problems


def unmet(assessment: EqualityImpactAssessment, target: str, impacts: list, today: date) -> list[str]:
    """Everything the move to `target` still needs; empty when it may happen."""
    current = assessment.status
    if target not in ALLOWED.get(current, ()):
        return [
            f"An assessment that is {Status(current).label.lower()} cannot become {Status(target).label.lower()}."
        ]
    if target == Status.CONSULTED:
        return _consultation_problems(assessment, today)
    if target == Status.AMENDED and current == Status.CONSULTED:
        return (
            [] if assessment.amendments.strip() else ["Record what changed as a result of the consultation."]
        )
    if target == Status.FINAL:
        problems = []
        if current == Status.DRAFT:
            if assessment.scale != EqualityScale.SCREENING:
                problems.append("A full assessment is consulted on before it is final.")
            elif any(impact.impact == ImpactKind.NEGATIVE for impact in impacts):
                problems.append(
                    "A screening that finds a negative impact is consulted on before it is final."
                )
        return problems + _final_problems(assessment, impacts)
    return []
