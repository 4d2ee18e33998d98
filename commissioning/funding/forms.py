from django import forms
from django.contrib.auth import get_user_model
from django.utils import timezone

from commissioning.contracts.models import Agreement
from commissioning.core.forms import GovukFormMixin
from commissioning.cycle.models import CommissioningActivity
from commissioning.cycle.resources.forms import GovukDateField
from commissioning.funding.models import (
    ALLOCATION_TARGETS,
    FIRST_YEAR,
    LAST_YEAR,
    ActionStatus,
    DevelopmentPlan,
    FundingStream,
    PooledBudget,
    financial_year_of,
    year_label,
)
from commissioning.organisations.models import PARTNERSHIP_ROLES, Organisation, Sector
from commissioning.services.models import Service


def money_form_field(label: str, *, required: bool = True, help_text: str = "") -> forms.DecimalField:
    """Pounds and pence, typed as text (type=text inputmode=decimal, as the GOV.UK Design System advises)."""
    noun = label.split(" (")[0].lower()
    return forms.DecimalField(
        label=label,
        required=required,
        max_digits=14,
        decimal_places=2,
        min_value=0,
        help_text=help_text or "In pounds and pence, like 125000.50.",
        widget=forms.TextInput(
            attrs={"inputmode": "decimal", "spellcheck": "false", "class": "govuk-input--width-10"}
        ),
        error_messages={
            "required": f"Enter the {noun} in pounds",
            "invalid": f"Enter the {noun} as a number of pounds, like 125000.50",
            "min_value": f"The {noun} cannot be negative",
            "max_decimal_places": f"Enter the {noun} with at most 2 decimal places (pounds and pence)",
            "max_digits": f"The {noun} is too large",
            "max_whole_digits": f"The {noun} is too large",
        },
    )


def year_choices(around: int | None = None, before: int = 3, after: int = 4) -> list[tuple[int, str]]:
    centre = around or financial_year_of(timezone.localdate())
    first, last = max(FIRST_YEAR, centre - before), min(LAST_YEAR, centre + after)
    return [(year, year_label(year)) for year in range(first, last + 1)]


def year_form_field(label: str = "Financial year", choices=None, **kwargs) -> forms.TypedChoiceField:
    return forms.TypedChoiceField(
        label=label,
        coerce=int,
        choices=[("", "Select a year"), *(choices or year_choices())],
        error_messages={
            "required": "Select the financial year",
            "invalid_choice": f"Select a financial year between {FIRST_YEAR}/{str(FIRST_YEAR + 1)[-2:]} and "
            f"{LAST_YEAR}/{str(LAST_YEAR + 1)[-2:]}",
        },
        **kwargs,
    )


def date_form_field(label: str, what: str, **kwargs) -> GovukDateField:
    return GovukDateField(
        label=label, help_text=kwargs.pop("help_text", "For example, 31 3 2026"), what=what, **kwargs
    )


def partners():
    return Organisation.objects.active().partners().order_by("name")


class VersionedFormMixin:
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if getattr(self.instance, "pk", None):
            self.fields["version"].initial = self.instance.version


