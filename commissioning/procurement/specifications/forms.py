from django import forms

from commissioning.core.forms import GovukFormMixin
from commissioning.cycle.models import CommissioningActivity
from commissioning.cycle.resources.forms import GovukDateField
from commissioning.needs.models import Indicator
from commissioning.procurement.specifications.models import KpiFrequency, SpecificationStatus
from commissioning.procurement.specifications.services import ADD, REPLACE


class StartForm(GovukFormMixin, forms.Form):
    activity = forms.ModelChoiceField(
        queryset=CommissioningActivity.objects.active().order_by("-cycle_year", "title"),
        label="Commissioning activity",
        help_text="The activity the service is specified for.",
        error_messages={
            "required": "Choose the commissioning activity",
            "invalid_choice": "Choose an activity",
        },
    )
    title = forms.CharField(
        max_length=255,
        help_text="Usually the name of the service, like “Family support service north”.",
        error_messages={"required": "Enter a title for the specification"},
    )


class SectionsForm(forms.Form):
    """One text box per heading of the template (fields named by the heading's code), and the change note."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    change_note = forms.CharField(
        label="What did you change?",
        max_length=1000,
        help_text="A few words kept with the new version, like “Added the cost and the location”.",
        error_messages={"required": "Enter what you changed"},
    )

    def __init__(self, *args, sections=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.sections = list(sections)
        for section in self.sections:
            self.fields[f"section_{section.ref}"] = forms.CharField(
                label=section.heading, required=False, widget=forms.Textarea(attrs={"rows": 5})
            )
            self.initial.setdefault(f"section_{section.ref}", section.text)

    def section_rows(self):
        return [(section, self[f"section_{section.ref}"]) for section in self.sections]

    def section_texts(self) -> dict[str, str]:
        return {s.ref: self.cleaned_data.get(f"section_{s.ref}", "") for s in self.sections}


class KpiForm(forms.Form):
    indicator = forms.ModelChoiceField(
        queryset=Indicator.objects.active().order_by("title"),
        required=False,
        label="Indicator (optional)",
        error_messages={"invalid_choice": "Choose an indicator from the list"},
    )
    measure = forms.CharField(max_length=500, required=False, label="Measure")
    target = forms.CharField(max_length=255, required=False, label="Target")
    frequency = forms.ChoiceField(
        choices=[("", "Not set"), *KpiFrequency.choices], required=False, label="How often"
    )
    source = forms.CharField(max_length=255, required=False, label="Source")

    def has_content(self) -> bool:
        data = getattr(self, "cleaned_data", {})
        return bool(data.get("indicator") or data.get("measure") or data.get("target") or data.get("source"))

    def clean(self):
        data = super().clean()
        if self.has_content() and not data.get("DELETE") and not (data.get("measure") or "").strip():
            if data.get("indicator"):
                data["measure"] = data["indicator"].title
            else:
                self.add_error("measure", "Enter what is measured, or remove the row")
        return data


KpiFormSet = forms.formset_factory(KpiForm, extra=2, can_delete=True)


def kpi_rows(formset) -> list[dict]:
    return [
        form.cleaned_data
        for form in formset.forms
        if form.has_content() and not form.cleaned_data.get("DELETE")
    ]


class PrefillForm(GovukFormMixin, forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    mode = forms.ChoiceField(
        label="What should happen to what is already there?",
        choices=[
            (ADD, "Add the activity's outcomes and measures below what is there"),
            (REPLACE, "Replace the outcomes section and the performance measures"),
        ],
        widget=forms.RadioSelect,
        required=False,
    )


class ApproveForm(GovukFormMixin, forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    approved_by_body = forms.CharField(
        label="Approved by",
        max_length=255,
        help_text="The board or body, like the Commissioning Board.",
        error_messages={"required": "Enter the board or body that approved the specification"},
    )
    decision_reference = forms.CharField(
        label="Decision or minute reference (optional)", max_length=100, required=False
    )
    approved_on = GovukDateField(
        label="Date of the decision", help_text="For example, 27 3 2026", what="the date of the decision"
    )


STATUS_FILTERS = SpecificationStatus.choices
