"""Forms for agreed budgets and recorded reviews. The services hold the rules; the forms only read the input."""

from datetime import date
from decimal import Decimal, InvalidOperation

from crispy_forms_gds.fields import DateInputField
from django import forms
from django.core.exceptions import ValidationError

from commissioning.core.forms import GovukFormMixin
from commissioning.cycle.models import ReviewRecommendation


class GovukDateField(DateInputField):
    """A GOV.UK date input whose errors say what to enter, in the words of the question asked."""

    def __init__(self, *, what: str, example: str = "31 3 2026", **kwargs):
        super().__init__(**kwargs)
        self.example = example
        self.error_messages["required"] = f"Enter {what}"
        self.error_messages["incomplete"] = f"Enter {what} as a day, month and year"

    def compress(self, data_list):
        day, month, year = data_list
        if not (day and month and year):
            return None
        if len(str(year)) != 4:
            raise ValidationError(f"Enter the year as 4 digits, for example {self.example}")
        try:
            return date(day=int(day), month=int(month), year=int(year))
        except ValueError as exc:
            raise ValidationError(f"Enter a real date, for example {self.example}") from exc


class MoneyField(forms.Field):
    """An amount in pounds: accepts "£1,250,000" and "1250000.50"; the service checks the rules."""

    widget = forms.TextInput
    invalid = "Enter the amount in pounds, for example 1250000 or 1250000.50"

    def to_python(self, value):
        text = str(value or "").strip().replace("£", "").replace(",", "").replace(" ", "")
        if not text:
            return None
        if len(text) > 30:
            raise ValidationError(self.invalid)
        try:
            amount = Decimal(text)
        except InvalidOperation as exc:
            raise ValidationError(self.invalid) from exc
        if not amount.is_finite():
            raise ValidationError(self.invalid)
        return amount


class BudgetForm(GovukFormMixin, forms.Form):
    amount = MoneyField(
        label="Amount agreed, in pounds",
        help_text="For example, 1250000 or 1250000.50",
        error_messages={"required": "Enter the amount agreed, in pounds"},
        widget=forms.TextInput(attrs={"class": "govuk-input--width-10", "spellcheck": "false"}),
    )
    period = forms.CharField(
        label="Years it covers",
        max_length=100,
        help_text="For example, 2026/27 to 2028/29",
        error_messages={"required": "Enter the years the budget covers, for example 2026/27 to 2028/29"},
    )
    agreed_by = forms.CharField(
        label="Who agreed it",
        max_length=255,
        help_text="The board or budget holder, for example the Children and Young People's Partnership Board",
        error_messages={"required": "Enter who agreed the budget: the board or budget holder"},
    )
    agreed_on = GovukDateField(
        label="Date it was agreed", help_text="For example, 31 3 2026", what="the date the budget was agreed"
    )
    reference = forms.CharField(
        label="Minute or decision reference (optional)", max_length=100, required=False
    )
    notes = forms.CharField(
        label="Funding sources and conditions (optional)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class ReviewForm(GovukFormMixin, forms.Form):
    reviewed_on = GovukDateField(
        label="Date of the review", help_text="For example, 31 3 2026", what="the date of the review"
    )
    method = forms.CharField(
        label="How the review was done",
        help_text="The methods used and whose views it took: children, young people, families, staff, partners.",
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Enter how the review was done and whose views it took"},
    )
    findings = forms.CharField(
        label="What the review found",
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": "Enter what the review found"},
    )
    outcomes_achieved = forms.CharField(
        label="Outcomes achieved (optional)",
        help_text="What changed for children and families.",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    recommendation = forms.ChoiceField(
        label="What does the review recommend?",
        choices=ReviewRecommendation.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select what the review recommends"},
    )
    next_review_on = GovukDateField(
        label="Date of the next review (optional)",
        help_text="It must be after the date of this review. For example, 31 3 2027",
        what="the date of the next review",
        example="31 3 2027",
        required=False,
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
