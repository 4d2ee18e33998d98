"""Forms for contract monitoring. The services hold the rules; the forms only read the input."""

from crispy_forms_gds.layout import Field, Fieldset, Layout, Size
from django import forms

from commissioning.contracts.models import KpiKind, Polarity
from commissioning.core.forms import GovukFormMixin
from commissioning.cycle.resources.forms import GovukDateField, MoneyField
from commissioning.monitoring.characteristics import CHARACTERISTICS, field_name
from commissioning.monitoring.models import (
    ActionStatus,
    AssessmentRating,
    Frequency,
    PlanStatus,
    Recommendation,
)


def _number_input(width: int = 10) -> forms.TextInput:
    return forms.TextInput(attrs={"inputmode": "decimal", "class": f"govuk-input--width-{width}"})


class DecimalText(forms.CharField):
    """A number typed as text (type=text inputmode=decimal); the service checks and converts it."""

    def __init__(self, **kwargs):
        kwargs.setdefault("widget", _number_input())
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)


class VersionForm(GovukFormMixin, forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class PlanForm(VersionForm):
    frequency = forms.ChoiceField(
        label="How often the provider sends a return",
        choices=Frequency.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select how often the provider sends a return"},
    )
    first_period_starts_on = GovukDateField(
        what="the first day of the first period", label="First period starts"
    )
    due_days = forms.IntegerField(
        label="Days after the end of each period by which the return is due",
        min_value=1,
        max_value=120,
        widget=_number_input(3),
        error_messages={
            "required": "Enter the number of days after the end of a period by which the return is due",
            "invalid": "Enter the number of days as a whole number, like 28",
            "min_value": "The return must be due at least 1 day after the period ends",
            "max_value": "The return must be due within 120 days of the period ending",
        },
    )


class KpiForm(GovukFormMixin, forms.Form):
    name = forms.CharField(
        label="Measure", max_length=255, error_messages={"required": "Enter what is measured"}
    )
    kind = forms.ChoiceField(label="Kind of measure", choices=KpiKind.choices, widget=forms.RadioSelect)
    unit = forms.CharField(
        label="Unit",
        max_length=60,
        help_text="For example: families, per cent, days.",
        error_messages={"required": "Enter the unit, like families or per cent"},
    )
    target = MoneyField(
        label="Target",
        help_text="A number, like 85 or 120.",
        error_messages={"required": "Enter the target as a number"},
    )
    target.invalid = "Enter the target as a number, like 85 or 120"
    target.widget = _number_input()
    polarity = forms.ChoiceField(
        label="Which way is better", choices=Polarity.choices, widget=forms.RadioSelect
    )
    tolerance = MoneyField(
        label="Tolerance (per cent of the target)",
        help_text="Within this the KPI is amber rather than red. For example, 10.",
        error_messages={"required": "Enter the tolerance as a percentage, like 10"},
    )
    tolerance.invalid = "Enter the tolerance as a percentage, like 10"
    tolerance.widget = _number_input(3)
    source = forms.CharField(label="Where the figure comes from (optional)", max_length=255, required=False)

    def __init__(self, *args, indicators=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["indicator"] = forms.ModelChoiceField(
            label="Needs indicator it measures (optional)",
            queryset=indicators,
            required=False,
            empty_label="None",
        )


class ReturnForm(GovukFormMixin, forms.Form):
    """The provider's return: an actual for every KPI, the narrative, who used the service and what happened."""

    def __init__(self, *args, kpis=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.kpis = list(kpis)
        kpi_fields = []
        for kpi in self.kpis:
            name = f"kpi_{kpi.pk}"
            self.fields[name] = DecimalText(
                label=f"{kpi.name} ({kpi.unit})",
                help_text=f"Target: {kpi.target:g} ({kpi.get_polarity_display().lower()}).",
            )
            kpi_fields.append(name)
        self.fields["narrative"] = forms.CharField(
            label="Narrative",
            help_text="What went well, what did not and why, and what you will do next.",
            widget=forms.Textarea(attrs={"rows": 5}),
            required=False,
        )
        self.fields["service_users"] = DecimalText(label="Number of service users in the period")
        char_fieldsets = []
        for key, (label, groups) in CHARACTERISTICS.items():
            names = []
            for index, group in enumerate(groups):
                name = field_name(key, index)
                self.fields[name] = DecimalText(label=group, widget=_number_input(4))
                names.append(name)
            char_fieldsets.append(
                Fieldset(
                    *names, legend=f"Service users by {label.lower()} (optional)", legend_size=Size.SMALL
                )
            )
        self.fields["feedback_summary"] = forms.CharField(
            label="What service users said (optional)",
            help_text="A summary of the feedback you gathered in the period.",
            widget=forms.Textarea(attrs={"rows": 3}),
            required=False,
        )
        self.fields["complaints"] = DecimalText(label="Number of complaints", initial="0")
        self.fields["safeguarding_incidents"] = DecimalText(
            label="Number of safeguarding incidents", initial="0"
        )
        self.fields["safeguarding_details"] = forms.CharField(
            label="Safeguarding incidents: what happened and what was done",
            help_text="Leave out names. Needed when there were incidents.",
            widget=forms.Textarea(attrs={"rows": 3}),
            required=False,
        )
        self.helper.layout = Layout(
            Fieldset(*kpi_fields, legend="KPI actuals for the period", legend_size=Size.MEDIUM),
            Field("narrative"),
            Fieldset(
                "service_users", *char_fieldsets, legend="Who used the service", legend_size=Size.MEDIUM
            ),
            Fieldset(
                "feedback_summary",
                "complaints",
                "safeguarding_incidents",
                "safeguarding_details",
                legend="Feedback, complaints and safeguarding",
                legend_size=Size.MEDIUM,
            ),
        )

    def return_data(self) -> dict:
        data = self.cleaned_data
        return {
            "actuals": {kpi.pk: data.get(f"kpi_{kpi.pk}") for kpi in self.kpis},
            "narrative": data.get("narrative", ""),
            "service_users": data.get("service_users"),
            "characteristics": {
                key: {group: data.get(field_name(key, i)) for i, group in enumerate(groups)}
                for key, (_, groups) in CHARACTERISTICS.items()
            },
            "feedback_summary": data.get("feedback_summary", ""),
            "complaints": data.get("complaints") or 0,
            "safeguarding_incidents": data.get("safeguarding_incidents") or 0,
            "safeguarding_details": data.get("safeguarding_details", ""),
        }


class QueryForm(VersionForm):
    query = forms.CharField(
        label="What the provider must explain or correct",
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Enter what the provider must explain or correct"},
    )


class MeetingForm(VersionForm):
    held_on = GovukDateField(what="the date of the meeting", label="Date of the meeting")
    attendees = forms.CharField(
        label="Who attended",
        help_text="One per line, with their organisation.",
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Enter who attended"},
    )
    minutes = forms.CharField(label="Minutes", widget=forms.Textarea(attrs={"rows": 6}), required=False)
    minutes_sent_on = GovukDateField(
        what="the date the minutes were sent",
        label="Date the minutes were sent (optional)",
        help_text="Minutes must be sent within 3 weeks of the meeting.",
        required=False,
    )


class ActionForm(GovukFormMixin, forms.Form):
    description = forms.CharField(
        label="Action",
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": "Enter the action"},
    )
    owner = forms.CharField(
        label="Owner", max_length=255, error_messages={"required": "Enter who owns the action"}
    )
    due_on = GovukDateField(what="the date the action is due", label="Due by")


class ActionStatusForm(forms.Form):
    status = forms.ChoiceField(choices=ActionStatus.choices)


class VisitForm(GovukFormMixin, forms.Form):
    visited_on = GovukDateField(what="the date of the visit", label="Date of the visit")
    announced = forms.TypedChoiceField(
        label="Was the visit announced?",
        choices=[("yes", "Announced"), ("no", "Unannounced")],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
        error_messages={"required": "Select whether the visit was announced"},
    )
    visited_by = forms.CharField(
        label="Who made the visit", max_length=255, error_messages={"required": "Enter who made the visit"}
    )
    observations = forms.CharField(
        label="Observations",
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": "Enter what was observed"},
    )


class FeedbackForm(GovukFormMixin, forms.Form):
    gathered_on = GovukDateField(what="the date the feedback was gathered", label="Date gathered")
    independent = forms.TypedChoiceField(
        label="Who gathered it?",
        choices=[("no", "The provider"), ("yes", "Independently of the provider")],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
        error_messages={"required": "Select who gathered the feedback"},
    )
    method = forms.CharField(
        label="How it was gathered",
        max_length=255,
        help_text="For example: survey, focus group, young inspectors.",
        error_messages={"required": "Enter how the feedback was gathered"},
    )
    summary = forms.CharField(
        label="What service users said",
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": "Enter what service users said"},
    )


class ImprovementPlanForm(VersionForm):
    issues = forms.CharField(
        label="Issues",
        help_text="Where performance is below target, and why.",
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Enter the issues the plan addresses"},
    )
    actions = forms.CharField(
        label="Actions",
        help_text="What the provider will do, one action per line, with who and by when.",
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": "Enter the actions"},
    )
    deadline = GovukDateField(what="the deadline", label="Deadline for performance to be back on target")
    status = forms.ChoiceField(label="Status", choices=PlanStatus.choices, widget=forms.RadioSelect)


class AnnualReviewForm(GovukFormMixin, forms.Form):
    reviewed_on = GovukDateField(what="the date of the review", label="Date of the review")
    findings = forms.CharField(
        label="Findings",
        help_text="Performance over the year, user feedback, value for money and whether the need remains.",
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={"required": "Enter what the review found"},
    )
    recommendation = forms.ChoiceField(
        label="Recommendation",
        choices=Recommendation.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the recommendation"},
    )
    record_on_activity = forms.BooleanField(
        label="Also record this review on the commissioning activity (step 9 of the cycle)", required=False
    )


class AssessmentForm(GovukFormMixin, forms.Form):
    assessed_on = GovukDateField(what="the date of the assessment", label="Date of the assessment")
    period_end = GovukDateField(
        what="the last day of the period assessed", label="Last day of the period assessed"
    )
    rating = forms.ChoiceField(
        label="Rating",
        choices=AssessmentRating.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the rating"},
    )
    rating_details = forms.CharField(
        label="Details (needed for 'Other')", widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    published_on = GovukDateField(
        what="the date the contract performance notice was published",
        label="Date the contract performance notice was published (optional)",
        required=False,
    )

    def __init__(self, *args, kpis=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kpi"] = forms.ModelChoiceField(
            label="KPI", queryset=kpis, error_messages={"required": "Select the KPI assessed"}
        )
        self.order_fields(["kpi"])


class BandForm(GovukFormMixin, forms.Form):
    from_value = MoneyField(
        label="Annual value from, in pounds",
        help_text="Agreements worth at least this a year get this frequency by default. For example, 50000.",
        error_messages={"required": "Enter the annual value the band starts from"},
    )
    frequency = forms.ChoiceField(
        label="Return frequency",
        choices=Frequency.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the return frequency"},
    )
