from django import forms

from commissioning.assurance.forms import partnership_people, person_field
from commissioning.assurance.maturity import selectors
from commissioning.assurance.maturity.models import Dimension, SubjectKind
from commissioning.assurance.maturity.services import key
from commissioning.core.forms import GovukFormMixin
from commissioning.cycle.models import CommissioningActivity
from commissioning.cycle.resources.forms import GovukDateField


class AssessmentForm(GovukFormMixin, forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    subject_kind = forms.ChoiceField(
        label="What is assessed",
        choices=SubjectKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose what is assessed"},
    )
    activity = forms.ModelChoiceField(
        queryset=CommissioningActivity.objects.none(),
        label="Commissioning activity (if one activity is assessed)",
        required=False,
        empty_label="Select an activity",
        error_messages={"invalid_choice": "Select a commissioning activity in the list"},
    )
    assessed_on = GovukDateField(
        label="Date of the assessment", what="the date of the assessment", help_text="For example, 31 3 2026"
    )
    assessor = person_field("Assessor")
    summary = forms.CharField(
        label="Overall conclusions and next steps (optional)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, editing: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["activity"].queryset = CommissioningActivity.objects.active().order_by("title")
        self.fields["assessor"].queryset = partnership_people()
        if editing:
            del self.fields["subject_kind"]
            del self.fields["activity"]
        for row in selectors.matrix():
            choices = [
                (cell["approach"], f"{cell['label']}: {' '.join(cell['text'].split())}") for cell in row.cells
            ]
            self.fields[f"approach_{key(row.dimension)}"] = forms.ChoiceField(
                label=f"{row.label}: approach reached",
                choices=choices,
                widget=forms.RadioSelect,
                error_messages={"required": f"Choose the approach reached for {row.label.lower()}"},
            )
            self.fields[f"evidence_{key(row.dimension)}"] = forms.CharField(
                label=f"{row.label}: evidence",
                widget=forms.Textarea(attrs={"rows": 3}),
                help_text="What shows this approach has been reached: documents, decisions, arrangements.",
                error_messages={"required": f"Enter the evidence for {row.label.lower()}"},
            )

    def ratings(self) -> dict[str, tuple[str, str]]:
        data = self.cleaned_data
        return {
            d: (data.get(f"approach_{key(d)}", ""), data.get(f"evidence_{key(d)}", ""))
            for d in Dimension.values
        }

    @staticmethod
    def initial_for(assessment) -> dict:
        initial = {
            "version": assessment.version,
            "assessed_on": assessment.assessed_on,
            "assessor": assessment.assessor_id,
            "summary": assessment.summary,
        }
        for rating in assessment.ratings.all():
            initial[f"approach_{key(rating.dimension)}"] = rating.approach
            initial[f"evidence_{key(rating.dimension)}"] = rating.evidence
        return initial
