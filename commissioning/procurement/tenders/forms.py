"""Forms for planning a procurement. They read the input; the services hold the rules."""

from datetime import datetime, time

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from commissioning.core.forms import GovukFormMixin
from commissioning.cycle.models import CommissioningActivity
from commissioning.cycle.resources.forms import GovukDateField, MoneyField
from commissioning.organisations.models import Organisation
from commissioning.procurement.models import (
    AddedValue,
    BuyerType,
    Criterion,
    GrantType,
    PriceFormula,
    Procedure,
    QuestionStage,
    RiskStatus,
    StepStatus,
)
from commissioning.procurement.routes import Category

TEXTAREA = {"rows": 4}
NUMBER = {"inputmode": "numeric", "class": "govuk-input--width-4"}
PERCENT = {"inputmode": "decimal", "class": "govuk-input--width-4", "spellcheck": "false"}


def date_field(label, what, *, required=True, help_text="For example, 31 3 2027"):
    return GovukDateField(label=label, help_text=help_text, what=what, example="31 3 2027", required=required)


class ProcurementForm(GovukFormMixin, forms.Form):
    activity = forms.ModelChoiceField(
        label="Commissioning activity",
        queryset=CommissioningActivity.objects.none(),
        help_text="The activity this procurement or grant round commissions. Its gate must be open.",
        error_messages={"required": "Choose the commissioning activity"},
    )
    reference = forms.CharField(
        label="Reference",
        max_length=30,
        help_text="The partnership's reference, for example CYP-2026-014",
        error_messages={"required": "Enter a reference, for example CYP-2026-014"},
    )
    title = forms.CharField(label="Title", max_length=255, error_messages={"required": "Enter a title"})
    description = forms.CharField(
        label="What is being bought or funded (optional)",
        required=False,
        widget=forms.Textarea(attrs=TEXTAREA),
        help_text="This is published with the opportunity.",
    )
    category = forms.ChoiceField(
        label="What is being bought or funded?",
        choices=Category.CHOICES,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose what is being bought or funded"},
    )
    buyer_type = forms.ChoiceField(
        label="Who is buying?",
        choices=[
            (BuyerType.SUB_CENTRAL.value, BuyerType.SUB_CENTRAL.label),
            (BuyerType.CENTRAL.value, BuyerType.CENTRAL.label),
        ],
        initial=BuyerType.SUB_CENTRAL,
        widget=forms.RadioSelect,
    )
    estimated_value = MoneyField(
        label="Estimated value over the whole life of the agreement, in pounds",
        help_text="Include every extension and option. For example 900000",
        error_messages={"required": "Enter the estimated value in pounds, for example 900000"},
        widget=forms.TextInput(
            attrs={"inputmode": "decimal", "class": "govuk-input--width-10", "spellcheck": "false"}
        ),
    )
    includes_vat = forms.TypedChoiceField(
        label="Does the value include VAT?",
        choices=[("true", "Yes, it includes VAT"), ("false", "No, VAT is to be added")],
        coerce=lambda value: value == "true",
        widget=forms.RadioSelect,
        error_messages={"required": "Say whether the value includes VAT"},
    )
    duration_months = forms.IntegerField(
        label="How long will it last, in months, including extensions?",
        min_value=1,
        max_value=1200,
        widget=forms.TextInput(attrs=NUMBER),
        error_messages={
            "required": "Enter how many months it lasts, for example 36",
            "invalid": "Enter the number of months as a whole number, for example 36",
            "min_value": "Enter a duration of 1 month or more",
            "max_value": "Enter a duration of at most 1,200 months",
        },
    )
    contract_start = date_field("When must the service start?", "the date the service must start")
    procedure = forms.ChoiceField(
        label="Procedure (optional)",
        choices=[("", "Choose for me from the route"), *Procedure.choices],
        required=False,
        help_text="Left empty, the procedure follows the route: open, quotations below threshold, or grant applications.",
    )
    voluntary_sector_affected = forms.BooleanField(
        label="Voluntary or community organisations' funding changes (the Compact's 90 days' notice applies)",
        required=False,
    )
    voluntary_standstill = forms.BooleanField(
        label="Observe a standstill even where the law does not require one", required=False, initial=True
    )
    grant_type = forms.ChoiceField(
        label="Kind of grant (grant rounds only)",
        choices=[("", "Not a grant"), *GrantType.choices],
        required=False,
    )
    eligibility = forms.CharField(
        label="Who may apply (grant rounds only)", required=False, widget=forms.Textarea(attrs=TEXTAREA)
    )
    invited = forms.ModelMultipleChoiceField(
        label="Organisations invited (selective grants and grant-in-aid only)",
        queryset=Organisation.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Only these organisations see the grant round and may apply.",
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, activities=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["invited"].queryset = (
            Organisation.objects.active().filter(is_provider=True).order_by("name")
        )
        self.fields["activity"].queryset = (
            activities if activities is not None else CommissioningActivity.objects.none()
        )

    def clean(self):
        data = super().clean()
        if data.get("category") == Category.GRANT and not data.get("grant_type"):
            self.add_error("grant_type", "Choose the kind of grant")
        if data.get("grant_type") and data.get("category") and data["category"] != Category.GRANT:
            self.add_error("grant_type", "Only a grant round has a kind of grant: choose 'Not a grant'")
        invitation = data.get("grant_type") in (GrantType.SELECTIVE, GrantType.GRANT_IN_AID)
        if invitation and not data.get("invited"):
            self.add_error("invited", "Choose the organisations invited to apply")
        if data.get("invited") and not invitation:
            self.add_error("invited", "Only a selective grant round or grant-in-aid invites organisations")
        return data


class ProcurementChangeForm(ProcurementForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["activity"]
        del self.fields["reference"]


class StepForm(GovukFormMixin, forms.Form):
    status = forms.ChoiceField(label="Status", choices=StepStatus.choices, widget=forms.RadioSelect)
    done_on = date_field("Date completed (when complete)", "the date the step was completed", required=False)
    notes = forms.CharField(
        label="Notes",
        required=False,
        widget=forms.Textarea(attrs=TEXTAREA),
        help_text="What was done, or why the step does not apply.",
    )


class MilestoneForm(GovukFormMixin, forms.Form):
    done_on = date_field("Date done (leave empty if not done)", "the date it was done", required=False)


class NoticeForm(GovukFormMixin, forms.Form):
    published_on = date_field(
        "Date published (leave empty if not yet)", "the date it was published", required=False
    )
    reference = forms.CharField(
        label="Notice identifier (optional)",
        max_length=100,
        required=False,
        help_text="The Find a Tender or Contracts Finder identifier",
    )


class ProjectForm(GovukFormMixin, forms.Form):
    objectives = forms.CharField(
        label="Objectives",
        required=False,
        widget=forms.Textarea(attrs=TEXTAREA),
        help_text="What the project must achieve.",
    )
    implementation_plan = forms.CharField(
        label="Implementation plan",
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="How the new service will be mobilised, and the transition from the current one.",
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class TeamMemberForm(GovukFormMixin, forms.Form):
    name = forms.CharField(
        label="Name", max_length=255, error_messages={"required": "Enter the person's name"}
    )
    team_role = forms.CharField(
        label="Role in the team",
        max_length=100,
        help_text="For example: lead commissioner, procurement, finance, legal, service user representative, health professional",
        error_messages={"required": "Enter the person's role in the team"},
    )
    organisation = forms.CharField(label="Organisation (optional)", max_length=255, required=False)
    responsibilities = forms.CharField(
        label="Responsibilities (optional)", required=False, widget=forms.Textarea(attrs=TEXTAREA)
    )


class RiskForm(GovukFormMixin, forms.Form):
    description = forms.CharField(
        label="Risk",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Describe the risk"},
    )
    likelihood = forms.TypedChoiceField(
        label="Likelihood",
        choices=[(n, str(n)) for n in range(1, 6)],
        coerce=int,
        help_text="1 rare to 5 almost certain",
        error_messages={"required": "Choose the likelihood"},
    )
    impact = forms.TypedChoiceField(
        label="Impact",
        choices=[(n, str(n)) for n in range(1, 6)],
        coerce=int,
        help_text="1 minor to 5 severe",
        error_messages={"required": "Choose the impact"},
    )
    mitigation = forms.CharField(
        label="Mitigation and contingency plan",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Enter how the risk is reduced and the contingency plan"},
    )
    owner = forms.CharField(
        label="Owner", max_length=255, error_messages={"required": "Enter who owns the risk"}
    )
    status = forms.ChoiceField(label="Status", choices=RiskStatus.choices, initial=RiskStatus.OPEN)


class ConflictAssessmentForm(GovukFormMixin, forms.Form):
    assessed_on = date_field("Date of the assessment", "the date of the assessment")
    conflicts_identified = forms.CharField(
        label="Conflicts identified",
        widget=forms.Textarea(attrs=TEXTAREA),
        help_text="Actual and potential conflicts of interest of anyone acting for the council, or 'none identified'.",
        error_messages={"required": "Enter the conflicts identified, or 'none identified'"},
    )
    mitigations = forms.CharField(
        label="Steps taken to mitigate them", required=False, widget=forms.Textarea(attrs=TEXTAREA)
    )
    next_review_on = date_field("Date of the next review", "the date of the next review")


class WeightsForm(GovukFormMixin, forms.Form):
    price_weight = forms.DecimalField(
        label="Price (%)",
        min_value=0,
        max_value=100,
        decimal_places=2,
        widget=forms.TextInput(attrs=PERCENT),
        error_messages={
            "required": "Enter the price weight, for example 40",
            "invalid": "Enter the price weight as a number, for example 40",
        },
    )
    quality_weight = forms.DecimalField(
        label="Quality (%)",
        min_value=0,
        max_value=100,
        decimal_places=2,
        widget=forms.TextInput(attrs=PERCENT),
        error_messages={
            "required": "Enter the quality weight, for example 50",
            "invalid": "Enter the quality weight as a number, for example 50",
        },
    )
    social_value_weight = forms.DecimalField(
        label="Social value (%)",
        min_value=0,
        max_value=100,
        decimal_places=2,
        widget=forms.TextInput(attrs=PERCENT),
        error_messages={
            "required": "Enter the social value weight, for example 10",
            "invalid": "Enter the social value weight as a number, for example 10",
        },
    )
    price_formula = forms.ChoiceField(
        label="Price formula", choices=PriceFormula.choices, widget=forms.RadioSelect
    )
    scoring_scale = forms.CharField(
        label="Scoring scale",
        widget=forms.Textarea(attrs={"rows": 7}),
        help_text="One score a line: the score, its label and what it means, separated by |. For example: 3 | Satisfactory | Meets the need with some evidence.",
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def clean(self):
        data = super().clean()
        total = sum(data.get(name) or 0 for name in ("price_weight", "quality_weight", "social_value_weight"))
        if (
            all(
                data.get(name) is not None
                for name in ("price_weight", "quality_weight", "social_value_weight")
            )
            and total != 100
        ):
            raise ValidationError(f"Price, quality and social value total {total:f}%: they must total 100%.")
        return data

    def clean_scoring_scale(self):
        points, seen = [], set()
        for number, line in enumerate(self.cleaned_data["scoring_scale"].splitlines(), start=1):
            if not line.strip():
                continue
            parts = [part.strip() for part in line.split("|")]
            if len(parts) != 3 or not parts[0].isdigit() or not parts[1]:
                raise ValidationError(
                    f"Line {number}: write the score, its label and what it means, separated by |"
                )
            score = int(parts[0])
            if score in seen:
                raise ValidationError(f"Line {number}: the score {score} is given twice")
            seen.add(score)
            points.append({"score": score, "label": parts[1], "description": parts[2]})
        if len(points) < 2:
            raise ValidationError("The scale needs at least two scores")
        if min(seen) != 0 or sorted(seen) != list(range(0, max(seen) + 1)):
            raise ValidationError("The scale must run from 0 in steps of 1, for example 0 to 5")
        return sorted(points, key=lambda point: point["score"])


def scale_text(scale) -> str:
    return "\n".join(f"{point['score']} | {point['label']} | {point['description']}" for point in scale)


class QuestionForm(GovukFormMixin, forms.Form):
    stage = forms.ChoiceField(
        label="Stage", choices=QuestionStage.choices, initial=QuestionStage.AWARD, widget=forms.RadioSelect
    )
    criterion = forms.ChoiceField(
        label="Criterion", choices=Criterion.choices, initial=Criterion.QUALITY, widget=forms.RadioSelect
    )
    number = forms.CharField(
        label="Number",
        max_length=10,
        help_text="For example Q3 or 2.1",
        error_messages={"required": "Enter the question's number, for example Q3"},
    )
    text = forms.CharField(
        label="Question",
        widget=forms.Textarea(attrs=TEXTAREA),
        error_messages={"required": "Enter the question"},
    )
    guidance = forms.CharField(
        label="What a good answer covers (optional)", required=False, widget=forms.Textarea(attrs=TEXTAREA)
    )
    weight = forms.DecimalField(
        label="Weight (%)",
        min_value=0,
        max_value=100,
        decimal_places=2,
        initial=0,
        widget=forms.TextInput(attrs=PERCENT),
        help_text="Its share of the whole evaluation; 0 for pass or fail.",
        error_messages={
            "required": "Enter the weight, for example 20",
            "invalid": "Enter the weight as a number, for example 20",
        },
    )
    added_value = forms.ChoiceField(
        label="Added value (social value questions, Islington 5.7)",
        choices=[("", "Not an added value question"), *AddedValue.choices],
        required=False,
    )
    word_limit = forms.IntegerField(
        label="Word limit (optional)", min_value=1, required=False, widget=forms.TextInput(attrs=NUMBER)
    )
    position = forms.IntegerField(label="Order", min_value=0, initial=0, widget=forms.TextInput(attrs=NUMBER))

    def clean(self):
        data = super().clean()
        if data.get("criterion") == Criterion.PASS_FAIL and data.get("weight"):
            self.add_error("weight", "A pass or fail question has no weight: enter 0")
        if data.get("added_value") and data.get("criterion") != Criterion.SOCIAL_VALUE:
            self.add_error("added_value", "Only a social value question asks for added value")
        return data


class TimeField(forms.CharField):
    def to_python(self, value):
        text = (value or "").strip().lower().replace(".", ":")
        if not text:
            return None
        try:
            hours, minutes = (int(part) for part in text.split(":"))
            return time(hours, minutes)
        except ValueError as exc:
            raise ValidationError("Enter a time on the 24-hour clock, for example 12:00") from exc


class PublishForm(GovukFormMixin, forms.Form):
    closing_date = date_field("Closing date for bids", "the closing date for bids")
    closing_time = TimeField(
        label="Closing time",
        initial="12:00",
        help_text="On the 24-hour clock, for example 12:00",
        widget=forms.TextInput(attrs={"class": "govuk-input--width-5"}),
        error_messages={"required": "Enter the closing time, for example 12:00"},
    )
    clarification_date = date_field(
        "Clarification questions close on (optional)",
        "the date clarification questions close",
        required=False,
    )

    def clean(self):
        data = super().clean()
        zone = timezone.get_current_timezone()
        if data.get("closing_date") and data.get("closing_time"):
            data["tender_deadline"] = datetime.combine(
                data["closing_date"], data["closing_time"], tzinfo=zone
            )
        data["clarification_deadline"] = (
            datetime.combine(data["clarification_date"], time(17, 0), tzinfo=zone)
            if data.get("clarification_date")
            else None
        )
        return data
