"""Forms of the contracts pages. Dates use the GOV.UK date input; money is typed as text (inputmode decimal)."""

from django import forms
from django.contrib.auth import get_user_model

from commissioning.contracts.models import (
    Agreement,
    ExtensionOutcome,
    Payment,
    ScheduleBasis,
)
from commissioning.core.forms import GovukFormMixin, SpreadsheetImportForm
from commissioning.cycle.models import CommissioningActivity
from commissioning.cycle.resources.forms import GovukDateField
from commissioning.funding.models import FundingStream
from commissioning.organisations.models import Organisation, Role
from commissioning.services.models import Service

DATE_HELP = "For example, 31 3 2027"
MONEY_ATTRS = {"inputmode": "decimal", "spellcheck": "false", "class": "govuk-input--width-10"}


def date_field(label, *, required=True, help_text=DATE_HELP, what=None):
    return GovukDateField(
        what=what or f"the {label[0].lower()}{label[1:]}", label=label, required=required, help_text=help_text
    )


def money_field(label, *, required=True, help_text="", allow_negative=False):
    return forms.DecimalField(
        label=label,
        required=required,
        min_value=None if allow_negative else 0,
        max_digits=14,
        decimal_places=2,
        help_text=help_text,
        widget=forms.TextInput(attrs=MONEY_ATTRS),
        error_messages={
            "required": f"Enter the {label.lower().replace(' (£)', '')}",
            "invalid": "Enter an amount in pounds, like 25000 or 25000.50",
            "min_value": "The amount cannot be negative",
            "max_decimal_places": "Enter the amount with at most 2 decimal places",
            "max_digits": "The amount is too large",
        },
    )


def monitoring_officers():
    """People who may be an agreement's monitoring officer: the partnership's contracts and monitoring staff."""
    return (
        get_user_model()
        .objects.filter(
            is_active=True,
            memberships__archived_at__isnull=True,
            memberships__role__in=[Role.MONITORING_OFFICER, Role.CONTRACTS_MANAGER, Role.COMMISSIONER],
        )
        .distinct()
        .order_by("first_name", "last_name", "username")
    )


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, user):
        return user.get_full_name() or user.username


