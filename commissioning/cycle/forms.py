from crispy_forms_gds.fields import DateInputField
from django import forms

from commissioning.accounts.models import User
from commissioning.core.forms import GovukFormMixin
from commissioning.cycle.models import (
    STEP_TRANSITIONS,
    CommissioningActivity,
    DocumentType,
    EvidenceKind,
    StepStatus,
    Tier,
)
from commissioning.frameworks.models import FrameworkItem
from commissioning.organisations.models import Organisation, Role


class ActivityForm(GovukFormMixin, forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    tiers = forms.MultipleChoiceField(
        choices=Tier.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text="Select all that apply.",
        error_messages={"required": "Select at least one tier"},
    )
    partners = forms.ModelMultipleChoiceField(
        queryset=Organisation.objects.active().partners(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text="Other partner organisations taking part.",
    )
    outcomes = forms.ModelMultipleChoiceField(
        queryset=FrameworkItem.objects.filter(
            framework__slug__in=["every-child-matters-outcomes", "national-indicators"]
        ).select_related("framework"),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        label="Outcomes targeted",
        help_text="Every Child Matters outcomes and national indicators.",
    )

    class Meta:
        model = CommissioningActivity
        fields = [
            "title",
            "kind",
            "purpose",
            "service_area",
            "lead_commissioner",
            "lead_organisation",
            "partners",
            "level",
            "tiers",
            "integration_approach",
            "outcomes",
            "cycle_year",
            "status",
            "previous",
        ]
        labels = {"kind": "Type of activity", "cycle_year": "Cycle year"}
        widgets = {
            "purpose": forms.Textarea(attrs={"rows": 4}),
            "kind": forms.RadioSelect,
            "level": forms.RadioSelect,
            "integration_approach": forms.RadioSelect,
        }
        error_messages = {
            "title": {"required": "Enter a title for the activity"},
            "purpose": {"required": "Enter what the activity is for"},
            "kind": {"required": "Select the type of activity"},
            "service_area": {"required": "Select the service area"},
            "lead_commissioner": {"required": "Select the lead commissioner"},
            "lead_organisation": {"required": "Select the lead organisation"},
            "level": {"required": "Select the level of commissioning"},
            "integration_approach": {"required": "Select the integration approach"},
            "cycle_year": {"required": "Enter the cycle year, like 2026 for 2026/27"},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["lead_commissioner"].queryset = User.objects.filter(
            is_active=True,
            memberships__role__in=[Role.COMMISSIONER, Role.PARTNERSHIP_MANAGER],
            memberships__archived_at__isnull=True,
        ).distinct()
        self.fields["lead_organisation"].queryset = Organisation.objects.active().partners()
        previous = CommissioningActivity.objects.select_related(None).order_by("-cycle_year", "title")
        self.fields["previous"].queryset = (
            previous.exclude(pk=self.instance.pk) if self.instance.pk else previous
        )
        self.fields["previous"].label_from_instance = lambda a: f"{a.title} ({a.cycle_year_label})"
        self.fields["cycle_year"].help_text = "The year the cycle starts in April: 2026 for 2026/27."
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version


class StepStatusForm(GovukFormMixin, forms.Form):
    status = forms.ChoiceField(
        choices=StepStatus.choices, widget=forms.RadioSelect, error_messages={"required": "Select a status"}
    )
    reason = forms.CharField(
        label="If not applicable, why not?",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, step=None, **kwargs):
        super().__init__(*args, **kwargs)
        if step is not None:
            offered = {step.status, *STEP_TRANSITIONS[step.status]}
            self.fields["status"].choices = [(v, label) for v, label in StepStatus.choices if v in offered]


class StepDueDateForm(GovukFormMixin, forms.Form):
    due_date = DateInputField(label="Due date", help_text="For example, 30 6 2026")
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class EvidenceForm(GovukFormMixin, forms.Form):
    kind = forms.ChoiceField(
        label="What kind of evidence?",
        choices=EvidenceKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose what kind of evidence this is"},
    )
    title = forms.CharField(
        label="What is it?",
        max_length=255,
        help_text="For example, Needs analysis presented to the Commissioning Group, 2 June 2026.",
        error_messages={"required": "Enter what this evidence is"},
    )
    document_type = forms.ChoiceField(
        label="Is it one of these documents?",
        choices=DocumentType.choices,
        required=False,
        help_text="Mark the service specification so the step 7 gate can find it.",
    )
    text = forms.CharField(
        label="Evidence (for text)", required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    url = forms.URLField(
        label="Web address (for a link)",
        required=False,
        assume_scheme="https",
        error_messages={"invalid": "Enter a web address like https://www.example.org/report"},
    )
    record_path = forms.CharField(
        label="Address of the record (for a link to a record)",
        required=False,
        help_text="Copy it from the record's page, for example /frameworks/glossary/items/eia/",
    )
    file = forms.FileField(
        label="File (for a file)",
        required=False,
        help_text="PDF, Word, Excel, PowerPoint, OpenDocument, CSV, text, PNG or JPEG; smaller than 10 MB.",
    )