class StreamForm(VersionedFormMixin, GovukFormMixin, forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    financial_year = year_form_field()
    amount = money_form_field("Amount (£)", help_text="The amount for the financial year, like 1250000.00.")
    start_date = date_form_field("Start date", "the start date")
    end_date = date_form_field("End date", "the end date")

    class Meta:
        model = FundingStream
        fields = [
            "name",
            "partner",
            "source",
            "financial_year",
            "amount",
            "ring_fenced",
            "restrictions",
            "start_date",
            "end_date",
        ]
        widgets = {"restrictions": forms.Textarea(attrs={"rows": 3})}
        error_messages = {
            "name": {"required": "Enter the name of the funding stream"},
            "partner": {"required": "Select the partner that holds the money"},
            "source": {"required": "Enter where the money comes from, like Dedicated Schools Grant"},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["partner"].queryset = partners()
        if self.instance.pk:
            self.fields["financial_year"].choices = [
                ("", "Select a year"),
                *year_choices(around=self.instance.financial_year),
            ]

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start_date"), cleaned.get("end_date")
        if start and end and end <= start:
            self.add_error("end_date", "The end date must be after the start date")
        return cleaned


class ServiceFundingForm(GovukFormMixin, forms.Form):
    service = forms.ModelChoiceField(
        queryset=Service.objects.none(),
        label="Service",
        error_messages={"required": "Select the service"},
    )
    annual_amount = money_form_field(
        "Amount a year (£)", help_text="How much of this stream pays for the service."
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["service"].queryset = Service.objects.active().order_by("name")


class BudgetForm(VersionedFormMixin, GovukFormMixin, forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    first_year = year_form_field("First financial year")
    last_year = year_form_field("Last financial year", help_text="The last year the agreement covers.")
    agreement_file = forms.FileField(
        label="Signed agreement",
        required=False,
        help_text="A PDF, Word or OpenDocument file up to 10 MB. Leave empty to keep the current file.",
    )
    agreement_signed_on = date_form_field(
        "Date the agreement was signed",
        "the date the agreement was signed",
        required=False,
        help_text="When every partner had signed. For example, 31 3 2026. Leave empty if not signed yet.",
    )

    class Meta:
        model = PooledBudget
        fields = [
            "name",
            "arrangement",
            "purpose",
            "host",
            "holder_user",
            "holder_name",
            "holder_role",
            "first_year",
            "last_year",
            "agreement_signed_on",
            "agreement_file",
            "scheme_of_delegation",
        ]
        widgets = {
            "arrangement": forms.RadioSelect,
            "purpose": forms.Textarea(attrs={"rows": 3}),
            "scheme_of_delegation": forms.Textarea(attrs={"rows": 5}),
        }
        error_messages = {
            "name": {"required": "Enter the name of the budget"},
            "arrangement": {"required": "Select the arrangement"},
            "host": {"required": "Select the host partner"},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["arrangement"].choices = [
            (v, label) for v, label in self.fields["arrangement"].choices if v
        ]
        self.fields["host"].queryset = partners()
        self.fields["holder_user"].queryset = (
            get_user_model()
            .objects.filter(is_active=True, memberships__role__in=PARTNERSHIP_ROLES)
            .distinct()
            .order_by("first_name", "last_name", "username")
        )
        self.fields["holder_user"].label_from_instance = lambda u: u.get_full_name() or u.get_username()
        if self.instance.pk:
            around = year_choices(around=self.instance.first_year, before=4, after=6)
            for name in ("first_year", "last_year"):
                self.fields[name].choices = [("", "Select a year"), *around]

    def clean(self):
        cleaned = super().clean()
        first, last = cleaned.get("first_year"), cleaned.get("last_year")
        if first and last and last < first:
            self.add_error("last_year", "The last financial year cannot be before the first")
        if not cleaned.get("holder_user") and not cleaned.get("holder_name"):
            self.add_error("holder_name", "Select the budget holder, or enter their name and role")
        return cleaned

    def budget_data(self) -> dict:
        return {k: v for k, v in self.cleaned_data.items() if k not in ("version", "agreement_file")}


class ContributionForm(GovukFormMixin, forms.Form):
    partner = forms.ModelChoiceField(
        queryset=Organisation.objects.none(), error_messages={"required": "Select the partner"}
    )
    financial_year = forms.TypedChoiceField(coerce=int, label="Financial year")
    amount = money_form_field("Amount (£)", help_text="Enter 0 for a year the partner puts nothing in.")
    notes = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), required=False)

    def __init__(self, *args, budget: PooledBudget, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["partner"].queryset = partners()
        self.fields["financial_year"].choices = [("", "Select a year")] + [
            (y, year_label(y)) for y in budget.years
        ]
        self.fields["financial_year"].error_messages |= {
            "required": "Select the financial year",
            "invalid_choice": f"Select one of the years the budget covers ({budget.years_label})",
        }


class ContributionChangeForm(GovukFormMixin, forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    amount = money_form_field("Amount (£)")
    notes = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), required=False)


class AllocationForm(GovukFormMixin, forms.Form):
    financial_year = forms.TypedChoiceField(coerce=int, label="Financial year")
    activity = forms.ModelChoiceField(
        queryset=CommissioningActivity.objects.none(),
        required=False,
        label="Commissioning activity",
        help_text="Choose an activity, a service or an agreement: one only.",
    )
    service = forms.ModelChoiceField(queryset=Service.objects.none(), required=False, label="Or a service")
    agreement = forms.ModelChoiceField(
        queryset=Agreement.objects.none(), required=False, label="Or an agreement in the contracts register"
    )
    amount = money_form_field("Amount (£)")
    description = forms.CharField(
        label="What it is for", widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    override = forms.BooleanField(
        label="Allocate beyond what is pooled for the year",
        required=False,
        help_text="Only when the partners have agreed it. Your name, the time and the reason are recorded.",
    )
    override_reason = forms.CharField(
        label="Reason for allocating beyond what is pooled",
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
    )

    def __init__(self, *args, budget: PooledBudget, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["financial_year"].choices = [("", "Select a year")] + [
            (y, year_label(y)) for y in budget.years
        ]
        self.fields["financial_year"].error_messages |= {
            "required": "Select the financial year",
            "invalid_choice": f"Select one of the years the budget covers ({budget.years_label})",
        }
        self.fields["activity"].queryset = CommissioningActivity.objects.active().order_by(
            "-cycle_year", "title"
        )
        self.fields["activity"].label_from_instance = lambda a: f"{a.title} ({a.cycle_year_label})"
        self.fields["service"].queryset = Service.objects.active().order_by("name")
        self.fields["agreement"].queryset = Agreement.objects.active().order_by("reference")

    def clean(self):
        cleaned = super().clean()
        chosen = [name for name in ALLOCATION_TARGETS if cleaned.get(name)]
        if len(chosen) != 1:
            self.add_error(
                "activity",
                "Choose one commissioning activity, one service or one agreement to allocate the money to",
            )
        if cleaned.get("override") and not (cleaned.get("override_reason") or "").strip():
            self.add_error("override_reason", "Give the reason for allocating beyond what is pooled")
        return cleaned

    def allocation_data(self) -> dict:
        keys = ("financial_year", *ALLOCATION_TARGETS, "amount", "description")
        return {k: self.cleaned_data.get(k) for k in keys}


class CommitmentForm(GovukFormMixin, forms.Form):
    amount = money_form_field("Amount (£)")
    committed_on = date_form_field("Date", "the date of the commitment")
    description = forms.CharField(
        max_length=255,
        label="What the money is committed to",
        error_messages={"required": "Enter what the money is committed to"},
    )
    reference = forms.CharField(
        max_length=100, required=False, help_text="A purchase order, invoice or contract reference."
    )


class PlanForm(VersionedFormMixin, GovukFormMixin, forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    sectors = forms.MultipleChoiceField(
        choices=Sector.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        label="Sectors covered",
        help_text="Select all that apply.",
    )

    class Meta:
        model = DevelopmentPlan
        fields = ["activity", "title", "skills_gaps", "sectors", "market_summary"]
        widgets = {
            "skills_gaps": forms.Textarea(attrs={"rows": 4}),
            "market_summary": forms.Textarea(attrs={"rows": 4}),
        }
        error_messages = {
            "activity": {"required": "Select the commissioning activity"},
            "title": {"required": "Enter a title for the plan"},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["activity"].queryset = CommissioningActivity.objects.active().order_by(
            "-cycle_year", "title"
        )
        self.fields["activity"].label_from_instance = lambda a: f"{a.title} ({a.cycle_year_label})"

    def plan_data(self) -> dict:
        return {k: v for k, v in self.cleaned_data.items() if k != "version"}


class TrainingForm(GovukFormMixin, forms.Form):
    what = forms.CharField(
        max_length=255, label="Training", error_messages={"required": "Enter the training"}
    )
    for_whom = forms.CharField(
        max_length=255, label="For whom", error_messages={"required": "Enter who the training is for"}
    )
    planned_for = date_form_field("When", "when the training starts")
    cost = money_form_field("Cost (£)", required=False, help_text="Leave empty if not known.")


class ActionForm(GovukFormMixin, forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    action = forms.CharField(max_length=255, error_messages={"required": "Enter the action"})
    owner = forms.CharField(
        max_length=255,
        help_text="A person or a team.",
        error_messages={"required": "Enter who owns the action"},
    )
    due_on = date_form_field("Due date", "the due date")
    status = forms.ChoiceField(
        choices=ActionStatus.choices, widget=forms.RadioSelect, initial=ActionStatus.NOT_STARTED
    )
