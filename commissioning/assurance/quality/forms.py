from django import forms

from commissioning.assurance.quality.models import Requirement
from commissioning.core.forms import GovukFormMixin
from commissioning.cycle.resources.forms import GovukDateField
from commissioning.organisations.models import Organisation


def _date(label: str, what: str, required: bool = False, help_text: str = "For example, 31 3 2026"):
    return GovukDateField(label=label, what=what, required=required, help_text=help_text)


class CheckSubmitForm(GovukFormMixin, forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    evidence_text = forms.CharField(
        label="What you have in place",
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="Say what the policy, record or report is, who is responsible and how it is kept up to date.",
        error_messages={"required": "Describe the evidence you have in place"},
    )
    adopted_on = _date("Date the policy was adopted (if a policy)", "the date the policy was adopted")
    last_reviewed_on = _date("Date last reviewed or checked", "the date it was last reviewed")
    expires_on = _date(
        "Next review or expiry date",
        "the next review or expiry date",
        help_text="Leave blank to use the last review date plus the period this evidence stays valid. "
        "For example, 31 3 2027",
    )
    file = forms.FileField(
        label="Upload a document (optional)",
        required=False,
        help_text="A PDF, Word, Excel, OpenDocument, CSV, text or image file, up to 10 MB.",
    )


class RejectForm(GovukFormMixin, forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    reason = forms.CharField(
        label="Why the evidence is not accepted",
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="The provider sees this, so say what they need to provide instead.",
        error_messages={"required": "Enter why the evidence is not accepted"},
    )


class VerifyForm(GovukFormMixin, forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class EnrolForm(GovukFormMixin, forms.Form):
    organisation = forms.ModelChoiceField(
        queryset=Organisation.objects.none(),
        label="Provider",
        empty_label="Select a provider",
        error_messages={"required": "Select a provider", "invalid_choice": "Select a provider in the list"},
    )
    note = forms.CharField(
        label="Why it is checked (optional)", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = Organisation.objects.active().providers().order_by("name")


class RequirementForm(GovukFormMixin, forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    validity_months = forms.IntegerField(
        label="Valid for (months)",
        min_value=1,
        max_value=120,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "class": "govuk-input--width-3"}),
        help_text="How long evidence stays valid, or the review period of a policy.",
        error_messages={
            "required": "Enter how many months evidence stays valid",
            "invalid": "Enter the number of months as a whole number, like 12",
            "min_value": "Enter how many months evidence stays valid, from 1 to 120",
            "max_value": "Enter how many months evidence stays valid, from 1 to 120",
        },
    )

    class Meta:
        model = Requirement
        fields = [
            "code",
            "title",
            "guidance",
            "standard_ref",
            "standard_title",
            "source_text",
            "validity_months",
        ]
        labels = {
            "code": "Short name",
            "standard_ref": "Gateshead standard number",
            "source_text": "Source words",
        }
        widgets = {
            "guidance": forms.Textarea(attrs={"rows": 3}),
            "source_text": forms.Textarea(attrs={"rows": 3}),
            "standard_ref": forms.TextInput(attrs={"class": "govuk-input--width-3"}),
        }
        error_messages = {
            "code": {"required": "Enter a short name, like dbs-checks"},
            "title": {"required": "Enter what the provider must show"},
            "standard_ref": {"required": "Enter the number of the standard it evidences"},
            "standard_title": {"required": "Enter the standard's heading"},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version
            self.fields["code"].disabled = True