class AgreementForm(GovukFormMixin, forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    annual_value = money_field("Annual value (£)", help_text="In pounds, like 120000 or 120000.50.")
    whole_life_value = money_field(
        "Whole-life value (£)", help_text="Over the whole term with every extension taken, in pounds."
    )
    starts_on = date_field("Start date")
    ends_on = date_field("End date")
    latest_end_on = date_field(
        "Latest end date with every extension",
        required=False,
        help_text="Leave empty if there is no extension option. For example, 31 3 2029",
        what="the latest end date",
    )
    signed_on = date_field("Date signed", required=False, what="the date signed")
    monitoring_officer = PersonChoiceField(queryset=get_user_model().objects.none(), required=False)

    class Meta:
        model = Agreement
        fields = [
            "reference",
            "title",
            "description",
            "agreement_type",
            "provider",
            "commissioner",
            "service",
            "activity",
            "annual_value",
            "whole_life_value",
            "starts_on",
            "ends_on",
            "extension_options",
            "latest_end_on",
            "status",
            "signed_on",
            "simplified_terms",
            "payment_basis",
            "funding_streams",
            "monitoring_officer",
            "notice_months",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "agreement_type": forms.RadioSelect,
            "status": forms.RadioSelect,
            "payment_basis": forms.RadioSelect,
            "funding_streams": forms.CheckboxSelectMultiple,
            "notice_months": forms.TextInput(attrs={"inputmode": "numeric", "class": "govuk-input--width-3"}),
        }
        labels = {"notice_months": "Notice period (months)"}
        error_messages = {
            "reference": {"required": "Enter the agreement's reference, like CON-2026-014"},
            "title": {"required": "Enter the title of the agreement"},
            "agreement_type": {"required": "Select the type of agreement"},
            "provider": {"required": "Select the provider"},
            "commissioner": {"required": "Select the commissioning partner"},
            "status": {"required": "Select the status"},
            "payment_basis": {"required": "Select the payment basis"},
            "notice_months": {
                "required": "Enter the notice period in months",
                "invalid": "Enter the notice period as a whole number of months",
            },
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["provider"].queryset = Organisation.objects.active().providers().order_by("name")
        self.fields["commissioner"].queryset = Organisation.objects.active().partners().order_by("name")
        self.fields["service"].queryset = Service.objects.active().order_by("name")
        self.fields["activity"].queryset = CommissioningActivity.objects.active().order_by(
            "-cycle_year", "title"
        )
        self.fields["funding_streams"].queryset = FundingStream.objects.active().order_by("name")
        self.fields["funding_streams"].required = False
        self.fields["monitoring_officer"].queryset = monitoring_officers()
        for name in ("agreement_type", "status", "payment_basis"):
            self.fields[name].choices = [(v, label) for v, label in self.fields[name].choices if v]
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version

    def clean(self):
        cleaned = super().clean()
        starts, ends, latest = cleaned.get("starts_on"), cleaned.get("ends_on"), cleaned.get("latest_end_on")
        if starts and ends and ends < starts:
            self.add_error("ends_on", "The end date must be the same as or after the start date")
        if ends and latest and latest < ends:
            self.add_error("latest_end_on", "The latest end date must be on or after the end date")
        return cleaned

    def agreement_data(self) -> dict:
        return {k: v for k, v in self.cleaned_data.items() if k not in {"version", "funding_streams"}}


class ScheduleForm(GovukFormMixin, forms.Form):
    basis = forms.ChoiceField(
        label="How is it paid?",
        choices=ScheduleBasis.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select how the agreement is paid"},
    )
    amount = money_field("Amount of each instalment (£)")
    first_due_on = date_field("First payment due", what="the date the first payment is due")


class PaymentForm(GovukFormMixin, forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    due_on = date_field("Due date", what="the date the payment is due")
    amount = money_field("Amount (£)")
    invoice_received_on = date_field(
        "Invoice received", required=False, what="the date the invoice was received"
    )
    paid_on = date_field("Date paid", required=False, what="the date it was paid")

    class Meta:
        model = Payment
        fields = ["due_on", "amount", "invoice_reference", "invoice_received_on", "disputed", "paid_on"]
        labels = {"disputed": "The invoice is disputed"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version

    def payment_data(self) -> dict:
        return {k: v for k, v in self.cleaned_data.items() if k != "version"}


class ExtensionForm(GovukFormMixin, forms.Form):
    outcome = forms.ChoiceField(
        label="Decision",
        choices=ExtensionOutcome.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select whether to extend the agreement"},
    )
    new_end_on = date_field(
        "New end date",
        required=False,
        help_text="Only when extending. For example, 31 3 2028",
        what="the new end date",
    )
    reasons = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Enter the reasons for the decision"},
    )
    decided_on = date_field("Date of the decision", what="the date of the decision")


class VariationForm(GovukFormMixin, forms.Form):
    description = forms.CharField(
        label="What changed",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Enter what changed"},
    )
    value_change = money_field(
        "Change to the whole-life value (£)",
        required=False,
        allow_negative=True,
        help_text="Negative for a reduction, like -5000. Leave empty if the value does not change.",
    )
    reason = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Enter the reason for the variation"},
    )
    approved_by = forms.CharField(
        max_length=255,
        help_text="The board or officer with delegated authority.",
        error_messages={"required": "Enter who approved the variation"},
    )
    approved_on = date_field("Date approved", what="the date the variation was approved")


class TerminationForm(GovukFormMixin, forms.Form):
    terminated_on = date_field("Date of termination", what="the date the agreement is terminated")
    reason = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Enter why the agreement is terminated"},
    )


ImportForm = SpreadsheetImportForm
