"""Writes for the gap and overlap analysis: its findings saved as evidence on an activity's steps 4 and 5,
through the cycle app's own evidence service."""

from django.core.exceptions import ValidationError
from django.db import transaction

from commissioning.cycle.models import CommissioningActivity, EvidenceKind
from commissioning.cycle.services import evidence_add

PLAN_STEPS = (4, 5)


@transaction.atomic
def findings_save_as_evidence(
    *, actor, activity: CommissioningActivity, steps: list[int], title: str, text: str
) -> list:
    """Add the findings as text evidence on each chosen step (4, 5 or both). All or nothing."""
    numbers = sorted({int(number) for number in steps})
    if not numbers:
        raise ValidationError({"steps": "Choose step 4, step 5 or both"})
    if any(number not in PLAN_STEPS for number in numbers):
        raise ValidationError({"steps": "Findings can be saved on step 4 or step 5 only"})
    if not text.strip():
        raise ValidationError({"text": "There are no findings to save"})
    return [
        evidence_add(
            actor=actor,
            step=activity.steps.get(number=number),
            kind=EvidenceKind.TEXT,
            title=title,
            text=text,
        )
        for number in numbers
    ]
