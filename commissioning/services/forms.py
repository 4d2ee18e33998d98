from django import forms

from commissioning.core.forms import GovukFormMixin, SpreadsheetImportForm
from commissioning.cycle.models import CommissioningActivity
from commissioning.needs.models import Area
from commissioning.organisations.models import Organisation
from commissioning.services import selectors
from commissioning.services.models import MarketPositionStatement, Service, TargetGroup


class ServiceForm(GovukFormMixin, forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    target_groups = forms.MultipleChoiceField(
        choices=TargetGroup.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text="Select all that apply.",
    )
    localities = forms.ModelMultipleChoiceField(
        queryset=Area.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text="Or, above, that it serves the whole area.",
    )
    outcomes = forms.ModelMultipleChoiceField(
        queryset=selectors.ecm_outcomes(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        label="Every Child Matters outcomes it serves",
    )
    priorities = forms.ModelMultipleChoiceField(
        queryset=selectors.open_priorities(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        label="Needs analysis priorities it addresses",
    )
    annual_cost = forms.DecimalField(
        label="Annual cost (£)",
        required=False,
        min_value=0,
        max_digits=12,
        decimal_places=2,
        help_text="The gross cost a year in pounds and pence, like 125000.50. Leave empty if not known.",
        error_messages={
            "invalid": "Enter the annual cost as a number of pounds, like 125000.50",
            "min_value": "The annual cost cannot be negative",
            "max_decimal_places": "Enter the annual cost with at most 2 decimal places",
            "max_digits": "The annual cost is too large",
        },
    )

    class Meta:
        model = Service
        fields = [
            "reference",
            "name",
            "description",
            "provider",
            "commissioner",
            "service_area",
            "tier",
            "level",
            "covers_whole_area",
            "localities",
            "target_groups",
            "age_from",
            "age_to",
            "outcomes",
            "priorities",
            "capacity",
            "current_use",
            "capacity_unit",
            "annual_cost",
            "secured_by",
            "status",
            "single_provider_only",
            "activity",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "tier": forms.RadioSelect,
            "level": forms.RadioSelect,
            "secured_by": forms.RadioSelect,
            "status": forms.RadioSelect,
        }
        error_messages = {
            "reference": {"required": "Enter the service's reference, like EH-001"},
            "name": {"required": "Enter the name of the service"},
            "provider": {"required": "Select the provider"},
            "service_area": {"required": "Select the service area"},
            "tier": {"required": "Select the tier"},
            "level": {"required": "Select the level"},
            "age_from": {
                "required": "Enter the youngest age the service is for, in years",
                "invalid": "Enter the from age as a whole number of years",
            },
            "age_to": {
                "required": "Enter the oldest age the service is for, in years",
                "invalid": "Enter the to age as a whole number of years",
            },
            "secured_by": {"required": "Select how the service is secured"},
            "status": {"required": "Select the status"},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["provider"].queryset = Organisation.objects.active().providers()
        self.fields["commissioner"].queryset = Organisation.objects.active().partners()
        places = selectors.localities()
        if places:
            self.fields["localities"].queryset = Area.objects.filter(pk__in=[a.pk for a in places]).order_by(
                "name"
            )
        else:  # no localities recorded for the home area: every service serves the whole area
            del self.fields["localities"]
            self.fields[
                "covers_whole_area"
            ].help_text = "No localities are recorded for the home area yet, so a service can only serve the whole area."
        self.fields["priorities"].label_from_instance = lambda p: f"{p.title} ({p.analysis.title})"
        self.fields["outcomes"].label_from_instance = lambda item: f"{item.ref} {item.heading}"
        self.fields["activity"].queryset = CommissioningActivity.objects.active().order_by(
            "-cycle_year", "title"
        )
        self.fields["activity"].label_from_instance = lambda a: f"{a.title} ({a.cycle_year_label})"
        for name in ("tier", "level", "secured_by", "status"):  # radios: no empty choice
            self.fields[name].choices = [(v, label) for v, label in self.fields[name].choices if v]
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version

    def clean(self):
        cleaned = super().clean()
        age_from, age_to = cleaned.get("age_from"), cleaned.get("age_to")
        if age_from is not None and age_to is not None and age_from > age_to:
            self.add_error("age_to", "The to age must be the same as or more than the from age")
        return cleaned

    def service_data(self) -> dict:
        related = {"localities", "outcomes", "priorities", "version"}  # links are passed on their own
        return {k: v for k, v in self.cleaned_data.items() if k not in related}


class ImportForm(SpreadsheetImportForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields[
            "file"
        ].help_text = "A CSV file (UTF-8) or an Excel workbook (.xlsx), with the columns of the template."


class FindingsEvidenceForm(GovukFormMixin, forms.Form):
    activity = forms.TypedChoiceField(
        coerce=int,
        label="Commissioning activity",
        error_messages={
            "required": "Select the activity to save the findings on",
            "invalid_choice": "Select an activity you may add evidence to",
        },
    )
    steps = forms.TypedMultipleChoiceField(
        choices=[
            (4, "Step 4: identify resources and set priorities"),
            (5, "Step 5: plan the pattern of services"),
        ],
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
        label="Save on",
        error_messages={"required": "Choose step 4, step 5 or both"},
    )
    title = forms.CharField(
        max_length=255,
        label="Title of the evidence",
        error_messages={"required": "Enter a title for the evidence"},
    )

    def __init__(self, *args, activities=(), **kwargs):
        """`activities`: the (id, label) choices of the activities the person may add evidence to."""
        super().__init__(*args, **kwargs)
        self.fields["activity"].choices = [("", "---------"), *activities]

    def clean_activity(self) -> CommissioningActivity:
        return CommissioningActivity.objects.get(pk=self.cleaned_data["activity"])


class StatementCreateForm(GovukFormMixin, forms.Form):
    title = forms.CharField(
        max_length=255,
        label="Title",
        help_text="For example: Children's services market position statement 2026/27.",
        error_messages={"required": "Enter a title for the statement"},
    )


class StatementForm(GovukFormMixin, forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = MarketPositionStatement
        fields = ["title", *MarketPositionStatement.SECTIONS]
        widgets = {name: forms.Textarea(attrs={"rows": 8}) for name in MarketPositionStatement.SECTIONS}
        error_messages = {"title": {"required": "Enter a title for the statement"}}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version
