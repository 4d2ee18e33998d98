"""Forms for the strategy or plan of an activity, in the Gateshead appendix's words (Activity Two). The services
hold the rules; the forms only read the input."""

from django import forms

from commissioning.core.forms import GovukFormMixin
from commissioning.cycle.resources.forms import GovukDateField
from commissioning.cycle.strategy.services import outcome_choices
from commissioning.needs.models import Priority


class OutcomeLabelMixin:
    def label_from_instance(self, obj):
        return f"{obj.ref} {obj.title}" if obj.ref else obj.title


class OutcomesField(OutcomeLabelMixin, forms.ModelMultipleChoiceField):
    widget = forms.CheckboxSelectMultiple


class StrategyForm(GovukFormMixin, forms.Form):
    title = forms.CharField(
        label="Title of the strategy or plan",
        max_length=255,
        error_messages={"required": "Enter the title of the strategy or plan"},
    )
    slug = forms.CharField(
        label="Last part of its public web address (optional)",
        max_length=120,
        required=False,
        help_text="Lower-case letters, numbers and hyphens. Leave it empty to make one from the title.",
        widget=forms.TextInput(attrs={"spellcheck": "false"}),
    )
    summary = forms.CharField(
        label="Summary",
        required=False,
        help_text="What the strategy is for, in a few sentences. It is needed before approval.",
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    outcomes = OutcomesField(
        queryset=None,
        required=False,
        label="The outcomes you want to achieve",
        help_text="Every Child Matters outcomes and national indicators. At least one is needed before approval.",
    )
    needs_assessment = forms.CharField(
        label="An outline of your assessment of need (optional)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    resources = forms.CharField(
        label="The resources available (optional)",
        required=False,
        help_text="Including external resources that could be used, for example external funding.",
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["outcomes"].queryset = outcome_choices()


class NeedsPriorityField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.title} ({obj.analysis.title})"


def needs_priority_choices():
    return (
        Priority.objects.active()
        .filter(analysis__archived_at=None)
        .select_related("analysis")
        .order_by("analysis__title", "rank", "id")
    )


class PriorityForm(GovukFormMixin, forms.Form):
    title = forms.CharField(
        label="Priority", max_length=255, error_messages={"required": "Enter the priority"}
    )
    description = forms.CharField(
        label="Description (optional)",
        required=False,
        help_text="Use the findings of your assessment of need.",
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    outcomes = OutcomesField(
        queryset=None,
        label="Outcomes this priority is linked to",
        help_text="Select at least one.",
        error_messages={"required": "Select at least one outcome the priority is linked to"},
    )

    needs_priority = NeedsPriorityField(
        queryset=None,
        required=False,
        label="The needs analysis priority it answers (optional)",
        help_text="Links the strategy back to the evidence of need.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["outcomes"].queryset = outcome_choices()
        self.fields["needs_priority"].queryset = needs_priority_choices()


class RecommendationForm(GovukFormMixin, forms.Form):
    recommendation = forms.CharField(
        label="Recommendation",
        help_text="All recommendations must be based on improving outcomes and be evidence based.",
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Enter the recommendation"},
    )
    impact = forms.CharField(
        label="Its impact",
        help_text="Where else it will impact: what other outcomes and needs will be affected.",
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={
            "required": "Enter the impact of the recommendation: what other outcomes and needs it affects"
        },
    )


class IssueForm(GovukFormMixin, forms.Form):
    with_whom = forms.CharField(
        label="Who the shared issue is with",
        max_length=255,
        help_text="The agency, service, commissioner or board, for example the integrated care board.",
        error_messages={"required": "Enter who the shared issue is with"},
    )
    what = forms.CharField(
        label="What the shared issue is",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Enter what the shared issue is"},
    )
    how_agreed = forms.CharField(
        label="How you have agreed to progress this",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Enter how you have agreed to progress it"},
    )


class ApprovalForm(GovukFormMixin, forms.Form):
    """Every field is checked by the service, so that a refusal lists all that is missing at once."""

    approved_by_body = forms.CharField(
        label="Board or body that approved it",
        max_length=255,
        help_text="For example, the Children and Young People's Partnership Board",
        required=False,
    )
    approved_on = GovukDateField(
        label="Date it was approved",
        help_text="For example, 31 3 2026",
        what="the date the strategy was approved",
        required=False,
    )
    minute_reference = forms.CharField(
        label="Minute reference",
        max_length=100,
        required=False,
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class ConfirmForm(GovukFormMixin, forms.Form):
    """A confirmation with nothing to fill in: the button is the answer."""
