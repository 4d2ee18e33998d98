"""Gate rules: the conditions a transition needs, kept as data so a partnership can set its own."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models


class GateTransition(models.TextChoices):
    COMPLETE_STEP = "complete_step", "Complete a step"
    START_PROCUREMENT = "start_procurement", "Start a procurement"


class GateCondition(models.TextChoices):
    BUDGET_AGREED = "budget_agreed", "An agreed budget is recorded"
    EIA_CONSULTED = "eia_consulted", "The equality impact assessment is at least consulted"
    EIA_FINAL = "eia_final", "The equality impact assessment is final"
    SPECIFICATION = "specification", "A service specification is attached"
    REVIEW_RECORDED = "review_recorded", "A review is recorded"
    STRATEGY_APPROVED = "strategy_approved", "The strategy or plan is approved"
    STEP_EVIDENCE = "step_evidence", "The step has evidence"
    SELF_ASSESSMENT_ANSWERED = (
        "self_assessment_answered",
        "Every self-assessment question of the step is answered",
    )
    EARLIER_STEPS_FINISHED = "earlier_steps_finished", "Earlier steps are complete or not applicable"


class GateRule(models.Model):
    transition = models.CharField(max_length=30, choices=GateTransition.choices)
    step_number = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(9)],
        help_text="For completing a step: which step.",
    )
    condition = models.CharField(max_length=40, choices=GateCondition.choices)
    activity_kinds = models.JSONField(
        default=list, blank=True, help_text="The kinds of activity it applies to; none means all."
    )
    enabled = models.BooleanField(default=True)
    source = models.TextField(blank=True, help_text="Where the rule comes from: the seed or local policy.")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["transition", "step_number", "condition"]
        constraints = [
            models.UniqueConstraint(
                fields=["transition", "step_number", "condition"], name="gate_rule_unique"
            ),
            models.CheckConstraint(
                condition=(models.Q(transition="complete_step") & models.Q(step_number__isnull=False))
                | (~models.Q(transition="complete_step") & models.Q(step_number__isnull=True)),
                name="gate_rule_step_only_for_steps",
                violation_error_message="Give the step number for a step rule, and only for a step rule.",
            ),
        ]

    def __str__(self) -> str:
        where = f"step {self.step_number}" if self.step_number else self.get_transition_display().lower()
        return f"{where}: {self.get_condition_display()}"
