from django import forms

from commissioning.core.forms import GovukFormMixin
from commissioning.cycle.models import CommissioningActivity
from commissioning.frameworks.models import FrameworkItem
from commissioning.needs.models import Area, AreaType, EvidenceSource, Indicator, NeedsAnalysis, Priority

OUTCOME_FRAMEWORKS = ["every-child-matters-outcomes", "national-indicators"]


def _indicators():
    return Indicator.objects.active().order_by("title")


class AnalysisForm(GovukFormMixin, forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    sources = forms.MultipleChoiceField(
        label="Evidence sources used",
        choices=EvidenceSource.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text="Select all the analysis draws on.",
    )
    indicators = forms.ModelMultipleChoiceField(
        queryset=Indicator.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        label="Indicators looked at",
    )

    class Meta:
        model = NeedsAnalysis
        fields = [
            "title",
            "topic",
            "activity",
            "area",
            "sources",
            "indicators",
            "findings",
            "vulnerable_groups",
            "unmet_needs",
            "forecast_indicator",
            "forecast_years",
        ]
        labels = {
            "activity": "Commissioning activity (optional)",
            "forecast_years": "Years to forecast",
            "forecast_indicator": "Indicator to forecast (optional)",
        }
        widgets = {
            "findings": forms.Textarea(attrs={"rows": 6}),
            "vulnerable_groups": forms.Textarea(attrs={"rows": 3}),
            "unmet_needs": forms.Textarea(attrs={"rows": 4}),
        }
        error_messages = {
            "title": {"required": "Enter a title for the needs analysis"},
            "topic": {"required": "Enter the need or service area analysed"},
            "area": {"required": "Choose the area analysed"},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["activity"].queryset = CommissioningActivity.objects.active().order_by(
            "-cycle_year", "title"
        )
        self.fields["area"].queryset = Area.objects.filter(
            area_type__in=[AreaType.LOCAL_AUTHORITY, AreaType.LOCALITY], end_date__isnull=True
        ).order_by("name")
        self.fields["indicators"].queryset = _indicators()
        self.fields["forecast_indicator"].queryset = _indicators()
        if self.instance.pk:
            self.initial["sources"] = list(self.instance.sources)

    def clean_sources(self):
        return {code: "" for code in self.cleaned_data["sources"]}


class PriorityForm(GovukFormMixin, forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    outcomes = forms.ModelMultipleChoiceField(
        queryset=FrameworkItem.objects.filter(framework__slug__in=OUTCOME_FRAMEWORKS).select_related(
            "framework"
        ),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        label="Outcomes it serves",
    )
    indicators = forms.ModelMultipleChoiceField(
        queryset=Indicator.objects.none(), widget=forms.CheckboxSelectMultiple, required=False
    )

    class Meta:
        model = Priority
        fields = [
            "title",
            "evidence",
            "outcomes",
            "indicators",
            "baseline_indicator",
            "story_behind_baseline",
            "partners",
            "what_works",
            "actions",
        ]
        labels = {
            "title": "Priority",
            "evidence": "The evidence behind it",
            "baseline_indicator": "Headline indicator (the curve to turn)",
            "story_behind_baseline": "The story behind the baseline",
            "partners": "Partners with a role to play",
            "what_works": "What works",
            "actions": "What we will do",
        }
        widgets = {
            name: forms.Textarea(attrs={"rows": 3})
            for name in ("evidence", "story_behind_baseline", "partners", "what_works", "actions")
        }
        error_messages = {
            "title": {"required": "Enter the priority"},
            "evidence": {"required": "Give the evidence behind the priority"},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["indicators"].queryset = _indicators()
        self.fields["baseline_indicator"].queryset = _indicators()
