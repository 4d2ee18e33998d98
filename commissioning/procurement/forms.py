from django import forms

from commissioning.core.forms import GovukFormMixin
from commissioning.cycle.resources.forms import GovukDateField
from commissioning.procurement.models import BuyerType, LocalRule, Threshold
from commissioning.procurement.routes import Category


class RouteAdviceForm(GovukFormMixin, forms.Form):
    estimated_value = forms.DecimalField(
        label="Estimated value over the whole life of the agreement, in pounds",
        help_text="Include every extension and option. For example 250000.",
        min_value=0,
        max_digits=14,
        decimal_places=2,
        widget=forms.TextInput(
            attrs={"inputmode": "decimal", "class": "govuk-input--width-10", "spellcheck": "false"}
        ),
        error_messages={
            "required": "Enter the estimated value in pounds, for example 250000",
            "invalid": "Enter the estimated value as a number of pounds, for example 250000",
            "min_value": "The estimated value must be £0 or more",
            "max_digits": "Enter an estimated value below £1 trillion",
            "max_decimal_places": "Enter the value in pounds and pence, for example 250000.50",
            "max_whole_digits": "Enter an estimated value below £1 trillion",
        },
    )
    includes_vat = forms.TypedChoiceField(
        label="Does the value include VAT?",
        choices=[("true", "Yes, it includes VAT"), ("false", "No, VAT is to be added")],
        coerce=lambda value: value == "true",
        widget=forms.RadioSelect,
        error_messages={"required": "Say whether the value includes VAT"},
    )
    category = forms.ChoiceField(
        label="What is being bought or funded?",
        choices=Category.CHOICES,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose what is being bought or funded"},
    )
    duration_months = forms.IntegerField(
        label="How long will it last, in months, including extensions?",
        min_value=1,
        max_value=1200,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "class": "govuk-input--width-4"}),
        error_messages={
            "required": "Enter how many months it lasts, for example 36",
            "invalid": "Enter the number of months as a whole number, for example 36",
            "min_value": "Enter a duration of 1 month or more",
            "max_value": "Enter a duration of at most 1,200 months",
        },
    )
    buyer_type = forms.ChoiceField(
        label="Who is buying?",
        choices=[
            (BuyerType.SUB_CENTRAL.value, BuyerType.SUB_CENTRAL.label),
            (BuyerType.CENTRAL.value, BuyerType.CENTRAL.label),
        ],
        initial=BuyerType.SUB_CENTRAL,
        widget=forms.RadioSelect,
        required=False,
    )


class ThresholdForm(GovukFormMixin, forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    effective_from = GovukDateField(what="the first day the amount applies", label="In force from")
    effective_to = GovukDateField(
        what="the last day the amount applies", label="Last day (optional)", required=False
    )

    class Meta:
        model = Threshold
        fields = ["contract_type", "buyer_type", "amount", "effective_from", "effective_to", "source"]
        labels = {"amount": "Amount in pounds, including VAT"}
        error_messages = {
            "amount": {
                "required": "Enter the amount in pounds",
                "invalid": "Enter the amount as a number of pounds",
            },
            "source": {"required": "Enter the law or notice that sets the amount"},
        }


class LocalRuleForm(GovukFormMixin, forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    effective_from = GovukDateField(
        what="the first day the rule applies", label="In force from (optional)", required=False
    )
    effective_to = GovukDateField(
        what="the last day the rule applies", label="Last day (optional)", required=False
    )

    class Meta:
        model = LocalRule
        fields = [
            "kind",
            "method",
            "value_basis",
            "minimum",
            "maximum",
            "guide_amount",
            "most_applicable_when",
            "exceptions",
            "resulting_agreement",
            "key_guiding_document",
            "position",
            "source",
            "effective_from",
            "effective_to",
        ]
        labels = {"minimum": "From (pounds)", "maximum": "Up to, not including (pounds; empty for no limit)"}
        widgets = {
            "most_applicable_when": forms.Textarea(attrs={"rows": 3}),
            "exceptions": forms.Textarea(attrs={"rows": 2}),
        }
        error_messages = {
            "method": {"required": "Enter the commissioning method"},
            "guide_amount": {"required": "Enter the guide amount as the guide prints it"},
            "resulting_agreement": {"required": "Enter the resulting agreement"},
            "source": {"required": "Enter where the rule comes from"},
        }
