"""What the exports of an activity hold, gathered in a fixed number of queries."""

from dataclasses import dataclass
from datetime import date

from django.db.models import Prefetch

from commissioning.cycle import selectors as cycle_selectors
from commissioning.cycle.models import CommissioningActivity, SelfAssessmentAnswer, StepEvidence
from commissioning.cycle.services import SELF_ASSESSMENT
from commissioning.frameworks.models import FrameworkItem


@dataclass
class AnswerRow:
    step_number: int
    question: FrameworkItem
    answer: SelfAssessmentAnswer | None
    last_year: SelfAssessmentAnswer | None


def self_assessment_rows(activity: CommissioningActivity) -> list[AnswerRow]:
    """Every question of every step, with this year's answer and the previous cycle year's, if any."""
    questions = FrameworkItem.objects.filter(framework__slug=SELF_ASSESSMENT, kind="question").select_related(
        "parent"
    )
    answers = SelfAssessmentAnswer.objects.select_related("answered_by")
    this_year = {a.question_id: a for a in answers.filter(activity=activity)}
    last_year = (
        {a.question_id: a for a in answers.filter(activity_id=activity.previous_id)}
        if activity.previous_id
        else {}
    )
    rows = [
        AnswerRow(
            step_number=int(question.parent.ref),
            question=question,
            answer=this_year.get(question.pk),
            last_year=last_year.get(question.pk),
        )
        for question in questions
        if question.parent and question.parent.ref.isdigit()
    ]
    rows.sort(key=lambda row: (row.step_number, row.question.sort_key))
    return rows


def activity_summary(activity: CommissioningActivity, today: date) -> dict:
    """Everything the activity summary shows: details, the cycle, evidence, answers and its records."""
    evidence = StepEvidence.objects.active().order_by("created_at")
    steps = list(
        activity.steps.select_related("guidance")
        .prefetch_related(Prefetch("evidence", queryset=evidence, to_attr="active_evidence"))
        .order_by("number")
    )
    assessment = getattr(activity, "equality_assessment", None)
    strategy = getattr(activity, "strategy", None)
    return {
        "activity": activity,
        "cycle": cycle_selectors.cycle_view(steps, today),
        "steps": steps,
        "self_assessment": cycle_selectors.self_assessment_progress(activity),
        "assessment": assessment if assessment and not assessment.is_archived else None,
        "impacts": list(assessment.impacts.all()) if assessment and not assessment.is_archived else [],
        "strategy": strategy if strategy and not strategy.is_archived else None,
        "budgets": list(activity.budgets.active().order_by("agreed_on")),
        "reviews": list(activity.reviews.active().order_by("reviewed_on")),
        "decommissionings": list(activity.decommissionings.active().select_related("provider")),
        "today": today,
    }
