from crispy_forms_gds.fields import DateInputField
from django import forms

from commissioning.accounts.models import User
from commissioning.core.forms import GovukFormMixin
from commissioning.cycle.models import (
    OTHER_GROUPS,
    PROTECTED_CHARACTERISTICS,
    EqualityImpactAssessment,
    EqualityScale,
    ImpactKind,
)


def _leads():
    return (
        User.objects.filter(is_active=True, memberships__archived_at__isnull=True)
        .distinct()
        .order_by("first_name", "last_name")
    )


class StartForm(GovukFormMixin, forms.ModelForm):
    class Meta:
        model = EqualityImpactAssessment
        fields = ["scale", "lead", "scope"]
        labels = {"scale": "How thorough should it be?", "lead": "Who leads the assessment?"}
        widgets = {"scale": forms.RadioSelect, "scope": forms.Textarea(attrs={"rows": 4})}
        help_texts = {"scale": "Proportionate to size: a screening for small or individual activities."}
        error_messages = {
            "scope": {"required": "Enter what is being assessed and who it affects"},
            "lead": {"required": "Choose who leads the assessment"},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["lead"].queryset = _leads()
        self.fields["scale"].choices = EqualityScale.choices


class DetailsForm(GovukFormMixin, forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    consultation_start = DateInputField(label="Consultation started", required=False)
    consultation_end = DateInputField(label="Consultation ended", required=False)
    review_date = DateInputField(label="Review date", required=False)

    class Meta:
        model = EqualityImpactAssessment
        fields = [
            "scale",
            "lead",
            "scope",
            "evidence_summary",
            "consultation_start",
            "consultation_end",
            "consultation_summary",
            "amendments",
            "conclusion",
            "conclusion_reasons",
            "review_date",
        ]
        widgets = {
            "scale": forms.RadioSelect,
            "conclusion": forms.RadioSelect,
            **{
                name: forms.Textarea(attrs={"rows": 3})
                for name in (
                    "scope",
                    "evidence_summary",
                    "consultation_summary",
                    "amendments",
                    "conclusion_reasons",
                )
            },
        }
        error_messages = {"scope": {"required": "Enter what is being assessed and who it affects"}}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["lead"].queryset = _leads()
        self.fields["scale"].choices = EqualityScale.choices


GROUP_SECTIONS = [
    ("Protected characteristics (Equality Act 2010)", PROTECTED_CHARACTERISTICS),
    ("Other groups", OTHER_GROUPS),
]


class ImpactsForm(GovukFormMixin, forms.Form):
    """One row of fields per group: impact, evidence, and for a negative impact the mitigation."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [("", "Not assessed yet"), *ImpactKind.choices]
        for _, groups in GROUP_SECTIONS:
            for group in groups:
                label = group.label
                self.fields[f"impact_{group.value}"] = forms.ChoiceField(
                    label=f"{label}: impact", choices=choices, required=False
                )
                self.fields[f"evidence_{group.value}"] = forms.CharField(
                    label=f"{label}: evidence", required=False, widget=forms.Textarea(attrs={"rows": 2})
                )
                self.fields[f"mitigation_{group.value}"] = forms.CharField(
                    label=f"{label}: mitigation", required=False, widget=forms.Textarea(attrs={"rows": 2})
                )
                self.fields[f"mitigation_owner_{group.value}"] = forms.CharField(
                    label=f"{label}: mitigation owner", required=False, max_length=255
                )
                self.fields[f"mitigation_due_{group.value}"] = DateInputField(
                    label=f"{label}: mitigation due", required=False
                )

    def sections(self):
        return [
            (
                title,
                [(group, [self[f"{prefix}_{group.value}"] for prefix in self.PREFIXES]) for group in groups],
            )
            for title, groups in GROUP_SECTIONS
        ]

    PREFIXES = ("impact", "evidence", "mitigation", "mitigation_owner", "mitigation_due")

    def impacts(self) -> dict:
        data = self.cleaned_data
        return {
            group.value: {prefix: data.get(f"{prefix}_{group.value}") for prefix in self.PREFIXES}
            for _, groups in GROUP_SECTIONS
            for group in groups
        }


class StatusForm(GovukFormMixin, forms.Form):
    status = forms.ChoiceField(
        label="New status", widget=forms.RadioSelect, error_messages={"required": "Choose the new status"}
    )
    reason = forms.CharField(
        label="Reason (when reopening a final assessment)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = choices
