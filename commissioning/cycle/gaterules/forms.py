from django import forms

from commissioning.core.forms import GovukFormMixin
from commissioning.cycle.models import ActivityKind, GateCondition, GateTransition


class GateRuleChangeForm(GovukFormMixin, forms.Form):
    enabled = forms.TypedChoiceField(
        label="Is the rule on?",
        choices=[("yes", "On: the gate checks this condition"), ("no", "Off")],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
        error_messages={"required": "Choose whether the rule is on"},
    )
    activity_kinds = forms.MultipleChoiceField(
        label="Which kinds of activity does it apply to?",
        choices=ActivityKind.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Leave all unticked for every kind.",
    )
    source = forms.CharField(
        label="Where the rule comes from",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="The standard, policy or board decision behind it.",
    )


class GateRuleCreateForm(GateRuleChangeForm):
    transition = forms.ChoiceField(
        label="When does the rule apply?",
        choices=GateTransition.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose when the rule applies"},
    )
    step_number = forms.TypedChoiceField(
        label="Which step? (for completing a step)",
        choices=[("", "Choose a step")] + [(n, f"Step {n}") for n in range(1, 10)],
        coerce=int,
        empty_value=None,
        required=False,
    )
    condition = forms.ChoiceField(
        label="What must be true?",
        choices=[("", "Choose a condition"), *GateCondition.choices],
        error_messages={"required": "Choose a condition"},
    )

    field_order = ["transition", "step_number", "condition", "activity_kinds", "enabled", "source"]
